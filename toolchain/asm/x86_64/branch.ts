// Control transfer (Intel SDM Vol. 2: JMP, Jcc, CALL, RET, ENTER, LEAVE,
// JRCXZ, LOOP).
//
// Relaxation: a jump to a label in the same section starts as the 2-byte
// rel8 form and grows to rel32 (E9 / 0F 8x) when the distance does not fit a
// signed byte; once long it stays long (backend.ts). A target the assembler
// cannot see (another section, another file, a weak or global function) gets
// a 32-bit field and a relocation — R_X86_64_PLT32 for global, weak or
// undefined symbols, R_X86_64_PC32 for local ones, as gas 2.40 chooses
// (tc-i386.c, need_plt32_p).

import { R_X86_64_PC32, R_X86_64_PLT32 } from "../../elf/constants";
import { EncodeContext, Value } from "../backend";
import { CONDITIONS } from "./mov";
import { Handler, bad, count, finish, isNumber, rm, rmOp } from "./forms";
import { Inst, fitsS8 } from "./encoder";

function relocType(v: Value, plt: boolean) {
  return plt || v.weak || v.section === undefined || v.global ? R_X86_64_PLT32 : R_X86_64_PC32;
}

function putLE32(v: bigint) {
  const x = Number(BigInt.asUintN(32, v));
  return [x & 255, (x >>> 8) & 255, (x >>> 16) & 255, x >>> 24];
}

/** Direct branch with a short form (`short` opcode bytes + rel8) and a long one (`long` + rel32). */
function direct(e: Inst, v: Value, ctx: EncodeContext, short: number[] | undefined, long: number[], resolvable: boolean) {
  if (v.symbol === undefined || v.pcrel)
    bad("a direct jump or call needs a label or symbol as its target, not an absolute address");
  if (resolvable && !e.plt) {
    const target = BigInt(v.offset!) + v.addend;
    const shortLen = short ? short.length + 1 : 0;
    if (short && (ctx.lastSize === undefined || ctx.lastSize <= shortLen)) {
      const rel = target - BigInt(ctx.pc + shortLen);
      if (fitsS8(rel)) {
        e.opcode = short;
        e.tail = [Number(BigInt.asUintN(8, rel))];
        return finish(e, ctx);
      }
    }
    e.opcode = long;
    e.tail = putLE32(target - BigInt(ctx.pc + long.length + 4));
    return finish(e, ctx);
  }
  e.opcode = long;
  e.tail = [0, 0, 0, 0];
  e.tailRelocs = [{ offset: 0, type: relocType(v, e.plt), symbol: v.symbol!, addend: v.addend - 4n }];
  return finish(e, ctx);
}

const sameSection = (v: Value, ctx: EncodeContext) =>
  v.symbol !== undefined && !v.pcrel && v.section === ctx.section && v.offset !== undefined && !v.weak;

/** JMP/CALL through a register or memory: FF /4 and FF /2, 64-bit by default. */
function indirect(e: Inst, ctx: EncodeContext, op: Parameters<Handler>[0][0], n: number, mnem: string) {
  const t = rmOp(op, mnem);
  const size = t.kind === "reg" ? t.reg.size : t.size ?? 8;
  if (size !== 8) bad(`operand size mismatch for '${mnem}': the target must be 64-bit`, op);
  e.opcode = [0xff];
  rm(e, n, t);
  return finish(e, ctx);
}

const isDirect = (op: Parameters<Handler>[0][0]) => op.kind === "imm";

const jmp: Handler = (ops, ctx, e, mnem) => {
  count(ops, 1, mnem);
  if (!isDirect(ops[0]) || ops[0].kind !== "imm") return indirect(e, ctx, ops[0], 4, mnem);
  const v = ops[0].value;
  return direct(e, v, ctx, [0xeb], [0xe9], sameSection(v, ctx));
};

const call: Handler = (ops, ctx, e, mnem) => {
  count(ops, 1, mnem);
  if (ops[0].kind !== "imm") return indirect(e, ctx, ops[0], 2, mnem);
  const v = ops[0].value;
  return direct(e, v, ctx, undefined, [0xe8], sameSection(v, ctx) && !v.global);
};

const jcc = (cc: number): Handler => (ops, ctx, e, mnem) => {
  count(ops, 1, mnem);
  if (ops[0].kind !== "imm") bad(`'${mnem}' needs a label as its target`, ops[0]);
  const v = ops[0].value;
  return direct(e, v, ctx, [0x70 + cc], [0x0f, 0x80 + cc], sameSection(v, ctx));
};

/** rel8-only branches: JRCXZ (E3), LOOP (E2), LOOPE (E1), LOOPNE (E0). */
const rel8Only = (opc: number[]): Handler => (ops, ctx, e, mnem) => {
  count(ops, 1, mnem);
  const op = ops[0];
  if (op.kind !== "imm" || !sameSection(op.value, ctx)) bad(`'${mnem}' needs a label in the same section`, op);
  const rel = BigInt(op.value.offset!) + op.value.addend - BigInt(ctx.pc + opc.length + 1);
  if (!fitsS8(rel) && ctx.final) bad(`'${mnem}' target out of range (${rel} bytes; only -128..127 reach)`, op);
  e.opcode = opc;
  e.tail = [Number(BigInt.asUintN(8, rel))];
  return finish(e, ctx);
};

const ret: Handler = (ops, ctx, e, mnem) => {
  if (ops.length === 0) { e.opcode = [0xc3]; return finish(e, ctx); }
  count(ops, 1, mnem);
  const n = ops[0];
  if (n.kind !== "imm" || !isNumber(n) || n.value.addend < 0n || n.value.addend > 0xffffn)
    bad("'ret' takes a 16-bit byte count", n);
  e.opcode = [0xc2];
  e.imms.push({ size: 2, value: n.value, col: n.col });
  return finish(e, ctx);
};

const enter: Handler = (ops, ctx, e, mnem) => {
  count(ops, 2, mnem);
  const [a, b] = ops;
  if (a.kind !== "imm" || !isNumber(a) || b.kind !== "imm" || !isNumber(b)) bad("'enter' takes two numbers", a);
  e.opcode = [0xc8];
  e.imms.push({ size: 2, value: a.value, col: a.col }, { size: 1, value: b.value, col: b.col });
  return finish(e, ctx);
};

export const BRANCH_HANDLERS: Record<string, Handler> = {
  jmp, call, ret, enter,
  jrcxz: rel8Only([0xe3]), jecxz: rel8Only([0x67, 0xe3]),
  loop: rel8Only([0xe2]), loope: rel8Only([0xe1]), loopz: rel8Only([0xe1]), loopne: rel8Only([0xe0]), loopnz: rel8Only([0xe0]),
};
for (const [names, cc] of CONDITIONS) for (const n of names) BRANCH_HANDLERS["j" + n] = jcc(cc);
