// Data movement (Intel SDM Vol. 2: MOV, MOVABS, MOVZX, MOVSX, MOVSXD, LEA,
// XCHG, PUSH, POP, CMOVcc, SETcc, BSWAP, XADD, CMPXCHG).

import { fitsS32 } from "./encoder";
import { movSpecial, pushPopSeg } from "./system";
import {
  Handler, agree, bad, checkImm, count, finish, fitsImm8, imm, immField, isNumber, regOp, rm, rmOp, setSize, signedIn,
  sizeOf,
} from "./forms";
import { ImmOp, Operand, SEG_PREFIX } from "./operands";

const isImm = (op: Operand): op is ImmOp => op.kind === "imm" && (op.offset || op.value.symbol === undefined);

const mov: Handler = (ops, ctx, e, mnem) => {
  count(ops, 2, mnem);
  const [dst, src] = ops;
  if (dst.kind === "reg" && dst.reg.kind !== "gpr" || src.kind === "reg" && src.reg.kind !== "gpr")
    return movSpecial(ops, ctx, e, mnem);
  if (isImm(src)) {
    const d = rmOp(dst, mnem);
    const size = agree([d], mnem);
    setSize(e, size);
    if (d.kind === "reg") {
      // 64-bit: C7 /0 with a sign-extended imm32 when it fits, else B8+r imm64 (movabs).
      if (size === 8 && !(isNumber(src) ? fitsS32(src.value.addend) : true)) return movabsImm(ops, ctx, e, mnem);
      if (size === 8) { e.opcode = [0xc7]; rm(e, 0, d); imm(e, src, 4, 8); return finish(e, ctx); }
      if (isNumber(src)) checkImm(src, size, mnem);
      e.opcode = [(size === 1 ? 0xb0 : 0xb8) + (d.reg.num & 7)];
      e.b = d.reg.num >> 3;
      if (d.reg.rex8) e.forceRex = true;
      if (d.reg.high8) e.noRex = true;
      imm(e, src, immField(size), size);
      return finish(e, ctx);
    }
    checkImm(src, size, mnem);
    e.opcode = [size === 1 ? 0xc6 : 0xc7];
    rm(e, 0, d);
    imm(e, src, immField(size), size);
    return finish(e, ctx);
  }
  const s = rmOp(src, mnem), d = rmOp(dst, mnem);
  const size = agree([d, s], mnem);
  setSize(e, size);
  const w = size === 1 ? 0 : 1;
  if (s.kind === "reg") { e.opcode = [0x88 + w]; rm(e, s.reg.num, d, s); }
  else if (d.kind === "reg") { e.opcode = [0x8a + w]; rm(e, d.reg.num, s, d); }
  else bad(`'${mnem}' can't have two memory operands`, src);
  return finish(e, ctx);
};

/** MOVABS: B8+r with a full 64-bit immediate, or A0..A3 with a 64-bit address. */
const movabsImm: Handler = (ops, ctx, e, mnem) => {
  count(ops, 2, mnem);
  const [dst, src] = ops;
  if (dst.kind === "reg" && src.kind === "imm") {
    const size = dst.reg.size;
    if (size !== 8) return mov(ops, ctx, e, "mov");
    e.w = true;
    e.opcode = [0xb8 + (dst.reg.num & 7)];
    e.b = dst.reg.num >> 3;
    e.imms.push({ size: 8, value: src.value, col: src.col });
    return finish(e, ctx);
  }
  // moffs forms: movabs eax, ds:0x1234 / movabs ds:0x1234, al
  const [r, m, toMem] = dst.kind === "reg" ? [dst, src, false] : [src, dst, true];
  if (r.kind !== "reg" || r.reg.num !== 0 || m.kind !== "mem" || m.base || m.index || m.rip)
    bad("movabs takes a 64-bit register and an immediate, or al/ax/eax/rax and an absolute address", src);
  setSize(e, r.reg.size);
  if (m.seg && m.seg !== "ds") e.seg = SEG_PREFIX[m.seg];
  e.opcode = [(toMem ? 0xa2 : 0xa0) + (r.reg.size === 1 ? 0 : 1)];
  e.imms.push({ size: 8, value: m.disp ?? { addend: 0n }, col: m.col });
  return finish(e, ctx);
};

