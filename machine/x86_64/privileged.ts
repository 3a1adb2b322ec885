// The privileged instructions at CPL 0 (SDM Vol. 2, each under its own
// name). At CPL 3, or on a CPU without a board's X86System (a user-mode
// run), every one of them is #GP(0), as before system mode existed.
//
// Instructions that change something the run loop must notice before the
// next instruction (RFLAGS.IF, CPL, a device line, the address space) set
// RIP themselves and throw ATTN_TRAP: run() returns early and the next run
// looks at interrupts and power first.

import type { Insn } from "./insn";
import { ATTN_TRAP, GP_FAULT, IF, UD_FAULT, type X86State } from "./state";
import { CR4, invlpg as tlbInvlpg, invpcid as tlbInvpcid } from "./paging";
import type { X86System } from "./system";

/** The system state, or #GP(0) if not at CPL 0. */
function priv(c: X86State): X86System {
  const s = c.sys;
  if (s === null || c.cpl !== 0) throw GP_FAULT;
  return s;
}

/** Go on at the next instruction, after the run loop had a look. */
function attn(c: X86State, d: Insn): never {
  c.ripLo = d.nextLo; c.ripHi = d.nextHi;
  c.jumped = true;
  throw ATTN_TRAP;
}

const big = (lo: number, hi: number): bigint => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);

/** CLI (FA): clear RFLAGS.IF. */
export function cli(c: X86State): void { priv(c); c.fl &= ~IF; }

/** STI (FB): set RFLAGS.IF; interrupts are recognised after the *next* instruction (the STI shadow). */
export function sti(c: X86State, d: Insn): void {
  const s = priv(c);
  if ((c.fl & IF) !== 0) return;
  c.fl |= IF;
  s.shadow = true;
  attn(c, d);
}

/** IN AL/AX/EAX, imm8 or DX (E4/E5, EC/ED). */
export function portIn(c: X86State, d: Insn): void {
  const s = priv(c);
  const port = (d.opcode & 8) === 0 ? d.immLo & 0xff : c.r[4] & 0xffff;
  const v = s.ports === null ? (d.size === 4 ? -1 : d.size === 2 ? 0xffff : 0xff) : s.ports.read(port, d.size);
  c.rset(d.size, 0, v, 0);
}

/** OUT imm8 or DX, AL/AX/EAX (E6/E7, EE/EF): a device may raise a line or power off, so the loop looks. */
export function portOut(c: X86State, d: Insn): void {
  const s = priv(c);
  const port = (d.opcode & 8) === 0 ? d.immLo & 0xff : c.r[4] & 0xffff;
  const v = c.rget(d.size, 0);
  if (s.ports !== null) s.ports.write(port, d.size, v);
  attn(c, d);
}

/** MOV r64, CRn (0F 20). CR8 (the TPR) reads 0; CR1, CR5-7, CR9-15 are #UD. */
export function movFromCr(c: X86State, d: Insn): void {
  const s = priv(c);
  const n = d.reg;
  let v: bigint;
  if (n === 8) v = 0n;
  else if (n === 0 || n === 2 || n === 3 || n === 4) v = s.readCr(n);
  else throw UD_FAULT;
  c.rset(8, d.rm, Number(v & 0xffffffffn) | 0, Number(v >> 32n) | 0);
}

/** MOV CRn, r64 (0F 22), with its effect on paging and the TLB (paging.ts). */
export function movToCr(c: X86State, d: Insn): void {
  const s = priv(c);
  const n = d.reg;
  if (n === 8) return;                         // TPR writes: the LAPIC's TPR register is the way here
  if (n !== 0 && n !== 2 && n !== 3 && n !== 4) throw UD_FAULT;
  const v = big(c.r[2 * d.rm], c.r[2 * d.rm + 1]);
  if (!s.writeCr(n, v)) throw GP_FAULT;
  attn(c, d);
}

/** RDMSR (0F 32): EDX:EAX = MSR[ECX]; #GP(0) for an MSR this CPU lacks. */
export function rdmsr(c: X86State): void {
  const s = priv(c), r = c.r;
  const v = s.rdmsr(r[2]);
  if (v === undefined) throw GP_FAULT;
  r[0] = Number(v & 0xffffffffn) | 0; r[1] = 0;
  r[4] = Number((v >> 32n) & 0xffffffffn) | 0; r[5] = 0;
}

/** WRMSR (0F 30): MSR[ECX] = EDX:EAX. */
export function wrmsr(c: X86State, d: Insn): void {
  const s = priv(c), r = c.r;
  if (!s.wrmsr(r[2], big(r[0], r[4]))) throw GP_FAULT;
  attn(c, d);
}

