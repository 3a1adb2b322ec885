// The A64 decoder: one 32-bit word in, one filled `Insn` out.
//
// It follows the encoding tables of the Arm ARM, chapter C4 "A64 Instruction
// Set Encoding". The top level (C4.1) looks at op0 = bits 28:25 and picks a
// group; each group's own table then picks the instruction class and the
// instruction. Anything the tables mark unallocated, and anything this CPU
// does not implement (SIMD and floating point, SVE, pointer authentication
// beyond its hint forms), decodes to Op.Undefined, which executes as an
// "unknown reason" exception (ESR EC 0x00) — exactly what hardware without
// the feature does.

import { decodeBitMasks } from "./bitmasks";
import { decodeLoadStore } from "./decode-ls";
import { decodeDpReg } from "./decode-dpreg";
import { decodeSimd } from "./simd";
import { bits, rs, rz, sext, wz } from "./fields";
import { Insn, Op } from "./insn";

/** Decode `word` into `d` (which is reset first). */
export function decode(word: number, d: Insn): Insn {
  d.reset(word);
  const op0 = bits(word, 28, 25);
  switch (op0) {
    case 0b0000:
      // Reserved group; op0=0000 with bits 31:16 = 0 is UDF (permanently undefined).
      if (bits(word, 31, 16) === 0) { d.op = Op.Udf; d.imm = word & 0xffff; }
      break;
    case 0b1000: case 0b1001: decodeDpImm(word, d); break;
    case 0b1010: case 0b1011: decodeBranchSys(word, d); break;
    case 0b0100: case 0b0110: case 0b1100: case 0b1110: decodeLoadStore(word, d); break;
    case 0b0101: case 0b1101: decodeDpReg(word, d); break;
    case 0b0111: case 0b1111: decodeSimd(word, d); break; // SIMD & FP: only what libgcc's popcount needs
    default: break; // SVE (0010), unallocated (0001, 0011)
  }
  return d;
}

// ---- Data processing -- immediate (C4.1.86) ----

function decodeDpImm(w: number, d: Insn): void {
  const sf = w >>> 31, rd = w & 31, rn = (w >>> 5) & 31;
  d.sf = sf;
  switch (bits(w, 25, 23)) {
    case 0b000: case 0b001: { // PC-relative addressing: ADR / ADRP (C6.2.10, C6.2.11)
      const imm = sext((bits(w, 23, 5) << 2) | bits(w, 30, 29), 21);
      d.rd = wz(rd); d.sf = 1;
      if (sf) { d.op = Op.Adrp; d.imm = imm; } else { d.op = Op.Adr; d.imm = imm; }
      return;
    }
    case 0b010: { // Add/subtract (immediate): ADD, ADDS, SUB, SUBS (C6.2.4 ...)
      const sh = bits(w, 22, 22);
      const opS = bits(w, 30, 29);
      d.imm = bits(w, 21, 10) << (sh ? 12 : 0);
      d.imm2 = sh ? 12 : 0;
      d.rn = rs(rn);
      d.op = [Op.AddImm, Op.AddsImm, Op.SubImm, Op.SubsImm][opS];
      d.rd = (opS & 1) ? wz(rd) : rs(rd);       // the flag-setting forms write XZR, the others SP
      return;
    }
    case 0b100: { // Logical (immediate): AND, ORR, EOR, ANDS (C6.2.12 ...)
      const n = bits(w, 22, 22);
      if (!sf && n) return;
      const m = decodeBitMasks(n, bits(w, 15, 10), bits(w, 21, 16), true, sf ? 64 : 32);
      if (!m) return;
      const opc = bits(w, 30, 29);
      d.op = [Op.AndImm, Op.OrrImm, Op.EorImm, Op.AndsImm][opc];
      d.imm = Number(m.wmask & 0xffffffffn) | 0;
      d.immHi = sf ? Number(m.wmask >> 32n) | 0 : 0;
      d.imm2 = bits(w, 21, 16); d.imm3 = bits(w, 15, 10);
      d.rn = rz(rn);
      d.rd = opc === 3 ? wz(rd) : rs(rd);       // ANDS writes XZR; the others may write SP
      return;
    }
    case 0b101: { // Move wide (immediate): MOVN, MOVZ, MOVK (C6.2.190 ...)
      const opc = bits(w, 30, 29), hw = bits(w, 22, 21);
      if (opc === 1 || (!sf && hw > 1)) return;
      d.op = opc === 0 ? Op.Movn : opc === 2 ? Op.Movz : Op.Movk;
      d.imm = bits(w, 20, 5); d.imm3 = hw * 16;
      d.rd = wz(rd); d.rn = rz(rd);             // MOVK reads the register it writes
      return;
    }
    case 0b110: { // Bitfield: SBFM, BFM, UBFM (C6.2.266, C6.2.37, C6.2.362)
      const opc = bits(w, 30, 29), n = bits(w, 22, 22);
      const immr = bits(w, 21, 16), imms = bits(w, 15, 10);
      if (opc === 3 || n !== sf) return;
      if (!sf && (immr > 31 || imms > 31)) return;
      const m = decodeBitMasks(n, imms, immr, false, sf ? 64 : 32);
      if (!m) return;
      d.op = opc === 0 ? Op.Sbfm : opc === 1 ? Op.Bfm : Op.Ubfm;
      d.imm2 = immr; d.imm3 = imms;
      d.m0 = Number(m.wmask & 0xffffffffn) | 0; d.m1 = Number(m.wmask >> 32n) | 0;
      d.m2 = Number(m.tmask & 0xffffffffn) | 0; d.m3 = Number(m.tmask >> 32n) | 0;
      d.rd = wz(rd); d.rn = rz(rn); d.ra = rz(rd); // BFM keeps the destination's other bits
      return;
    }
    case 0b111: { // Extract: EXTR (C6.2.90)
      const n = bits(w, 22, 22), o0 = bits(w, 21, 21), imms = bits(w, 15, 10);
      if (bits(w, 30, 29) !== 0 || o0 || n !== sf || (!sf && imms > 31)) return;
      d.op = Op.Extr; d.imm2 = imms;
      d.rd = wz(rd); d.rn = rz(rn); d.rm = rz(bits(w, 20, 16));
      return;
    }
    default: return; // 011: add/subtract with tags (MTE), not implemented
  }
}