/** MOVZX/MOVSX: 0F B6/B7/BE/BF; MOVSXD: 63 (with REX.W). */
const extend = (signed: boolean): Handler => (ops, ctx, e, mnem) => {
  count(ops, 2, mnem);
  const d = regOp(ops[0], mnem), s = rmOp(ops[1], mnem);
  const from = sizeOf(s);
  if (from === undefined) bad(`ambiguous source size for '${mnem}': say BYTE PTR or WORD PTR`, ops[1]);
  if (from === 4 && signed && d.reg.size === 8) { e.w = true; e.opcode = [0x63]; rm(e, d.reg.num, s, d); return finish(e, ctx); }
  if (from >= d.reg.size || from > 2) bad(`operand size mismatch for '${mnem}'`, ops[1]);
  setSize(e, d.reg.size);
  e.opcode = [0x0f, (signed ? 0xbe : 0xb6) + (from === 2 ? 1 : 0)];
  rm(e, d.reg.num, s, d);
  return finish(e, ctx);
};

const movsxd: Handler = (ops, ctx, e, mnem) => {
  count(ops, 2, mnem);
  const d = regOp(ops[0], mnem), s = rmOp(ops[1], mnem);
  if (sizeOf(s) !== undefined && sizeOf(s) !== 4) bad(`operand size mismatch for 'movsxd'`, ops[1]);
  setSize(e, d.reg.size);
  e.opcode = [0x63];
  rm(e, d.reg.num, s, d);
  return finish(e, ctx);
};

const lea: Handler = (ops, ctx, e, mnem) => {
  count(ops, 2, mnem);
  const d = regOp(ops[0], mnem), s = rmOp(ops[1], mnem);
  if (s.kind !== "mem") bad("the second operand of 'lea' must be a memory operand", ops[1]);
  if (d.reg.size === 1) bad("operand size mismatch for 'lea'", ops[0]);
  setSize(e, d.reg.size);
  e.opcode = [0x8d];
  rm(e, d.reg.num, { ...s, size: undefined }, d);
  return finish(e, ctx);
};

/** XCHG: 90+r when one side is eAX (gas writes `xchg eax, eax` as 87 C0, since 90 is NOP). */
const xchg: Handler = (ops, ctx, e, mnem) => {
  count(ops, 2, mnem);
  const a = rmOp(ops[0], mnem), b = rmOp(ops[1], mnem);
  const size = agree([a, b], mnem);
  setSize(e, size);
  if (a.kind === "reg" && b.kind === "reg" && size > 1) {
    const [acc, other] = b.reg.num === 0 ? [b, a] : [a, b];
    if (acc.reg.num === 0 && !(size === 4 && other.reg.num === 0)) {
      if (size === 8 && other.reg.num === 0) e.w = false; // `xchg rax, rax` is plain NOP (90), as gas writes it
      e.opcode = [0x90 + (other.reg.num & 7)];
      e.b = other.reg.num >> 3;
      return finish(e, ctx);
    }
  }
  const [r, m] = b.kind === "reg" ? [b, a] : a.kind === "reg" ? [a, b] : bad("'xchg' can't have two memory operands", ops[1]);
  e.opcode = [size === 1 ? 0x86 : 0x87];
  rm(e, r.reg.num, m, r);
  return finish(e, ctx);
};

/** PUSH imm: 6A ib (sign-extended) or 68 id; `pushw` pushes 16 bits (66 prefix, iw). */
const push: Handler = (ops, ctx, e, mnem) => {
  count(ops, 1, mnem);
  const op = ops[0];
  if (isImm(op)) {
    const size = mnem === "pushw" ? 2 : 8;
    if (size === 2) e.opsize = true;
    if (fitsImm8(op, size)) { e.opcode = [0x6a]; imm(e, { ...op, value: { addend: signedIn(op, size) } }, 1, size); }
    else { checkImm(op, size, mnem); e.opcode = [0x68]; imm(e, op, size === 2 ? 2 : 4, size); }
    return finish(e, ctx);
  }
  const seg = segPushPop(op, true);
  if (seg) { e.opcode = seg; return finish(e, ctx); }
  return pushPop(ops, ctx, e, mnem, 0x50, 0xff, 6);
};

const pop: Handler = (ops, ctx, e, mnem) => {
  count(ops, 1, mnem);
  const seg = segPushPop(ops[0], false);
  if (seg) { e.opcode = seg; return finish(e, ctx); }
  return pushPop(ops, ctx, e, mnem, 0x58, 0x8f, 0); };

function segPushPop(op: Operand, push: boolean): number[] | undefined {
  if (op.kind !== "reg" || op.reg.kind !== "seg") return undefined;
  const bytes = pushPopSeg(op.reg.name, push);
  if (!bytes) bad(`${push ? "push" : "pop"} ${op.reg.name} does not exist in 64-bit mode (only fs and gs)`, op);
  return bytes;
}

