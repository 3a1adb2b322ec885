// The decoded form of one A64 instruction, shared by the executor and the
// disassembler.
//
// The decoder (decode.ts) reads a 32-bit word once and fills an `Insn`: which
// operation it is (`op`, one of `Op`), its register operands and its
// immediates, already unpacked. The CPU then binds `exec` to the small handler
// for that operation and caches the record by physical address, so the hot
// loop never looks at instruction bits again. The disassembler prints the
// same record, so what you see in the debugger is exactly what runs.
//
// Register operands are *slots* in the CPU's register file, resolved at decode
// time from the encoding's rule for register number 31 (Arm ARM C1.2.5): in
// most data-processing forms 31 means the zero register, in ADD/SUB
// (immediate and extended) and as a load/store base it means SP.
//   slots 0..30  X0..X30
//   slot 31      SP
//   slot 32      XZR when read: always holds zero (nothing ever writes it)
//   slot 33      XZR when written: a sink whose value nobody reads
// So handlers never test for register 31: reading slot 32 gives zero and a
// write to slot 33 is discarded, with no branch.

import type { Arm64Cpu } from "./cpu";

export const SP = 31;
export const ZR = 32;
export const ZR_SINK = 33;
/** Number of register slots (each two int32 words: lo, hi). */
export const SLOTS = 34;

/** Operations. Aliases (mov, cmp, lsl, ...) are not separate: the disassembler picks them. */
export const Op = {
  Undefined: 0, Udf: 1,
  // Data processing (immediate), Arm ARM C4.1.86
  Adr: 2, Adrp: 3, AddImm: 4, AddsImm: 5, SubImm: 6, SubsImm: 7,
  AndImm: 8, OrrImm: 9, EorImm: 10, AndsImm: 11,
  Movn: 12, Movz: 13, Movk: 14, Sbfm: 15, Bfm: 16, Ubfm: 17, Extr: 18,
  // Branches, exception generation and system, C4.1.87
  B: 20, Bl: 21, Bcond: 22, Cbz: 23, Cbnz: 24, Tbz: 25, Tbnz: 26, Br: 27, Blr: 28, Ret: 29,
  Svc: 30, Brk: 31, Hlt: 32, Hint: 33, Barrier: 34, Mrs: 35, Msr: 36, Sys: 37, Wfi: 38, Clrex: 39,
  // Data processing (register), C4.1.88
  AndReg: 40, BicReg: 41, OrrReg: 42, OrnReg: 43, EorReg: 44, EonReg: 45, AndsReg: 46, BicsReg: 47,
  AddReg: 48, AddsReg: 49, SubReg: 50, SubsReg: 51, AddExt: 52, AddsExt: 53, SubExt: 54, SubsExt: 55,
  Adc: 56, Adcs: 57, Sbc: 58, Sbcs: 59, CcmnReg: 60, CcmpReg: 61, CcmnImm: 62, CcmpImm: 63,
  Csel: 64, Csinc: 65, Csinv: 66, Csneg: 67,
  Udiv: 68, Sdiv: 69, Lslv: 70, Lsrv: 71, Asrv: 72, Rorv: 73,
  Rbit: 74, Rev16: 75, Rev32: 76, Rev: 77, Clz: 78, Cls: 79,
  Madd: 80, Msub: 81, Smaddl: 82, Smsubl: 83, Umaddl: 84, Umsubl: 85, Smulh: 86, Umulh: 87,
  // Loads and stores, C4.1.89. `kind` holds the access (Acc below), `mode` the addressing.
  Ld: 90, St: 91, Prfm: 92, LdLit: 93, PrfmLit: 94, Ldp: 95, Stp: 96,
  Ldx: 97, Stx: 98, Ldxp: 99, Stxp: 100, Ldar: 101, Stlr: 102,
  // Atomics (FEAT_LSE): LDADD..LDUMIN and SWP, CAS, CASP; LDAPR (FEAT_LRCPC)
  Amo: 103, Cas: 104, Casp: 105, Ldapr: 106,
  // The SIMD&FP forms libgcc's popcount uses (simd.ts)
  FmovToFp: 110, FmovFromFp: 111, Cnt: 112, Addv: 113,
  // EL1 only (exec-el1.ts): ERET, MSR (immediate), HVC/SMC, TLBI, IC/DC by set/way and to PoC
  Eret: 120, MsrImm: 121, Hvc: 122, Tlbi: 123, SysEl1: 124,
} as const;
export type OpCode = (typeof Op)[keyof typeof Op];

/** What a load or store moves: size in bytes and how a load extends it. */
export const Acc = {
  B: 0, H: 1, W: 2, X: 3,                // zero-extending loads / plain stores (log2 size)
  SB32: 4, SH32: 5, SB64: 6, SH64: 7, SW64: 8, // sign-extending loads to W or X
} as const;

/** Load/store addressing forms (Arm ARM C1.3.3). */
export const Mode = {
  Offset: 0,     // [Xn, #imm] unsigned scaled offset
  Pre: 1,        // [Xn, #imm]!
  Post: 2,       // [Xn], #imm
  Reg: 3,        // [Xn, Xm{, extend #amount}]
  Unscaled: 4,   // LDUR/STUR: [Xn, #simm9]
  Unpriv: 5,     // LDTR/STTR: [Xn, #simm9], EL0 access (the same as ours at EL0)
  NonTemporal: 6, // LDNP/STNP: a pair with an offset, no allocation hint
} as const;

/** An executor for one operation: reads and updates the CPU state. */
export type Handler = (cpu: Arm64Cpu, d: Insn) => void;

/** One decoded instruction. Every field is a small integer, so all records share one shape. */
export class Insn {
  op: number = Op.Undefined;
  word = 0;
  /** 1 for a 64-bit operation (the `sf` bit, or a 64-bit load/store target). */
  sf = 0;
  rd = ZR_SINK; rn = ZR; rm = ZR; ra = ZR;
  /** Main immediate, low 32 bits (a branch offset in bytes, an offset, imm12...). */
  imm = 0;
  /** High 32 bits of a 64-bit immediate (logical immediates, MOVZ/MOVN values). */
  immHi = 0;
  /** Second immediate: a shift amount, immr, a bit number, the nzcv of CCMP... */
  imm2 = 0;
  /** Third immediate: imms, a shift LSL amount (hw*16), ... */
  imm3 = 0;
  /** Extra masks for bitfield moves: wmask (lo, hi) and tmask (lo, hi). */
  m0 = 0; m1 = 0; m2 = 0; m3 = 0;
  /** Condition code (0..15) for B.cond, CSEL, CCMP. */
  cond = 0;
  /** Shift type (LSL/LSR/ASR/ROR), extend type (UXTB..SXTX), or the access kind (Acc). */
  kind = 0;
  /** Addressing mode for loads and stores (Mode). */
  mode = 0;
  /** Byte offset of the instruction in its 4 KiB page (set by the CPU's cache). */
  off = 0;
  /** The handler the CPU bound to this record. */
  exec: Handler = noHandler;

  reset(word: number): void {
    this.op = Op.Undefined; this.word = word; this.sf = 0;
    this.rd = ZR_SINK; this.rn = ZR; this.rm = ZR; this.ra = ZR;
    this.imm = 0; this.immHi = 0; this.imm2 = 0; this.imm3 = 0;
    this.m0 = 0; this.m1 = 0; this.m2 = 0; this.m3 = 0;
    this.cond = 0; this.kind = 0; this.mode = 0;
  }
}

function noHandler(): void { throw new Error("Insn executed before the CPU bound a handler"); }
