// Exception generation, hints, barriers and system-register access.
// Arm ARM C4.1.89 "Branches, exception generating and system instructions".
//
// The system instruction space is one big encoding with fields
// op0 op1 CRn CRm op2 Rt: MRS/MSR move a system register to or from Rt,
// SYS performs an operation (TLBI, DC, IC and AT are named SYS operations),
// hints (NOP, WFI, ...) and barriers (DMB, DSB, ISB) are fixed encodings
// with a small immediate.

import type { EncodeContext } from "../backend";
import { count, fail, gpr, immRange, type Op } from "./operands";
import { AT, DC, IC, PSTATE, TLBI, sysReg, type SysOp } from "./sysregs";
import { bits, type A64Word } from "./word";

const EXCEPTION: Record<string, number> = {
  svc: 0xd4000001, hvc: 0xd4000002, smc: 0xd4000003, brk: 0xd4200000, hlt: 0xd4400000,
};

/** SVC/HVC/SMC/BRK/HLT #imm16, and UDF #imm16 (a permanently undefined word). */
export function exception(ops: Op[], ctx: EncodeContext, m: string): A64Word {
  count(ops, 1);
  const v = immRange(ops[0], ctx, 0, 65535);
  if (m === "udf") return { word: v };
  return { word: (EXCEPTION[m] | bits(v, 16, 5)) >>> 0 };
}

/**
 * The hint space (HINT #0..127): instructions that older cores run as NOPs,
 * so code can use them unconditionally — pointer authentication (PACIASP, AUTIASP, ...),
 * branch target identification (BTI), speculation barriers (CSDB).
 */
const HINTS: Record<string, number> = {
  nop: 0, yield: 1, wfe: 2, wfi: 3, sev: 4, sevl: 5, dgh: 6, xpaclri: 7,
  pacia1716: 8, pacib1716: 10, autia1716: 12, autib1716: 14, esb: 16, csdb: 20, clearbhb: 22,
  paciaz: 24, paciasp: 25, pacibz: 26, pacibsp: 27, autiaz: 28, autiasp: 29, autibz: 30, autibsp: 31,
};
const BTI: Record<string, number> = { c: 34, j: 36, jc: 38 };

/** NOP/YIELD/WFE/WFI/..., PSB/TSB CSYNC, BTI {c|j|jc} and HINT #imm7. */
export function hint(ops: Op[], ctx: EncodeContext, m: string): A64Word {
  let v: number;
  if (m === "hint") {
    count(ops, 1);
    v = immRange(ops[0], ctx, 0, 127);
  } else if (m === "psb" || m === "tsb") {
    count(ops, 1);
    if (ops[0].text.toLowerCase() !== "csync") fail(ops[0], "the only option is CSYNC");
    v = m === "psb" ? 17 : 18;
  } else if (m === "bti") {
    count(ops, 0, 1);
    v = ops[0] ? BTI[ops[0].text.toLowerCase()] : 32;
    if (v === undefined) fail(ops[0], "BTI target expected: c, j or jc");
  } else {
    count(ops, 0);
    v = HINTS[m];
  }
  return { word: (0xd503201f | bits(v, 7, 5)) >>> 0 };
}

export const BARRIER_OPTS: Record<string, number> = {
  oshld: 1, oshst: 2, osh: 3, nshld: 5, nshst: 6, nsh: 7,
  ishld: 9, ishst: 10, ish: 11, ld: 13, st: 14, sy: 15,
};

const BARRIERS: Record<string, number> = { clrex: 0xd503305f, dsb: 0xd503309f, dmb: 0xd50330bf, isb: 0xd50330df };

/** DMB/DSB option, ISB {sy}, CLREX {#imm}; SSBB and PSSBB are DSB #0 and #4. */
export function barrier(ops: Op[], ctx: EncodeContext, m: string): A64Word {
  if (m === "ssbb" || m === "pssbb") {
    count(ops, 0);
    return { word: (BARRIERS.dsb | bits(m === "ssbb" ? 0 : 4, 4, 8)) >>> 0 };
  }
  let crm = 15;
  if (m === "dmb" || m === "dsb") count(ops, 1);
  else count(ops, 0, 1);
  if (ops[0]) {
    const named = BARRIER_OPTS[ops[0].text.toLowerCase()];
    if (named !== undefined && (m === "dmb" || m === "dsb" || named === 15)) crm = named;
    else if (named !== undefined) fail(ops[0], "the specified option is not accepted in ISB");
    else crm = immRange(ops[0], ctx, 0, 15);
  }
  return { word: (BARRIERS[m] | bits(crm, 4, 8)) >>> 0 };
}

