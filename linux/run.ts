// `minos run --linux`: run a static Linux ELF64 program on one of our CPUs in
// user mode, emulating the handful of Linux system calls it makes. This is
// how the CPUs are checked against qemu-user and real compilers' output,
// before any MinOS kernel exists.

import { Exc, Stop, type Arch, type Cpu } from "../machine/core/cpu";
import { Access, Mmu } from "../machine/core/mmu";
import { PAGE_SIZE, PhysMem } from "../machine/core/physmem";
import { Prng } from "../machine/core/prng";
import { ARCHES } from "../machine/arches";
import { hex64 } from "../machine/core/int64";
import { copyOut, Layout, loadElf, type LoadedProgram } from "./loader";
import { MapFault, PageMap, Prot } from "./pagemap";
import * as S from "./syscalls";

export interface LinuxRunOptions {
  arch: Arch;
  argv?: string[];
  env?: string[];
  /** Standard input: all of it, or a function that returns up to `max` bytes (empty at end of file). */
  stdin?: Uint8Array | ((max: number) => Uint8Array);
  /** Stop with an error after this many instructions (default 10 billion). */
  maxInstructions?: number;
  /** Seeds AT_RANDOM and getrandom. */
  seed?: number;
  ramSize?: number;
  /** Receive output as it is written instead of collecting it. */
  onStdout?: (bytes: Uint8Array) => void;
  onStderr?: (bytes: Uint8Array) => void;
  /** Called once per syscall the shim does not emulate. */
  onWarning?: (message: string) => void;
  name?: string;
}

export interface LinuxRunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  retired: number;
  /** Why the emulator stopped the program (undefined instruction, fault, limit), if it did. */
  error?: string;
}

/** Exit statuses for programs the emulator stopped; signals follow the shell's 128+N convention. */
export const ExitStatus = { Undefined: 2, Trap: 128 + 5, DivideError: 128 + 8, Segfault: 128 + 11, Limit: 124 } as const;

const CHUNK = 1 << 20;

export function runLinux(elf: Uint8Array, opts: LinuxRunOptions): LinuxRunResult {
  const p = new LinuxProcess(elf, opts);
  return p.run();
}

/** What one `LinuxProcess.advance` did, for a driver that steps (the debugger). */
export type LinuxEvent =
  | { kind: "budget" }
  | { kind: "syscall"; name: string; nr: number; result: number }
  | { kind: "exit"; code: number; error?: string };

/**
 * One user-mode Linux process on one CPU. `run()` runs it to the end;
 * `advance(budget)` runs at most `budget` instructions and handles whatever
 * stopped the CPU, so a debugger can step it (see tui/linux-session.ts).
 */
export class LinuxProcess {
  readonly cpu: Cpu;
  readonly pm: PageMap;
  readonly regs: { nr: number; args: number[]; ret: number };
  private out: Uint8Array[] = [];
  private err: Uint8Array[] = [];
  private stdin: (max: number) => Uint8Array;
  private brk: number;
  private brkStart: number;
  private mmapNext: number = Layout.mmapTop;
  private exitCode: number | undefined;
  private error: string | undefined;
  private warned = new Set<number>();
  private prng: Prng;
  /** What the loader made of the ELF (parsed file, entry point, initial stack, break), for tools that show it. */
  readonly program: LoadedProgram;

  constructor(bytes: Uint8Array, private opts: LinuxRunOptions) {
    const mem = new PhysMem(opts.ramSize ?? 1024 * 1024 * 1024);
    this.pm = new PageMap(mem);
    const mmu = new Mmu(mem, this.pm);
    this.cpu = ARCHES[opts.arch].createCpu(mmu);
    this.regs = S.SYSCALL_REGS[opts.arch];
    this.stdin = stdinReader(opts.stdin);
    this.prng = new Prng(opts.seed ?? 1);
    const seed = new Uint8Array(16).map(() => this.prng.next() & 0xff);
    const name = opts.name ?? "the program";
    const prog = loadElf(this.pm, bytes, opts.arch, opts.argv ?? [name], opts.env ?? [], seed, name);
    this.program = prog;
    this.brk = this.brkStart = prog.brk;
    this.cpu.setPc(BigInt(prog.entry));
    this.cpu.setReg(opts.arch === "x86_64" ? 4 : 31, BigInt(prog.sp));
  }

