// Lockstep differential testing: run a program under qemu-user with a
// register dump after every instruction (qemu-trace.ts), then run the same
// ELF on our CPU one instruction at a time and compare every general-purpose
// register, the PC and the flags after each step. The first difference is
// reported with the instruction's address, bytes and disassembly — the
// smallest possible bug report for a CPU.
//
// Starting state. Our loader (linux/loader.ts) maps the ELF's segments like
// qemu does, but puts the stack elsewhere. Rather than imitate qemu's stack
// placement, the harness copies qemu's *initial registers* into our CPU and
// copies the argc/argv/envp/auxv block our loader built to qemu's stack
// address. Register values that point into that block (argv pointers) would
// still differ, so fixtures should not load argv[i] into registers.
//
// System calls. When our CPU stops at SYSCALL/SVC, the result register is
// taken from qemu's next record (qemu ran the real kernel call). qemu-user
// does not perform SYSCALL's RCX/R11 writes, so those are checked against
// the architecture instead and then copied from qemu.
//
// x86 REP string instructions: qemu logs every iteration as a separate
// step (same RIP). If our CPU finishes the whole instruction in one step,
// the harness skips qemu's intermediate records.
//
// Undefined results are not compared: the x86 flags the SDM leaves undefined
// for the instruction (x86-flags.ts), and the destination of BSF/BSR of 0.
// Memory is not compared directly; a wrong store shows up as soon as the
// value is loaded back into a register.

import { readFileSync } from "node:fs";
import type { Arch, Cpu } from "../../machine/core/cpu";
import { Mmu } from "../../machine/core/mmu";
import { PAGE_SIZE, PhysMem } from "../../machine/core/physmem";
import { copyOut, loadElf } from "../../linux/loader";
import { PageMap, Prot } from "../../linux/pagemap";
import { GPR_COUNT, QEMU, QemuStream, type TraceRecord } from "./qemu-trace";
import { objdump, type Disassembly } from "./objdump";
import { COMPARED_FLAGS, undefinedFlags } from "./x86-flags";

/** Our CPU and disassembler for an arch; loaded lazily so a missing CPU is a test failure, not an import crash. */
export interface ArchImpl {
  createCpu(mmu: Mmu): Cpu;
  disassemble(bytes: Uint8Array, offset: number, address: bigint): { length: number; text: string };
}

export async function loadArch(arch: Arch): Promise<ArchImpl> {
  try {
    const m = await import("../../machine/arches");
    return m.ARCHES[arch];
  } catch (e) {
    throw new Error(`the ${arch} CPU cannot be loaded yet (machine/arches.ts: ${(e as Error).message.split("\n")[0]})`);
  }
}

export interface LockstepResult {
  /** Instructions compared and found equal. */
  steps: number;
  /** qemu's trace reached the program's exit (otherwise it was cut at maxSteps). */
  complete: boolean;
  /** The first divergence, as a multi-line report; undefined if none. */
  divergence?: string;
}

const X86_NAMES = ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"];
const regName = (arch: Arch, i: number): string => (arch === "x86_64" ? X86_NAMES[i] : i === 31 ? "sp" : `x${i}`);
const hex = (v: bigint): string => "0x" + v.toString(16);

/**
 * Run `elfPath` in lockstep with qemu for at most `maxSteps` instructions.
 * `impl` replaces the arch's CPU (the harness's self-test injects faults this way).
 */
export async function lockstep(arch: Arch, elfPath: string, maxSteps = 200_000, impl?: ArchImpl): Promise<LockstepResult> {
  impl ??= await loadArch(arch);
  const dis = objdump(arch, elfPath);
  const src = new QemuStream(arch, elfPath);
  try {
    let pre = src.next();
    if (!pre) throw new Error(`${QEMU[arch]} produced no register trace for ${elfPath} (is it a ${arch} ELF?)`);
    const { cpu, pm } = setUp(arch, impl, readFileSync(elfPath), pre);
    const brk = { top: 0n };
    const fail = (steps: number, post: TraceRecord | undefined, what: string): LockstepResult =>
      ({ steps, complete: false, divergence: report(arch, impl, pm, dis, pre!, post, cpu, what) });
    for (let steps = 0; ; steps++) {
      if (steps >= maxSteps) return { steps, complete: false };
      const stop = cpu.run(1);
      let post = src.next();
      if (!post) {
        // qemu's program ended with this instruction: exit_group, or a fault
        // that killed it (the .expected exit status says which).
        if (stop === 1 /* Stop.Syscall */ || stop === 2 /* Stop.Exception */) return { steps: steps + 1, complete: true };
        return fail(steps, undefined, `qemu's program ended (exit) here, but our CPU continued (stop reason ${stop})`);
      }
      if (stop === 2 /* Stop.Exception */) {
        const e = cpu.exc;
        return fail(steps, post, `our CPU raised an exception (kind ${e.kind}, vector ${e.vector}${e.detail ? `, ${e.detail}` : ""}) where qemu did not`);
      }
      // A REP string instruction our CPU finished in one step but qemu in several.
      if (arch === "x86_64" && post.pc === pre.pc && cpu.getPc() !== pre.pc) {
        while (post && post.pc === pre.pc) post = src.next();
        if (!post) return fail(steps, undefined, "qemu's program ended inside a REP instruction");
      }
      let diff: string | undefined;
      if (stop === 1) {
        cpu.setReg(0, post.regs[0]);                 // RAX / X0: the system call's result, from the real kernel
        mirrorSyscall(arch, cpu, pm, brk, pre, post);
        if (arch === "x86_64") diff = syscallSideEffects(cpu, pre, post);
      }
      diff ??= compare(arch, cpu, pre, post, dis);
      if (diff) return fail(steps, post, diff);
      pre = post;
    }
  } finally {
    src.close();
  }
}

