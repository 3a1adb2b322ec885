// Building one x86-64 instruction from its parts (Intel SDM Vol. 2A, ch. 2):
//
//   [legacy prefixes] [REX] opcode [ModRM] [SIB] [displacement] [immediate]
//
// Handlers describe an instruction by filling an Inst; `finish` lays out the
// bytes in gas's prefix order and turns symbolic displacements and
// immediates into relocations.

import {
  R_X86_64_16, R_X86_64_32, R_X86_64_32S, R_X86_64_64, R_X86_64_8, R_X86_64_GOTPCREL, R_X86_64_GOTPCRELX,
  R_X86_64_DTPOFF32, R_X86_64_GOTTPOFF, R_X86_64_PC32, R_X86_64_REX_GOTPCRELX, R_X86_64_TLSGD, R_X86_64_TLSLD,
  R_X86_64_TPOFF32,
} from "../../elf/constants";
import { EncodeContext, EncodeError, Encoded, Reloc, Value } from "../backend";
import { MemOp, Reg, SEG_PREFIX } from "./operands";

export interface Imm { size: 1 | 2 | 4 | 8; value: Value; reloc?: number; col: number }

export class Inst {
  seg = 0;            // segment override prefix byte
  opsize = false;     // 0x66
  rep = 0;            // 0xF3 / 0xF2 (also mandatory prefixes)
  lock = false;       // 0xF0
  extra: number[] = [];   // explicit prefixes written by the user (data16, cs, ...)
  w = false; r = 0; x = 0; b = 0;
  forceRex = false;   // spl/bpl/sil/dil
  noRex = false;      // ah/ch/dh/bh
  opcode: number[] = [];
  modrm?: number;
  sib?: number;
  dispSize: 0 | 1 | 4 = 0;
  disp?: Value;
  rip = false;
  imms: Imm[] = [];
  /** pc-relative branch field (rel8/rel32) resolved or relocated by the caller */
  tail: number[] = [];
  tailRelocs: Reloc[] = [];
  /** `sym@PLT` was written: always a PLT32 relocation (branches). */
  plt = false;
  /** `sym@GOTPCREL[rip]` was written: the GOT slot's address, not sym's. */
  got = false;
  /** Thread-local suffixes (psABI "Thread-Local Storage"): `x@tpoff` is x's
   *  offset from the thread pointer (fs:0), `x@gottpoff[rip]` the GOT slot holding it. */
  tls?: "tpoff" | "gottpoff" | "tlsgd" | "tlsld" | "dtpoff";
}

const fitsS8 = (v: bigint) => v >= -128n && v <= 127n;
const fitsS32 = (v: bigint) => v >= -0x80000000n && v <= 0x7fffffffn;

/** Operand-size bookkeeping shared by most instructions: 66 for 16-bit, REX.W for 64-bit. */
export function setSize(e: Inst, size: number) {
  if (size === 2) e.opsize = true;
  else if (size === 8) e.w = true;
}

/** Note a register's REX needs (Vol. 2A 2.2.1): r8..r15 set a REX bit; spl.. need a REX; ah.. forbid it. */
function regRex(e: Inst, reg: Reg) {
  if (reg.rex8) e.forceRex = true;
  if (reg.high8) e.noRex = true;
}

/** ModRM with a register in the r/m field (mod = 11). */
export function modrmReg(e: Inst, regField: number, rm: Reg, regOp?: Reg) {
  regRex(e, rm);
  if (regOp) regRex(e, regOp);
  e.r = (regField >> 3) & 1;
  e.b = (rm.num >> 3) & 1;
  e.modrm = 0xc0 | ((regField & 7) << 3) | (rm.num & 7);
}

