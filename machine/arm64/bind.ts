// Choosing the handler for a decoded instruction.
//
// The decoder says *what* an instruction is; this table says which small
// function runs it. Where it pays, one operation gets several handlers
// (32- and 64-bit forms, a fast MOV, LDR/STR with an immediate offset), so
// the hot handlers have no "which variant am I?" tests in them.

import * as A from "./exec-alu";
import * as M from "./exec-misc";
import * as L from "./exec-mem";
import * as S from "./exec-sys";
import * as E1 from "./exec-el1";
import * as F from "./exec-fast";
import * as V from "./simd";
import * as T from "./exec-atomic";
import { Acc, type Handler, type Insn, Mode, Op, ZR } from "./insn";

type Pair = readonly [Handler, Handler]; // [32-bit, 64-bit]

const BY_WIDTH: Partial<Record<number, Pair>> = {
  [Op.AddImm]: [A.addImm32, A.addImm64], [Op.AddsImm]: [A.addsImm32, A.addsImm64],
  [Op.SubImm]: [A.subImm32, A.subImm64], [Op.SubsImm]: [A.subsImm32, A.subsImm64],
  [Op.AndImm]: [A.andImm32, A.andImm64], [Op.OrrImm]: [A.orrImm32, A.orrImm64],
  [Op.EorImm]: [A.eorImm32, A.eorImm64], [Op.AndsImm]: [A.andsImm32, A.andsImm64],
  [Op.Movn]: [A.movn32, A.movn64], [Op.Movz]: [A.movz, A.movz], [Op.Movk]: [A.movk32, A.movk64],
  [Op.Sbfm]: [A.sbfm32, A.sbfm64], [Op.Bfm]: [A.bfm32, A.bfm64], [Op.Ubfm]: [A.ubfm32, A.ubfm64],
  [Op.Extr]: [A.extr32, A.extr64],
  [Op.AndReg]: [A.andReg32, A.andReg64], [Op.BicReg]: [A.bicReg32, A.bicReg64],
  [Op.OrrReg]: [A.orrReg32, A.orrReg64], [Op.OrnReg]: [A.ornReg32, A.ornReg64],
  [Op.EorReg]: [A.eorReg32, A.eorReg64], [Op.EonReg]: [A.eonReg32, A.eonReg64],
  [Op.AndsReg]: [A.andsReg32, A.andsReg64], [Op.BicsReg]: [A.bicsReg32, A.bicsReg64],
  [Op.AddReg]: [A.addReg32, A.addReg64], [Op.AddsReg]: [A.addsReg32, A.addsReg64],
  [Op.SubReg]: [A.subReg32, A.subReg64], [Op.SubsReg]: [A.subsReg32, A.subsReg64],
  [Op.AddExt]: [A.addExt32, A.addExt64], [Op.AddsExt]: [A.addsExt32, A.addsExt64],
  [Op.SubExt]: [A.subExt32, A.subExt64], [Op.SubsExt]: [A.subsExt32, A.subsExt64],
};

