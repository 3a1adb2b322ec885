// Memory operands of loads and stores, in the addressing modes of Arm ARM
// C1.3.3 (and as objdump prints them):
//   [Xn|SP]                  base only
//   [Xn|SP, #imm]            signed or scaled unsigned offset
//   [Xn|SP, #:lo12:sym]      low 12 bits of a symbol's address (with adrp)
//   [Xn|SP, #imm]!           pre-index: add, then access, write back
//   [Xn|SP], #imm            post-index: access, then add (a second operand)
//   [Xn|SP, Rm{, ext #s}]    register offset: LSL/UXTW/SXTW/SXTX, s = 0 or log2(size)

import { EncodeError, type EncodeContext } from "../backend";
import {
  fail, gpr, imm, parseModified, parseModifier, parseReg, splitOperands,
  type Modified, type Op, type Reg,
} from "./operands";

export interface Mem {
  base: Reg;
  mode: "offset" | "pre" | "post" | "reg";
  imm: bigint;
  /** `:lo12:sym` and friends in the offset position. */
  mod?: Modified;
  /** Register offset: index register, option field, and the shift if written. */
  index?: Reg;
  option?: number;
  amount?: number;
  /** The operand, for error messages. */
  op: Op;
}

/** Is this operand the start of a memory operand? */
export function isMem(op: Op | undefined): boolean {
  return op !== undefined && op.text.startsWith("[");
}

/**
 * Parse the memory operand at ops[i] (and a post-index immediate at
 * ops[i+1]). Returns the operand and how many operands it used.
 */
export function parseMem(ops: Op[], i: number, ctx: EncodeContext): { mem: Mem; used: number } {
  const op = ops[i];
  if (!op) throw new EncodeError("missing memory operand");
  const m = /^\[(.*)\]\s*(!?)$/s.exec(op.text);
  if (!m) fail(op, "invalid addressing mode");
  // The inner operands keep columns relative to the whole operand string.
  const inner = splitOperands(m[1]).map((o) => ({ ...o, col: o.col + op.col, index: op.index }));
  if (inner.length === 0) fail(op, "base register expected");
  const base = parseReg(inner[0].text);
  if (!base || !base.x || base.kind === "zr") fail(op, "64-bit integer or SP register expected");
  const mem: Mem = { base, mode: m[2] ? "pre" : "offset", imm: 0n, op };
  if (inner.length > 3) fail(inner[3], "unexpected extra operand");
  if (inner.length >= 2) {
    const second = inner[1];
    if (parseReg(second.text)) {
      if (m[2]) fail(op, "writeback not allowed with a register offset");
      registerOffset(mem, inner, ctx);
    } else {
      if (inner.length > 2) fail(inner[2], "unexpected extra operand");
      mem.mod = parseModified(second, ctx);
      if (!mem.mod) mem.imm = imm(second, ctx);
    }
  } else if (m[2]) {
    fail(op, "pre-index needs an offset");
  }
  if (ops[i + 1] && mem.mode === "offset" && inner.length === 1 && !parseReg(ops[i + 1].text)) {
    mem.mode = "post";
    mem.imm = imm(ops[i + 1], ctx);
    return { mem, used: 2 };
  }
  return { mem, used: 1 };
}

/** The option field: bit 0 set means an X index (LSL, SXTX), clear a W index (UXTW, SXTW). */
const OPTIONS: Record<string, number> = { uxtw: 2, lsl: 3, sxtw: 6, sxtx: 7 };

function registerOffset(mem: Mem, inner: Op[], ctx: EncodeContext): void {
  const index = gpr(inner[1]);
  mem.mode = "reg";
  mem.index = index;
  mem.option = index.x ? 3 : -1;      // an X index defaults to LSL; a W index needs UXTW/SXTW
  if (inner[2]) {
    const e = parseModifier(inner[2], ctx);
    if (!e || OPTIONS[e.kind] === undefined) fail(inner[2], "invalid extend/shift operator");
    mem.option = OPTIONS[e.kind];
    mem.amount = e.amount;
    if (e.kind === "lsl" && e.amount === undefined) fail(inner[2], "missing shift amount");
  }
  const wantX = (mem.option & 1) === 1;
  if (mem.option === -1) fail(inner[1], "missing extend operator");
  if (index.x !== wantX) fail(inner[1], `operand mismatch: ${wantX ? "64-bit (x)" : "32-bit (w)"} index register expected`);
}
