// A small kernel for the debugger's tests while chapter 01 is being written:
// a BuiltKernel (chapters/01-boot/kernel/builder.ts) booted by the real
// firmware through course/run-kernel.ts's path. On either arch its main
// builds real page tables (x86_64 4-level, SDM Vol. 3A 4.5; VMSAv8-64 4 KiB
// granule, Arm ARM D8.3), installs real vectors in the board's entry window
// (an IDT + LSTAR, SDM Vol. 3A 6.14 / Vol. 2B "SYSCALL"; VBAR_EL1, D1.10.2),
// loads a user ELF module's PT_LOAD segments and enters it at CPL 3 / EL0.
// It handles write and exit (the MinOS syscall numbers) and demand-pages
// 0x600000..0x700000 on a page fault, logging each as a KernelEvent.
//
// Like a chapter kernel it keeps everything it knows in `state`, as plain
// data (the frame allocator's cursor, page owners, events): that is what
// lets the debugger step it backwards.

import { build } from "../../toolchain/cc/driver";
import { link } from "../../toolchain/ld/link";
import { readElf } from "../../toolchain/elf/read";
import type { Arch } from "../../machine/core/cpu";
import type { KernelMode } from "../../machine/kernel-mode";
import type { X86Sys } from "../../machine/boards/x86_64-kernel";
import type { Arm64Sys } from "../../machine/boards/arm64-kernel";
import { MSR } from "../../machine/x86_64/system";
import type { BuiltKernel, KernelTables } from "../../chapters/01-boot/kernel/builder";
import type { Kernel } from "../../chapters/01-boot/kernel/kernel";

export const PROGRAM_SOURCE: Record<Arch, string> = {
  x86_64: `
  .intel_syntax noprefix
  .text
  .globl _start
_start:
  mov ebx, 3
1:
  mov eax, 1
  mov edi, 1
  lea rsi, [rip+msg]
  mov edx, 3
  syscall
  dec ebx
  jnz 1b
  mov rax, 0x600000
  mov dword ptr [rax], 42
  mov ecx, 100
2:
  dec ecx
  jnz 2b
  mov edi, 3
  call square
  mov edi, eax
  mov eax, 0
  syscall
  .globl square
square:
  mov eax, edi
  imul eax, edi
  ret
msg:
  .ascii "hi\\n"
`,
  arm64: `
  .text
  .globl _start
_start:
  mov x19, #3
1:
  mov x0, #1
  adr x1, msg
  mov x2, #3
  mov x8, #1
  svc #0
  subs x19, x19, #1
  b.ne 1b
  mov x0, #0x600000
  mov w1, #42
  str w1, [x0]
  mov x9, #100
2:
  subs x9, x9, #1
  b.ne 2b
  mov x0, #3
  bl square
  mov x8, #0
  svc #0
  .globl square
square:
  mul x0, x0, x0
  ret
msg:
  .ascii "hi\\n"
`,
};

/** The fixture's user program: assembled and linked by the project's own toolchain, symbols kept. */
export function fixtureProgram(arch: Arch): Uint8Array {
  const r = build([{ name: "prog.s", text: PROGRAM_SOURCE[arch] }], { arch, linux: false, stage: "obj" });
  if (!r.ok || !r.outputs) throw new Error("fixture program: " + r.messages.join("\n"));
  const l = link([{ name: "prog.o", bytes: r.outputs[0].data as Uint8Array }], { arch, pie: false });
  if (!l.elf) throw new Error("fixture program: " + l.errors.join("; "));
  return l.elf;
}

// ---- The kernel's state (plain data) ----

interface FixtureState {
  arch: Arch;
  events: { time: number; kind: string; tid: number | null; text: string }[];
  threads: { tid: number; name: string; status: string; exitStatus: number | null; context: { regs: bigint[] } }[];
  current: number | null;
  console: { out: number[]; input: number[] };
  /** Next free frame (physical address) of the bump allocator. */
  nextFrame: number;
  /** The root table and (arm64) the kernel-half root. */
  root: number;
  root1: number;
  /** Owner of each allocated frame, by physical address. */
  owners: Record<number, string>;
  faults: number;
  syscalls: number;
}

const FRAME_BASE: Record<Arch, number> = { x86_64: 0x00800000, arm64: 0x40800000 };
const RAM_BASE: Record<Arch, number> = { x86_64: 0, arm64: 0x40000000 };
export const DEMAND = { start: 0x600000, end: 0x700000 };
const USER_STACK = 0x7ff000;

