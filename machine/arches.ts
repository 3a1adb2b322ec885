// The two architectures the machine offers, behind one table, so tools that
// work on either (the runner, the debugger, the benchmark) never switch on
// the arch name themselves.

import type { Arch, Cpu } from "./core/cpu";
import type { Mmu } from "./core/mmu";
import { X86Cpu, disassemble as disassembleX86 } from "./x86_64";
import { Arm64Cpu, disassemble as disassembleArm64 } from "./arm64";

export interface Disassembled { length: number; text: string }

export interface ArchInfo {
  arch: Arch;
  /** The name tools print ("x86_64", "AArch64"). */
  title: string;
  createCpu(mmu: Mmu): Cpu;
  disassemble(bytes: Uint8Array, offset: number, address: bigint): Disassembled;
  /** Longest instruction in bytes (for reading enough code to disassemble one). */
  maxInstrLength: number;
}

export const ARCHES: Record<Arch, ArchInfo> = {
  x86_64: { arch: "x86_64", title: "x86_64", createCpu: (m) => new X86Cpu(m), disassemble: disassembleX86, maxInstrLength: 15 },
  arm64: { arch: "arm64", title: "AArch64", createCpu: (m) => new Arm64Cpu(m), disassemble: disassembleArm64, maxInstrLength: 4 },
};

const ALIASES: Record<string, Arch> = {
  x86_64: "x86_64", "x86-64": "x86_64", amd64: "x86_64", x64: "x86_64",
  arm64: "arm64", aarch64: "arm64",
};

/** Parse a user's --arch value, or throw a message listing the accepted names. */
export function parseArch(name: string): Arch {
  const a = ALIASES[name.toLowerCase()];
  if (!a) throw new Error(`unknown architecture '${name}': use x86_64 or arm64 (aarch64)`);
  return a;
}