function sysRegWord(base: number, op: Op, rt: number): number {
  const r = sysReg(op.text);
  if (!r) fail(op, "unknown or missing system register name");
  const [op0, op1, crn, crm, op2] = r;
  return (base | bits(op0, 2, 19) | bits(op1, 3, 16) | bits(crn, 4, 12) | bits(crm, 4, 8) |
    bits(op2, 3, 5) | rt) >>> 0;
}

/** MRS Xt, sysreg. */
export function mrs(ops: Op[]): A64Word {
  count(ops, 2);
  const rt = gpr(ops[0], "zr", true);
  return { word: sysRegWord(0xd5200000, ops[1], rt.n) };
}

/** MSR sysreg, Xt, or MSR pstatefield, #imm (DAIFSet, DAIFClr, SPSel). */
export function msr(ops: Op[], ctx: EncodeContext): A64Word {
  count(ops, 2);
  const ps = PSTATE[ops[0].text.toLowerCase()];
  const isImm = ops[1].text.startsWith("#") || /^[0-9(]/.test(ops[1].text);
  if (ps && isImm) {
    const v = immRange(ops[1], ctx, 0, ps.max);
    return { word: (0xd500401f | bits(ps.op1, 3, 16) | bits(v, 4, 8) | bits(ps.op2, 3, 5)) >>> 0 };
  }
  if (ps && !sysReg(ops[0].text)) fail(ops[1], "immediate expected");
  const rt = gpr(ops[1], "zr", true);
  return { word: sysRegWord(0xd5000000, ops[0], rt.n) };
}

function sysWord(op1: number, crn: number, crm: number, op2: number, rt: number): number {
  return (0xd5080000 | bits(op1, 3, 16) | bits(crn, 4, 12) | bits(crm, 4, 8) | bits(op2, 3, 5) | rt) >>> 0;
}

const SYS_TABLES: Record<string, Record<string, SysOp>> = { tlbi: TLBI, dc: DC, ic: IC, at: AT };

/** TLBI/DC/IC/AT <op>{, Xt}: named SYS operations. */
export function sysAlias(ops: Op[], _ctx: EncodeContext, m: string): A64Word {
  count(ops, 1, 2);
  const s = SYS_TABLES[m][ops[0].text.toLowerCase()];
  if (!s) fail(ops[0], `unknown ${m.toUpperCase()} operation`);
  const [op1, crn, crm, op2, needsReg] = s;
  if (needsReg && !ops[1]) fail(ops[0], "missing register operand");
  if (!needsReg && ops[1]) fail(ops[1], "unexpected register operand");
  const rt = ops[1] ? gpr(ops[1], "zr", true).n : 31;
  return { word: sysWord(op1, crn, crm, op2, rt) };
}

/** A `Cn` operand of SYS/SYSL. */
function cr(op: Op | undefined): number {
  const m = op && /^c([0-9]|1[0-5])$/i.exec(op.text);
  if (!m) fail(op, "C0 - C15 expected");
  return Number(m[1]);
}

/** SYS #op1, Cn, Cm, #op2{, Xt} and SYSL Xt, #op1, Cn, Cm, #op2. */
export function sys(ops: Op[], ctx: EncodeContext, m: string): A64Word {
  if (m === "sysl") {
    count(ops, 5);
    const rt = gpr(ops[0], "zr", true).n;
    const w = sysWord(immRange(ops[1], ctx, 0, 7), cr(ops[2]), cr(ops[3]), immRange(ops[4], ctx, 0, 7), rt);
    return { word: (w | 0x200000) >>> 0 };
  }
  count(ops, 4, 5);
  const rt = ops[4] ? gpr(ops[4], "zr", true).n : 31;
  return { word: sysWord(immRange(ops[0], ctx, 0, 7), cr(ops[1]), cr(ops[2]), immRange(ops[3], ctx, 0, 7), rt) };
}

/** ERET/DRPS: fixed words. */
export function fixed(ops: Op[], _ctx: EncodeContext, m: string): A64Word {
  count(ops, 0);
  return { word: m === "eret" ? 0xd69f03e0 : 0xd6bf03e0 };
}