function log(kn: Kernel, kind: string, text: string): void {
  const ev = kn.state.events;
  ev.push({ time: kn.k.now(), kind, tid: kn.state.current, text });
  if (ev.length > 64) ev.shift();
}

function st(kn: Kernel): FixtureState { return kn.state as unknown as FixtureState; }

function alloc(kn: Kernel, owner: string): number {
  const s = st(kn), pa = s.nextFrame;
  s.nextFrame += 4096;
  s.owners[pa] = owner;
  kn.k.writeBytes(pa, new Uint8Array(4096));
  return pa;
}

// ---- Page tables ----

const X = { P: 1n, RW: 2n, US: 4n, G: 0x100n, XD: 1n << 63n };
const KBASE = 0xffff800000000000n;
const D = { VALID: 3n, AF: 1n << 10n, SH: 3n << 8n, NG: 1n << 11n, PXN: 1n << 53n, UXN: 1n << 54n };
const ap = (v: number) => BigInt(v) << 6n;
const A64_TCR = 16n | (16n << 16n) | (1n << 8n) | (1n << 10n) | (3n << 12n) | (2n << 30n) | (2n << 32n);
const KWIN_ARM = 0xffff000000000000n;

/** Map one 4 KiB page; intermediate tables come from the allocator. */
function map(kn: Kernel, root: number, va: bigint, pa: number, leafBits: bigint): void {
  const k = kn.k, arm = kn.arch === "arm64";
  let table = root;
  for (let level = 0; level < 3; level++) {
    const idx = Number((BigInt.asUintN(64, va) >> BigInt(39 - 9 * level)) & 0x1ffn);
    const ea = table + idx * 8;
    let e = k.read(ea, 8);
    if ((e & 1n) === 0n) {
      e = BigInt(alloc(kn, "page table")) | (arm ? D.VALID : X.P | X.RW | X.US);
      k.write(ea, 8, e);
    }
    table = Number(e & 0xffffffffff000n);
  }
  const leaf = table + Number((BigInt.asUintN(64, va) >> 12n) & 0x1ffn) * 8;
  k.write(leaf, 8, BigInt(pa) | leafBits | (arm ? D.VALID | D.AF | D.SH : X.P));
}

function userBits(arch: Arch, write: boolean, exec: boolean): bigint {
  if (arch === "x86_64") return X.US | (write ? X.RW : 0n) | (exec ? 0n : X.XD);
  return (write ? ap(1) : ap(3)) | D.PXN | D.NG | (exec ? 0n : D.UXN);
}

/** Copy the module's PT_LOAD segments into fresh frames and map them for user mode. */
function loadProgram(kn: Kernel, elf: Uint8Array): bigint {
  const f = readElf(elf, "the fixture program");
  for (const ph of f.programHeaders) {
    if (ph.type !== 1) continue;
    const start = Number(ph.vaddr) & ~0xfff, end = Number(ph.vaddr) + ph.memsz;
    for (let va = start; va < end; va += 4096) {
      const pa = alloc(kn, "user");
      map(kn, st(kn).root, BigInt(va), pa, userBits(kn.arch, (ph.flags & 2) !== 0, (ph.flags & 1) !== 0));
      for (let i = 0; i < 4096; i++) {
        const off = va + i - Number(ph.vaddr);
        if (off >= 0 && off < ph.filesz) kn.k.write(pa + i, 1, BigInt(elf[ph.offset + off]));
      }
    }
  }
  const stack = alloc(kn, "user stack");
  map(kn, st(kn).root, BigInt(USER_STACK), stack, userBits(kn.arch, true, false));
  return f.entry;
}

/** Physical address of a user VA through our own tables (for copy-in), or -1. */
function userPa(kn: Kernel, va: bigint): number {
  let table = st(kn).root;
  for (let level = 0; level < 4; level++) {
    const idx = Number((va >> BigInt(39 - 9 * level)) & 0x1ffn);
    const e = kn.k.read(table + idx * 8, 8);
    if ((e & 1n) === 0n) return -1;
    table = Number(e & 0xffffffffff000n);
  }
  return table + Number(va & 0xfffn);
}

// ---- The handlers (arch-neutral part) ----

function putc(kn: Kernel, b: number): void {
  if (kn.arch === "x86_64") (kn.k as KernelMode<X86Sys>).sys.outPort(0x3f8, 1, b);
  else kn.k.write(0x09000000, 1, BigInt(b));
}

