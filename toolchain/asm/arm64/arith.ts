// Add and subtract: ADD/SUB/ADDS/SUBS in their three forms, their aliases
// CMP/CMN/NEG/NEGS and MOV to or from SP, and ADC/SBC/NGC with carry.
// Arm ARM C4.1.86 (add/subtract immediate), C4.1.95 (shifted register),
// C4.1.96 (extended register), C4.1.97 (with carry).
//
// Register 31 means SP in some operand positions and XZR in others, and that
// is what decides the form: the shifted-register form has no SP, so gas uses
// the extended-register form (UXTX, printed "lsl") when SP appears.

import { EncodeError, type EncodeContext } from "../backend";
import { R_AARCH64_ADD_ABS_LO12_NC } from "../../elf/constants";
import { R_AARCH64_TLSLE_ADD_TPREL_HI12, R_AARCH64_TLSLE_ADD_TPREL_LO12, R_AARCH64_TLSLE_ADD_TPREL_LO12_NC } from "./relocs";
import {
  count, fail, gpr, imm, isReg, parseModified, parseModifier, parseReg, EXTENDS,
  type Op, type Reg,
} from "./operands";
import { bits, type A64Word } from "./word";

interface AddSub { sub: boolean; setFlags: boolean }

const KINDS: Record<string, AddSub> = {
  add: { sub: false, setFlags: false }, adds: { sub: false, setFlags: true },
  sub: { sub: true, setFlags: false }, subs: { sub: true, setFlags: true },
};

/** ADD/SUB/ADDS/SUBS Rd, Rn, <operand>: pick the form from the operand. */
export function addSub(ops: Op[], ctx: EncodeContext, m: string): A64Word {
  count(ops, 3, 4);
  const k = KINDS[m];
  // Rd, like Rn, means SP or ZR depending on the form: parse it loosely and
  // let each form check register 31.
  const rd = parseReg(ops[0].text) ?? gpr(ops[0]);
  return addSubRest(k, rd, ops.slice(1), ctx);
}

/** CMP/CMN Rn, <operand> = SUBS/ADDS ZR, Rn, <operand>. */
export function cmpCmn(ops: Op[], ctx: EncodeContext, m: string): A64Word {
  count(ops, 2, 3);
  const rn = parseReg(ops[0].text);
  const zr: Reg = { n: 31, x: rn ? rn.x : true, kind: "zr" };
  return addSubRest({ sub: m === "cmp", setFlags: true }, zr, ops, ctx);
}

/** NEG/NEGS Rd, Rm{, shift} = SUB/SUBS Rd, ZR, Rm{, shift}. */
export function neg(ops: Op[], ctx: EncodeContext, m: string): A64Word {
  count(ops, 2, 3);
  const rd = gpr(ops[0]);
  if (!isReg(ops[1])) fail(ops[1], "integer register expected");
  return shifted({ sub: true, setFlags: m === "negs" }, rd, { n: 31, x: rd.x, kind: "zr" }, ops[1], ops[2], ctx);
}

function addSubRest(k: AddSub, rd: Reg, ops: Op[], ctx: EncodeContext): A64Word {
  // Rn is SP-or-register in the immediate and extended forms, ZR-or-register
  // in the shifted form; which form applies depends on the other operands.
  const rn = parseReg(ops[0].text) ?? gpr(ops[0], "sp");
  if (rn.x !== rd.x) fail(ops[0], "operand mismatch: registers of one width expected");
  if (!isReg(ops[1])) {
    checkSpForm(k, rd, rn, ops);
    return immediate(k, rd, rn, ops[1], ops[2], ctx);
  }
  const mod = ops[2] ? parseModifier(ops[2], ctx) : undefined;
  if (ops[2] && !mod) fail(ops[2], "shift or extend operator expected");
  const rm = parseReg(ops[1].text)!;
  const extended = (mod && EXTENDS.includes(mod.kind)) || rd.kind === "sp" || rn.kind === "sp" ||
    (rd.x && !rm.x);
  if (extended) {
    checkSpForm(k, rd, rn, ops);
    return extendedForm(k, rd, rn, ops[1], ops[2], ctx);
  }
  return shifted(k, rd, rn, ops[1], ops[2], ctx);
}

