// The x86_64 HAL: hal.ts's interface over the PC board's privileged
// interface (machine/boards/x86_64-kernel.ts). Each part lives in its own
// file: descriptors.ts and traps.ts (GDT, TSS, IDT, SYSCALL), apic.ts
// (interrupt controllers, timer), uart.ts (the console), user.ts (user mode).
//
// The HAL remembers one thing it decided at boot, where the kernel stack
// is; it is made per kernel (makeX86Hal) so two kernels in one process
// never share it.

import type { KernelMode } from "../../../../../machine/kernel-mode";
import type { X86Sys } from "../../../../../machine/boards/x86_64-kernel";
import type { Hal } from "../hal";
import { endIrqX86, initApics, irqSourceOf, setTimerX86 } from "./apic";
import { installX86Traps, MSR, type X86Tables } from "./traps";
import { initUart, uartDrained, uartReceive, uartSend } from "./uart";
import { enterX86User, newX86Context, saveX86User, X86_CONTEXT_REGS, x86Pc, x86SetResult, x86Sp, x86SyscallArgs } from "./user";

type K = KernelMode<X86Sys>;
const x = (k: KernelMode): K => k as K;
/** EAX at entry from a Multiboot2 loader (Multiboot2 spec 3.3). */
const MB2_MAGIC = 0x36d76289n;
/** The board's exit port (QEMU's isa-debug-exit address): a write powers off with that status. */
const EXIT_PORT = 0x501;

export function makeX86Hal(): Hal {
  let tables: X86Tables | null = null;
  const t = (): X86Tables => {
    if (tables === null) throw new Error("x86_64 HAL: the trap vectors are not installed yet (the 'traps' boot step)");
    return tables;
  };
  return {
    arch: "x86_64",
    bootInfoAt(k) {
      const eax = k.reg("rax") & 0xffffffffn;
      if (eax !== MB2_MAGIC) throw new Error(`not started by a Multiboot2 loader: EAX is 0x${eax.toString(16)}, not 0x36d76289`);
      return { format: "multiboot2", pa: Number(k.reg("rbx") & 0xffffffffn) };
    },
    installTraps(k, onEvent, alloc, kva) {
      const r = installX86Traps(x(k), onEvent, alloc, kva);
      tables = r.tables;
      return r.frames;
    },
    initDevices(k, boot) {
      const uart = boot.devices.find((d) => d.kind === "uart");
      if (uart === undefined) throw new Error("no UART in the boot information: the kernel has no console");
      initUart(x(k));
      initApics(k, uart);
    },
    irqSource: (k) => irqSourceOf(k.trap.vector),
    endIrq: endIrqX86,
    setTimer: setTimerX86,
    consoleSend: (k, q) => uartSend(x(k), q),
    consoleDrained: (k) => uartDrained(x(k)),
    consoleReceive: (k, into) => uartReceive(x(k), into),
    contextRegs: X86_CONTEXT_REGS,
    newContext: newX86Context,
    saveUser: saveX86User,
    enterUser: (k, ctx) => enterX86User(x(k), ctx, t().kstackPa, t().kstackTop),
    syscallArgs: x86SyscallArgs,
    setResult: x86SetResult,
    pc: x86Pc,
    sp: x86Sp,
    idle: (k) => k.idle(),
    powerOff: (k, status) => x(k).sys.outPort(EXIT_PORT, 1, status & 0xff),
    dumpRegisters(k) {
      const s = x(k).sys;
      const gprs = ["rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp_kernel", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"];
      const out: [string, bigint][] = gprs.map((r) => [r, k.reg(r)]);
      for (const r of ["rip", "rsp", "rflags", "cs", "ss"]) out.push([r, k.reg(r)]);
      for (const n of [0, 2, 3, 4] as const) out.push([`cr${n}`, s.readCr(n)]);
      out.push(["efer", s.rdmsr(MSR.EFER)]);
      return out;
    },
  };
}
