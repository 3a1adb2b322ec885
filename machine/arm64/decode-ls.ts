// Decoding of the "Loads and Stores" group (Arm ARM C4.1.89).
//
// Record layout for loads and stores:
//   op    Ld / St / Prfm / LdLit / Ldp / Stp / Ldx / Stx / Ldxp / Stxp / Ldar / Stlr
//   kind  what moves (Acc: B, H, W, X, or a sign-extending load)
//   mode  the addressing form (Mode)
//   rd    Rt: the register loaded (a write slot) or stored (a read slot)
//   ra    Rt2 for pairs; for PRFM the raw prfop field
//   rn    the base register (31 = SP)
//   rm    the index register (register offset) or Rs (the status of a store-exclusive)
//   imm   the byte offset (already scaled), imm2 the index shift, imm3 the extend option
//   sf    1 if Rt is an X register

import { bits, rs, rz, sext, wz } from "./fields";
import { Acc, Insn, Mode, Op } from "./insn";

export function decodeLoadStore(w: number, d: Insn): void {
  if (bits(w, 26, 26)) return;                        // SIMD & FP registers: not implemented
  const b2927 = bits(w, 29, 27);
  if (b2927 === 0b001 && bits(w, 24, 24) === 0) { decodeExclusive(w, d); return; }
  if (b2927 === 0b011 && bits(w, 25, 24) === 0) { decodeLiteral(w, d); return; }
  if (b2927 === 0b101) { decodePair(w, d); return; }
  if (b2927 === 0b111) decodeSingle(w, d);
}

/** Load register (literal), C6.2.167 LDR (literal), C6.2.179 LDRSW (literal), C6.2.248 PRFM (literal). */
function decodeLiteral(w: number, d: Insn): void {
  const opc = w >>> 30;
  d.imm = sext(bits(w, 23, 5), 19) * 4;
  if (opc === 3) { d.op = Op.PrfmLit; d.ra = w & 31; return; }
  d.op = Op.LdLit;
  d.kind = opc === 0 ? Acc.W : opc === 1 ? Acc.X : Acc.SW64;
  d.sf = opc === 0 ? 0 : 1;
  d.rd = wz(w & 31);
}

/** Load/store pair: STP, LDP, LDPSW, STNP, LDNP (C6.2.321, C6.2.164, C6.2.165, ...). */
function decodePair(w: number, d: Insn): void {
  const opc = w >>> 30, form = bits(w, 25, 23), l = bits(w, 22, 22);
  if (form > 3 || opc === 3) return;
  if (opc === 1 && (!l || form === 0)) return;         // STGP (MTE); no LDNPSW
  d.mode = form === 0 ? Mode.NonTemporal : form === 1 ? Mode.Post : form === 2 ? Mode.Offset : Mode.Pre;
  d.kind = opc === 0 ? Acc.W : opc === 1 ? Acc.SW64 : Acc.X;
  d.sf = opc === 0 ? 0 : 1;
  const scale = opc === 2 ? 3 : 2;
  d.imm = sext(bits(w, 21, 15), 7) << scale;
  d.rn = rs(bits(w, 9, 5));
  const rt = w & 31, rt2 = bits(w, 14, 10), rn = bits(w, 9, 5);
  // CONSTRAINED UNPREDICTABLE cases (Arm ARM K1.2.x): LDPSW into one register twice, or with
  // writeback to a base it also loads. objdump rejects these for LDPSW (only), and so do we;
  // for LDP/STP we execute them as written (base writeback last).
  if (opc === 1 && (rt === rt2 || (form !== 2 && rn !== 31 && (rn === rt || rn === rt2)))) return;
  if (l) { d.op = Op.Ldp; d.rd = wz(rt); d.ra = wz(rt2); } else { d.op = Op.Stp; d.rd = rz(rt); d.ra = rz(rt2); }
}

/** Single register: unscaled, pre/post-indexed, unprivileged, register offset and unsigned offset. */
function decodeSingle(w: number, d: Insn): void {
  const size = w >>> 30, opc = bits(w, 23, 22), rt = w & 31;
  d.rn = rs(bits(w, 9, 5));
  if (bits(w, 24, 24)) {                               // unsigned immediate, C6.2.166 LDR (immediate) ...
    d.mode = Mode.Offset;
    d.imm = bits(w, 21, 10) << size;
  } else if (bits(w, 21, 21) === 0) {
    const op4 = bits(w, 11, 10);
    d.mode = [Mode.Unscaled, Mode.Post, Mode.Unpriv, Mode.Pre][op4];
    d.imm = sext(bits(w, 20, 12), 9);
  } else {
    if (bits(w, 11, 10) === 0) { decodeAtomic(w, d); return; }
    if (bits(w, 11, 10) !== 2) return;                 // PAC loads (LDRAA/LDRAB): not implemented
    const option = bits(w, 15, 13);
    if ((option & 2) === 0) return;
    d.mode = Mode.Reg;
    d.rm = rz(bits(w, 20, 16));
    d.imm3 = option;
    d.imm2 = bits(w, 12, 12) ? size : 0;
    d.imm = bits(w, 12, 12);                           // S, kept for the disassembler
  }
  if (opc === 0) { d.op = Op.St; d.kind = size; d.sf = size === 3 ? 1 : 0; d.rd = rz(rt); return; }
  if (opc === 1) { d.op = Op.Ld; d.kind = size; d.sf = size === 3 ? 1 : 0; d.rd = wz(rt); return; }
  if (size === 3) {                                    // PRFM / PRFUM: only unsigned, unscaled, register
    if (opc === 2 && (d.mode === Mode.Offset || d.mode === Mode.Reg || d.mode === Mode.Unscaled)) {
      d.op = Op.Prfm; d.ra = rt;
    }
    return;
  }
  if (opc === 2) {                                     // sign-extend to 64 bits: LDRSB/LDRSH/LDRSW Xt
    d.op = Op.Ld; d.kind = size === 0 ? Acc.SB64 : size === 1 ? Acc.SH64 : Acc.SW64; d.sf = 1;
  } else {                                             // sign-extend to 32 bits: LDRSB/LDRSH Wt
    if (size === 2) return;
    d.op = Op.Ld; d.kind = size === 0 ? Acc.SB32 : Acc.SH32; d.sf = 0;
  }
  d.rd = wz(rt);
}

