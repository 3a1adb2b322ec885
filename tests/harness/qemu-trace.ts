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
// Traces are big (about 1.3 KB per x86 instruction, 0.8 KB per AArch64 one),
// so qemu's log is never stored: it streams through a named pipe and is
// parsed one record at a time as the harness asks for them (QemuStream).
//
// qemu 8 renamed -singlestep to -one-insn-per-tb (the old name still works
// there); the record length is learnt from the trace rather than assumed.

import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { closeSync, constants as fsConstants, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
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
export const GPR_COUNT: Record<Arch, number> = { x86_64: 16, arm64: 32 };

const X86_NAMES = ["RAX", "RCX", "RDX", "RBX", "RSP", "RBP", "RSI", "RDI", "R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15"];
const X86_INDEX = new Map(X86_NAMES.map((n, i) => [n, i]));

/** Parses qemu's dump text incrementally: feed lines; each finished record goes to `emit`. */
export class TraceParser {
  private cur: TraceRecord | null = null;
  private seen = 0;
  /** Lines in a whole record, learnt from the first one (qemu versions differ). */
  private recordLines = 0;
  /** Lines fed so far. */
  lines = 0;
  constructor(readonly arch: Arch, private readonly emit: (r: TraceRecord) => void) {}

  line(text: string): void {
    this.lines++;
    if (this.arch === "x86_64") this.x86Line(text);
    else this.armLine(text);
  }

  /** Call at end of input: a record cut short (qemu killed mid-dump) is dropped. */
  end(): void {
    if (this.cur && this.seen >= this.recordLines) this.emit(this.cur);
    this.cur = null;
  }

  private start(): void {
    if (this.cur && this.recordLines === 0) this.recordLines = this.seen;
    if (this.cur) this.emit(this.cur);
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

const END = "@@minos-trace-end@@";

/**
 * qemu's trace, read record by record while qemu runs. The log goes through
 * a named pipe, so qemu waits whenever the harness is busy stepping our CPU
 * and a trace of any length needs no disk space. The pipe is opened
 * read-write (which never blocks on Linux), so the end of the trace is a
 * marker line the shell writes after qemu exits, not end-of-file.
 */
export class QemuStream {
  private readonly dir: string;
  private readonly fd: number;
  private readonly child: ChildProcess;
  private readonly parser: TraceParser;
  private readonly buf = Buffer.alloc(1 << 20);
  private queue: TraceRecord[] = [];
  private head = 0;
  private rest = "";
  private ended = false;

  constructor(readonly arch: Arch, readonly elfPath: string) {
    this.dir = mkdtempSync(join(tmpdir(), "minos-trace-"));
    const fifo = join(this.dir, "trace.fifo");
    execFileSync("mkfifo", [fifo]);
    this.fd = openSync(fifo, fsConstants.O_RDWR);
    this.parser = new TraceParser(arch, (r) => this.queue.push(r));
    // The guest gets an empty environment, as in conformance/build.mjs; its own
    // output is discarded. `timeout` guards against a qemu that hangs silently.
    const script = `timeout 1800 env -i "$0" -singlestep -d cpu,nochain -D /dev/fd/3 "$1" 3>"$2" >/dev/null 2>&1; echo "${END}" > "$2"`;
    this.child = spawn("sh", ["-c", script, QEMU[arch], elfPath, fifo],
      { env: { PATH: process.env.PATH ?? "/usr/bin:/bin" }, stdio: "ignore", detached: true });
  }

  /** The next register dump, or undefined once qemu's program has exited. */
  next(): TraceRecord | undefined {
    while (this.head === this.queue.length && !this.ended) this.fill();
    if (this.head === this.queue.length) return undefined;
    const r = this.queue[this.head++];
    if (this.head > 4096) { this.queue = this.queue.slice(this.head); this.head = 0; }
    return r;
  }

  /** Stop qemu (if still running) and clean up. */
  close(): void {
    try { process.kill(-this.child.pid!, "SIGKILL"); } catch { /* already gone */ }
    closeSync(this.fd);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private fill(): void {
    const n = readSync(this.fd, this.buf, 0, this.buf.length, null);
    const lines = (this.rest + this.buf.toString("latin1", 0, n)).split("\n");
    this.rest = lines.pop() ?? "";
    for (const l of lines) {
      if (l === END) { this.parser.end(); this.ended = true; return; }
      this.parser.line(l);
    }
  }
}

/**
 * Run `elfPath` under qemu-user with register tracing and return up to
 * `maxSteps + 1` records (the state before each of the first maxSteps
 * instructions, plus the state after the last of them).
 */
export function traceQemu(arch: Arch, elfPath: string, maxSteps: number): QemuTrace {
  const src = new QemuStream(arch, elfPath);
  try {
    const records: TraceRecord[] = [];
    let r: TraceRecord | undefined;
    while (records.length <= maxSteps && (r = src.next())) records.push(r);
    if (records.length === 0) throw new Error(`${QEMU[arch]} produced no register trace for ${elfPath} (is it a ${arch} ELF?)`);
    const complete = records.length <= maxSteps || src.next() === undefined;
    return { records, complete };
  } finally {
    src.close();
  }
}
