// The decoder: bytes -> Insn, driven by optable.ts.
//
// An x86_64 instruction is: legacy prefixes (66 operand size, 67 address
// size, F2/F3 repeat, F0 lock, segment overrides), an optional REX byte
// (0100WRXB: W = 64-bit operand, R/X/B = fourth bit of the ModRM reg, SIB
// index and ModRM rm/SIB base/opcode register), the opcode (one byte, or
// 0F xx, or 0F 38 xx), then ModRM, SIB and displacement for a memory
// operand, then immediates (SDM Vol. 2A chapter 2). At most 15 bytes.
//
// `fetch(i)` returns the i-th byte of the instruction; for the CPU it reads
// through the MMU as an instruction fetch, so an instruction running off
// the end of executable memory faults at its first byte's address.

import { AH, Insn, NONE, RIP } from "./insn";
import { aluEG, aluEI } from "./alu";
import { btOp } from "./bits";
import { BAD, ENDBR64, F, FENCES, LOCKABLE, ONE, type OpEntry, PAUSE, SWAPGS, INVPCID, CLAC, STAC, THREE38, TWO, TWO_66, TWO_F3, XCHG_RAX, type Slot } from "./optable";
import { movRR32, movRR32r, movRR64, movRR64r } from "./move";
import * as Fast from "./fast";

export type Fetch = (i: number) => number;

const MAX_LEN = 15;
/** 0F AE: only the register forms (fences) exist here; ModRM is read, then special() picks. */
const FENCE_SLOT: OpEntry[] = Array.from({ length: 8 }, () => BAD);

/** Decode one instruction into `d` (a fresh Insn). Unknown encodings get the BAD entry (#UD). */
export function decode(fetch: Fetch, d: Insn): void {
  let i = 0, b = fetch(0), n66 = 0;
  // Legacy prefixes, in any order; the last of a kind wins.
  for (;;) {
    if (b === 0x66) n66++;
    else if (b === 0x67) d.asize = 4;
    else if (b === 0xf2 || b === 0xf3) d.rep = b;
    else if (b === 0xf0) d.lock = 1;
    else if (b === 0x2e || b === 0x36 || b === 0x3e || b === 0x26 || b === 0x64 || b === 0x65) d.seg = b;
    else break;
    if (++i >= MAX_LEN) return bad(d, i);
    b = fetch(i);
  }
  d.p66 = n66 > 0 ? 1 : 0;
  if (n66 > 1) d.pfx |= 1;
  if ((b & 0xf0) === 0x40) {             // REX must come last, right before the opcode
    d.rex = b;
    b = fetch(++i);
  }
  let slot: Slot;
  let opcode = b;
  if (b === 0x0f) {
    b = fetch(++i);
    if (b === 0x38) {
      b = fetch(++i); opcode = 0x0f3800 | b; slot = d.rep === 0 ? THREE38[b] : null;   // F2 0F 38 F0 is CRC32 (not here)
      if (b === 0x82) { slot = n66 > 0 && d.rep === 0 ? INVPCID : null; d.p66 = 0; }   // 66 0F 38 82: mandatory 66
    }
    else {
      opcode = 0x0f00 | b;
      // A mandatory prefix (F3, 66) selects a different instruction and stops being a prefix.
      if (d.rep === 0xf3 && TWO_F3[b] !== null) slot = TWO_F3[b];
      else if (n66 > 0 && TWO_66[b] !== null) { slot = TWO_66[b]; d.p66 = 0; }
      else slot = TWO[b];
    }
  } else slot = ONE[b];
  if (opcode === 0x0fae) slot = FENCE_SLOT;
  d.opcode = opcode;
  i++;
  if (slot === null) return bad(d, i);
  // ModRM (needed now to select a group member).
  let modrm = -1;
  let e: OpEntry;
  if (Array.isArray(slot)) {
    modrm = fetch(i++);
    e = slot[(modrm >> 3) & 7];
  } else {
    e = slot;
    if (e.modrm) modrm = fetch(i++);
  }
  e = special(d, e, opcode, modrm);
  if (e === BAD) return bad(d, i);
  d.modrm = modrm;
  const rex = d.rex;
  d.size = e.byteOp ? 1 : (e.flags & F.F64) !== 0 ? 8 : (e.flags & F.D64) !== 0 ? (d.p66 ? 2 : 8) : (rex & 8) !== 0 ? 8 : d.p66 ? 2 : 4;
  if (e.ops.includes("eAX") || e.ops.includes("Yz") || e.ops.includes("Xz")) d.size = d.p66 ? 2 : 4;   // port I/O: no 64-bit form
  if ((e.flags & F.SSE) !== 0) {
    d.size = (rex & 8) !== 0 ? 8 : 4;
    if (d.rep === 0xf2 || (d.rep === 0xf3 && TWO_F3[opcode & 0xff] !== e)) return bad(d, i);   // scalar forms we lack
  }
  if (modrm >= 0 && (e.ops[0] === "Rq" || e.ops[1] === "Rq")) {
    // MOV to/from control registers: the mod field is ignored, always registers (SDM "MOV—Move to/from Control Registers").
    d.reg = ((modrm >> 3) & 7) | ((rex & 4) << 1);
    d.rm = (modrm & 7) | ((rex & 1) << 3);
    d.size = 8;
  } else if (modrm >= 0) {
    i = decodeModrm(fetch, d, modrm, i);
    if (e.memOnly && d.mem === 0) return bad(d, i);
  }
  i = decodeOperands(fetch, d, e, i);
  if (i > MAX_LEN) return bad(d, MAX_LEN);
  d.len = i;
  d.entry = e.id;
  d.sub = e.sub;
  d.exec = e.h;
  fastPath(d, opcode);
  if ((d.pfx & 2) !== 0) d.exec = BAD.h;
  // LOCK is #UD except on a read-modify-write of memory (decoded in full for the disassembler).
  if (d.lock && (d.mem === 0 || !LOCKABLE.has(e.h) || ((e.h === aluEG || e.h === aluEI) && d.sub === 7) || (e.h === btOp && d.sub === 4))) d.exec = BAD.h;
}