// ---- Branches, exception generating and system instructions (C4.1.87) ----

function decodeBranchSys(w: number, d: Insn): void {
  const top = w >>> 26; // bits 31:26
  d.sf = 1;
  if ((top & 0x1f) === 0b00101) { // B, BL (C6.2.26, C6.2.34)
    d.op = (w >>> 31) ? Op.Bl : Op.B;
    d.imm = sext(w & 0x3ffffff, 26) * 4;
    return;
  }
  const rt = w & 31;
  if ((top & 0x1f) === 0b01101) { // compare/test and branch
    if (bits(w, 25, 25) === 0) {  // CBZ, CBNZ (C6.2.47, C6.2.46)
      d.op = bits(w, 24, 24) ? Op.Cbnz : Op.Cbz;
      d.sf = w >>> 31; d.rn = rz(rt);
      d.imm = sext(bits(w, 23, 5), 19) * 4;
    } else {                       // TBZ, TBNZ (C6.2.331, C6.2.330)
      d.op = bits(w, 24, 24) ? Op.Tbnz : Op.Tbz;
      d.imm2 = ((w >>> 31) << 5) | bits(w, 23, 19);
      d.sf = w >>> 31; d.rn = rz(rt);
      d.imm = sext(bits(w, 18, 5), 14) * 4;
    }
    return;
  }
  if (bits(w, 31, 24) === 0b01010100) { // B.cond (C6.2.27)
    if (bits(w, 4, 4)) return;          // BC.cond (FEAT_HBC) not implemented
    d.op = Op.Bcond; d.cond = w & 15;
    d.imm = sext(bits(w, 23, 5), 19) * 4;
    return;
  }
  if (bits(w, 31, 24) === 0b11010100) { decodeException(w, d); return; }
  if (bits(w, 31, 22) === 0b1101010100) { decodeSystem(w, d); return; }
  if (bits(w, 31, 25) === 0b1101011) { // unconditional branch (register), C4.1.87.9
    const opc = bits(w, 24, 21), op2 = bits(w, 20, 16), op3 = bits(w, 15, 10), op4 = w & 31;
    if (op2 !== 31 || op3 !== 0 || op4 !== 0) return; // the PAC forms (BRAA, RETAA...) are not implemented
    d.rn = rz(bits(w, 9, 5));
    if (opc === 0) d.op = Op.Br;
    else if (opc === 1) d.op = Op.Blr;
    else if (opc === 2) d.op = Op.Ret;
    else if (opc === 4 && bits(w, 9, 5) === 31) d.op = Op.Eret; // ERET (C6.2.83); DRPS is debug state only
    return;
  }
}