/** PUSH/POP are 64-bit by default in long mode: no REX.W; 16-bit takes 66; 32-bit does not exist. */
function pushPop(ops: Operand[], ctx: Parameters<Handler>[1], e: Parameters<Handler>[2], mnem: string, short: number, op: number, n: number) {
  const d = rmOp(ops[0], mnem);
  const size = sizeOf(d) ?? 8;
  if (size !== 8 && size !== 2) bad(`operand size mismatch for '${mnem}': only 64-bit or 16-bit`, ops[0]);
  if (size === 2) e.opsize = true;
  if (d.kind === "reg") { e.opcode = [short + (d.reg.num & 7)]; e.b = d.reg.num >> 3; }
  else { e.opcode = [op]; rm(e, n, d); }
  return finish(e, ctx);
}

const setcc = (cc: number): Handler => (ops, ctx, e, mnem) => {
  count(ops, 1, mnem);
  const d = rmOp(ops[0], mnem);
  agree([d], mnem, [1]);
  e.opcode = [0x0f, 0x90 + cc];
  rm(e, 0, d);
  return finish(e, ctx);
};

const cmovcc = (cc: number): Handler => (ops, ctx, e, mnem) => {
  count(ops, 2, mnem);
  const d = regOp(ops[0], mnem), s = rmOp(ops[1], mnem);
  setSize(e, agree([d, s], mnem, [2, 4, 8]));
  e.opcode = [0x0f, 0x40 + cc];
  rm(e, d.reg.num, s, d);
  return finish(e, ctx);
};

const bswap: Handler = (ops, ctx, e, mnem) => {
  count(ops, 1, mnem);
  const d = regOp(ops[0], mnem);
  if (d.reg.size < 4) bad("operand size mismatch for 'bswap': 32 or 64-bit register", ops[0]);
  setSize(e, d.reg.size);
  e.opcode = [0x0f, 0xc8 + (d.reg.num & 7)];
  e.b = d.reg.num >> 3;
  return finish(e, ctx);
};

/** XADD (0F C0/C1) and CMPXCHG (0F B0/B1): r/m, r. */
const rmR = (op8: number): Handler => (ops, ctx, e, mnem) => {
  count(ops, 2, mnem);
  const d = rmOp(ops[0], mnem), s = regOp(ops[1], mnem);
  const size = agree([d, s], mnem);
  setSize(e, size);
  e.opcode = [0x0f, op8 + (size === 1 ? 0 : 1)];
  rm(e, s.reg.num, d, s);
  return finish(e, ctx);
};

/** CMPXCHG8B m64 (0F C7 /1) and CMPXCHG16B m128 (REX.W 0F C7 /1): memory only. */
const cmpxchgNb = (bytes: 8 | 16): Handler => (ops, ctx, e, mnem) => {
  count(ops, 1, mnem);
  const m = rmOp(ops[0], mnem);
  if (m.kind !== "mem") bad(`'${mnem}' needs a memory operand`, ops[0]);
  if (m.size !== undefined && m.size !== bytes) bad(`operand size mismatch for '${mnem}': ${bytes * 8}-bit memory`, ops[0]);
  e.w = bytes === 16;
  e.opcode = [0x0f, 0xc7];
  rm(e, 1, { ...m, size: undefined });
  return finish(e, ctx);
};

/** Condition codes, Vol. 2A appendix B.1.4.7 ("tttn"), with every alias gas accepts. */
export const CONDITIONS: [string[], number][] = [
  [["o"], 0], [["no"], 1], [["b", "c", "nae"], 2], [["ae", "nb", "nc"], 3], [["e", "z"], 4], [["ne", "nz"], 5],
  [["be", "na"], 6], [["a", "nbe"], 7], [["s"], 8], [["ns"], 9], [["p", "pe"], 10], [["np", "po"], 11],
  [["l", "nge"], 12], [["ge", "nl"], 13], [["le", "ng"], 14], [["g", "nle"], 15],
];

export const MOV_HANDLERS: Record<string, Handler> = {
  pushq: push, popq: pop, pushw: push, popw: pop,
  mov, movabs: movabsImm, movzx: extend(false), movsx: extend(true), movsxd, lea, xchg, push, pop, bswap,
  xadd: rmR(0xc0), cmpxchg: rmR(0xb0), cmpxchg8b: cmpxchgNb(8), cmpxchg16b: cmpxchgNb(16),
};
for (const [names, cc] of CONDITIONS) for (const n of names) {
  MOV_HANDLERS["set" + n] = setcc(cc);
  MOV_HANDLERS["cmov" + n] = cmovcc(cc);
}