/** Immediate and extended forms: Rn is SP (never ZR); Rd is SP unless flags are set. */
function checkSpForm(k: AddSub, rd: Reg, rn: Reg, ops: Op[]): void {
  if (rn.kind === "zr") fail(ops[0], "zero register not allowed here");
  if (!k.setFlags && rd.kind === "zr") throw new EncodeError("zero register not allowed as destination here (register 31 is SP in this form)");
  if (k.setFlags && rd.kind === "sp") throw new EncodeError("operand 1 must be an integer register, not SP");
}

const ADD_MODIFIERS: Record<string, number> = {
  lo12: R_AARCH64_ADD_ABS_LO12_NC,
  tprel_hi12: R_AARCH64_TLSLE_ADD_TPREL_HI12,
  tprel_lo12: R_AARCH64_TLSLE_ADD_TPREL_LO12,
  tprel_lo12_nc: R_AARCH64_TLSLE_ADD_TPREL_LO12_NC,
};

/** sf op S 100010 sh imm12 Rn Rd. A negative immediate flips ADD and SUB, as gas does. */
function immediate(k: AddSub, rd: Reg, rn: Reg, op: Op, shiftOp: Op | undefined, ctx: EncodeContext): A64Word {
  if (rd.x !== rn.x) fail(op, "operand mismatch: registers of one width expected");
  let sub = k.sub, sh = 0, value: bigint;
  let reloc: A64Word["reloc"];
  const mod = parseModified(op, ctx);
  if (mod) {
    // :lo12: is the low 12 bits of an address (after adrp); the :tprel_*:
    // ones are a thread-local variable's offset from TPIDR_EL0 (local-exec TLS).
    const type = ADD_MODIFIERS[mod.name];
    if (type === undefined) fail(op, `relocation :${mod.name}: not allowed here`);
    if (mod.value.symbol === undefined && mod.name === "lo12") value = mod.value.addend & 0xfffn;
    else if (mod.value.symbol === undefined) fail(op, `:${mod.name}: needs a symbol`);
    else { value = 0n; reloc = { type, symbol: mod.value.symbol, addend: mod.value.addend }; }
  } else {
    value = imm(op, ctx);
  }
  if (shiftOp) {
    const s = parseModifier(shiftOp, ctx);
    if (!s || s.kind !== "lsl" || (s.amount !== 0 && s.amount !== 12)) fail(shiftOp, "shift amount must be 0 or 12");
    sh = s.amount === 12 ? 1 : 0;
  }
  if (value < 0n && !reloc) { value = -value; sub = !sub; }
  if (!sh && value > 0xfffn && (value & 0xfffn) === 0n && value >> 12n <= 0xfffn) { value >>= 12n; sh = 1; }
  if (value > 0xfffn) fail(op, "immediate out of range");
  const word = 0x11000000 | bits(rd.x ? 1 : 0, 1, 31) | bits(sub ? 1 : 0, 1, 30) |
    bits(k.setFlags ? 1 : 0, 1, 29) | bits(sh, 1, 22) | bits(value, 12, 10) | bits(rn.n, 5, 5) | rd.n;
  return { word: word >>> 0, reloc };
}