const ANY_WIDTH: Partial<Record<number, Handler>> = {
  [Op.Undefined]: S.undef, [Op.Udf]: S.undef, [Op.Hlt]: S.undef,
  [Op.Adr]: A.adr, [Op.Adrp]: A.adrp,
  [Op.B]: S.b, [Op.Bl]: S.bl, [Op.Bcond]: S.bcond, [Op.Cbz]: S.cbz, [Op.Cbnz]: S.cbnz,
  [Op.Tbz]: S.tbz, [Op.Tbnz]: S.tbnz, [Op.Br]: S.br, [Op.Blr]: S.blr, [Op.Ret]: S.br,
  [Op.Svc]: S.svc, [Op.Brk]: S.brk, [Op.Hint]: S.hint, [Op.Barrier]: S.nop, [Op.Clrex]: S.clrex,
  [Op.Wfi]: S.wfi, [Op.Mrs]: S.mrs, [Op.Msr]: S.msr, [Op.Sys]: S.sys,
  [Op.Eret]: E1.eret, [Op.MsrImm]: E1.msrImm, [Op.Hvc]: E1.hvc, [Op.Tlbi]: E1.tlbi, [Op.SysEl1]: E1.sysEl1,
  [Op.Adc]: M.adc, [Op.Adcs]: M.adcs, [Op.Sbc]: M.sbc, [Op.Sbcs]: M.sbcs,
  [Op.CcmnReg]: M.ccmnReg, [Op.CcmpReg]: M.ccmpReg, [Op.CcmnImm]: M.ccmnImm, [Op.CcmpImm]: M.ccmpImm,
  [Op.Csel]: M.csel, [Op.Csinc]: M.csinc, [Op.Csinv]: M.csinv, [Op.Csneg]: M.csneg,
  [Op.Udiv]: M.udiv, [Op.Sdiv]: M.sdiv, [Op.Lslv]: M.lslv, [Op.Lsrv]: M.lsrv, [Op.Asrv]: M.asrv, [Op.Rorv]: M.rorv,
  [Op.Rbit]: M.rbit, [Op.Rev16]: M.rev16, [Op.Rev32]: M.rev32, [Op.Rev]: M.rev, [Op.Clz]: M.clz, [Op.Cls]: M.cls,
  [Op.Madd]: M.madd, [Op.Msub]: M.msub, [Op.Smaddl]: M.smaddl, [Op.Smsubl]: M.smsubl,
  [Op.Umaddl]: M.umaddl, [Op.Umsubl]: M.umsubl, [Op.Smulh]: M.smulh, [Op.Umulh]: M.umulh,
  [Op.Ld]: L.ld, [Op.St]: L.st, [Op.Prfm]: L.prfm, [Op.PrfmLit]: L.prfm, [Op.LdLit]: L.ldLit,
  [Op.Ldp]: L.ldp, [Op.Stp]: L.stp, [Op.Ldx]: L.ldx, [Op.Stx]: L.stx, [Op.Ldxp]: L.ldxp, [Op.Stxp]: L.stxp,
  [Op.Ldar]: L.ldar, [Op.Stlr]: L.stlr,
  [Op.Amo]: T.amo, [Op.Cas]: T.cas, [Op.Casp]: T.casp, [Op.Ldapr]: T.ldapr,
  [Op.FmovToFp]: V.fmovToFp, [Op.FmovFromFp]: V.fmovFromFp, [Op.Cnt]: V.cnt, [Op.Addv]: V.addv,
};

/** The handler that executes `d`. */
export function handlerFor(d: Insn): Handler {
  const special = fastPath(d);
  if (special) return special;
  const pair = BY_WIDTH[d.op];
  if (pair) return pair[d.sf];
  return ANY_WIDTH[d.op] ?? S.undef;
}

/** B.cond by condition; AL and NV are always taken (plain B). */
const BCOND: readonly Handler[] = [F.bEq, F.bNe, F.bCs, F.bCc, F.bMi, F.bPl, S.bcond, S.bcond,
  F.bHi, F.bLs, F.bGe, F.bLt, F.bGt, F.bLe, S.b, S.b];

/** Specialised handlers for the commonest shapes gcc emits. */
function fastPath(d: Insn): Handler | undefined {
  switch (d.op) {
    case Op.OrrReg:                                       // MOV Rd, Rm
      if (d.rn === ZR && d.imm2 === 0) return d.sf ? A.movReg64 : A.movReg32;
      return undefined;
    case Op.Ubfm:                                         // LSL #n
      if (d.sf && d.imm3 !== 63 && d.imm3 + 1 === d.imm2) return A.lslImm64;
      return undefined;
    case Op.Bcond: return BCOND[d.cond];
    case Op.SubsReg:
      if (d.kind === 0 && d.imm2 === 0) return d.sf ? F.subsPlain64 : F.subsPlain32;
      return undefined;
    case Op.Ld:
      if (d.mode === Mode.Offset || d.mode === Mode.Unscaled) {
        if (d.kind === Acc.X) return L.ldrX;
        if (d.kind === Acc.W) return L.ldrW;
      }
      if (d.mode === Mode.Reg && d.imm3 === 3) {
        if (d.kind === Acc.X) return F.ldrxReg;
        if (d.kind === Acc.W) return F.ldrwReg;
        if (d.kind === Acc.B) return F.ldrbReg;
      }
      if (d.mode === Mode.Post && d.kind === Acc.X) return F.ldrxPost;
      return undefined;
    case Op.St:
      if (d.mode === Mode.Offset || d.mode === Mode.Unscaled) {
        if (d.kind === Acc.X) return L.strX;
        if (d.kind === Acc.W) return L.strW;
      }
      if (d.mode === Mode.Reg && d.imm3 === 3) {
        if (d.kind === Acc.X) return F.strxReg;
        if (d.kind === Acc.W) return F.strwReg;
        if (d.kind === Acc.B) return F.strbReg;
      }
      if (d.mode === Mode.Post && d.kind === Acc.X) return F.strxPost;
      return undefined;
    default: return undefined;
  }
}
