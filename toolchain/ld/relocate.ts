// Applying relocations: patching a field of a section once every symbol has
// an address. Each architecture's psABI defines, per relocation type, the
// value to compute from S (the symbol's address), A (the addend) and P (the
// address of the field), and how to store it:
//   x86-64 psABI, 4.4 "Relocation" (table 4.9);
//   AArch64 ELF ABI (AAELF64), 5.7 "Relocation" (tables of static relocations).
// A value that does not fit its field is an error naming the symbol, as GNU ld
// reports "relocation truncated to fit".

import * as E from "../elf/constants";

export class RelocError extends Error {}

/** Patch `buf` at `off` for relocation `type` with S+A and P given (as bigints: exact). */
export function applyReloc(arch: "x86_64" | "arm64", type: number, buf: DataView, off: number, sa: bigint, p: bigint): void {
  if (arch === "x86_64") applyX86(type, buf, off, sa, p);
  else applyA64(type, buf, off, sa, p);
}

function fits(v: bigint, bits: number, signed: boolean): boolean {
  return signed ? v >= -(1n << BigInt(bits - 1)) && v < (1n << BigInt(bits - 1)) : v >= 0n && v < (1n << BigInt(bits));
}

function check(v: bigint, bits: number, signed: boolean, what: string): void {
  if (!fits(v, bits, signed)) throw new RelocError(`relocation truncated to fit: ${what} (value 0x${v.toString(16)})`);
}

function applyX86(type: number, b: DataView, off: number, sa: bigint, p: bigint): void {
  switch (type) {
    case E.R_X86_64_NONE: return;
    case E.R_X86_64_64: b.setBigUint64(off, BigInt.asUintN(64, sa), true); return;
    case E.R_X86_64_PC64: b.setBigUint64(off, BigInt.asUintN(64, sa - p), true); return;
    case E.R_X86_64_PC32: case E.R_X86_64_PLT32: {
      // No PLT in a static link: a PLT32 call goes straight to the function.
      const v = sa - p; check(v, 32, true, "R_X86_64_PC32"); b.setInt32(off, Number(v), true); return;
    }
    case E.R_X86_64_32: check(sa, 32, false, "R_X86_64_32"); b.setUint32(off, Number(sa), true); return;
    case E.R_X86_64_32S: check(sa, 32, true, "R_X86_64_32S"); b.setInt32(off, Number(sa), true); return;
    case E.R_X86_64_16: check(sa, 16, false, "R_X86_64_16"); b.setUint16(off, Number(sa), true); return;
    case E.R_X86_64_PC16: { const v = sa - p; check(v, 16, true, "R_X86_64_PC16"); b.setInt16(off, Number(v), true); return; }
    case E.R_X86_64_8: check(sa, 8, false, "R_X86_64_8"); b.setUint8(off, Number(sa)); return;
    case E.R_X86_64_PC8: { const v = sa - p; check(v, 8, true, "R_X86_64_PC8"); b.setInt8(off, Number(v)); return; }
    default: throw new RelocError(`unsupported x86_64 relocation type ${type}`);
  }
}

const page = (v: bigint) => v & ~0xfffn;

/** Insert `v` into bits [lsb, lsb+width) of the instruction word at `off`. */
function insn(b: DataView, off: number, lsb: number, width: number, v: bigint): void {
  const mask = ((1 << width) - 1) >>> 0;
  const field = Number(BigInt.asUintN(width, v)) >>> 0;
  const w = b.getUint32(off, true);
  b.setUint32(off, ((w & ~(mask << lsb)) | ((field & mask) << lsb)) >>> 0, true);
}