/** sf op S 01011 shift 0 Rm imm6 Rn Rd (ROR is not allowed for add/sub). */
function shifted(k: AddSub, rd: Reg, rn: Reg, rmOp: Op, shiftOp: Op | undefined, ctx: EncodeContext): A64Word {
  const rm = gpr(rmOp, "zr", rd.x);
  if (rn.x !== rd.x) fail(rmOp, "operand mismatch: registers of one width expected");
  let type = 0, amount = 0;
  if (shiftOp) {
    const s = parseModifier(shiftOp, ctx);
    if (!s) fail(shiftOp, "shift operator expected");
    if (s.kind === "ror") fail(shiftOp, "'ROR' operator not allowed");
    if (!["lsl", "lsr", "asr"].includes(s.kind)) fail(shiftOp, "shift operator expected");
    type = ["lsl", "lsr", "asr"].indexOf(s.kind);
    amount = s.amount ?? 0;
    if (amount > (rd.x ? 63 : 31)) fail(shiftOp, `shift amount out of range 0 to ${rd.x ? 63 : 31}`);
  }
  const word = 0x0b000000 | bits(rd.x ? 1 : 0, 1, 31) | bits(k.sub ? 1 : 0, 1, 30) |
    bits(k.setFlags ? 1 : 0, 1, 29) | bits(type, 2, 22) | bits(rm.n, 5, 16) | bits(amount, 6, 10) |
    bits(rn.n, 5, 5) | rd.n;
  return { word: word >>> 0 };
}

const OPTION: Record<string, number> = { uxtb: 0, uxth: 1, uxtw: 2, uxtx: 3, sxtb: 4, sxth: 5, sxtw: 6, sxtx: 7 };

/** sf op S 01011 00 1 Rm option imm3 Rn Rd. "lsl" means UXTX (x) or UXTW (w). */
function extendedForm(k: AddSub, rd: Reg, rn: Reg, rmOp: Op, extOp: Op | undefined, ctx: EncodeContext): A64Word {
  const rm = gpr(rmOp);
  if (rn.x !== rd.x) fail(rmOp, "operand mismatch: registers of one width expected");
  // Without an extend (or with "lsl", allowed when SP is involved) the
  // option is UXTX for an X index and UXTW for a W index.
  let option = rd.x && rm.x ? 3 : 2, amount = 0;
  if (extOp) {
    const e = parseModifier(extOp, ctx);
    if (!e) fail(extOp, "extend operator expected");
    if (e.kind === "lsl") {
      if (rd.kind !== "sp" && rn.kind !== "sp") fail(extOp, "extend operator expected");
    } else if (EXTENDS.includes(e.kind)) {
      option = OPTION[e.kind];
    } else {
      fail(extOp, "extend operator expected");
    }
    amount = e.amount ?? 0;
    if (amount > 4) fail(extOp, "shift amount out of range 0 to 4");
  } else if (rd.x && !rm.x && rd.kind !== "sp" && rn.kind !== "sp") {
    fail(rmOp, "missing extend operator");
  }
  if (!rd.x && rm.x) fail(rmOp, "operand mismatch: 32-bit (w) register expected");
  // The architecture names Rm as X for UXTX/SXTX (and LSL) and as W for the
  // others, but gas accepts either width there and so do we.
  const word = 0x0b200000 | bits(rd.x ? 1 : 0, 1, 31) | bits(k.sub ? 1 : 0, 1, 30) |
    bits(k.setFlags ? 1 : 0, 1, 29) | bits(rm.n, 5, 16) | bits(option, 3, 13) | bits(amount, 3, 10) |
    bits(rn.n, 5, 5) | rd.n;
  return { word: word >>> 0 };
}

/** ADC/ADCS/SBC/SBCS Rd, Rn, Rm and NGC/NGCS Rd, Rm (= SBC Rd, ZR, Rm). */
export function carry(ops: Op[], _ctx: EncodeContext, m: string): A64Word {
  const isNg = m.startsWith("ngc");
  count(ops, isNg ? 2 : 3);
  const rd = gpr(ops[0]);
  const rn = isNg ? 31 : gpr(ops[1], "zr", rd.x).n;
  const rm = gpr(ops[isNg ? 1 : 2], "zr", rd.x);
  const sub = m.startsWith("sbc") || isNg ? 1 : 0;
  const s = m.endsWith("s") ? 1 : 0;
  const word = 0x1a000000 | bits(rd.x ? 1 : 0, 1, 31) | bits(sub, 1, 30) | bits(s, 1, 29) |
    bits(rm.n, 5, 16) | bits(rn, 5, 5) | rd.n;
  return { word: word >>> 0 };
}
