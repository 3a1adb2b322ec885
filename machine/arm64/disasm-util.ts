// Operand spelling shared by the disassembler files: register names,
// immediates and condition codes exactly as GNU objdump (binutils 2.40)
// prints them.

import { SP, ZR, ZR_SINK } from "./insn";

/** The name of register slot `s` as an X (sf=1) or W (sf=0) register. */
export function reg(s: number, sf: number): string {
  if (s === SP) return sf ? "sp" : "wsp";
  if (s === ZR || s === ZR_SINK) return sf ? "xzr" : "wzr";
  return (sf ? "x" : "w") + s;
}

export const isZr = (s: number): boolean => s === ZR || s === ZR_SINK;

/** `#0x1f`: how objdump prints most immediates. */
export const hex = (v: number): string => "#0x" + (v >>> 0).toString(16);

/** A 64-bit immediate (lo, hi) in hex. */
export function hex64(lo: number, hi: number): string {
  if (hi === 0) return "#0x" + (lo >>> 0).toString(16);
  return "#0x" + (hi >>> 0).toString(16) + (lo >>> 0).toString(16).padStart(8, "0");
}

/** A branch target as objdump prints it: bare hex, no 0x. */
export const target = (addr: bigint): string => BigInt.asUintN(64, addr).toString(16);

export const COND = ["eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le", "al", "nv"];
/** The alternative (SVE-flavoured) names objdump lists in a comment after a condition. */
const COND_ALT: Record<number, string> = {
  0: "none", 1: "any", 2: "hs, nlast", 3: "lo, ul, last", 4: "first", 5: "nfrst",
  8: "pmore", 9: "plast", 10: "tcont", 11: "tstop",
};

/** "cs\t// cs = hs, nlast": a condition operand at the end of the line, with objdump's comment. */
export function condTail(cond: number): string {
  const alt = COND_ALT[cond];
  return alt ? `${COND[cond]}\t// ${COND[cond]} = ${alt}` : COND[cond];
}

/** The comment objdump adds after a conditional branch's target. */
export function bcondComment(cond: number): string {
  const alt = COND_ALT[cond];
  return alt ? "  // " + alt.split(", ").map((a) => "b." + a).join(", ") : "";
}

/** `mov x0, #0x10  // #16`: the immediate padded to 23 columns, then its value in decimal. */
export function withDecimal(mn: string, rd: string, imm: string, value: bigint): string {
  return `${mn}\t${rd}, ${imm.padEnd(23)}\t// #${value}`;
}

export const SHIFT = ["lsl", "lsr", "asr", "ror"];
export const EXTEND = ["uxtb", "uxth", "uxtw", "uxtx", "sxtb", "sxth", "sxtw", "sxtx"];
