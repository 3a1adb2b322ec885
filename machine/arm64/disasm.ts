// The A64 disassembler: an `Insn` (from the same decoder the CPU runs) back
// to text, spelled the way GNU objdump 2.40 prints it, including its choice
// of preferred aliases (mov, cmp, lsl, ubfx, cset, ...). Branch targets are
// printed as bare hex addresses, without objdump's `<symbol+off>` part.
//
// The alias rules are the "preferred disassembly" conditions of each
// instruction's page in the Arm ARM (C6.2), as binutils implements them.

import { decode } from "./decode";
import { Insn, Op, SP, ZR } from "./insn";
import { formatMemSys } from "./disasm-mem";
import { formatSimd } from "./simd";
import { condTail, EXTEND, hex, hex64, isZr, reg, SHIFT, withDecimal } from "./disasm-util";

/** Disassemble the 4-byte instruction at bytes[offset], which sits at `address`. */
export function disassemble(bytes: Uint8Array, offset: number, address: bigint): { length: number; text: string } {
  if (offset < 0 || offset + 4 > bytes.length) {
    const n = Math.max(0, bytes.length - offset);
    return { length: n, text: "(bad)" };
  }
  const w = (bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24)) | 0;
  return { length: 4, text: formatInsn(decode(w, new Insn()), address) };
}

/** The text of one decoded instruction at `address`. */
export function formatInsn(d: Insn, address: bigint): string {
  return formatDp(d) ?? formatSimd(d) ?? formatMemSys(d, address);
}

const R = (s: number, d: Insn): string => reg(s, d.sf);

function shiftSuffix(d: Insn): string {
  return d.kind === 0 && d.imm2 === 0 ? "" : `, ${SHIFT[d.kind]} #${d.imm2}`;
}

