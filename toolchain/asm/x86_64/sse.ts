// The SSE2 subset gcc uses in integer code when it is not told
// -mgeneral-regs-only: 128-bit moves (struct copies, memset), packed integer
// arithmetic from the vectorizer, and moves between general and xmm
// registers (Intel SDM Vol. 2, "MOVDQA", "PADDB/PADDW/PADDD/PADDQ", ...).
// All share one shape: [mandatory prefix] [REX] 0F op ModRM, with the xmm
// register in ModRM.reg and an xmm register or memory in ModRM.rm.

import { Handler, bad, count, finish, rm } from "./forms";
import { Inst } from "./encoder";
import { MemOp, Operand, RegOp } from "./operands";

type Pfx = 0 | 0x66 | 0xf3 | 0xf2;

function xmm(op: Operand, mnem: string): RegOp {
  if (op.kind !== "reg" || op.reg.kind !== "xmm") bad(`operand type mismatch for '${mnem}': expected an xmm register`, op);
  return op;
}

/** xmm register or memory (a bare symbol is memory, as everywhere in Intel syntax). */
function xmmRm(op: Operand, mnem: string): RegOp | MemOp {
  if (op.kind === "reg" && op.reg.kind === "xmm") return op;
  if (op.kind === "mem") return op;
  if (op.kind === "imm" && !op.offset && op.value.symbol !== undefined)
    return { kind: "mem", col: op.col, scale: 1, rip: false, disp: op.value };
  return bad(`operand type mismatch for '${mnem}': expected an xmm register or memory`, op);
}

function start(e: Inst, pfx: Pfx) {
  if (pfx === 0x66) e.opsize = true;
  else if (pfx) e.rep = pfx;
}

/** op xmm, xmm/m128 (and an optional imm8 for shuffles). */
const rr = (pfx: Pfx, opc: number, withImm = false): Handler => (ops, ctx, e, mnem) => {
  count(ops, withImm ? 3 : 2, mnem);
  const d = xmm(ops[0], mnem), s = xmmRm(ops[1], mnem);
  start(e, pfx);
  e.opcode = [0x0f, opc];
  rm(e, d.reg.num, s.kind === "mem" ? { ...s, size: undefined } : s);
  if (withImm) {
    const i = ops[2];
    if (i.kind !== "imm" || i.value.symbol !== undefined) bad(`'${mnem}' needs an 8-bit immediate`, i);
    e.imms.push({ size: 1, value: i.value, col: i.col });
  }
  return finish(e, ctx);
};

/** Moves with a load opcode (xmm <- xmm/m) and a store opcode (m <- xmm). */
const mov = (pfx: Pfx, load: number, store: number): Handler => (ops, ctx, e, mnem) => {
  count(ops, 2, mnem);
  start(e, pfx);
  if (ops[0].kind === "reg") { e.opcode = [0x0f, load]; const s = xmmRm(ops[1], mnem); rm(e, xmm(ops[0], mnem).reg.num, s.kind === "mem" ? { ...s, size: undefined } : s); }
  else { e.opcode = [0x0f, store]; const d = xmmRm(ops[0], mnem); rm(e, xmm(ops[1], mnem).reg.num, d.kind === "mem" ? { ...d, size: undefined } : d); }
  return finish(e, ctx);
};

/** Shift by immediate: 66 0F 71/72/73 /n ib, on an xmm register. */
const shiftImm = (opc: number, n: number, regForm?: number): Handler => (ops, ctx, e, mnem) => {
  count(ops, 2, mnem);
  if (ops[1].kind !== "imm") {
    if (regForm === undefined) bad(`'${mnem}' needs an immediate count`, ops[1]);
    return rr(0x66, regForm)(ops, ctx, e, mnem);
  }
  const d = xmm(ops[0], mnem);
  start(e, 0x66);
  e.opcode = [0x0f, opc];
  rm(e, n, d);
  e.imms.push({ size: 1, value: ops[1].value, col: ops[1].col });
  return finish(e, ctx);
};

/** MOVD/MOVQ between general registers/memory and xmm (66 [REX.W] 0F 6E/7E; F3 0F 7E; 66 0F D6). */
const movdq = (q: boolean): Handler => (ops, ctx, e, mnem) => {
  count(ops, 2, mnem);
  const [a, b] = ops;
  const isX = (o: Operand) => o.kind === "reg" && o.reg.kind === "xmm";
  if (q && isX(a) && (isX(b) || b.kind === "mem")) {      // movq xmm, xmm/m64: F3 0F 7E
    start(e, 0xf3); e.opcode = [0x0f, 0x7e];
    rm(e, (a as RegOp).reg.num, b.kind === "mem" ? { ...b, size: undefined } : (b as RegOp));
    return finish(e, ctx);
  }
  if (q && a.kind === "mem" && isX(b)) {                  // movq m64, xmm: 66 0F D6
    start(e, 0x66); e.opcode = [0x0f, 0xd6];
    rm(e, (b as RegOp).reg.num, { ...a, size: undefined });
    return finish(e, ctx);
  }
  start(e, 0x66);
  e.w = q;
  const toX = isX(a);
  const x = xmm(toX ? a : b, mnem), g = toX ? b : a;
  if (g.kind === "reg" && (g.reg.kind !== "gpr" || g.reg.size !== (q ? 8 : 4)))
    bad(`operand size mismatch for '${mnem}': ${q ? "64" : "32"}-bit register`, g);
  if (g.kind === "imm") bad(`operand type mismatch for '${mnem}'`, g);
  e.opcode = [0x0f, toX ? 0x6e : 0x7e];
  rm(e, x.reg.num, g.kind === "mem" ? { ...g, size: undefined } : g);
  return finish(e, ctx);
};

