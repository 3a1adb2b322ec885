// Shifts, rotates and bit instructions (Intel SDM Vol. 2: SAL/SAR/SHL/SHR,
// RCL/RCR/ROL/ROR, SHLD, SHRD, BT/BTS/BTR/BTC, BSF, BSR, TZCNT, LZCNT, POPCNT).

import {
  Handler, agree, bad, count, finish, imm, isNumber, regOp, rm, rmOp, setSize,
} from "./forms";
import { ImmOp, Operand } from "./operands";

/** The count operand of a shift: 1 (D0/D1), CL (D2/D3) or imm8 (C0/C1). */
function shiftCount(op: Operand | undefined): "one" | "cl" | ImmOp {
  if (!op) return "one";
  if (op.kind === "reg" && op.reg.name === "cl") return "cl";
  if (op.kind === "imm" && isNumber(op)) {
    if (op.value.addend < -128n || op.value.addend > 255n) bad(`shift count ${op.text} does not fit in a byte`, op);
    return op.value.addend === 1n ? "one" : op;
  }
  return bad("shift count must be 1, cl or a number", op);
}

/** Group 2, ModRM.reg: rol 0, ror 1, rcl 2, rcr 3, shl/sal 4, shr 5, sar 7. */
const shift = (n: number): Handler => (ops, ctx, e, mnem) => {
  if (ops.length < 1 || ops.length > 2) bad(`'${mnem}' takes 1 or 2 operands`, ops[2]);
  const d = rmOp(ops[0], mnem);
  const size = agree([d], mnem);
  setSize(e, size);
  const c = shiftCount(ops[1]);
  const w = size === 1 ? 0 : 1;
  if (c === "one") e.opcode = [0xd0 + w];
  else if (c === "cl") e.opcode = [0xd2 + w];
  else e.opcode = [0xc0 + w];
  rm(e, n, d);
  if (typeof c === "object") imm(e, c, 1, 1);
  return finish(e, ctx);
};

/** SHLD/SHRD r/m, r, imm8|cl: 0F A4/A5 and 0F AC/AD. */
const dshift = (op: number): Handler => (ops, ctx, e, mnem) => {
  count(ops, 3, mnem);
  const d = rmOp(ops[0], mnem), s = regOp(ops[1], mnem);
  setSize(e, agree([d, s], mnem, [2, 4, 8]));
  const c = ops[2];
  if (c.kind === "reg" && c.reg.name === "cl") e.opcode = [0x0f, op + 1];
  else if (c.kind === "imm" && isNumber(c)) { e.opcode = [0x0f, op]; e.imms.push({ size: 1, value: c.value, col: c.col }); }
  else bad(`the count of '${mnem}' must be cl or a number`, c);
  rm(e, s.reg.num, d, s);
  return finish(e, ctx);
};

/** BT family: 0F A3/AB/B3/BB with a register bit index, 0F BA /4../7 with imm8. */
const bt = (regOpc: number, n: number): Handler => (ops, ctx, e, mnem) => {
  count(ops, 2, mnem);
  const d = rmOp(ops[0], mnem);
  const src = ops[1];
  if (src.kind === "imm" && isNumber(src)) {
    setSize(e, agree([d], mnem, [2, 4, 8]));
    e.opcode = [0x0f, 0xba];
    rm(e, n, d);
    e.imms.push({ size: 1, value: src.value, col: src.col });
    return finish(e, ctx);
  }
  const s = regOp(src, mnem);
  setSize(e, agree([d, s], mnem, [2, 4, 8]));
  e.opcode = [0x0f, regOpc];
  rm(e, s.reg.num, d, s);
  return finish(e, ctx);
};

/** r, r/m with a two-byte opcode, optionally behind a mandatory F3 prefix. */
const rRm = (opc: number, rep = 0): Handler => (ops, ctx, e, mnem) => {
  count(ops, 2, mnem);
  const d = regOp(ops[0], mnem), s = rmOp(ops[1], mnem);
  setSize(e, agree([d, s], mnem, [2, 4, 8]));
  if (rep) e.rep = rep;
  e.opcode = [0x0f, opc];
  rm(e, d.reg.num, s, d);
  return finish(e, ctx);
};

export const BIT_HANDLERS: Record<string, Handler> = {
  rol: shift(0), ror: shift(1), rcl: shift(2), rcr: shift(3), shl: shift(4), sal: shift(4), shr: shift(5), sar: shift(7),
  shld: dshift(0xa4), shrd: dshift(0xac),
  bt: bt(0xa3, 4), bts: bt(0xab, 5), btr: bt(0xb3, 6), btc: bt(0xbb, 7),
  bsf: rRm(0xbc), bsr: rRm(0xbd), tzcnt: rRm(0xbc, 0xf3), lzcnt: rRm(0xbd, 0xf3), popcnt: rRm(0xb8, 0xf3),
};