// Linux syscall numbers (arch/x86/entry/syscalls/syscall_64.tbl; AArch64
// uses the generic table include/uapi/asm-generic/unistd.h).
const NR = {
  x86_64: { brk: 12, mmap: 9, arch_prctl: 158 },
  arm64: { brk: 214, mmap: 222, arch_prctl: -1 },
} as const;

/**
 * Repeat the effects of qemu's system calls that our side needs to keep
 * running: memory that brk/mmap handed out (mapped read-write here, at the
 * address qemu's kernel chose) and the x86 FS base from arch_prctl.
 */
function mirrorSyscall(arch: Arch, cpu: Cpu, pm: PageMap, brk: { top: bigint }, pre: TraceRecord, post: TraceRecord): void {
  const nr = Number(pre.regs[arch === "x86_64" ? 0 : 8]);
  const arg = (i: number): bigint => pre.regs[arch === "x86_64" ? [7, 6, 2, 10, 8, 9][i] : i];
  const ret = post.regs[0];
  if (ret >= 0xfffffffffffff001n) return;            // -errno
  const mapRange = (from: bigint, to: bigint): void => {
    const first = Math.floor(Number(from) / PAGE_SIZE), last = Math.ceil(Number(to) / PAGE_SIZE);
    for (let v = first; v < last; v++) if (!pm.isMapped(v)) pm.map(v, 1, Prot.R | Prot.W);
  };
  if (nr === NR[arch].mmap) mapRange(ret, ret + arg(1));
  else if (nr === NR[arch].brk) {
    if (brk.top !== 0n && ret > brk.top) mapRange(brk.top, ret);   // the break grew: new heap pages
    brk.top = ret;                                                  // brk(0) just reports the break
  } else if (nr === NR[arch].arch_prctl && arg(0) === 0x1002n) cpu.setReg(16, arg(1));   // ARCH_SET_FS
}

/**
 * SYSCALL writes RCX = the next RIP and R11 = RFLAGS (SDM Vol. 2B "SYSCALL").
 * qemu-user does not emulate these writes (its dump keeps the old RCX/R11),
 * so the harness checks ours against the architecture and then copies qemu's
 * values in, to keep the two runs in step.
 */
function syscallSideEffects(cpu: Cpu, pre: TraceRecord, post: TraceRecord): string | undefined {
  const rcx = cpu.getReg(1), r11 = cpu.getReg(11);
  const wantR11 = pre.flags & ~0x10000n;                  // RF is cleared in the saved copy
  const bad: string[] = [];
  if (rcx !== post.pc) bad.push(`rcx after SYSCALL: ours ${hex(rcx)}, the architecture says ${hex(post.pc)} (the next RIP)`);
  if (r11 !== wantR11) bad.push(`r11 after SYSCALL: ours ${hex(r11)}, the architecture says ${hex(wantR11)} (RFLAGS)`);
  cpu.setReg(1, post.regs[1]);
  cpu.setReg(11, post.regs[11]);
  return bad.length ? bad.join("\n    ") : undefined;
}

/** Map the ELF, put a copy of the initial stack at qemu's SP, and load qemu's first register state. */
function setUp(arch: Arch, impl: ArchImpl, bytes: Uint8Array, first: TraceRecord): { cpu: Cpu; pm: PageMap } {
  const mem = new PhysMem(64 << 20);
  const pm = new PageMap(mem);
  const cpu = impl.createCpu(new Mmu(mem, pm));
  const prog = loadElf(pm, bytes, arch, ["prog"], [], new Uint8Array(16), "the fixture");
  const top = Math.ceil((prog.sp + 1) / PAGE_SIZE) * PAGE_SIZE + PAGE_SIZE;
  const block = new Uint8Array(top - prog.sp);
  for (let k = 0; k < block.length; k++) block[k] = mem.bytes[pm.physOf(prog.sp + k)];
  const qsp = Number(first.regs[arch === "x86_64" ? 4 : 31]);
  const firstPage = Math.floor(qsp / PAGE_SIZE) - 256;          // 1 MiB of stack below qemu's SP
  pm.map(firstPage, Math.ceil((qsp + block.length) / PAGE_SIZE) - firstPage, Prot.R | Prot.W);
  copyOut(pm, qsp, block);
  for (let r = 0; r < GPR_COUNT[arch]; r++) cpu.setReg(r, first.regs[r]);
  cpu.setPc(first.pc);
  cpu.setFlags(first.flags);
  return { cpu, pm };
}