function powerOff(kn: Kernel, status: number): void {
  if (kn.arch === "x86_64") (kn.k as KernelMode<X86Sys>).sys.outPort(0x501, 1, status);
  else (kn.k as KernelMode<Arm64Sys>).sys.hvc(0x82000001n, BigInt(status));
}

const NR_REG: Record<Arch, string> = { x86_64: "rax", arm64: "x8" };
const ARG: Record<Arch, string[]> = { x86_64: ["rdi", "rsi", "rdx"], arm64: ["x0", "x1", "x2"] };
const RET: Record<Arch, string> = { x86_64: "rax", arm64: "x0" };

function syscall(kn: Kernel): void {
  const k = kn.k, a = kn.arch, s = st(kn);
  const nr = Number(k.reg(NR_REG[a])), args = ARG[a].map((r) => k.reg(r));
  s.syscalls++;
  if (nr === 0) {
    const status = Number(args[0] & 0xffn);
    log(kn, "exit", `exit(${status})`);
    s.threads[0].status = "exited"; s.threads[0].exitStatus = status;
    powerOff(kn, status);
    return;
  }
  if (nr === 1) {
    const len = Math.min(16, Number(args[2]));
    for (let i = 0; i < len; i++) {
      const pa = userPa(kn, args[1] + BigInt(i));
      if (pa >= 0) putc(kn, Number(k.read(pa, 1)));
    }
    log(kn, "syscall", `write(${args[0]}, 0x${args[1].toString(16)}, ${len}) = ${len}`);
    k.setReg(RET[a], BigInt(len));
  } else {
    log(kn, "syscall", `unknown system call ${nr}`);
    k.setReg(RET[a], -1n);
  }
  k.eret();
}

function trap(kn: Kernel): void {
  const k = kn.k, t = k.trap, s = st(kn);
  if (t.kind === "page-fault" && t.fromUser && t.address !== null && t.address >= BigInt(DEMAND.start) && t.address < BigInt(DEMAND.end)) {
    s.faults++;
    const pa = alloc(kn, "user heap");
    map(kn, s.root, t.address & ~0xfffn, pa, userBits(kn.arch, true, false));
    log(kn, "fault", `page fault at 0x${t.address.toString(16)} (${t.access}): mapped a zero page`);
    k.eret();
    return;
  }
  log(kn, "fault", `unexpected ${t.kind} at 0x${(t.address ?? 0n).toString(16)}: killed`);
  powerOff(kn, 139);
}

// ---- Boot: arch-specific ----

function bootX86(kn: Kernel, elf: Uint8Array): void {
  const k = kn.k as KernelMode<X86Sys>, s = st(kn);
  const entryTrap = k.addEntry("trap", (kk) => { kn.k = kk; trap(kn); });
  const entrySys = k.addEntry("syscall", (kk) => { kn.k = kk; syscall(kn); });
  s.root = alloc(kn, "page table");
  const kstack = [0, 1, 2, 3].map(() => alloc(kn, "kernel stack"));
  const gdt = alloc(kn, "kernel"), tss = alloc(kn, "kernel"), idt = alloc(kn, "kernel");
  for (const pa of [...kstack, gdt, tss, idt]) map(kn, s.root, KBASE + BigInt(pa), pa, X.RW | X.XD);
  for (let pa = 0xfed00000; pa < 0xfed10000; pa += 4096) map(kn, s.root, KBASE + BigInt(pa), pa, X.G);
  const entry = loadProgram(kn, elf);
  [0n, 0x00209a0000000000n, 0x0000920000000000n, 0x0000f20000000000n, 0x0020fa0000000000n].forEach((d, i) => k.write(gdt + i * 8, 8, d));
  const tssVa = KBASE + BigInt(tss);
  k.write(gdt + 40, 8, 0x67n | ((tssVa & 0xffffffn) << 16n) | (0x89n << 40n) | (((tssVa >> 24n) & 0xffn) << 56n));
  k.write(gdt + 48, 8, (tssVa >> 32n) & 0xffffffffn);
  const kstackTop = KBASE + BigInt(kstack[3] + 4096);
  k.write(tss + 4, 8, kstackTop);
  const target = KBASE + BigInt(entryTrap);
  for (let v = 0; v < 256; v++) {
    const lo = (target & 0xffffn) | (0x08n << 16n) | (0xen << 40n) | (1n << 47n) | (((target >> 16n) & 0xffffn) << 48n);
    k.write(idt + v * 16, 8, lo); k.write(idt + v * 16 + 8, 8, (target >> 32n) & 0xffffffffn);
  }
  k.sys.writeCr(4, (1n << 5n) | (1n << 7n));
  k.sys.wrmsr(MSR.EFER, 1n | (1n << 8n) | (1n << 11n));
  k.sys.writeCr(3, BigInt(s.root));
  k.sys.writeCr(0, 1n | (1n << 16n) | (1n << 31n));
  k.sys.lgdt(KBASE + BigInt(gdt), 7 * 8 - 1);
  k.sys.ltr(0x28);
  k.sys.lidt(KBASE + BigInt(idt), 256 * 16 - 1);
  k.sys.wrmsr(MSR.STAR, (0x10n << 48n) | (0x08n << 32n));
  k.sys.wrmsr(MSR.LSTAR, KBASE + BigInt(entrySys));
  k.sys.wrmsr(MSR.FMASK, 0x700n);
  const frame = [entry, 0x23n, 0x202n, BigInt(USER_STACK + 4096), 0x1bn];
  const at = kstack[3] + 4096 - 40;
  frame.forEach((v, i) => k.write(at + i * 8, 8, v));
  k.setReg("rsp_kernel", kstackTop - 40n);
  k.eret();
}

