// Reading qemu-user's per-instruction register trace.
//
// `qemu-x86_64 -singlestep -d cpu,nochain -D LOG prog` makes qemu translate
// one guest instruction per block (-singlestep), run every block through the
// main loop instead of chaining blocks together (nochain), and dump the CPU
// state before each block runs (-d cpu). So record i is the register state
// *before* instruction i executes: its PC is instruction i's address, and
// record i+1 is the state after it. After a SYSCALL/SVC the next record shows
// the kernel's result (RAX / X0). The last instruction (exit_group) has no
// record after it.
//
// An x86_64 record (20 lines) starts "RAX=... RBX=..." and has
// "RIP=... RFL=..." (RFL is materialised from qemu's lazy condition codes by
// the dump code, so it is exact); an AArch64 record (12 lines) starts
// " PC=... X00=..." and ends "PSTATE=... -Z-- EL0t". qemu 7.2 formats, see
// target/i386/cpu-dump.c and target/arm/cpu.c (aarch64_cpu_dump_state).
//
// Traces are big (about 1.3 KB per x86 instruction), so qemu's log is piped
// through `head` (qemu dies of SIGPIPE once enough is logged) into a temp file
// that is parsed in chunks, one record at a time.
//
// qemu 8 renamed -singlestep to -one-insn-per-tb (the old name still works
// there); the record length is learnt from the trace rather than assumed.

import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Arch } from "../../machine/core/cpu";

/** One register dump: GPRs in our getReg order, the PC, and the flags as getFlags returns them. */
export interface TraceRecord {
  pc: bigint;
  /** x86_64: rax rcx rdx rbx rsp rbp rsi rdi r8..r15; arm64: x0..x30, sp. */
  regs: bigint[];
  /** x86_64: RFLAGS; arm64: NZCV in bits 31:28 (PSTATE masked). */
  flags: bigint;
}

export const QEMU: Record<Arch, string> = { x86_64: "qemu-x86_64", arm64: "qemu-aarch64" };
const LINES_PER_RECORD: Record<Arch, number> = { x86_64: 20, arm64: 12 };
export const GPR_COUNT: Record<Arch, number> = { x86_64: 16, arm64: 32 };

const X86_NAMES = ["RAX", "RCX", "RDX", "RBX", "RSP", "RBP", "RSI", "RDI", "R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15"];
const X86_INDEX = new Map(X86_NAMES.map((n, i) => [n, i]));

/** Parses qemu's dump text incrementally: feed lines, take finished records. */
export class TraceParser {
  private cur: TraceRecord | null = null;
  private seen = 0;
  /** Lines in a whole record, learnt from the first one (qemu versions differ). */
  private recordLines = 0;
  /** Lines fed so far. */
  lines = 0;
  readonly done: TraceRecord[] = [];

  constructor(readonly arch: Arch) {}

  line(text: string): void {
    this.lines++;
    if (this.arch === "x86_64") this.x86Line(text);
    else this.armLine(text);
  }

  /** Call at end of input: a record cut short by `head` is dropped. */
  end(): void {
    if (this.cur && this.seen >= this.recordLines) this.done.push(this.cur);
    this.cur = null;
  }

  private start(): void {
    if (this.cur && this.recordLines === 0) this.recordLines = this.seen;
    if (this.cur) this.done.push(this.cur);
    this.cur = { pc: 0n, regs: new Array<bigint>(GPR_COUNT[this.arch]).fill(0n), flags: 0n };
    this.seen = 0;
  }

  private x86Line(text: string): void {
    if (text.startsWith("RAX=")) this.start();
    const r = this.cur;
    if (!r) return;
    this.seen++;
    if (text.charCodeAt(0) !== 82 /* R */) return;   // segment, control and debug registers: not compared
    // Fixed layout: "NAM=<16 hex> " fields every 21 columns (qemu prints
    // "R8 =" with a space); RFL has 8 digits. Parsing by column is several
    // times faster than a regex on 50 MB traces.
    for (let at = 0; at + 4 < text.length; at += 21) {
      if (text.charCodeAt(at + 3) !== 61 /* = */) break;
      const name = text.slice(at, at + 3).trimEnd();
      let end = at + 4;
      while (end < text.length && text.charCodeAt(end) !== 32) end++;
      const v = BigInt("0x" + text.slice(at + 4, end));
      const i = X86_INDEX.get(name);
      if (i !== undefined) r.regs[i] = v;
      else if (name === "RIP") r.pc = v;
      else if (name === "RFL") { r.flags = v; break; }
    }
  }

  private armLine(text: string): void {
    if (text.startsWith(" PC=")) this.start();
    const r = this.cur;
    if (!r) return;
    this.seen++;
    for (const m of text.matchAll(/\b(PC|X\d\d|SP|PSTATE)=([0-9a-f]+)/g)) {
      const name = m[1], v = BigInt("0x" + m[2]);
      if (name === "PC") r.pc = v;
      else if (name === "SP") r.regs[31] = v;
      else if (name === "PSTATE") r.flags = v & 0xf0000000n;
      else r.regs[Number(name.slice(1))] = v;
    }
  }
}

export interface QemuTrace {
  records: TraceRecord[];
  /** True if the program ran to its exit within the limit (the trace is complete). */
  complete: boolean;
}

/**
 * Run `elfPath` under qemu-user with register tracing and return up to
 * `maxSteps + 1` records (the state before each of the first maxSteps
 * instructions, plus the state after the last of them).
 */
export function traceQemu(arch: Arch, elfPath: string, maxSteps: number): QemuTrace {
  const dir = mkdtempSync(join(tmpdir(), "minos-trace-"));
  const log = join(dir, "trace.log");
  const lines = (maxSteps + 1) * LINES_PER_RECORD[arch];
  // fd 3 is the pipe to head; the program's own stdout/stderr are discarded;
  // the guest gets an empty environment, as in conformance/build.mjs.
  const script = `env -i "$0" -singlestep -d cpu,nochain -D /dev/fd/3 "$1" 3>&1 >/dev/null 2>/dev/null | head -n ${lines} > "$2"`;
  try {
    const r = spawnSync("sh", ["-c", script, QEMU[arch], elfPath, log], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin" }, timeout: 300_000 });
    if (r.error) throw new Error(`${QEMU[arch]} trace of ${elfPath} failed: ${r.error.message}`);
    const parser = new TraceParser(arch);
    readLines(log, (l) => parser.line(l));
    parser.end();
    const records = parser.done;
    if (records.length === 0) throw new Error(`${QEMU[arch]} produced no register trace for ${elfPath} (is it a ${arch} ELF?)`);
    // If head cut the log, the program had not finished; records may then be
    // fewer than asked for if this qemu prints longer dumps than expected.
    const truncated = parser.lines >= lines;
    return { records: records.slice(0, maxSteps + 1), complete: !truncated && records.length <= maxSteps + 1 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Feed a file to `each` line by line, reading 4 MiB at a time. */
function readLines(path: string, each: (line: string) => void): void {
  const fd = openSync(path, "r");
  const buf = Buffer.alloc(4 << 20);
  let rest = "";
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const text = rest + buf.toString("latin1", 0, n);
      const lines = text.split("\n");
      rest = lines.pop() ?? "";
      for (const l of lines) each(l);
    }
    if (rest) each(rest);
  } finally {
    closeSync(fd);
  }
}
