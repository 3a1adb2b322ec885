// Into and out of user mode on AArch64.
//
// Out: an exception from EL0 saves only two things in hardware: the PC in
// ELR_EL1 (for SVC, the instruction after it; for a fault, the faulting
// one) and PSTATE in SPSR_EL1 (Arm ARM D1.10, "Exception entry"). The
// general registers x0..x30 and the user stack pointer SP_EL0 are simply
// still there, because EL1 has its own stack pointer (SP_EL1). KernelMode
// names them x0..x30, sp (SP_EL0), pc (ELR_EL1), pstate (SPSR_EL1).
//
// In: put the thread's registers back, ELR_EL1 = where it continues,
// SPSR_EL1 = the PSTATE it continues with (M[3:0] = 0b0000 "EL0t", DAIF
// clear so interrupts reach the kernel), and ERET (D1.11 "Exception
// return"). ERET is checked by the CPU: a saved state that is not allowed
// is an illegal exception return, not a way into EL1.

import type { KernelMode } from "../../../../../machine/kernel-mode";
import type { UserContext } from "../../kernel";

/** The user register file, in UserContext.regs order. */
export const ARM64_CONTEXT_REGS: readonly string[] = [...Array.from({ length: 31 }, (_, i) => `x${i}`), "sp", "pc", "pstate"];
const SP = 31, PC = 32, PSTATE = 33;
/** SPSR bits the user keeps: the condition flags N, Z, C, V (bits 31:28). Everything else is the kernel's: EL0t, AArch64, DAIF clear. */
const USER_FLAGS = 0xf0000000n;
const EL0T = 0n;

export function newArm64Context(entry: bigint, sp: bigint, args: bigint[]): UserContext {
  const regs = ARM64_CONTEXT_REGS.map(() => 0n);
  args.slice(0, 8).forEach((a, i) => { regs[i] = BigInt.asUintN(64, a); });   // AAPCS64: arguments in x0..x7
  regs[SP] = sp; regs[PC] = entry; regs[PSTATE] = EL0T;
  return { regs };
}

export function saveArm64User(k: KernelMode, ctx: UserContext): void {
  for (let i = 0; i < ARM64_CONTEXT_REGS.length; i++) ctx.regs[i] = k.reg(i);
}

// @snippet arm64-enter-user
export function enterArm64User(k: KernelMode, ctx: UserContext): void {
  for (let i = 0; i <= SP; i++) k.setReg(i, ctx.regs[i]);    // x0..x30 and SP_EL0
  k.setReg(PC, ctx.regs[PC]);                                // ELR_EL1: where ERET goes
  k.setReg(PSTATE, (ctx.regs[PSTATE] & USER_FLAGS) | EL0T);  // SPSR_EL1: EL0t, interrupts unmasked
  k.eret();
}
// @end arm64-enter-user

/** MinOS ABI on arm64 (toolchain/libc/include/minos/syscall.h): number in x8, arguments x0..x5, result in x0 (Linux's convention). */
export function arm64SyscallArgs(ctx: UserContext): { nr: number; args: bigint[] } {
  const nr = ctx.regs[8];
  return { nr: nr > 0xffffffffn ? -1 : Number(nr), args: ctx.regs.slice(0, 6) };
}

export const arm64SetResult = (ctx: UserContext, v: bigint): void => { ctx.regs[0] = BigInt.asUintN(64, v); };
export const arm64Pc = (ctx: UserContext): bigint => ctx.regs[PC];
export const arm64Sp = (ctx: UserContext): bigint => ctx.regs[SP];