/** ModRM (+SIB, displacement) for a memory operand (Vol. 2A, tables 2-2 and 2-3). */
export function modrmMem(e: Inst, regField: number, m: MemOp, regOp?: Reg) {
  if (regOp) regRex(e, regOp);
  e.r = (regField >> 3) & 1;
  const reg = (regField & 7) << 3;
  if (m.seg) {
    // gas leaves out an override naming the default segment: SS for rbp/rsp-based
    // addresses (low three bits 4 or 5, so r12/r13 too), DS otherwise.
    const dflt = m.base && !m.rip && ((m.base.num & 7) === 4 || (m.base.num & 7) === 5) ? "ss" : "ds";
    if (m.seg !== dflt) e.seg = SEG_PREFIX[m.seg];
  }
  const disp = m.disp;
  const isNum = disp === undefined || (disp.symbol === undefined && !disp.pcrel);
  const n = disp === undefined ? 0n : disp.addend;
  if (m.rip) {                                   // [rip+disp32]: mod=00 rm=101
    e.modrm = reg | 5; e.rip = true; e.dispSize = 4; e.disp = disp ?? { addend: 0n };
    return;
  }
  if (isNum && !fitsS32(n) && !(n >= 0n && n <= 0xffffffffn && !m.base && !m.index))
    throw new EncodeError(`displacement ${n} does not fit in 32 bits`, m.col);
  e.disp = disp;
  if (!m.base) {
    // No base: SIB with base=101 and mod=00 means disp32 only (rm=101 alone would be RIP-relative).
    const idx = m.index ? m.index.num : 4;
    e.x = (idx >> 3) & 1;
    e.modrm = reg | 4;
    e.sib = (scaleBits(m.scale) << 6) | ((idx & 7) << 3) | 5;
    e.dispSize = 4;
    if (!e.disp) e.disp = { addend: 0n };
    return;
  }
  e.b = (m.base.num >> 3) & 1;
  let mod: number;
  if (!isNum) mod = 2, e.dispSize = 4;
  else if (n === 0n && (m.base.num & 7) !== 5) mod = 0, e.dispSize = 0;   // rbp/r13 need a displacement
  else if (fitsS8(n)) mod = 1, e.dispSize = 1;
  else mod = 2, e.dispSize = 4;
  if (m.index || (m.base.num & 7) === 4) {       // rsp/r12 as base need a SIB byte
    const idx = m.index ? m.index.num : 4;
    e.x = (idx >> 3) & 1;
    e.modrm = (mod << 6) | reg | 4;
    e.sib = (scaleBits(m.scale) << 6) | ((idx & 7) << 3) | (m.base.num & 7);
  } else {
    e.modrm = (mod << 6) | reg | (m.base.num & 7);
  }
  if (!e.disp) e.disp = { addend: 0n };
}

function scaleBits(s: number) { return s === 8 ? 3 : s === 4 ? 2 : s === 2 ? 1 : 0; }

/** Relocation type for an absolute immediate/displacement of `size` bytes. */
export function absReloc(size: number, signed: boolean): number {
  return size === 8 ? R_X86_64_64 : size === 4 ? (signed ? R_X86_64_32S : R_X86_64_32) : size === 2 ? R_X86_64_16 : R_X86_64_8;
}

function putLE(out: number[], v: bigint, size: number) {
  let x = BigInt.asUintN(size * 8, v);
  for (let i = 0; i < size; i++) { out.push(Number(x & 0xffn)); x >>= 8n; }
}

/** True if a symbol can be resolved by the assembler for a RIP-relative
 *  field (gas: a local, non-weak, non-global symbol of this section). */
export function resolvableHere(v: Value, ctx: EncodeContext): boolean {
  return v.symbol !== undefined && v.section === ctx.section && !v.global && !v.weak && v.offset !== undefined;
}

/** The 32-bit absolute TLS relocation a suffix asks for: x@tpoff, x@dtpoff. */
function tlsAbs(e: Inst): number | undefined {
  return e.tls === "tpoff" ? R_X86_64_TPOFF32 : e.tls === "dtpoff" ? R_X86_64_DTPOFF32 : undefined;
}

