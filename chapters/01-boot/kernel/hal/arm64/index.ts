// The AArch64 HAL: hal.ts's interface over the virt board's privileged
// interface (machine/boards/arm64-kernel.ts). Each part lives in its own
// file: traps.ts (the vector table), gic.ts (the interrupt controller),
// timer.ts (the generic timer), pl011.ts (the console), user.ts (user mode).
//
// The HAL remembers one thing it learnt at boot: where the devices are
// (devices.ts, from the devicetree). It is made per kernel
// (makeArm64Hal), so two kernels in one process never share it.

import type { KernelMode } from "../../../../../machine/kernel-mode";
import type { Arm64Sys } from "../../../../../machine/boards/arm64-kernel";
import type { Hal } from "../hal";
import { FDT_MAGIC } from "../../bootinfo/fdt-tree";
import { devicesFrom, VIRT_DEFAULTS, type Arm64Devices } from "./devices";
import { gicAcknowledge, gicEnd, initGic, SPURIOUS } from "./gic";
import { initPl011, pl011Drained, pl011Receive, pl011Send } from "./pl011";
import { setTimerArm, timerFired } from "./timer";
import { installArm64Traps } from "./traps";
import { ARM64_CONTEXT_REGS, arm64Pc, arm64SetResult, arm64Sp, arm64SyscallArgs, enterArm64User, newArm64Context, saveArm64User } from "./user";

type K = KernelMode<Arm64Sys>;
const a = (k: KernelMode): K => k as K;
/** PSCI 0.2 SYSTEM_OFF, and the board's MINOS_EXIT (an SMCCC SiP call: power off with status x1; machine/devices/power.ts). */
const PSCI_SYSTEM_OFF = 0x84000008n, MINOS_EXIT = 0x82000001n;
/** System registers that explain a trap, after the general registers. */
const DUMP_SYSREGS = ["ESR_EL1", "FAR_EL1", "SCTLR_EL1", "TTBR0_EL1", "TTBR1_EL1", "TCR_EL1", "VBAR_EL1"] as const;

// @snippet arm64-boot-info-at
/** Linux arm64 boot protocol (Documentation/arch/arm64/booting.rst): x0 = the DTB's physical address, x1..x3 = 0. */
function bootInfoAt(k: KernelMode): { format: "fdt"; pa: number } {
  const x0 = k.reg("x0");
  for (const r of ["x1", "x2", "x3"]) {
    if (k.reg(r) !== 0n) throw new Error(`not started by the arm64 boot protocol: ${r} is 0x${k.reg(r).toString(16)}, not 0`);
  }
  if (x0 === 0n || x0 > 0xffffffffffn) throw new Error(`not started by the arm64 boot protocol: x0 = 0x${x0.toString(16)} is no DTB address`);
  const pa = Number(x0);
  const b = k.readBytes(pa, 4);
  const magic = ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;   // the DTB is big-endian
  if (magic !== FDT_MAGIC) throw new Error(`x0 = 0x${pa.toString(16)} holds no devicetree: magic 0x${magic.toString(16)}, not 0xd00dfeed`);
  return { format: "fdt", pa };
}
// @end arm64-boot-info-at

export function makeArm64Hal(): Hal {
  let dev: Arm64Devices = { ...VIRT_DEFAULTS };
  return {
    arch: "arm64",
    bootInfoAt,
    installTraps: (k, onEvent, _alloc, kva) => installArm64Traps(a(k), onEvent, kva),
    initDevices(k, boot) {
      dev = devicesFrom(boot);
      initPl011(k, dev.uart);
      initGic(k, dev, [dev.uartIrq, dev.timerIrq]);
    },
    irqSource(k) {
      const intid = gicAcknowledge(k, dev);
      if (intid === SPURIOUS) return "spurious";
      if (intid === dev.timerIrq) { timerFired(a(k)); return "timer"; }
      if (intid === dev.uartIrq) return "uart";
      return { other: intid };
    },
    endIrq(k, source) {
      const intid = source === "timer" ? dev.timerIrq : source === "uart" ? dev.uartIrq : source === "spurious" ? SPURIOUS : source.other;
      gicEnd(k, dev, intid);
    },
    setTimer: (k, ticks) => setTimerArm(a(k), ticks),
    consoleSend: (k, q) => pl011Send(k, dev.uart, q),
    consoleDrained: (k) => pl011Drained(k, dev.uart),
    consoleReceive: (k, into) => pl011Receive(k, dev.uart, into),
    contextRegs: ARM64_CONTEXT_REGS,
    newContext: newArm64Context,
    saveUser: saveArm64User,
    enterUser: enterArm64User,
    syscallArgs: arm64SyscallArgs,
    setResult: arm64SetResult,
    pc: arm64Pc,
    sp: arm64Sp,
    idle: (k) => k.idle(),
    powerOff(k, status) {
      const s = status & 0xff;
      if (s === 0) a(k).sys.hvc(PSCI_SYSTEM_OFF);           // the standard call when all is well
      else a(k).sys.hvc(MINOS_EXIT, BigInt(s));
    },
    dumpRegisters(k) {
      const out: [string, bigint][] = ARM64_CONTEXT_REGS.slice(0, 31).map((r) => [r, k.reg(r)]);
      out.push(["sp_el0", k.reg("sp")], ["elr_el1", k.reg("pc")], ["spsr_el1", k.reg("pstate")]);
      for (const r of DUMP_SYSREGS) out.push([r.toLowerCase(), a(k).sys.read(r)]);
      return out;
    },
  };
}

/** One arm64 HAL for the kernel builder (index.ts); makeArm64Hal gives a fresh one. */
export const arm64Hal: Hal = makeArm64Hal();