/** Load/store exclusive and ordered (C4.1.89.1-3): LDXR, STXR, LDAXR, STLXR, LDXP, STXP, LDAR, STLR. */
function decodeExclusive(w: number, d: Insn): void {
  const size = w >>> 30, o2 = bits(w, 23, 23), l = bits(w, 22, 22), o1 = bits(w, 21, 21), o0 = bits(w, 15, 15);
  const rt = w & 31, rt2 = bits(w, 14, 10), rsField = bits(w, 20, 16);
  d.rn = rs(bits(w, 9, 5));
  d.imm2 = o0;                                         // acquire (loads) / release (stores): for the mnemonic
  if (o2 === 0 && o1 === 0) {
    d.kind = size; d.sf = size === 3 ? 1 : 0;
    if (l) { d.op = Op.Ldx; d.rd = wz(rt); } else { d.op = Op.Stx; d.rd = rz(rt); d.rm = wz(rsField); }
    return;
  }
  if (o2 === 0 && o1 === 1) {
    if (size < 2) { decodeCasp(w, d); return; }
    d.kind = size; d.sf = size === 3 ? 1 : 0;
    if (l) { d.op = Op.Ldxp; d.rd = wz(rt); d.ra = wz(rt2); } else { d.op = Op.Stxp; d.rd = rz(rt); d.ra = rz(rt2); d.rm = wz(rsField); }
    return;
  }
  // LDAR / STLR (LDLAR/STLLR need FEAT_LOR). Rs and Rt2 "should be" all ones: objdump (our
  // reference) insists for LDAR but not for STLR.
  if (o2 === 1 && o1 === 0 && o0 === 1 && (!l || (rsField === 31 && rt2 === 31))) {
    d.kind = size; d.sf = size === 3 ? 1 : 0;
    if (l) { d.op = Op.Ldar; d.rd = wz(rt); } else { d.op = Op.Stlr; d.rd = rz(rt); }
  }
  if (o2 === 1 && o1 === 1 && rt2 === 31) {           // CAS, CASA, CASL, CASAL (+B, H), C6.2.49...
    d.op = Op.Cas; d.kind = size; d.sf = size === 3 ? 1 : 0;
    d.imm3 = (l << 1) | o0;                            // acquire, release: for the mnemonic
    d.rd = rz(rt); d.rm = rz(rsField); d.ra = wz(rsField);
  }
}

/**
 * Atomic memory operations (FEAT_LSE, C4.1.89.14): LDADD, LDCLR, LDEOR,
 * LDSET, LDSMAX, LDSMIN, LDUMAX, LDUMIN (o3=0, by opc) and SWP (o3=1,
 * opc=0): Rt gets the old memory value, memory gets op(old, Rs). Also LDAPR.
 *   imm2: opc (0..7), or 8 for SWP;  imm3: A<<1 | R
 */
function decodeAtomic(w: number, d: Insn): void {
  const size = w >>> 30, a = bits(w, 23, 23), r = bits(w, 22, 22), o3 = bits(w, 15, 15), opc = bits(w, 14, 12);
  const rsField = bits(w, 20, 16), rt = w & 31;
  d.kind = size; d.sf = size === 3 ? 1 : 0; d.imm3 = (a << 1) | r;
  if (o3 === 1 && opc === 4 && a === 1 && r === 0 && rsField === 31) { d.op = Op.Ldapr; d.rd = wz(rt); return; }
  if (o3 === 1 && opc !== 0) return;
  d.op = Op.Amo; d.imm2 = o3 ? 8 : opc;
  d.rm = rz(rsField); d.rd = wz(rt);
}

/** CASP, CASPA, CASPL, CASPAL (C6.2.50): compare and swap a pair of even-numbered registers. */
function decodeCasp(w: number, d: Insn): void {
  const rsField = bits(w, 20, 16), rt = w & 31;
  if (bits(w, 14, 10) !== 31 || (rsField & 1) || (rt & 1)) return;
  const size = (w >>> 30) === 0 ? 2 : 3;
  d.op = Op.Casp; d.kind = size; d.sf = size === 3 ? 1 : 0;
  d.imm3 = (bits(w, 22, 22) << 1) | bits(w, 15, 15);
  d.rm = rz(rsField); d.ra = wz(rsField); d.m0 = rz(rsField + 1); d.m1 = wz(rsField + 1);
  d.rd = rz(rt); d.m2 = rz(rt + 1);
}
