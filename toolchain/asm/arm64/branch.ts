// Branches and PC-relative addresses. Arm ARM C4.1.89 (branches, exception
// generating and system) and C4.1.86 (PC-rel. addressing).
//
//   B/BL label            imm26 * 4, ±128 MiB      R_AARCH64_JUMP26 / CALL26
//   B.cond label          imm19 * 4, ±1 MiB        R_AARCH64_CONDBR19
//   CBZ/CBNZ Rt, label    imm19 * 4                R_AARCH64_CONDBR19
//   TBZ/TBNZ Rt, #b, lbl  imm14 * 4, ±32 KiB       R_AARCH64_TSTBR14
//   ADR Xd, label         imm21 bytes, ±1 MiB      R_AARCH64_ADR_PREL_LO21
//   ADRP Xd, label        imm21 4 KiB pages, ±4 GiB R_AARCH64_ADR_PREL_PG_HI21
//   BR/BLR/RET Xn         register targets

import type { EncodeContext } from "../backend";
import * as C from "../../elf/constants";
import { R_AARCH64_ADR_GOT_PAGE } from "./relocs";
import { CONDS, count, fail, gpr, immRange, parseModified, type Op } from "./operands";
import { bits, pcField, pcTarget, targetValue, type A64Context, type A64Word } from "./word";

const COND_RANGE = "conditional branch out of range";

/** B/BL label. */
export function branch(ops: Op[], ctx: EncodeContext, m: string): A64Word {
  count(ops, 1);
  const type = m === "bl" ? C.R_AARCH64_CALL26 : C.R_AARCH64_JUMP26;
  const f = pcField(ops[0], pcTarget(ops[0], targetValue(ops[0], ctx), ctx), ctx, 26, 4, 0, type);
  return { word: ((m === "bl" ? 0x94000000 : 0x14000000) | f.field) >>> 0, reloc: f.reloc };
}

/** B.cond label (the mnemonic carries the condition: "b.ne"). */
export function branchCond(ops: Op[], ctx: EncodeContext, m: string): A64Word {
  count(ops, 1);
  const c = CONDS[m.slice(2)];
  const f = pcField(ops[0], pcTarget(ops[0], targetValue(ops[0], ctx), ctx), ctx, 19, 4, 5, C.R_AARCH64_CONDBR19, COND_RANGE);
  return { word: (0x54000000 | f.field | c) >>> 0, reloc: f.reloc };
}

/** CBZ/CBNZ Rt, label. */
export function compareBranch(ops: Op[], ctx: EncodeContext, m: string): A64Word {
  count(ops, 2);
  const rt = gpr(ops[0]);
  const f = pcField(ops[1], pcTarget(ops[1], targetValue(ops[1], ctx), ctx), ctx, 19, 4, 5, C.R_AARCH64_CONDBR19, COND_RANGE);
  const base = m === "cbnz" ? 0x35000000 : 0x34000000;
  return { word: (base | bits(rt.x ? 1 : 0, 1, 31) | f.field | rt.n) >>> 0, reloc: f.reloc };
}

/** TBZ/TBNZ Rt, #bit, label: bit 5 of the bit number goes to b5 (bit 31). */
export function testBranch(ops: Op[], ctx: EncodeContext, m: string): A64Word {
  count(ops, 3);
  const rt = gpr(ops[0]);
  const bit = immRange(ops[1], ctx, 0, rt.x ? 63 : 31);
  const f = pcField(ops[2], pcTarget(ops[2], targetValue(ops[2], ctx), ctx), ctx, 14, 4, 5, C.R_AARCH64_TSTBR14, COND_RANGE);
  const base = m === "tbnz" ? 0x37000000 : 0x36000000;
  return { word: (base | bits(bit >> 5, 1, 31) | bits(bit & 31, 5, 19) | f.field | rt.n) >>> 0, reloc: f.reloc };
}

/** BR/BLR Xn, RET {Xn} (x30 by default). */
export function branchReg(ops: Op[], _ctx: EncodeContext, m: string): A64Word {
  const base = m === "br" ? 0xd61f0000 : m === "blr" ? 0xd63f0000 : 0xd65f0000;
  if (m === "ret" && ops.length === 0) return { word: (base | bits(30, 5, 5)) >>> 0 };
  count(ops, 1);
  const rn = gpr(ops[0], "zr", true);
  return { word: (base | bits(rn.n, 5, 5)) >>> 0 };
}

/** ADR Xd, label: a byte offset split into immlo (bits 30:29) and immhi (23:5). */
export function adr(ops: Op[], ctx: EncodeContext): A64Word {
  count(ops, 2);
  const rd = gpr(ops[0], "zr", true);
  const t = pcTarget(ops[1], targetValue(ops[1], ctx), ctx);
  const f = pcField(ops[1], t, ctx, 21, 1, 0, C.R_AARCH64_ADR_PREL_LO21, "pc-relative address offset out of range");
  return { word: (0x10000000 | immLoHi(f.field) | rd.n) >>> 0, reloc: f.reloc };
}

function immLoHi(imm21: number): number {
  return bits(imm21 & 3, 2, 29) | bits(imm21 >>> 2, 19, 5);
}

/**
 * ADRP Xd, sym: the 4 KiB page of sym relative to this instruction's page.
 * The page of this instruction is known only after linking, so gas always
 * emits R_AARCH64_ADR_PREL_PG_HI21, even for a local symbol. `:got:sym`
 * asks for the page of sym's GOT entry instead.
 */
export function adrp(ops: Op[], ctx: EncodeContext): A64Word {
  count(ops, 2);
  const rd = gpr(ops[0], "zr", true);
  const mod = parseModified(ops[1], ctx);
  if (mod && mod.name !== "got" && mod.name !== "pg_hi21") fail(ops[1], `relocation :${mod.name}: not allowed here`);
  const v = mod ? mod.value : targetValue(ops[1], ctx);
  if (v.symbol === undefined && !v.pcrel && (ctx as A64Context).absoluteTargets) {
    // A disassembly's "adrp x0, 41f000": the page distance from this instruction's page.
    const pages = (v.addend >> 12n) - (BigInt(ctx.pc) >> 12n);
    if (pages < -(1n << 20n) || pages >= 1n << 20n) fail(ops[1], "adrp target out of range");
    return { word: (0x90000000 | immLoHi(Number(BigInt.asUintN(21, pages))) | rd.n) >>> 0 };
  }
  if (v.symbol === undefined || v.pcrel) {
    fail(ops[1], "adrp needs a symbol (gas would emit a relocation against *ABS*, which this assembler does not)");
  }
  const type = mod?.name === "got" ? R_AARCH64_ADR_GOT_PAGE : C.R_AARCH64_ADR_PREL_PG_HI21;
  return { word: (0x90000000 | rd.n) >>> 0, reloc: { type, symbol: v.symbol, addend: v.addend } };
}
