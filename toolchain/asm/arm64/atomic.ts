// The Armv8.1 LSE atomics and Armv8.3 LDAPR: one instruction does a whole
// read-modify-write that LDXR/STXR would need a loop for. Arm ARM C4.1.94
// "Atomic memory operations" and "Compare and swap".
//
//   LD<op>{A}{L}{B|H} Rs, Rt, [Xn]  size 111 0 00 A R 1 Rs o3 opc 00 Rn Rt
//     Rt = old memory value; memory = old <op> Rs. ST<op> is LD<op> with
//     Rt = ZR (no acquire form). SWP is o3=1, opc=000; LDAPR o3=1, opc=100.
//   CAS{A}{L}{B|H} Rs, Rt, [Xn]     size 001000 1 L 1 Rs o0 11111 Rn Rt
//   CASP{A}{L} Rs, Rs+1, Rt, Rt+1, [Xn]   (even-numbered register pairs)
// gas wants `.arch armv8.1-a` (armv8.3-a for LDAPR); we always accept them,
// since our CPU runs them and our disassembler prints them.

import type { EncodeContext } from "../backend";
import { count, fail, gpr, type Op, type Reg } from "./operands";
import { parseMem } from "./memory";
import { bits, type A64Word } from "./word";

const OPS: Record<string, number> = { add: 0, clr: 1, eor: 2, set: 3, smax: 4, smin: 5, umax: 6, umin: 7 };

/** A mnemonic split into its parts: "ldaddalh" -> base ldadd, acquire, release, size 1. */
interface Parts { base: string; a: boolean; l: boolean; size?: number }

const PATTERN = /^(ld(?:add|clr|eor|set|smax|smin|umax|umin)|st(?:add|clr|eor|set|smax|smin|umax|umin)|swp|casp|cas|ldapr)(a?)(l?)([bh]?)$/;

function parts(m: string): Parts {
  const p = PATTERN.exec(m)!;
  return { base: p[1], a: p[2] === "a", l: p[3] === "l", size: p[4] === "b" ? 0 : p[4] === "h" ? 1 : undefined };
}

/** Every mnemonic this file encodes (the table in index.ts is built from it). */
export const ATOMIC_MNEMONICS: string[] = (() => {
  const out: string[] = [];
  const sizes = ["", "b", "h"];
  for (const op of Object.keys(OPS)) for (const s of sizes) {
    for (const al of ["", "a", "l", "al"]) out.push(`ld${op}${al}${s}`);
    for (const l of ["", "l"]) out.push(`st${op}${l}${s}`);
  }
  for (const s of sizes) for (const al of ["", "a", "l", "al"]) out.push(`swp${al}${s}`, `cas${al}${s}`);
  for (const al of ["", "a", "l", "al"]) out.push(`casp${al}`);
  out.push("ldapr", "ldaprb", "ldaprh");
  return out;
})();

/** The [Xn|SP] or [Xn|SP, #0] operand. */
function base(ops: Op[], i: number, ctx: EncodeContext): number {
  const { mem } = parseMem(ops, i, ctx);
  if (mem.mode !== "offset" || mem.mod || mem.imm !== 0n) fail(mem.op, "the only valid offset here is #0");
  return mem.base.n;
}

/** Size field: from the suffix (B, H) or the register width (W 2, X 3). */
function sizeOf(p: Parts, rt: Reg): number {
  return p.size ?? (rt.x ? 3 : 2);
}

export function atomic(ops: Op[], ctx: EncodeContext, m: string): A64Word {
  const p = parts(m);
  if (p.base === "casp") return casp(ops, ctx, p);
  const narrow = p.size !== undefined ? false : undefined;    // B/H forms take W registers
  if (p.base === "ldapr") {
    count(ops, 2);
    const rt = gpr(ops[0], "zr", narrow);
    const w = 0x38bfc000 | bits(sizeOf(p, rt), 2, 30) | bits(base(ops, 1, ctx), 5, 5) | rt.n;
    return { word: w >>> 0 };
  }
  const store = p.base.startsWith("st");
  count(ops, store ? 2 : 3);
  const rs = gpr(ops[0], "zr", narrow);
  const rt: Reg = store ? { n: 31, x: rs.x, kind: "zr" } : gpr(ops[1], "zr", rs.x);
  const rn = base(ops, store ? 1 : 2, ctx);
  const size = sizeOf(p, rs);
  if (p.base === "cas") {
    const w = 0x08a07c00 | bits(size, 2, 30) | bits(p.a ? 1 : 0, 1, 22) | bits(rs.n, 5, 16) |
      bits(p.l ? 1 : 0, 1, 15) | bits(rn, 5, 5) | rt.n;
    return { word: w >>> 0 };
  }
  const swap = p.base === "swp";
  const opc = swap ? 0 : OPS[p.base.slice(2)];
  const w = 0x38200000 | bits(size, 2, 30) | bits(p.a ? 1 : 0, 1, 23) | bits(p.l ? 1 : 0, 1, 22) |
    bits(rs.n, 5, 16) | bits(swap ? 1 : 0, 1, 15) | bits(opc, 3, 12) | bits(rn, 5, 5) | rt.n;
  return { word: w >>> 0 };
}

/** CASP{A}{L} Rs, Rs+1, Rt, Rt+1, [Xn]: both pairs start at an even register. */
function casp(ops: Op[], ctx: EncodeContext, p: Parts): A64Word {
  count(ops, 5);
  const rs = gpr(ops[0]);
  const regs = [rs, gpr(ops[1], "zr", rs.x), gpr(ops[2], "zr", rs.x), gpr(ops[3], "zr", rs.x)];
  for (const i of [0, 2]) {
    if (regs[i].n % 2 !== 0 || regs[i].n === 31) fail(ops[i], "reg pair must start from even reg");
    if (regs[i + 1].n !== regs[i].n + 1) fail(ops[i + 1], "reg pair must be contiguous");
  }
  const w = 0x08207c00 | bits(rs.x ? 1 : 0, 1, 30) | bits(p.a ? 1 : 0, 1, 22) | bits(rs.n, 5, 16) |
    bits(p.l ? 1 : 0, 1, 15) | bits(base(ops, 4, ctx), 5, 5) | regs[2].n;
  return { word: w >>> 0 };
}
