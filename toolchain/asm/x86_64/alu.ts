// Arithmetic and logic (Intel SDM Vol. 2: ADD, OR, ADC, SBB, AND, SUB, XOR,
// CMP, TEST, INC, DEC, NEG, NOT, MUL, IMUL, DIV, IDIV).
//
// The eight ALU operations share one opcode pattern: 00+8n (r/m8, r8),
// 01+8n (r/m, r), 02+8n/03+8n (r, r/m), 04+8n/05+8n (AL/eAX, imm), and the
// group opcodes 80/81/83 with n in ModRM.reg. gas picks, like any good
// assembler, the shortest: imm8 (83) when the value fits a signed byte, the
// accumulator short form (05) for eAX with a full immediate.

import {
  Handler, agree, bad, checkImm, count, finish, fitsImm8, imm, immField, regOp, rm, rmOp, setSize,
} from "./forms";
import { ImmOp } from "./operands";

const ALU = ["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"];

const alu = (n: number): Handler => (ops, ctx, e, mnem) => {
  count(ops, 2, mnem);
  const [dst, src] = ops;
  if (src.kind === "imm" && (src.offset || src.value.symbol === undefined)) {
    const d = rmOp(dst, mnem);
    const size = agree([d], mnem);
    setSize(e, size);
    checkImm(src, size, mnem);
    if (size === 1) {
      if (d.kind === "reg" && d.reg.num === 0) e.opcode = [0x04 + 8 * n];
      else { e.opcode = [0x80]; rm(e, n, d); }
      imm(e, src, 1, 1);
    } else if (fitsImm8(src, size)) {
      e.opcode = [0x83]; rm(e, n, d);
      imm(e, { ...src, value: { addend: BigInt.asIntN(8, src.value.addend) } }, 1, size);
    } else {
      if (d.kind === "reg" && d.reg.num === 0) e.opcode = [0x05 + 8 * n];
      else { e.opcode = [0x81]; rm(e, n, d); }
      imm(e, src, immField(size), size);
    }
    return finish(e, ctx);
  }
  const s = rmOp(src, mnem), d = rmOp(dst, mnem);
  const size = agree([d, s], mnem);
  setSize(e, size);
  const w = size === 1 ? 0 : 1;
  if (s.kind === "reg") { e.opcode = [0x00 + 8 * n + w]; rm(e, s.reg.num, d, s); }
  else if (d.kind === "reg") { e.opcode = [0x02 + 8 * n + w]; rm(e, d.reg.num, s, d); }
  else bad(`'${mnem}' can't have two memory operands`, src);
  return finish(e, ctx);
};

const test: Handler = (ops, ctx, e, mnem) => {
  count(ops, 2, mnem);
  const [a, b] = ops;
  if (b.kind === "imm" && (b.offset || b.value.symbol === undefined)) {
    const d = rmOp(a, mnem);
    const size = agree([d], mnem);
    setSize(e, size);
    checkImm(b, size, mnem);
    if (d.kind === "reg" && d.reg.num === 0) e.opcode = [size === 1 ? 0xa8 : 0xa9];
    else { e.opcode = [size === 1 ? 0xf6 : 0xf7]; rm(e, 0, d); }
    imm(e, b, immField(size), size);
    return finish(e, ctx);
  }
  const x = rmOp(a, mnem), y = rmOp(b, mnem);
  const size = agree([x, y], mnem);
  setSize(e, size);
  // TEST r/m, r (84/85): the register goes in ModRM.reg whichever side it was written on.
  const [r, m] = y.kind === "reg" ? [y, x] : x.kind === "reg" ? [x, y] : bad(`'${mnem}' can't have two memory operands`, b);
  e.opcode = [size === 1 ? 0x84 : 0x85];
  rm(e, r.reg.num, m, r);
  return finish(e, ctx);
};

/** One-operand group 3/4/5 instructions: F6/F7 /n and FE/FF /n. */
const unary = (op8: number, op: number, n: number): Handler => (ops, ctx, e, mnem) => {
  count(ops, 1, mnem);
  const d = rmOp(ops[0], mnem);
  const size = agree([d], mnem);
  setSize(e, size);
  e.opcode = [size === 1 ? op8 : op];
  rm(e, n, d);
  return finish(e, ctx);
};

/** IMUL has three shapes: F7 /5 (rdx:rax = rax * r/m), 0F AF (r = r * r/m),
 *  6B/69 (r = r/m * imm), where `imul r, imm` means `imul r, r, imm`. */
const imul: Handler = (ops, ctx, e, mnem) => {
  if (ops.length === 1) return unary(0xf6, 0xf7, 5)(ops, ctx, e, mnem);
  if (ops.length < 2 || ops.length > 3) bad(`'imul' takes 1, 2 or 3 operands`, ops[3]);
  const dst = regOp(ops[0], mnem);
  let src: typeof dst | ReturnType<typeof rmOp>;
  let immOp: ImmOp | undefined;
  if (ops.length === 3) {
    src = rmOp(ops[1], mnem);
    if (ops[2].kind !== "imm") bad("the third operand of 'imul' must be an immediate", ops[2]);
    immOp = ops[2];
  } else if (ops[1].kind === "imm" && (ops[1].offset || ops[1].value.symbol === undefined)) {
    src = dst; immOp = ops[1];
  } else src = rmOp(ops[1], mnem);
  const size = agree([dst, src], mnem, [2, 4, 8]);
  setSize(e, size);
  if (!immOp) { e.opcode = [0x0f, 0xaf]; rm(e, dst.reg.num, src, dst); return finish(e, ctx); }
  checkImm(immOp, size, mnem);
  if (fitsImm8(immOp, size)) {
    e.opcode = [0x6b]; rm(e, dst.reg.num, src, dst);
    imm(e, { ...immOp, value: { addend: BigInt.asIntN(8, immOp.value.addend) } }, 1, size);
  } else {
    e.opcode = [0x69]; rm(e, dst.reg.num, src, dst);
    imm(e, immOp, size === 2 ? 2 : 4, size);
  }
  return finish(e, ctx);
};

export const ALU_HANDLERS: Record<string, Handler> = {
  test, imul,
  inc: unary(0xfe, 0xff, 0), dec: unary(0xfe, 0xff, 1),
  not: unary(0xf6, 0xf7, 2), neg: unary(0xf6, 0xf7, 3),
  mul: unary(0xf6, 0xf7, 4), div: unary(0xf6, 0xf7, 6), idiv: unary(0xf6, 0xf7, 7),
};
ALU.forEach((m, n) => { ALU_HANDLERS[m] = alu(n); });