/** The data-processing instructions; undefined if `d` is something else. */
function formatDp(d: Insn): string | undefined {
  const rd = R(d.rd, d), rn = R(d.rn, d), rm = R(d.rm, d);
  switch (d.op) {
    case Op.AddImm: case Op.SubImm: case Op.AddsImm: case Op.SubsImm: return addSubImm(d);
    case Op.AndImm: case Op.OrrImm: case Op.EorImm: case Op.AndsImm: return logicalImm(d);
    case Op.Movz: case Op.Movn: case Op.Movk: return moveWide(d);
    case Op.Sbfm: case Op.Ubfm: case Op.Bfm: return bitfield(d);
    case Op.Extr:
      return d.rn === d.rm ? `ror\t${rd}, ${rn}, #${d.imm2}` : `extr\t${rd}, ${rn}, ${rm}, #${d.imm2}`;
    case Op.AndReg: case Op.BicReg: case Op.OrrReg: case Op.OrnReg:
    case Op.EorReg: case Op.EonReg: case Op.AndsReg: case Op.BicsReg: return logicalReg(d);
    case Op.AddReg: case Op.AddsReg: case Op.SubReg: case Op.SubsReg: return addSubReg(d);
    case Op.AddExt: case Op.AddsExt: case Op.SubExt: case Op.SubsExt: return addSubExt(d);
    case Op.Adc: return `adc\t${rd}, ${rn}, ${rm}`;
    case Op.Adcs: return `adcs\t${rd}, ${rn}, ${rm}`;
    case Op.Sbc: return isZr(d.rn) ? `ngc\t${rd}, ${rm}` : `sbc\t${rd}, ${rn}, ${rm}`;
    case Op.Sbcs: return isZr(d.rn) ? `ngcs\t${rd}, ${rm}` : `sbcs\t${rd}, ${rn}, ${rm}`;
    case Op.CcmnReg: case Op.CcmpReg: case Op.CcmnImm: case Op.CcmpImm: {
      const mn = d.op === Op.CcmnReg || d.op === Op.CcmnImm ? "ccmn" : "ccmp";
      const second = d.op === Op.CcmnImm || d.op === Op.CcmpImm ? hex(d.imm) : rm;
      return `${mn}\t${rn}, ${second}, ${hex(d.imm2)}, ${condTail(d.cond)}`;
    }
    case Op.Csel: return `csel\t${rd}, ${rn}, ${rm}, ${condTail(d.cond)}`;
    case Op.Csinc: case Op.Csinv: case Op.Csneg: return condSelect(d);
    case Op.Udiv: return `udiv\t${rd}, ${rn}, ${rm}`;
    case Op.Sdiv: return `sdiv\t${rd}, ${rn}, ${rm}`;
    case Op.Lslv: return `lsl\t${rd}, ${rn}, ${rm}`;
    case Op.Lsrv: return `lsr\t${rd}, ${rn}, ${rm}`;
    case Op.Asrv: return `asr\t${rd}, ${rn}, ${rm}`;
    case Op.Rorv: return `ror\t${rd}, ${rn}, ${rm}`;
    case Op.Rbit: return `rbit\t${rd}, ${rn}`;
    case Op.Rev16: return `rev16\t${rd}, ${rn}`;
    case Op.Rev32: return `rev32\t${rd}, ${rn}`;
    case Op.Rev: return `rev\t${rd}, ${rn}`;
    case Op.Clz: return `clz\t${rd}, ${rn}`;
    case Op.Cls: return `cls\t${rd}, ${rn}`;
    case Op.Madd: case Op.Msub: {
      const sub = d.op === Op.Msub;
      if (isZr(d.ra)) return `${sub ? "mneg" : "mul"}\t${rd}, ${rn}, ${rm}`;
      return `${sub ? "msub" : "madd"}\t${rd}, ${rn}, ${rm}, ${R(d.ra, d)}`;
    }
    case Op.Smaddl: case Op.Smsubl: case Op.Umaddl: case Op.Umsubl: {
      const u = d.op === Op.Umaddl || d.op === Op.Umsubl ? "u" : "s";
      const sub = d.op === Op.Smsubl || d.op === Op.Umsubl;
      const wn = reg(d.rn, 0), wm = reg(d.rm, 0);
      if (isZr(d.ra)) return `${u}${sub ? "mnegl" : "mull"}\t${rd}, ${wn}, ${wm}`;
      return `${u}${sub ? "msubl" : "maddl"}\t${rd}, ${wn}, ${wm}, ${reg(d.ra, 1)}`;
    }
    case Op.Smulh: return `smulh\t${rd}, ${rn}, ${rm}`;
    case Op.Umulh: return `umulh\t${rd}, ${rn}, ${rm}`;
    default: return undefined;
  }
}

function addSubImm(d: Insn): string {
  const rd = R(d.rd, d), rn = R(d.rn, d);
  const imm = hex(d.imm2 ? d.imm >>> 12 : d.imm) + (d.imm2 ? ", lsl #12" : "");
  switch (d.op) {
    case Op.AddImm:
      if (d.imm === 0 && d.imm2 === 0 && (d.rd === SP || d.rn === SP)) return `mov\t${rd}, ${rn}`;
      return `add\t${rd}, ${rn}, ${imm}`;
    case Op.AddsImm: return isZr(d.rd) ? `cmn\t${rn}, ${imm}` : `adds\t${rd}, ${rn}, ${imm}`;
    case Op.SubImm: return `sub\t${rd}, ${rn}, ${imm}`;
    default: return isZr(d.rd) ? `cmp\t${rn}, ${imm}` : `subs\t${rd}, ${rn}, ${imm}`;
  }
}

/**
 * Would MOVZ or MOVN express this value? Then objdump prints ORR as ORR, not
 * as MOV. (This is binutils' test, aarch64_wide_constant_p on the value and
 * its complement; it differs from the Arm ARM's MoveWidePreferred for a few
 * 32-bit values such as 0x1ffff, and objdump is our reference.)
 */
function wideConstant(lo: number, hi: number, sf: number): boolean {
  const chunks = sf ? [lo & 0xffff, lo >>> 16, hi & 0xffff, hi >>> 16] : [lo & 0xffff, lo >>> 16];
  return chunks.filter((c) => c !== 0).length <= 1;
}