function decodeException(w: number, d: Insn): void {
  // Exception generation (C4.1.87.4): opc bits 23:21, imm16, op2 4:2, LL 1:0
  const opc = bits(w, 23, 21), op2 = bits(w, 4, 2), ll = w & 3;
  if (op2 !== 0) return;
  d.imm = bits(w, 20, 5);
  if (opc === 0 && ll === 1) d.op = Op.Svc;       // SVC (C6.2.333)
  else if (opc === 0 && ll >= 2) { d.op = Op.Hvc; d.imm2 = ll; } // HVC, SMC (C6.2.99, C6.2.263): EL1 only
  else if (opc === 1 && ll === 0) d.op = Op.Brk;  // BRK (C6.2.40)
  else if (opc === 2 && ll === 0) d.op = Op.Hlt;  // HLT (C6.2.100): external debug only, undefined here
}

/** CRm of the EL0 cache maintenance ops (op1=3, CRn=7, op2=1): IC IVAU, DC ZVA, CVAC, CVAU, CVAP, CIVAC. */
const EL0_CACHE_OPS = [5, 4, 10, 11, 12, 14];

function decodeSystem(w: number, d: Insn): void {
  const l = bits(w, 21, 21), op0 = bits(w, 20, 19), op1 = bits(w, 18, 16);
  const crn = bits(w, 15, 12), crm = bits(w, 11, 8), op2 = bits(w, 7, 5), rt = w & 31;
  d.imm = (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2; // the system register number
  if (l === 0 && op0 === 0 && crn === 0b0010 && rt === 31 && op1 === 3) { // hints (C6.2.101 HINT)
    const h = (crm << 3) | op2;
    d.imm2 = h;
    // WFE (2), WFI (3) and SEV/SEVL (4, 5) have their own handlers; every other hint is a NOP at EL0
    d.op = h === 3 || h === 2 ? Op.Wfi : Op.Hint;
    return;
  }
  if (l === 0 && op0 === 0 && crn === 0b0011 && op1 === 3) { // barriers: CLREX, DSB, DMB, ISB, SB
    d.imm2 = op2; d.imm3 = crm;
    if (op2 === 2 && rt === 31) d.op = Op.Clrex;
    else if ((op2 === 4 || op2 === 5 || op2 === 6) && rt === 31) d.op = Op.Barrier;
    return;
  }
  if (op0 === 1 && l === 0) { // SYS: the cache operations Linux lets EL0 use (SCTLR_EL1.UCI, DZE)
    d.rn = rz(rt);
    if (op1 === 0 && decodeSysEl1(crn, crm, op2, rt, d)) return;
    if (op1 === 3 && crn === 7 && op2 === 1 && EL0_CACHE_OPS.includes(crm)) { d.op = Op.Sys; d.imm2 = crm; }
    return;
  }
  if (op0 >= 2) { // MRS / MSR (register), C6.2.194 / C6.2.196
    if (l) { d.op = Op.Mrs; d.rd = wz(rt); } else { d.op = Op.Msr; d.rn = rz(rt); }
    return;
  }
  // MSR (immediate) to PSTATE fields (C6.2.195): SPSel, DAIFSet, DAIFClr, PAN; EL1 only
  if (l === 0 && op0 === 0 && crn === 0b0100 && rt === 31) {
    const field = (op1 << 3) | op2;
    if (field === 5 || field === 4 || field === 0b11110 || field === 0b11111) {
      d.op = Op.MsrImm; d.imm2 = field & 7; d.imm3 = crm;
    }
  }
}

/**
 * The EL1-only SYS operations with op1 = 0: TLBI (CRn 8, CRm 3 inner
 * shareable or 7, op2 = 0 VMALLE1, 1 VAE1, 2 ASIDE1, 3 VAAE1, 5 VALE1,
 * 7 VAALE1; C5.5) and the cache maintenance IC IALLU(IS), DC IVAC, ISW,
 * CSW, CISW (C5.3). VMALLE1 and IC IALLU take no register (Rt = 31).
 */
function decodeSysEl1(crn: number, crm: number, op2: number, rt: number, d: Insn): boolean {
  if (crn === 8 && (crm === 3 || crm === 7) && [0, 1, 2, 3, 5, 7].includes(op2) && (op2 !== 0 || rt === 31)) {
    d.op = Op.Tlbi; d.imm2 = op2; d.imm3 = crm;
    return true;
  }
  if (crn !== 7) return false;
  if ((crm === 1 || crm === 5) && op2 === 0 && rt === 31) { d.op = Op.SysEl1; d.imm2 = crm === 1 ? 0 : 1; return true; }
  const dc = crm === 6 && op2 === 1 ? 2 : crm === 6 && op2 === 2 ? 3 : crm === 10 && op2 === 2 ? 4 : crm === 14 && op2 === 2 ? 5 : -1;
  if (dc < 0) return false;
  d.op = Op.SysEl1; d.imm2 = dc;
  return true;
}