  /** The exit status once the program has ended (or been stopped), else undefined. */
  get exited(): number | undefined { return this.exitCode; }
  /** The current program break and where the heap began. */
  get heap(): { start: number; brk: number } { return { start: this.brkStart, brk: this.brk }; }

  run(): LinuxRunResult {
    const limit = this.opts.maxInstructions ?? 10_000_000_000;
    while (this.exitCode === undefined) {
      const left = limit - this.cpu.retired;
      if (left <= 0) {
        this.error = `stopped after ${limit} instructions (the limit); the program may be in an endless loop`;
        this.exitCode = ExitStatus.Limit;
        break;
      }
      this.advance(Math.min(CHUNK, left));
    }
    const dec = new TextDecoder();
    return {
      exitCode: this.exitCode, retired: this.cpu.retired, error: this.error,
      stdout: dec.decode(concat(this.out)), stderr: dec.decode(concat(this.err)),
    };
  }

  /** Run at most `budget` instructions, then handle what stopped the CPU. */
  advance(budget: number): LinuxEvent {
    if (this.exitCode !== undefined) return { kind: "exit", code: this.exitCode, error: this.error };
    const stop = this.cpu.run(budget);
    if (stop === Stop.Syscall) {
      const nr = Number(this.cpu.getReg(this.regs.nr));
      const result = this.syscall(nr);
      if (this.exitCode !== undefined) return { kind: "exit", code: this.exitCode };
      return { kind: "syscall", nr, name: S.syscallName(this.opts.arch, nr) ?? `syscall ${nr}`, result };
    }
    if (stop === Stop.Exception) {
      [this.exitCode, this.error] = this.exception();
    } else if (stop === Stop.Halt) {
      this.error = this.describe("the CPU halted (HLT/WFI) in user mode", this.cpu.getPc());
      this.exitCode = ExitStatus.Segfault;
    } else {
      return { kind: "budget" };
    }
    return { kind: "exit", code: this.exitCode, error: this.error };
  }

  /** An exception the program did not (cannot) handle: a Linux signal's effect. */
  private exception(): [number, string] {
    const e = this.cpu.exc, pc = this.cpu.getPc();
    switch (e.kind) {
      case Exc.Undefined:
        return [ExitStatus.Undefined, this.describe("undefined or unsupported instruction", pc)];
      case Exc.PageFault: {
        const m = this.cpu.mmu;
        const what = m.faultAccess === Access.Write ? "write to" : m.faultAccess === Access.Exec ? "execute at" : "read from";
        const why = m.faultCode === MapFault.Protection ? "the page does not allow it" : "nothing is mapped there";
        return [ExitStatus.Segfault, this.describe(`segmentation fault: ${what} 0x${hex64(m.faultLo, m.faultHi)} (${why})`, pc)];
      }
      case Exc.DivideError:
        return [ExitStatus.DivideError, this.describe("divide error (division by zero or quotient overflow)", pc)];
      case Exc.Breakpoint:
        // A trap: the PC is after the instruction (INT n is 2 bytes, INT3 1).
        if (this.cpu.arch === "x86_64" && e.vector !== 3) {
          return [ExitStatus.Segfault, this.describe(`software interrupt int 0x${e.vector.toString(16)} (a 64-bit program makes system calls with syscall)`, pc - 2n)];
        }
        return [ExitStatus.Trap, this.describe("breakpoint trap", pc)];
      default:
        return [ExitStatus.Segfault, this.describe(`protection fault${e.detail ? ` (${e.detail})` : ""}`, pc)];
    }
  }

  /** "what at 0xADDR: bytes  disassembly" for a stopped program. */
  private describe(what: string, pc: bigint): string {
    const info = ARCHES[this.opts.arch];
    const code: number[] = [];
    for (let i = 0; i < info.maxInstrLength; i++) {
      const pa = this.pm.physOf(Number(pc) + i);
      if (pa < 0) break;
      code.push(this.pm.mem.bytes[pa]);
    }
    if (code.length === 0) return `${what} at 0x${pc.toString(16)} (no code mapped there)`;
    const d = info.disassemble(Uint8Array.from(code), 0, pc);
    const bytes = code.slice(0, Math.max(1, d.length)).map((b) => b.toString(16).padStart(2, "0")).join(" ");
    return `${what} at 0x${pc.toString(16)}: ${bytes}  ${d.text}`;
  }

  private arg(i: number): number { return Number(BigInt.asIntN(64, this.cpu.getReg(this.regs.args[i]))); }
  private uarg(i: number): number { return Number(this.cpu.getReg(this.regs.args[i])); }

