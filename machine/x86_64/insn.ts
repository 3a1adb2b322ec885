// One decoded x86_64 instruction: the record the decoder fills and both the
// executor and the disassembler read.
//
// Decoding is the expensive part of interpreting x86 (prefixes, ModRM, SIB,
// displacement, immediates can make 15 bytes of puzzle), so it happens once
// per instruction address: the CPU caches these records by physical address
// and runs the bound handler `exec` every time the instruction executes.
// Every field is a plain number so V8 keeps one hidden class for all of them.

import type { X86State } from "./state";
import type { Block } from "./blocks";

export type Handler = (c: X86State, d: Insn) => void;

/** Register numbers for 8-bit operands AH, CH, DH, BH (bits 8..15 of rax..rbx). */
export const AH = 32;
/** `base` value meaning "relative to the next instruction's RIP" (the decoder's output; the CPU resolves it). */
export const RIP = 16;
/** No base / index register. */
export const NONE = -1;

export class Insn {
  /** Handler bound at decode time; reads the fields below. */
  exec: Handler = nopHandler;
  /** Opcode table entry id (see optable.ts), used by the disassembler. */
  entry = 0;
  /** Length in bytes (1..15). */
  len = 0;
  /** Operand size in bytes: 1, 2, 4 or 8. */
  size = 4;
  /** Address size: 8 normally, 4 with a 67 prefix. */
  asize = 8;
  /** ModRM reg field (with REX.R), or the register in the opcode's low bits. */
  reg = 0;
  /** Register operand of ModRM r/m (with REX.B), when `mem` is 0. */
  rm = 0;
  /** 1 if the r/m operand is memory. */
  mem = 0;
  base = NONE;
  index = NONE;
  scale = 0;
  dispLo = 0;
  dispHi = 0;
  /** Segment override prefix byte (0x64 = FS, 0x65 = GS, others ignored in 64-bit mode), or 0. */
  seg = 0;
  immLo = 0;
  immHi = 0;
  /** Second immediate (ENTER's nesting level). */
  imm2 = 0;
  /** 0xF3 (REP/REPE), 0xF2 (REPNE) or 0. */
  rep = 0;
  lock = 0;
  /** Prefix oddities: bit 0 = a second 66 ("data16"); bit 1 = a 16-bit branch displacement (66 + Jz, not executed). */
  pfx = 0;
  /** The REX byte, or 0. */
  rex = 0;
  /** 1 if a 66 prefix was present. */
  p66 = 0;
  /** Sub-operation: ALU op, condition code, group index; meaning depends on the handler. */
  sub = 0;
  /** Raw ModRM byte (-1 if none) and opcode (0x0F00 | op for the two-byte map, 0x0F3800 | op ...). */
  modrm = -1;
  opcode = 0;
  /** Virtual address this decoding was made for, and of the instruction after it (set by bindAddress). */
  vaLo = 0;
  vaHi = 0;
  nextLo = 0;
  nextHi = 0;
  /** Absolute branch target of a relative branch (Jb/Jz). */
  tLo = 0;
  tHi = 0;
  /** 1 if the operand was RIP-relative: base/disp then hold the absolute address; rawDisp the encoded one. */
  ripRel = 0;
  rawDisp = 0;
  /** Next instruction in the same frame, linked lazily by the CPU's cache. */
  next: Insn | null = null;
  /** Where control last went when this instruction branched (a one-entry cache), valid while tgtGen is current. */
  tgt: Insn | null = null;
  tgtLo = 0;
  tgtHi = 0;
  tgtGen = -1;
  /** Times run by the plain interpreter (until it gets a block), and the block starting here. */
  hits = 0;
  blk: Block | null = null;
}

function nopHandler(): void {}