/** The first register that differs after the step, described; undefined if all match. */
function compare(arch: Arch, cpu: Cpu, pre: TraceRecord, post: TraceRecord, dis: Disassembly): string | undefined {
  const diffs: string[] = [];
  const pc = cpu.getPc();
  if (pc !== post.pc) diffs.push(`pc: ours ${hex(pc)}, qemu ${hex(post.pc)}`);
  for (let r = 0; r < GPR_COUNT[arch]; r++) {
    const v = BigInt.asUintN(64, cpu.getReg(r));
    if (v !== post.regs[r]) diffs.push(`${regName(arch, r)}: ours ${hex(v)}, qemu ${hex(post.regs[r])}`);
  }
  let mask: bigint;
  if (arch === "x86_64") {
    const text = dis.text.get(pre.pc) ?? "";
    bsfOfZero(cpu, text, post, diffs);
    mask = BigInt(COMPARED_FLAGS & ~undefinedFlags(text, pre.regs[1]));
  } else {
    mask = 0xf0000000n;
  }
  const f = cpu.getFlags() & mask, q = post.flags & mask;
  if (f !== q) diffs.push(`flags: ours ${flagText(arch, f)}, qemu ${flagText(arch, q)} (compared bits ${hex(mask)})`);
  return diffs.length ? diffs.join("\n    ") : undefined;
}

/**
 * BSF/BSR of 0 leave the destination undefined (SDM "BSF": "the content of
 * the destination operand is undefined"). AMD and qemu keep the old value;
 * qemu also zero-extends a 32-bit destination like any 32-bit write, Intel
 * parts differ. Accept either and take qemu's value.
 */
function bsfOfZero(cpu: Cpu, text: string, post: TraceRecord, diffs: string[]): void {
  const m = /^(bsf|bsr)\s+([a-z0-9]+),/.exec(text);
  if (!m || (post.flags & 0x40n) === 0n) return;               // ZF=0: the source was not 0
  const dst = X86_NAMES.findIndex((n) => n === m[2] || n.replace(/^r/, "e") === m[2] || `${n}d` === m[2] ||
    n.slice(1) === m[2] || `${n}w` === m[2]);
  if (dst < 0) return;
  const i = diffs.findIndex((d) => d.startsWith(`${X86_NAMES[dst]}:`));
  if (i >= 0) diffs.splice(i, 1);
  cpu.setReg(dst, post.regs[dst]);
}

function flagText(arch: Arch, f: bigint): string {
  const names: [bigint, string][] = arch === "x86_64"
    ? [[0x800n, "OF"], [0x400n, "DF"], [0x80n, "SF"], [0x40n, "ZF"], [0x10n, "AF"], [0x4n, "PF"], [0x1n, "CF"]]
    : [[1n << 31n, "N"], [1n << 30n, "Z"], [1n << 29n, "C"], [1n << 28n, "V"]];
  return `${hex(f)} [${names.filter(([b]) => f & b).map(([, n]) => n).join(" ")}]`;
}

function report(arch: Arch, impl: ArchImpl, pm: PageMap, dis: Disassembly, pre: TraceRecord, post: TraceRecord | undefined,
  cpu: Cpu, what: string): string {
  const addr = Number(pre.pc);
  const code: number[] = [];
  for (let k = 0; k < (arch === "x86_64" ? 15 : 4); k++) {
    const pa = pm.physOf(addr + k);
    if (pa < 0) break;
    code.push(pm.mem.bytes[pa]);
  }
  const ref = dis.text.get(pre.pc) ?? "(not in objdump's listing)";
  let ours: string;
  let len = code.length;
  try {
    const d = impl.disassemble(Uint8Array.from(code), 0, pre.pc);
    ours = d.text;
    len = d.length || len;
  } catch (e) {
    ours = `(our disassembler threw: ${(e as Error).message})`;
  }
  const next = [...dis.text.keys()].find((a) => a > pre.pc);
  if (next !== undefined && Number(next - pre.pc) <= code.length) len = Number(next - pre.pc);
  const bytes = code.slice(0, len).map((b) => b.toString(16).padStart(2, "0")).join(" ");
  const before = pre.regs.map((v, r) => `${regName(arch, r)}=${hex(v)}`).filter((s) => !s.endsWith("=0x0")).join(" ");
  return [
    `divergence at ${hex(pre.pc)} <${dis.symbol.get(pre.pc) ?? "?"}>: ${bytes}`,
    `  objdump: ${ref}`,
    `  ours:    ${ours}`,
    `  ${what}`,
    `  before: ${before} flags=${flagText(arch, pre.flags)}`,
    post ? `  qemu after: pc=${hex(post.pc)} flags=${flagText(arch, post.flags)}` : "  qemu after: (program exited)",
    `  ours after: pc=${hex(cpu.getPc())} flags=${flagText(arch, cpu.getFlags())}`,
  ].join("\n");
}
