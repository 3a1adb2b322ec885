// How each architecture's registers and flags look in the debugger, in the
// order a student knows from gdb. The session reads values through the Cpu
// interface (getReg, getPc, getFlags); this file only names and formats them.

import type { Arch, Cpu } from "../machine/core/cpu";
import type { FlagView } from "./snapshot";

/** A register the registers pane shows, and how to read it from a Cpu. */
export interface RegSpec { name: string; read(cpu: Cpu): bigint }

const gpr = (name: string, index: number): RegSpec => ({ name, read: (c) => c.getReg(index) });
const pcSpec = (name: string): RegSpec => ({ name, read: (c) => c.getPc() });
const flagsSpec = (name: string): RegSpec => ({ name, read: (c) => c.getFlags() });

// x86_64: getReg indices are encoding order (rax rcx rdx rbx rsp rbp rsi rdi r8..r15),
// 16 = fs_base, 17 = gs_base. Shown in gdb's order: rax rbx rcx rdx rsi rdi rbp rsp.
const X86_ORDER: [string, number][] = [
  ["rax", 0], ["rbx", 3], ["rcx", 1], ["rdx", 2], ["rsi", 6], ["rdi", 7], ["rbp", 5], ["rsp", 4],
  ["r8", 8], ["r9", 9], ["r10", 10], ["r11", 11], ["r12", 12], ["r13", 13], ["r14", 14], ["r15", 15],
];

const X86_REGS: RegSpec[] = [
  ...X86_ORDER.map(([n, i]) => gpr(n, i)),
  pcSpec("rip"), flagsSpec("rflags"), gpr("fs_base", 16), gpr("gs_base", 17),
];

// AArch64: 0..30 = x0..x30, 31 = sp, 32 = tpidr_el0; NZCV in bits 31:28 of getFlags().
const ARM64_REGS: RegSpec[] = [
  ...Array.from({ length: 31 }, (_, i) => gpr(`x${i}`, i)),
  gpr("sp", 31), pcSpec("pc"), flagsSpec("nzcv"), gpr("tpidr_el0", 32),
];

export const REGISTERS: Record<Arch, RegSpec[]> = { x86_64: X86_REGS, arm64: ARM64_REGS };

// RFLAGS bits (Intel SDM Vol. 1, 3.4.3 "EFLAGS Register").
const X86_FLAGS: [string, number][] = [["CF", 0], ["PF", 2], ["AF", 4], ["ZF", 6], ["SF", 7], ["TF", 8], ["IF", 9], ["DF", 10], ["OF", 11]];
// PSTATE.NZCV (Arm ARM C5.2.9 "NZCV, Condition Flags").
const ARM64_FLAGS: [string, number][] = [["N", 31], ["Z", 30], ["C", 29], ["V", 28]];

/** The flags register decoded bit by bit. */
export function decodeFlags(arch: Arch, flags: bigint): FlagView[] {
  const table = arch === "x86_64" ? X86_FLAGS : ARM64_FLAGS;
  return table.map(([name, bit]) => ({ name, set: ((flags >> BigInt(bit)) & 1n) === 1n }));
}

/** 64-bit value as 16 hex digits. */
export function hex16(v: bigint): string {
  return BigInt.asUintN(64, v).toString(16).padStart(16, "0");
}