/** PMOVMSKB r32, xmm (66 0F D7): one bit per byte. */
const pmovmskb: Handler = (ops, ctx, e, mnem) => {
  count(ops, 2, mnem);
  const d = ops[0];
  if (d.kind !== "reg" || d.reg.kind !== "gpr" || d.reg.size < 4) bad(`'${mnem}' writes a 32 or 64-bit register`, d);
  start(e, 0x66);
  e.opcode = [0x0f, 0xd7];
  rm(e, d.reg.num, xmm(ops[1], mnem));
  return finish(e, ctx);
};

/** 66 0F xx: the packed-integer operations, by opcode (SDM Vol. 2 opcode map, table A-3). */
const PACKED: Record<string, number> = {
  paddb: 0xfc, paddw: 0xfd, paddd: 0xfe, paddq: 0xd4, psubb: 0xf8, psubw: 0xf9, psubd: 0xfa, psubq: 0xfb,
  paddsb: 0xec, paddsw: 0xed, paddusb: 0xdc, paddusw: 0xdd, psubsb: 0xe8, psubsw: 0xe9, psubusb: 0xd8, psubusw: 0xd9,
  pmullw: 0xd5, pmulhw: 0xe5, pmulhuw: 0xe4, pmuludq: 0xf4, pmaddwd: 0xf5, psadbw: 0xf6, pavgb: 0xe0, pavgw: 0xe3,
  pmaxub: 0xde, pminub: 0xda, pmaxsw: 0xee, pminsw: 0xea,
  pand: 0xdb, pandn: 0xdf, por: 0xeb, pxor: 0xef,
  pcmpeqb: 0x74, pcmpeqw: 0x75, pcmpeqd: 0x76, pcmpgtb: 0x64, pcmpgtw: 0x65, pcmpgtd: 0x66,
  punpcklbw: 0x60, punpcklwd: 0x61, punpckldq: 0x62, punpcklqdq: 0x6c,
  punpckhbw: 0x68, punpckhwd: 0x69, punpckhdq: 0x6a, punpckhqdq: 0x6d,
  packsswb: 0x63, packuswb: 0x67, packssdw: 0x6b,
};

export const SSE_HANDLERS: Record<string, Handler> = {
  movdqa: mov(0x66, 0x6f, 0x7f), movdqu: mov(0xf3, 0x6f, 0x7f),
  movaps: mov(0, 0x28, 0x29), movups: mov(0, 0x10, 0x11), movapd: mov(0x66, 0x28, 0x29), movupd: mov(0x66, 0x10, 0x11),
  movhps: mov(0, 0x16, 0x17), movlps: mov(0, 0x12, 0x13), movhpd: mov(0x66, 0x16, 0x17), movlpd: mov(0x66, 0x12, 0x13),
  movhlps: rr(0, 0x12), movlhps: rr(0, 0x16),
  movd: movdq(false), movq: movdq(true), pmovmskb,
  pshufd: rr(0x66, 0x70, true), pshuflw: rr(0xf2, 0x70, true), pshufhw: rr(0xf3, 0x70, true),
  shufps: rr(0, 0xc6, true), shufpd: rr(0x66, 0xc6, true),
  xorps: rr(0, 0x57), andps: rr(0, 0x54), andnps: rr(0, 0x55), orps: rr(0, 0x56),
  xorpd: rr(0x66, 0x57), andpd: rr(0x66, 0x54), andnpd: rr(0x66, 0x55), orpd: rr(0x66, 0x56),
  psrlw: shiftImm(0x71, 2, 0xd1), psraw: shiftImm(0x71, 4, 0xe1), psllw: shiftImm(0x71, 6, 0xf1),
  psrld: shiftImm(0x72, 2, 0xd2), psrad: shiftImm(0x72, 4, 0xe2), pslld: shiftImm(0x72, 6, 0xf2),
  psrlq: shiftImm(0x73, 2, 0xd3), psllq: shiftImm(0x73, 6, 0xf3), psrldq: shiftImm(0x73, 3), pslldq: shiftImm(0x73, 7),
};
for (const [m, opc] of Object.entries(PACKED)) SSE_HANDLERS[m] = rr(0x66, opc);