/** SYSRETQ (48 0F 07). The 32-bit form (no REX.W) returns to compatibility mode, which this CPU lacks: #GP. */
export function sysret(c: X86State, d: Insn): void {
  const s = priv(c);
  if (d.size !== 8 || !s.sysretq()) throw GP_FAULT;
  throw ATTN_TRAP;
}

/** IRETQ (48 CF). IRET/IRETW (16/32-bit operand size) are not implemented: #GP. */
export function iret(c: X86State, d: Insn): void {
  if (c.sys === null) throw GP_FAULT;          // user-mode runs: as before
  const s = c.sys;
  if (d.size !== 8) throw GP_FAULT;
  if (s.iretq() >= 0) throw GP_FAULT;         // (the error code the SDM gives is reported as 0 here)
  throw ATTN_TRAP;
}

/** LGDT / LIDT m16&64 (0F 01 /2, /3): limit, then base. */
export function lgdtLidt(c: X86State, d: Insn): void {
  const s = priv(c);
  c.ea(d);
  const lo = c.eaLo, hi = c.eaHi;
  const limit = c.mmu.read16(lo, hi);
  const a = (lo >>> 0) + 2;
  const bl = c.mmu.read64(a | 0, a > 0xffffffff ? (hi + 1) | 0 : hi);
  const base = big(bl, c.mmu.hi64);
  if (((d.modrm >> 3) & 7) === 2) { s.gdtBase = base; s.gdtLimit = limit; } else { s.idtBase = base; s.idtLimit = limit; }
}

/** LTR r/m16 (0F 00 /3). */
export function ltr(c: X86State, d: Insn): void {
  const s = priv(c);
  let sel: number;
  if (d.mem !== 0) { c.ea(d); sel = c.mmu.read16(c.eaLo, c.eaHi); } else sel = c.r[2 * d.rm] & 0xffff;
  if (!s.ltr(sel)) throw GP_FAULT;
}

/** INVLPG m (0F 01 /7): drop the page's TLB entries (current PCID, and global ones). */
export function invlpg(c: X86State, d: Insn): void {
  priv(c);
  c.eaLea(d);
  tlbInvlpg(c.mmu, c.eaLo, c.eaHi);
  attn(c, d);
}

/**
 * INVPCID r64, m128 (66 0F 38 82): the register is the type (0 one address,
 * 1 one PCID, 2 all with globals, 3 all but globals); the descriptor is the
 * PCID (bits 11:0; 63:12 must be 0) and a linear address. #GP(0) for a type
 * above 3, reserved descriptor bits, a non-canonical address (type 0), or a
 * PCID other than 0 with CR4.PCIDE = 0 (types 0, 1) (SDM Vol. 2A "INVPCID").
 */
export function invpcid(c: X86State, d: Insn): void {
  const s = priv(c), r = c.r;
  const tlo = r[2 * d.reg], thi = r[2 * d.reg + 1];
  c.ea(d);
  const lo = c.eaLo, hi = c.eaHi, m = c.mmu;
  const d0 = m.read64(lo, hi), d0hi = m.hi64;
  const a = (lo >>> 0) + 8, alo = m.read64(a | 0, a > 0xffffffff ? (hi + 1) | 0 : hi), ahi = m.hi64;
  if (thi !== 0 || tlo < 0 || tlo > 3 || (d0 & ~0xfff) !== 0 || d0hi !== 0) throw GP_FAULT;
  const pcid = d0 & 0xfff;
  if (tlo <= 1 && pcid !== 0 && (s.cr4 & CR4.PCIDE) === 0) throw GP_FAULT;
  if (tlo === 0 && ((ahi << 16) >> 16) !== ahi) throw GP_FAULT;
  tlbInvpcid(m, tlo, pcid, alo, ahi);
  attn(c, d);
}

/** CLAC / STAC (0F 01 CA / CB): clear or set RFLAGS.AC, which lifts SMAP; #UD unless CR4.SMAP. */
export function clacStac(c: X86State, d: Insn): void {
  const s = priv(c);
  if ((s.cr4 & CR4.SMAP) === 0) throw UD_FAULT;
  c.setRflags(d.sub === 1 ? 0x40000 : 0, 0x40000);
  s.syncMmu();
  attn(c, d);                                  // the TLB bank for data accesses changed
}

/** SWAPGS (0F 01 F8). */
export function swapgs(c: X86State): void { priv(c).swapgs(); }

/** CLTS, INVD, WBINVD: nothing to do on this CPU (no x87 state, no caches). */
export function nopPriv(c: X86State): void { priv(c); }