function bootArm(kn: Kernel, elf: Uint8Array): void {
  const k = kn.k as KernelMode<Arm64Sys>, s = st(kn);
  const vbar = k.sys.vectorTable({
    el0t_64_sync: (kk) => { kn.k = kk; if (kk.trap.kind === "syscall") syscall(kn); else trap(kn); },
    el0t_64_irq: (kk) => { kn.k = kk; log(kn, "irq", "unexpected interrupt"); kk.eret(); },
  });
  s.root = alloc(kn, "page table");
  s.root1 = alloc(kn, "page table");
  for (let off = 0; off < 0x10000; off += 4096) map(kn, s.root1, KWIN_ARM + BigInt(0x0f000000 + off), 0x0f000000 + off, ap(2) | D.UXN);
  const entry = loadProgram(kn, elf);
  k.write(0x09000030, 4, 0x301n);                          // PL011 CR: UARTEN, TXE, RXE
  k.sys.write("MAIR_EL1", 0xffn);
  k.sys.write("TCR_EL1", A64_TCR);
  k.sys.write("TTBR0_EL1", BigInt(s.root) | (1n << 48n));
  k.sys.write("TTBR1_EL1", BigInt(s.root1));
  k.sys.write("VBAR_EL1", KWIN_ARM + BigInt(vbar));
  k.sys.write("SCTLR_EL1", k.sys.read("SCTLR_EL1") | 1n);
  k.setReg("sp", BigInt(USER_STACK + 4096));
  k.setReg("pc", entry);
  k.setReg("pstate", 0n);
  k.eret();
}

/** The fixture kernel for `arch`, running `program` (an ELF from fixtureProgram). */
export function fixtureKernel(arch: Arch, program: Uint8Array, opts: { withFrames?: boolean } = {}): BuiltKernel {
  let kernel: Kernel | null = null;
  const tables: KernelTables = { traps: new Map(), syscalls: new Map(), inspectors: new Map(), bootSteps: [] };
  if (opts.withFrames !== false) {
    tables.inspectors.set("frames", (kn) => {
      const s = st(kn);
      const owners: string[] = [];
      const top = (s.nextFrame - RAM_BASE[arch]) / 4096;
      for (let f = 0; f < top; f++) owners.push(s.owners[RAM_BASE[arch] + f * 4096] ?? "free");
      return { owners };
    });
  }
  return {
    tables,
    current: () => kernel,
    main(k) {
      const state: FixtureState = {
        arch, events: [], current: 1, console: { out: [], input: [] },
        threads: [{ tid: 1, name: "prog", status: "running", exitStatus: null, context: { regs: [] } }],
        nextFrame: FRAME_BASE[arch], root: 0, root1: 0, owners: {}, faults: 0, syscalls: 0,
      };
      kernel = { arch, state, k, tables, hal: null, hooks: null } as unknown as Kernel;
      log(kernel, "boot", `fixture kernel booting on ${arch}`);
      if (arch === "x86_64") bootX86(kernel, program); else bootArm(kernel, program);
    },
  };
}