function logicalImm(d: Insn): string {
  const rd = R(d.rd, d), rn = R(d.rn, d), imm = hex64(d.imm, d.immHi);
  switch (d.op) {
    case Op.AndImm: return `and\t${rd}, ${rn}, ${imm}`;
    case Op.EorImm: return `eor\t${rd}, ${rn}, ${imm}`;
    case Op.AndsImm: return isZr(d.rd) ? `tst\t${rn}, ${imm}` : `ands\t${rd}, ${rn}, ${imm}`;
    default:
      if (isZr(d.rn) && (d.rd === SP || !(wideConstant(d.imm, d.immHi, d.sf) || wideConstant(~d.imm, ~d.immHi, d.sf)))) {
        return withDecimal("mov", rd, imm, signedValue(d.imm, d.immHi, d.sf));
      }
      return `orr\t${rd}, ${rn}, ${imm}`;
  }
}

function signedValue(lo: number, hi: number, sf: number): bigint {
  if (!sf) return BigInt(lo | 0);
  return BigInt.asIntN(64, (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0));
}

function moveWide(d: Insn): string {
  const rd = R(d.rd, d), hw = d.imm3;
  const explicit = (mn: string): string => `${mn}\t${rd}, ${hex(d.imm)}${hw ? `, lsl #${hw}` : ""}`;
  if (d.op === Op.Movk) return explicit("movk");
  if (d.imm === 0 && hw !== 0) return explicit(d.op === Op.Movz ? "movz" : "movn");
  let v = BigInt(d.imm) << BigInt(hw);
  if (d.op === Op.Movn) {
    if (!d.sf && d.imm === 0xffff) return explicit("movn");
    v = ~v;
  }
  v = d.sf ? BigInt.asUintN(64, v) : BigInt.asUintN(32, v);
  const signed = d.sf ? BigInt.asIntN(64, v) : BigInt.asIntN(32, v);
  return withDecimal("mov", rd, `#0x${v.toString(16)}`, signed);
}

function bitfield(d: Insn): string {
  const rd = R(d.rd, d), rn = R(d.rn, d), immr = d.imm2, imms = d.imm3;
  const width = d.sf ? 64 : 32, top = width - 1;
  if (d.op === Op.Sbfm) {
    if (imms === top) return `asr\t${rd}, ${rn}, #${immr}`;
    if (immr === 0 && (imms === 7 || imms === 15 || (imms === 31 && d.sf))) {
      return `${["sxtb", "sxth", "sxtw"][imms === 7 ? 0 : imms === 15 ? 1 : 2]}\t${rd}, ${reg(d.rn, 0)}`;
    }
    if (imms < immr) return `sbfiz\t${rd}, ${rn}, #${(width - immr) & top}, #${imms + 1}`;
    return `sbfx\t${rd}, ${rn}, #${immr}, #${imms - immr + 1}`;
  }
  if (d.op === Op.Ubfm) {
    if (imms !== top && imms + 1 === immr) return `lsl\t${rd}, ${rn}, #${top - imms}`;
    if (imms === top) return `lsr\t${rd}, ${rn}, #${immr}`;
    if (!d.sf && immr === 0 && (imms === 7 || imms === 15)) return `${imms === 7 ? "uxtb" : "uxth"}\t${rd}, ${rn}`;
    if (imms < immr) return `ubfiz\t${rd}, ${rn}, #${(width - immr) & top}, #${imms + 1}`;
    return `ubfx\t${rd}, ${rn}, #${immr}, #${imms - immr + 1}`;
  }
  if (imms < immr) {
    const lsb = (width - immr) & top;
    return isZr(d.rn) ? `bfc\t${rd}, #${lsb}, #${imms + 1}` : `bfi\t${rd}, ${rn}, #${lsb}, #${imms + 1}`;
  }
  return `bfxil\t${rd}, ${rn}, #${immr}, #${imms - immr + 1}`;
}