  private syscall(nr: number): number {
    const name = S.syscallName(this.opts.arch, nr);
    const result = name ? this.dispatch(name) : this.unknown(nr, undefined);
    if (this.exitCode === undefined) this.cpu.setReg(this.regs.ret, BigInt(result));
    return result;
  }

  private unknown(nr: number, name: string | undefined): number {
    if (!this.warned.has(nr)) {
      this.warned.add(nr);
      this.opts.onWarning?.(`warning: system call ${name ?? nr} (number ${nr}) is not emulated; it returned -ENOSYS`);
    }
    return -S.ENOSYS;
  }

  private dispatch(name: S.SyscallName): number {
    switch (name) {
      case "exit": case "exit_group": this.exitCode = this.arg(0) & 0xff; return 0;
      case "write": return this.write(this.arg(0), this.uarg(1), this.uarg(2));
      case "writev": return this.writev(this.arg(0), this.uarg(1), this.arg(2));
      case "read": return this.read(this.arg(0), this.uarg(1), this.uarg(2));
      case "brk": return this.setBrk(this.uarg(0));
      case "mmap": return this.mmap(this.uarg(0), this.uarg(1), this.arg(2), this.arg(3), this.arg(4));
      case "munmap": return this.munmap(this.uarg(0), this.uarg(1));
      case "mprotect": return this.mprotect(this.uarg(0), this.uarg(1), this.arg(2));
      case "uname": return this.uname(this.uarg(0));
      case "arch_prctl": return this.archPrctl(this.arg(0), this.uarg(1));
      case "set_tid_address": case "getpid": case "gettid": return 1;
      case "getrandom": return this.getrandom(this.uarg(0), this.uarg(1));
      case "close": return this.arg(0) <= 2 ? 0 : -S.EBADF;
      case "ioctl": return -S.ENOTTY;
      case "rt_sigaction": case "rt_sigprocmask": case "set_robust_list": case "madvise": return 0;
      default: return this.unknown(S.SYSCALL_NUMBERS[this.opts.arch][name]!, name);
    }
  }

  private write(fd: number, buf: number, len: number): number {
    if (fd !== 1 && fd !== 2) return -S.EBADF;
    if (!this.pm.allows(buf, len, Prot.R)) return -S.EFAULT;
    const data = this.copyIn(buf, len);
    if (fd === 1) (this.opts.onStdout ? this.opts.onStdout(data) : this.out.push(data));
    else (this.opts.onStderr ? this.opts.onStderr(data) : this.err.push(data));
    return len;
  }

  private writev(fd: number, iov: number, count: number): number {
    if (count < 0 || count > 1024) return -S.EINVAL;
    if (!this.pm.allows(iov, count * 16, Prot.R)) return -S.EFAULT;
    const vec = new DataView(this.copyIn(iov, count * 16).buffer);
    let total = 0;
    for (let i = 0; i < count; i++) {
      const r = this.write(fd, Number(vec.getBigUint64(i * 16, true)), Number(vec.getBigUint64(i * 16 + 8, true)));
      if (r < 0) return total > 0 ? total : r;
      total += r;
    }
    return total;
  }

  private read(fd: number, buf: number, len: number): number {
    if (fd !== 0) return -S.EBADF;
    if (!this.pm.allows(buf, len, Prot.W)) return -S.EFAULT;
    const data = this.stdin(len);
    copyOut(this.pm, buf, data);
    return data.length;
  }

  /** brk(0) asks for the break; brk(addr) moves it (within reason) and returns the new break. */
  private setBrk(addr: number): number {
    if (addr < this.brkStart || addr > this.brkStart + (1 << 30)) return this.brk;
    const oldTop = Math.ceil(this.brk / PAGE_SIZE), newTop = Math.ceil(addr / PAGE_SIZE);
    if (newTop > oldTop) this.pm.map(oldTop, newTop - oldTop, Prot.R | Prot.W);
    else if (newTop < oldTop) this.unmapAndFlush(newTop, oldTop - newTop);
    this.brk = addr;
    return addr;
  }