/** Lay out the instruction bytes. */
export function finish(e: Inst, ctx: EncodeContext): Encoded {
  const out: number[] = [...e.extra];
  // gas's prefix order: segment, operand size, rep/mandatory, lock, REX.
  if (e.seg) out.push(e.seg);
  if (e.opsize) out.push(0x66);
  if (e.rep) out.push(e.rep);
  if (e.lock) out.push(0xf0);
  const rex = (e.w ? 8 : 0) | (e.r << 2) | (e.x << 1) | e.b;
  if (rex || e.forceRex) {
    if (e.noRex) throw new EncodeError("can't encode ah/bh/ch/dh in an instruction requiring a REX prefix");
    out.push(0x40 | rex);
  }
  out.push(...e.opcode);
  if (e.modrm !== undefined) out.push(e.modrm);
  if (e.sib !== undefined) out.push(e.sib);
  const relocs: Reloc[] = [];
  const immBytes = e.imms.reduce((s, i) => s + i.size, 0) + e.tail.length;
  if (e.dispSize) {
    const d = e.disp ?? { addend: 0n };
    const at = out.length;
    if (e.rip) {
      const end = at + 4 + immBytes;
      const ripTls = e.tls === "gottpoff" ? R_X86_64_GOTTPOFF : e.tls === "tlsgd" ? R_X86_64_TLSGD
        : e.tls === "tlsld" ? R_X86_64_TLSLD : undefined;
      if (ripTls !== undefined) {
        if (d.symbol === undefined) throw new EncodeError(`@${e.tls} needs a symbol`);
        relocs.push({ offset: at, type: ripTls, symbol: d.symbol, addend: d.addend - BigInt(end - at) });
        putLE(out, 0n, 4);
      } else if (e.got) {
        if (d.symbol === undefined) throw new EncodeError("@GOTPCREL needs a symbol");
        // gas marks loads the linker may relax (mov, call/jmp through memory, test, ALU) as GOTPCRELX.
        const op = e.opcode[e.opcode.length - 1];
        const relaxable = op === 0x8b || op === 0xff || op === 0x85 || (op < 0x40 && (op & 7) === 3);
        const type = !relaxable ? R_X86_64_GOTPCREL : rex || e.forceRex ? R_X86_64_REX_GOTPCRELX : R_X86_64_GOTPCRELX;
        relocs.push({ offset: at, type, symbol: d.symbol, addend: d.addend - BigInt(end - at) });
        putLE(out, 0n, 4);
      } else if (d.symbol === undefined && !d.pcrel) putLE(out, d.addend, 4);
      else if (d.pcrel) throw new EncodeError("a PC-relative expression can't be RIP-relative again");
      else if (resolvableHere(d, ctx)) {
        const rel = BigInt(d.offset!) + d.addend - BigInt(ctx.pc + end);
        putLE(out, rel, 4);
      } else {
        relocs.push({ offset: at, type: R_X86_64_PC32, symbol: d.symbol!, addend: d.addend - BigInt(end - at) });
        putLE(out, 0n, 4);
      }
    } else if (d.symbol !== undefined || d.pcrel) {
      if (d.pcrel) throw new EncodeError("PC-relative displacement needs [rip+...]");
      relocs.push({ offset: at, type: tlsAbs(e) ?? R_X86_64_32S, symbol: d.symbol!, addend: d.addend });
      putLE(out, 0n, 4);
    } else putLE(out, d.addend, e.dispSize);
  }
  for (const imm of e.imms) {
    const v = imm.value;
    if (v.symbol === undefined && !v.pcrel) putLE(out, v.addend, imm.size);
    else {
      if (v.pcrel) throw new EncodeError("PC-relative immediate is not supported", imm.col);
      const type = (imm.size === 4 ? tlsAbs(e) : undefined) ?? imm.reloc ?? absReloc(imm.size, false);
      relocs.push({ offset: out.length, type, symbol: v.symbol!, addend: v.addend });
      putLE(out, 0n, imm.size);
    }
  }
  for (const r of e.tailRelocs) relocs.push({ ...r, offset: r.offset + out.length });
  out.push(...e.tail);
  return { bytes: Uint8Array.from(out), relocs };
}

export { fitsS8, fitsS32 };
