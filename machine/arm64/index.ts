// The AArch64 CPU (A64 instruction set, EL0 user mode for now): its public face.
export { Arm64Cpu, type Arm64State } from "./cpu";
export { disassemble } from "./disasm";
export { decode } from "./decode";
export { Insn, Op } from "./insn";
