// The x86_64 CPU package: the interpreter (X86Cpu) and the disassembler.
export { X86Cpu, REG_NAMES } from "./cpu";
export { disassemble } from "./disasm";
