// Decoding of the "Data processing -- register" group (Arm ARM C4.1.88):
// shifted/extended ADD and SUB, logical operations on registers, add with
// carry, conditional compare and select, and the 1-, 2- and 3-source
// operations (REV, CLZ, UDIV, LSLV, MADD, UMULH, ...).

import { bits, rs, rz, wz } from "./fields";
import { Insn, Op } from "./insn";

const LOGICAL = [Op.AndReg, Op.BicReg, Op.OrrReg, Op.OrnReg, Op.EorReg, Op.EonReg, Op.AndsReg, Op.BicsReg];
const ADDSUB = [Op.AddReg, Op.AddsReg, Op.SubReg, Op.SubsReg];
const ADDSUB_EXT = [Op.AddExt, Op.AddsExt, Op.SubExt, Op.SubsExt];
const CARRY = [Op.Adc, Op.Adcs, Op.Sbc, Op.Sbcs];

export function decodeDpReg(w: number, d: Insn): void {
  const sf = w >>> 31, o0 = bits(w, 30, 30), o1 = bits(w, 28, 28);
  const op2 = bits(w, 24, 21), op3 = bits(w, 15, 10);
  const rd = w & 31, rn = bits(w, 9, 5), rm = bits(w, 20, 16);
  d.sf = sf;
  if (o1 === 0) {
    if ((op2 & 8) === 0) { // Logical (shifted register), C6.2.14 AND ... C6.2.39 BICS
      const imm6 = op3;
      if (!sf && imm6 > 31) return;
      d.op = LOGICAL[(bits(w, 30, 29) << 1) | bits(w, 21, 21)];
      d.kind = bits(w, 23, 22); d.imm2 = imm6;
      d.rd = wz(rd); d.rn = rz(rn); d.rm = rz(rm);
      return;
    }
    const s = bits(w, 30, 29);
    if ((op2 & 1) === 0) { // Add/subtract (shifted register), C6.2.5 ADD ... C6.2.341 SUBS
      const shift = bits(w, 23, 22), imm6 = op3;
      if (shift === 3 || (!sf && imm6 > 31)) return;
      d.op = ADDSUB[s]; d.kind = shift; d.imm2 = imm6;
      d.rd = wz(rd); d.rn = rz(rn); d.rm = rz(rm);
      return;
    }
    // Add/subtract (extended register), C6.2.3 ADD (extended register) ...
    const opt = bits(w, 23, 22), imm3 = bits(w, 12, 10);
    if (opt !== 0 || imm3 > 4) return;
    d.op = ADDSUB_EXT[s]; d.kind = bits(w, 15, 13); d.imm2 = imm3;
    d.rd = (s & 1) ? wz(rd) : rs(rd); d.rn = rs(rn); d.rm = rz(rm);
    return;
  }
  switch (op2) {
    case 0b0000: // Add/subtract with carry, C6.2.1 ADC ...
      if (op3 !== 0) return;               // RMIF, SETF8/16 (FEAT_FlagM) not implemented
      d.op = CARRY[bits(w, 30, 29)];
      d.rd = wz(rd); d.rn = rz(rn); d.rm = rz(rm);
      return;
    case 0b0010: { // Conditional compare (register / immediate), C6.2.49 CCMN ... C6.2.52 CCMP
      if (bits(w, 29, 29) !== 1 || bits(w, 10, 10) || bits(w, 4, 4)) return;
      const imm = bits(w, 11, 11);
      d.op = o0 ? (imm ? Op.CcmpImm : Op.CcmpReg) : (imm ? Op.CcmnImm : Op.CcmnReg);
      d.cond = bits(w, 15, 12); d.imm2 = w & 15; // nzcv
      d.rn = rz(rn);
      if (imm) d.imm = rm; else d.rm = rz(rm);
      return;
    }
    case 0b0100: { // Conditional select, C6.2.69 CSEL ...
      const o2 = bits(w, 11, 10);
      if (bits(w, 29, 29) || o2 > 1) return;
      d.op = [Op.Csel, Op.Csinc, Op.Csinv, Op.Csneg][(o0 << 1) | o2];
      d.cond = bits(w, 15, 12);
      d.rd = wz(rd); d.rn = rz(rn); d.rm = rz(rm);
      return;
    }
    case 0b0110:
      if (bits(w, 29, 29)) return;
      d.rd = wz(rd); d.rn = rz(rn); d.rm = rz(rm);
      if (o0 === 0) decode2Source(op3, d); else if (rm === 0) decode1Source(op3, sf, d);
      return;
    default:
      if (op2 & 8) decode3Source(w, sf, d);
      return;
  }
}

function decode2Source(opcode: number, d: Insn): void {
  // C4.1.88.3 Data-processing (2 source). CRC32 and the PAC/MTE forms are not implemented.
  switch (opcode) {
    case 0b000010: d.op = Op.Udiv; break;
    case 0b000011: d.op = Op.Sdiv; break;
    case 0b001000: d.op = Op.Lslv; break;
    case 0b001001: d.op = Op.Lsrv; break;
    case 0b001010: d.op = Op.Asrv; break;
    case 0b001011: d.op = Op.Rorv; break;
  }
}

function decode1Source(opcode: number, sf: number, d: Insn): void {
  // C4.1.88.4 Data-processing (1 source)
  switch (opcode) {
    case 0b000000: d.op = Op.Rbit; break;
    case 0b000001: d.op = Op.Rev16; break;
    case 0b000010: d.op = sf ? Op.Rev32 : Op.Rev; break;
    case 0b000011: if (sf) d.op = Op.Rev; break;
    case 0b000100: d.op = Op.Clz; break;
    case 0b000101: d.op = Op.Cls; break;
  }
}

function decode3Source(w: number, sf: number, d: Insn): void {
  // C4.1.88.14 Data-processing (3 source)
  const op54 = bits(w, 30, 29), op31 = bits(w, 23, 21), o0 = bits(w, 15, 15);
  if (op54 !== 0) return;
  d.rd = wz(w & 31); d.rn = rz(bits(w, 9, 5)); d.rm = rz(bits(w, 20, 16)); d.ra = rz(bits(w, 14, 10));
  if (op31 === 0) { d.op = o0 ? Op.Msub : Op.Madd; return; }
  if (!sf) return;
  switch (op31) {
    case 0b001: d.op = o0 ? Op.Smsubl : Op.Smaddl; break;
    case 0b010: if (!o0) d.op = Op.Smulh; break;
    case 0b101: d.op = o0 ? Op.Umsubl : Op.Umaddl; break;
    case 0b110: if (!o0) d.op = Op.Umulh; break;
  }
}