function applyA64(type: number, b: DataView, off: number, sa: bigint, p: bigint): void {
  switch (type) {
    case E.R_AARCH64_NONE: return;
    case E.R_AARCH64_ABS64: b.setBigUint64(off, BigInt.asUintN(64, sa), true); return;
    case E.R_AARCH64_ABS32: if (!fits(sa, 32, false) && !fits(sa, 32, true)) check(sa, 32, false, "R_AARCH64_ABS32"); b.setUint32(off, Number(BigInt.asUintN(32, sa)), true); return;
    case E.R_AARCH64_ABS16: if (!fits(sa, 16, false) && !fits(sa, 16, true)) check(sa, 16, false, "R_AARCH64_ABS16"); b.setUint16(off, Number(BigInt.asUintN(16, sa)), true); return;
    case E.R_AARCH64_PREL64: b.setBigUint64(off, BigInt.asUintN(64, sa - p), true); return;
    case E.R_AARCH64_PREL32: { const v = sa - p; check(v, 32, true, "R_AARCH64_PREL32"); b.setInt32(off, Number(v), true); return; }
    case E.R_AARCH64_PREL16: { const v = sa - p; check(v, 16, true, "R_AARCH64_PREL16"); b.setInt16(off, Number(v), true); return; }
    case E.R_AARCH64_ADR_PREL_PG_HI21: {           // ADRP: Page(S+A) - Page(P), in pages, 21 bits
      const v = (page(sa) - page(p)) >> 12n; check(v, 21, true, "R_AARCH64_ADR_PREL_PG_HI21");
      insn(b, off, 29, 2, v & 3n); insn(b, off, 5, 19, v >> 2n); return;
    }
    case E.R_AARCH64_ADR_PREL_LO21: {              // ADR: S+A-P, 21 bits
      const v = sa - p; check(v, 21, true, "R_AARCH64_ADR_PREL_LO21");
      insn(b, off, 29, 2, v & 3n); insn(b, off, 5, 19, v >> 2n); return;
    }
    case E.R_AARCH64_ADD_ABS_LO12_NC: insn(b, off, 10, 12, sa & 0xfffn); return;
    case E.R_AARCH64_LDST8_ABS_LO12_NC: insn(b, off, 10, 12, sa & 0xfffn); return;
    case E.R_AARCH64_LDST16_ABS_LO12_NC: insn(b, off, 10, 12, (sa & 0xfffn) >> 1n); return;
    case E.R_AARCH64_LDST32_ABS_LO12_NC: insn(b, off, 10, 12, (sa & 0xfffn) >> 2n); return;
    case E.R_AARCH64_LDST64_ABS_LO12_NC: insn(b, off, 10, 12, (sa & 0xfffn) >> 3n); return;
    case E.R_AARCH64_LDST128_ABS_LO12_NC: insn(b, off, 10, 12, (sa & 0xfffn) >> 4n); return;
    case E.R_AARCH64_CALL26: case E.R_AARCH64_JUMP26: {
      const v = sa - p; check(v, 28, true, type === E.R_AARCH64_CALL26 ? "R_AARCH64_CALL26" : "R_AARCH64_JUMP26");
      insn(b, off, 0, 26, v >> 2n); return;
    }
    case E.R_AARCH64_CONDBR19: case E.R_AARCH64_LD_PREL_LO19: {
      const v = sa - p; check(v, 21, true, "R_AARCH64_CONDBR19/LD_PREL_LO19"); insn(b, off, 5, 19, v >> 2n); return;
    }
    case E.R_AARCH64_TSTBR14: { const v = sa - p; check(v, 16, true, "R_AARCH64_TSTBR14"); insn(b, off, 5, 14, v >> 2n); return; }
    case E.R_AARCH64_MOVW_UABS_G0: case E.R_AARCH64_MOVW_UABS_G0_NC:
    case E.R_AARCH64_MOVW_UABS_G1: case E.R_AARCH64_MOVW_UABS_G1_NC:
    case E.R_AARCH64_MOVW_UABS_G2: case E.R_AARCH64_MOVW_UABS_G2_NC:
    case E.R_AARCH64_MOVW_UABS_G3: {
      const group = BigInt((type - E.R_AARCH64_MOVW_UABS_G0) >> 1);
      const nc = type !== E.R_AARCH64_MOVW_UABS_G3 && ((type - E.R_AARCH64_MOVW_UABS_G0) & 1) === 1;
      if (!nc) check(sa >> (16n * group), type === E.R_AARCH64_MOVW_UABS_G3 ? 16 : 16, false, "R_AARCH64_MOVW_UABS_G*");
      insn(b, off, 5, 16, (sa >> (16n * group)) & 0xffffn); return;
    }
    default: throw new RelocError(`unsupported AArch64 relocation type ${type}`);
  }
}