  private mmap(addr: number, len: number, prot: number, flags: number, fd: number): number {
    const MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20;
    if (!(flags & MAP_ANONYMOUS) || fd !== -1 && fd !== 0xffffffff) return -S.ENOSYS;
    if (len === 0) return -S.EINVAL;
    const pages = Math.ceil(len / PAGE_SIZE);
    let start: number;
    if (flags & MAP_FIXED) {
      if (addr % PAGE_SIZE !== 0) return -S.EINVAL;
      start = addr / PAGE_SIZE;
      this.unmapAndFlush(start, pages);
    } else {
      this.mmapNext -= pages * PAGE_SIZE;
      start = this.mmapNext / PAGE_SIZE;
    }
    try {
      this.pm.map(start, pages, linuxProt(prot));
    } catch {
      return -S.ENOMEM;
    }
    return start * PAGE_SIZE;
  }

  private munmap(addr: number, len: number): number {
    if (addr % PAGE_SIZE !== 0 || len === 0) return -S.EINVAL;
    this.unmapAndFlush(addr / PAGE_SIZE, Math.ceil(len / PAGE_SIZE));
    return 0;
  }

  private mprotect(addr: number, len: number, prot: number): number {
    if (addr % PAGE_SIZE !== 0) return -S.EINVAL;
    const pages = Math.ceil(len / PAGE_SIZE);
    // Linux refuses (ENOMEM) if any page of the range is not mapped (mprotect(2)).
    for (let v = addr / PAGE_SIZE; v < addr / PAGE_SIZE + pages; v++) if (!this.pm.isMapped(v)) return -S.ENOMEM;
    this.pm.protect(addr / PAGE_SIZE, pages, linuxProt(prot));
    this.cpu.mmu.flushAll();
    return 0;
  }

  /** Unmapping must also drop the TLB's copies, as a kernel's TLB shootdown would. */
  private unmapAndFlush(vpn: number, count: number): void {
    this.pm.unmap(vpn, count);
    this.cpu.mmu.flushAll();
  }

  private uname(buf: number): number {
    const fields = ["Linux", "minos", "6.1.0-minos", "#1 MinOS user-mode emulation", this.opts.arch === "x86_64" ? "x86_64" : "aarch64", ""];
    if (!this.pm.allows(buf, 65 * 6, Prot.W)) return -S.EFAULT;
    const data = new Uint8Array(65 * 6);
    fields.forEach((f, i) => data.set(new TextEncoder().encode(f), i * 65));
    copyOut(this.pm, buf, data);
    return 0;
  }

  private archPrctl(code: number, addr: number): number {
    const ARCH_SET_GS = 0x1001, ARCH_SET_FS = 0x1002, ARCH_GET_FS = 0x1003, ARCH_GET_GS = 0x1004;
    if (this.opts.arch !== "x86_64") return -S.ENOSYS;
    switch (code) {
      case ARCH_SET_FS: this.cpu.setReg(16, BigInt(addr)); return 0;
      case ARCH_SET_GS: this.cpu.setReg(17, BigInt(addr)); return 0;
      case ARCH_GET_FS: case ARCH_GET_GS: {
        if (!this.pm.allows(addr, 8, Prot.W)) return -S.EFAULT;
        const b = new Uint8Array(8);
        new DataView(b.buffer).setBigUint64(0, this.cpu.getReg(code === ARCH_GET_FS ? 16 : 17), true);
        copyOut(this.pm, addr, b);
        return 0;
      }
      default: return -S.EINVAL;
    }
  }

  private getrandom(buf: number, len: number): number {
    if (!this.pm.allows(buf, len, Prot.W)) return -S.EFAULT;
    copyOut(this.pm, buf, new Uint8Array(len).map(() => this.prng.next() & 0xff));
    return len;
  }

  private copyIn(va: number, len: number): Uint8Array {
    const out = new Uint8Array(len);
    for (let i = 0; i < len;) {
      const pa = this.pm.physOf(va + i);
      const n = Math.min(len - i, PAGE_SIZE - ((va + i) % PAGE_SIZE));
      out.set(this.pm.mem.bytes.subarray(pa, pa + n), i);
      i += n;
    }
    return out;
  }
}

function stdinReader(src: LinuxRunOptions["stdin"]): (max: number) => Uint8Array {
  if (typeof src === "function") return src;
  const all = src ?? new Uint8Array(0);
  let pos = 0;
  return (max) => {
    const chunk = all.subarray(pos, pos + max);
    pos += chunk.length;
    return chunk;
  };
}

function linuxProt(prot: number): number {
  return (prot & 1 ? Prot.R : 0) | (prot & 2 ? Prot.W : 0) | (prot & 4 ? Prot.X : 0);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}
