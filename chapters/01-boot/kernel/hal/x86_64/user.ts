// Into and out of user mode on x86_64.
//
// In: the kernel writes an IRETQ frame (RIP, CS, RFLAGS, RSP, SS — SDM Vol.
// 3A 6.14.3, Figure 6-9) at the top of its stack, points RSP at it, and
// executes IRETQ. CS and SS carry RPL 3, so the CPU drops to ring 3. This
// works whatever the entry was (an interrupt, SYSCALL, or the very first
// boot), which is why chapter 01 uses it for every return; SYSRETQ is a
// faster path a later chapter may add.
//
// Out: the CPU saved the user's RIP/RSP/RFLAGS (in the frame it pushed, or
// in RCX/R11 for SYSCALL); KernelMode's reg("rip"/"rsp"/"rflags") reads them
// wherever they are, and the general registers are live.

import type { KernelMode } from "../../../../../machine/kernel-mode";
import type { X86Sys } from "../../../../../machine/boards/x86_64-kernel";
import type { UserContext } from "../../kernel";
import { SEL } from "./descriptors";

/** The user register file, in UserContext.regs order. */
export const X86_CONTEXT_REGS = [
  "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
  "rip", "rsp", "rflags",
] as const;
const at = (name: string) => X86_CONTEXT_REGS.indexOf(name as (typeof X86_CONTEXT_REGS)[number]);
const GPRS = X86_CONTEXT_REGS.slice(0, 15);
/** RFLAGS for user code: IF (interrupts on) and the always-one bit 1. */
const USER_RFLAGS = 0x202n;

export function newX86Context(entry: bigint, sp: bigint, args: bigint[]): UserContext {
  const regs = X86_CONTEXT_REGS.map(() => 0n);
  ["rdi", "rsi", "rdx", "rcx", "r8", "r9"].forEach((r, i) => { if (i < args.length) regs[at(r)] = BigInt.asUintN(64, args[i]); });
  regs[at("rip")] = entry; regs[at("rsp")] = sp; regs[at("rflags")] = USER_RFLAGS;
  return { regs };
}

export function saveX86User(k: KernelMode, ctx: UserContext): void {
  X86_CONTEXT_REGS.forEach((r, i) => { ctx.regs[i] = k.reg(r); });
}

// @snippet x86-enter-user
/** Build the IRETQ frame at the top of the kernel stack (physical `kstackPa`, virtual `kstackTop`) and return to ring 3. */
export function enterX86User(k: KernelMode<X86Sys>, ctx: UserContext, kstackPa: number, kstackTop: bigint): void {
  GPRS.forEach((r, i) => k.setReg(r, ctx.regs[i]));
  const frame = [ctx.regs[at("rip")], BigInt(SEL.ucode), (ctx.regs[at("rflags")] | USER_RFLAGS) & ~0x3000n,   // IOPL 0
    ctx.regs[at("rsp")], BigInt(SEL.udata)];
  const framePa = kstackPa + 4096 - 8 * frame.length;
  frame.forEach((v, i) => k.write(framePa + i * 8, 8, v));
  k.setReg("rsp_kernel", kstackTop - BigInt(8 * frame.length));
  k.sys.iretq();
}
// @end x86-enter-user

/** MinOS ABI (toolchain/libc/include/minos/syscall.h): number in rax, arguments rdi, rsi, rdx, r10, r8, r9. */
export function x86SyscallArgs(ctx: UserContext): { nr: number; args: bigint[] } {
  const nr = ctx.regs[at("rax")];
  return { nr: nr > 0xffffffffn ? -1 : Number(nr), args: ["rdi", "rsi", "rdx", "r10", "r8", "r9"].map((r) => ctx.regs[at(r)]) };
}

export const x86SetResult = (ctx: UserContext, v: bigint): void => { ctx.regs[at("rax")] = BigInt.asUintN(64, v); };
export const x86Pc = (ctx: UserContext): bigint => ctx.regs[at("rip")];
export const x86Sp = (ctx: UserContext): bigint => ctx.regs[at("rsp")];