function logicalReg(d: Insn): string {
  const rd = R(d.rd, d), rn = R(d.rn, d), rm = R(d.rm, d) + shiftSuffix(d);
  const names = { [Op.AndReg]: "and", [Op.BicReg]: "bic", [Op.OrrReg]: "orr", [Op.OrnReg]: "orn",
    [Op.EorReg]: "eor", [Op.EonReg]: "eon", [Op.AndsReg]: "ands", [Op.BicsReg]: "bics" } as Record<number, string>;
  if (d.op === Op.OrrReg && isZr(d.rn) && d.kind === 0 && d.imm2 === 0) return `mov\t${rd}, ${rm}`;
  if (d.op === Op.OrnReg && isZr(d.rn)) return `mvn\t${rd}, ${rm}`;
  if (d.op === Op.AndsReg && isZr(d.rd)) return `tst\t${rn}, ${rm}`;
  return `${names[d.op]}\t${rd}, ${rn}, ${rm}`;
}

function addSubReg(d: Insn): string {
  const rd = R(d.rd, d), rn = R(d.rn, d), rm = R(d.rm, d) + shiftSuffix(d);
  switch (d.op) {
    case Op.AddReg: return `add\t${rd}, ${rn}, ${rm}`;
    case Op.AddsReg: return isZr(d.rd) ? `cmn\t${rn}, ${rm}` : `adds\t${rd}, ${rn}, ${rm}`;
    case Op.SubReg: return isZr(d.rn) ? `neg\t${rd}, ${rm}` : `sub\t${rd}, ${rn}, ${rm}`;
    default:
      if (isZr(d.rd)) return `cmp\t${rn}, ${rm}`;
      return isZr(d.rn) ? `negs\t${rd}, ${rm}` : `subs\t${rd}, ${rn}, ${rm}`;
  }
}

function addSubExt(d: Insn): string {
  const rd = R(d.rd, d), rn = R(d.rn, d);
  const xReg = d.sf === 1 && (d.kind & 3) === 3;         // UXTX/SXTX of a 64-bit op take an X register
  const rmName = reg(d.rm, xReg ? 1 : 0);
  const compare = (d.op === Op.AddsExt || d.op === Op.SubsExt) && isZr(d.rd);
  // With SP involved, UXTX (64-bit) or UXTW (32-bit) is written as LSL, and dropped when the shift is 0.
  const spInvolved = d.rn === SP || (!compare && d.rd === SP);
  let ext = EXTEND[d.kind];
  if (spInvolved && d.kind === (d.sf ? 3 : 2)) ext = "lsl";
  let op2: string;
  if (ext === "lsl" && d.imm2 === 0) op2 = rmName;
  else op2 = d.imm2 ? `${rmName}, ${ext} #${d.imm2}` : `${rmName}, ${ext}`;
  switch (d.op) {
    case Op.AddExt: return `add\t${rd}, ${rn}, ${op2}`;
    case Op.SubExt: return `sub\t${rd}, ${rn}, ${op2}`;
    case Op.AddsExt: return compare ? `cmn\t${rn}, ${op2}` : `adds\t${rd}, ${rn}, ${op2}`;
    default: return compare ? `cmp\t${rn}, ${op2}` : `subs\t${rd}, ${rn}, ${op2}`;
  }
}

function condSelect(d: Insn): string {
  const rd = R(d.rd, d), rn = R(d.rn, d), rm = R(d.rm, d);
  const inv = d.cond ^ 1, normal = d.cond < 14;
  if (d.op === Op.Csinc) {
    if (normal && d.rn === ZR && d.rm === ZR) return `cset\t${rd}, ${condTail(inv)}`;
    if (normal && d.rn === d.rm && d.rm !== ZR) return `cinc\t${rd}, ${rn}, ${condTail(inv)}`;
    return `csinc\t${rd}, ${rn}, ${rm}, ${condTail(d.cond)}`;
  }
  if (d.op === Op.Csinv) {
    if (normal && d.rn === ZR && d.rm === ZR) return `csetm\t${rd}, ${condTail(inv)}`;
    if (normal && d.rn === d.rm && d.rm !== ZR) return `cinv\t${rd}, ${rn}, ${condTail(inv)}`;
    return `csinv\t${rd}, ${rn}, ${rm}, ${condTail(d.cond)}`;
  }
  if (normal && d.rn === d.rm) return `cneg\t${rd}, ${rn}, ${condTail(inv)}`;
  return `csneg\t${rd}, ${rn}, ${rm}, ${condTail(d.cond)}`;
}