/** Encodings whose meaning depends on prefixes or the whole ModRM byte. */
function special(d: Insn, e: OpEntry, opcode: number, modrm: number): OpEntry {
  if (opcode === 0x0f01 && modrm >= 0xc0) return modrm === 0xf8 ? SWAPGS : modrm === 0xca ? CLAC : modrm === 0xcb ? STAC : BAD;
  if (opcode === 0x90) {
    if ((d.rex & 1) !== 0) return XCHG_RAX;      // 41 90 = xchg r8, rax
    if (d.rep === 0xf3) return PAUSE;
    if (d.p66) return XCHG_RAX;                  // 66 90 = xchg ax, ax
  }
  if (opcode === 0x0f1e && d.rep === 0xf3 && modrm === 0xfa) return ENDBR64;
  if (opcode === 0x0f09 && d.rep !== 0) return BAD;             // F3 0F 09 is WBNOINVD; F2 is undefined
  if (opcode === 0x0fae && modrm >= 0xc0 && d.rep === 0 && d.p66 === 0) return FENCES[(modrm >> 3) & 7] ?? BAD;
  return e;
}

/** ModRM, SIB and displacement (SDM Vol. 2A 2.1.5 and 2.2.1). */
function decodeModrm(fetch: Fetch, d: Insn, modrm: number, i: number): number {
  const rex = d.rex;
  const mod = modrm >> 6, rm = modrm & 7;
  d.reg = ((modrm >> 3) & 7) | ((rex & 4) << 1);
  if (mod === 3) {
    d.rm = rm | ((rex & 1) << 3);
    return i;
  }
  d.mem = 1;
  if (rm === 4) {
    const sib = fetch(i++);
    const idx = ((sib >> 3) & 7) | ((rex & 2) << 2);
    const base = (sib & 7) | ((rex & 1) << 3);
    d.scale = sib >> 6;
    d.index = idx === 4 ? NONE : idx;
    d.base = (sib & 7) === 5 && mod === 0 ? NONE : base;
    if (d.base === NONE) { d.dispLo = fetch32(fetch, i); i += 4; }
  } else if (rm === 5 && mod === 0) {
    d.base = RIP;
    d.dispLo = fetch32(fetch, i); i += 4;
  } else d.base = rm | ((rex & 1) << 3);
  if (mod === 1) { d.dispLo = (fetch(i++) << 24) >> 24; }
  else if (mod === 2) { d.dispLo = fetch32(fetch, i); i += 4; }
  d.dispHi = d.dispLo >> 31;
  return i;
}

function fetch32(fetch: Fetch, i: number): number {
  return fetch(i) | (fetch(i + 1) << 8) | (fetch(i + 2) << 16) | (fetch(i + 3) << 24);
}

/** Non-ModRM operands: immediates, branch targets, opcode registers, moffs. */
function decodeOperands(fetch: Fetch, d: Insn, e: OpEntry, i: number): number {
  const size = d.size, rex = d.rex;
  let seenImm = false;
  for (const o of e.ops) {
    switch (o) {
      case "Ib": {
        const v = fetch(i++);
        if (seenImm) d.imm2 = v; else { d.immLo = v; d.immHi = 0; }
        seenImm = true;
        break;
      }
      case "Is": {
        const v = (fetch(i++) << 24) >> 24;
        setImm(d, size, v);
        break;
      }
      case "Iw": d.immLo = fetch(i) | (fetch(i + 1) << 8); i += 2; seenImm = true; break;
      case "Iz": case "Iv":
        if (size === 2) { d.immLo = fetch(i) | (fetch(i + 1) << 8); i += 2; }
        else if (size === 8 && o === "Iv") { d.immLo = fetch32(fetch, i); d.immHi = fetch32(fetch, i + 4); i += 8; }
        else { setImm(d, size, fetch32(fetch, i)); i += 4; }
        break;
      case "I1": case "1": d.immLo = 1; break;
      case "Jb": d.immLo = (fetch(i++) << 24) >> 24; d.immHi = d.immLo >> 31; break;
      case "Jz":
        if (d.p66 && (rex & 8) === 0) {
          // 66 + rel16: AMD truncates RIP to 16 bits, Intel ignores the prefix. Decoded (for the
          // length objdump gives) but not executed: #UD.
          d.immLo = ((fetch(i) | (fetch(i + 1) << 8)) << 16) >> 16; d.immHi = d.immLo >> 31; i += 2;
          d.pfx |= 2;
        } else { d.immLo = fetch32(fetch, i); d.immHi = d.immLo >> 31; i += 4; }
        break;
      case "Zb": case "Zv": {
        let r = (d.opcode & 7) | ((rex & 1) << 3);
        if (o === "Zb" && rex === 0 && r >= 4) r = AH + r - 4;
        d.rm = r;
        break;
      }
      case "Ob": case "Ov":
        d.mem = 1;
        if (d.asize === 4) { d.dispLo = fetch32(fetch, i); d.dispHi = 0; i += 4; }
        else { d.dispLo = fetch32(fetch, i); d.dispHi = fetch32(fetch, i + 4); i += 8; }
        break;
      case "Gb": if (rex === 0 && d.reg >= 4) d.reg = AH + d.reg - 4; break;
      case "Eb": if (d.mem === 0 && rex === 0 && d.rm >= 4 && d.modrm >= 0) d.rm = AH + d.rm - 4; break;
      default: break;
    }
  }
  return i;
}

/** Store a sign-extended 32-bit immediate at the operand size. */
function setImm(d: Insn, size: number, v: number): void {
  if (size === 1) d.immLo = v & 0xff;
  else if (size === 2) d.immLo = v & 0xffff;
  else d.immLo = v;
  d.immHi = size === 8 ? v >> 31 : 0;
}

/** Swap in specialised handlers for the commonest register forms. */
function fastPath(d: Insn, opcode: number): void {
  if (opcode === 0x74 || opcode === 0x0f84) { d.exec = Fast.jz; return; }
  if (opcode === 0x75 || opcode === 0x0f85) { d.exec = Fast.jnz; return; }
  if (d.mem !== 0 || (d.size !== 4 && d.size !== 8)) return;
  const q = d.size === 8;
  if (opcode < 0x40 && (opcode & 7) < 6) {
    // The ALU block 00..3D: low 3 bits 1 = "Ev,Gv", 3 = "Gv,Ev", 5 = "eAX,Iz".
    const form = opcode & 7;
    if (form === 1) d.exec = q ? Fast.aluRR64e : Fast.aluRR32e;
    else if (form === 3) d.exec = q ? Fast.aluRR64g : Fast.aluRR32g;
    else if (form === 5) d.exec = q ? Fast.aluRI64 : Fast.aluRI32;
  } else if (opcode === 0x81 || opcode === 0x83) d.exec = q ? Fast.aluRI64 : Fast.aluRI32;
  else if (opcode === 0x85) d.exec = q ? Fast.testRR64 : Fast.testRR32;
  else if (opcode === 0x8b) d.exec = q ? movRR64 : movRR32;
  else if (opcode === 0x89) d.exec = q ? movRR64r : movRR32r;
}

/**
 * Tie a decoding to the virtual address it runs at: precompute the next
 * RIP, absolute branch targets, and turn RIP-relative operands into
 * absolute ones, so the executor never needs RIP itself.
 */
export function bindAddress(d: Insn, lo: number, hi: number): void {
  d.vaLo = lo; d.vaHi = hi;
  const s = (lo >>> 0) + d.len;
  d.nextLo = s | 0; d.nextHi = s > 0xffffffff ? (hi + 1) | 0 : hi;
  const t = (d.nextLo >>> 0) + d.immLo;                // immLo is the sign-extended rel8/rel32
  d.tLo = t | 0; d.tHi = t > 0xffffffff ? (d.nextHi + 1) | 0 : t < 0 ? (d.nextHi - 1) | 0 : d.nextHi;
  if (d.base === RIP) {
    d.ripRel = 1; d.rawDisp = d.dispLo;
    const a = (d.nextLo >>> 0) + d.dispLo;
    d.dispLo = a | 0; d.dispHi = a > 0xffffffff ? (d.nextHi + 1) | 0 : a < 0 ? (d.nextHi - 1) | 0 : d.nextHi;
    d.base = NONE;
  }
}

function bad(d: Insn, len: number): void {
  d.entry = BAD.id;
  d.exec = BAD.h;
  d.len = Math.max(1, Math.min(len, MAX_LEN));
}

/** Decode from a byte array (the disassembler and tests). Bytes past the end read as -1 -> (bad). */
export function decodeBytes(bytes: Uint8Array, offset: number): Insn {
  const d = new Insn();
  try {
    decode((k) => {
      const p = offset + k;
      if (p >= bytes.length) throw RangeError("truncated");
      return bytes[p];
    }, d);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    const fresh = new Insn();
    bad(fresh, 1);
    return fresh;
  }
  return d;
}
