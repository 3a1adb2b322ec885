// Control transfer and system-ish instructions: Jcc, JMP, CALL, RET,
// ENTER/LEAVE, flag manipulation, SYSCALL, CPUID, RDTSC, and the
// instructions that stop the CPU (UD2, INT3, HLT).
//
// A decoded instruction knows its own address, the next one's (nextLo/Hi)
// and, for relative branches, the absolute target (tLo/Hi). A handler that
// transfers control writes the target into ripLo/ripHi and sets `jumped`,
// as its very last step (after anything that can fault), so the run loop
// follows the branch instead of the straight-line link.

import { ATTN_TRAP, BP_TRAP, DF, GP_FAULT, HALT_TRAP, IF, INT_TRAP, SYSCALL_TRAP, UD_FAULT, type X86State } from "./state";
import type { Insn } from "./insn";

/** Go to the precomputed target of a relative branch. */
function jumpRel(c: X86State, d: Insn): void {
  c.ripLo = d.tLo; c.ripHi = d.tHi;
  c.jumped = true;
}

/** Jcc rel8 / rel32 (70..7F, 0F 80..8F). */
export function jcc(c: X86State, d: Insn): void {
  if (c.cond(d.sub)) jumpRel(c, d);
}

/** JMP rel8 / rel32 (EB, E9). */
export function jmpRel(c: X86State, d: Insn): void {
  jumpRel(c, d);
}

/** JRCXZ / JECXZ (E3): jump if rCX is zero (no flags). */
export function jrcxz(c: X86State, d: Insn): void {
  const r = c.r;
  if (r[2] === 0 && (d.asize === 4 || r[3] === 0)) jumpRel(c, d);
}

/** LOOP (E2), LOOPE (E1), LOOPNE (E0): decrement rCX, jump if non-zero (and ZF condition). */
export function loop(c: X86State, d: Insn): void {
  const r = c.r;
  if (d.asize === 4) { r[2] = (r[2] - 1) | 0; r[3] = 0; }
  else { if (r[2] === 0) r[3] = (r[3] - 1) | 0; r[2] = (r[2] - 1) | 0; }
  const nz = r[2] !== 0 || (d.asize === 8 && r[3] !== 0);
  const op = d.opcode & 3;
  if (nz && (op === 2 || (op === 1 ? c.getZF() === 1 : c.getZF() === 0))) jumpRel(c, d);
}

/** CALL rel32 (E8): push the return address, then jump. */
export function callRel(c: X86State, d: Insn): void {
  c.push64(d.nextLo, d.nextHi);
  jumpRel(c, d);
}

/** JMP r/m64 (FF /4): jump tables and tail calls through pointers. */
export function jmpE(c: X86State, d: Insn): void {
  const lo = c.readE(d), hi = c.vhi;
  c.ripLo = lo; c.ripHi = hi;
  c.jumped = true;
}

/** CALL r/m64 (FF /2). */
export function callE(c: X86State, d: Insn): void {
  const lo = c.readE(d), hi = c.vhi;
  c.push64(d.nextLo, d.nextHi);
  c.ripLo = lo; c.ripHi = hi;
  c.jumped = true;
}

/** RET (C3) and RET imm16 (C2): pop RIP, then release imm16 more bytes of stack. */
export function ret(c: X86State, d: Insn): void {
  const r = c.r;
  const lo = c.pop64(), hi = c.vhi;
  if (d.immLo !== 0) {
    const s = (r[8] >>> 0) + d.immLo;
    r[8] = s | 0;
    if (s > 0xffffffff) r[9] = (r[9] + 1) | 0;
  }
  c.ripLo = lo; c.ripHi = hi;
  c.jumped = true;
}

/** LEAVE (C9): RSP = RBP, then pop RBP. */
export function leave(c: X86State, _d: Insn): void {
  const r = c.r;
  const lo = c.mmu.read64(r[10], r[11]), hi = c.mmu.hi64;
  const s = (r[10] >>> 0) + 8;
  r[8] = s | 0; r[9] = s > 0xffffffff ? (r[11] + 1) | 0 : r[11];
  r[10] = lo; r[11] = hi;
}

/** ENTER imm16, imm8 (C8): make a stack frame; nesting levels above 0 copy frame pointers (SDM "ENTER"). */
export function enter(c: X86State, d: Insn): void {
  const r = c.r;
  const level = d.imm2 & 31;
  const saveLo = r[8], saveHi = r[9], bpLo = r[10], bpHi = r[11];
  try {
    c.push64(r[10], r[11]);
    const frameLo = r[8], frameHi = r[9];
    if (level > 0) {
      let pLo = bpLo, pHi = bpHi;
      for (let i = 1; i < level; i++) {
        const s = (pLo >>> 0) - 8; pLo = s | 0; if (s < 0) pHi = (pHi - 1) | 0;
        const vlo = c.mmu.read64(pLo, pHi), vhi = c.mmu.hi64;
        c.push64(vlo, vhi);
      }
      c.push64(frameLo, frameHi);
    }
    r[10] = frameLo; r[11] = frameHi;
    const s = (r[8] >>> 0) - d.immLo;
    r[8] = s | 0; if (s < 0) r[9] = (r[9] - 1) | 0;
  } catch (e) {
    r[8] = saveLo; r[9] = saveHi; r[10] = bpLo; r[11] = bpHi;
    throw e;
  }
}

// ---- Flags ----

/** CLC F8, STC F9, CMC F5. */
export function clc(c: X86State): void { c.setCF(0); }
export function stc(c: X86State): void { c.setCF(1); }
export function cmc(c: X86State): void { c.setCF(c.getCF() ^ 1); }
/** CLD FC, STD FD: the direction of string instructions. */
export function cld(c: X86State): void { c.fl &= ~DF; }
export function std(c: X86State): void { c.fl |= DF; }

/** LAHF (9F): AH = SF:ZF:0:AF:0:PF:1:CF. */
export function lahf(c: X86State): void {
  const f = c.rflags() & 0xd5 | 2;
  c.r[0] = (c.r[0] & ~0xff00) | (f << 8);
}

/** SAHF (9E): SF ZF AF PF CF from AH. */
export function sahf(c: X86State): void {
  c.setRflags((c.r[0] >> 8) & 0xff, 0xd5);
}

/** PUSHF (9C): push RFLAGS (VM and RF read as 0). */
export function pushf(c: X86State, d: Insn): void {
  const f = c.rflags() & 0xfcffff;
  if (d.size === 8) c.push64(f, 0);
  else {
    const r = c.r, s = (r[8] >>> 0) - 2, nlo = s | 0, nhi = s < 0 ? (r[9] - 1) | 0 : r[9];
    c.mmu.write16(nlo, nhi, f);
    r[8] = nlo; r[9] = nhi;
  }
}

/** POPF (9D): at CPL 3 only CF PF AF ZF SF TF DF OF NT AC ID may change (IF and IOPL are kept). */
export function popf(c: X86State, d: Insn): void {
  const r = c.r;
  let v: number;
  if (d.size === 8) v = c.pop64();
  else {
    v = c.mmu.read16(r[8], r[9]);
    const s = (r[8] >>> 0) + 2; r[8] = s | 0; if (s > 0xffffffff) r[9] = (r[9] + 1) | 0;
  }
  if (c.sys === null || c.cpl !== 0) { c.setRflags(v, d.size === 8 ? 0x254dd5 : 0x4dd5); return; }
  // CPL 0 may also change IF and IOPL; setting IF lets the run loop look for a pending interrupt.
  const was = c.fl & IF;
  c.setRflags(v, (d.size === 8 ? 0x254dd5 : 0x4dd5) | IF | 0x3000);
  c.sys.syncMmu();                             // RFLAGS.AC decides SMAP
  if (was === 0 && (c.fl & IF) !== 0) { c.ripLo = d.nextLo; c.ripHi = d.nextHi; c.jumped = true; throw ATTN_TRAP; }
}

// ---- Stops and system-ish instructions ----

/** SYSCALL (0F 05): RCX = next RIP, R11 = RFLAGS (SDM Vol. 2B "SYSCALL"); the runner emulates the call. */
export function syscall(c: X86State, d: Insn): void {
  const r = c.r;
  if (c.sys !== null && (c.sys.efer & 1) === 0) throw UD_FAULT;   // EFER.SCE = 0: #UD (system mode only)
  r[2] = d.nextLo; r[3] = d.nextHi;
  r[22] = c.rflags(); r[23] = 0;
  throw SYSCALL_TRAP;
}

/** UD2 (0F 0B) and every encoding we do not implement. */
export function undefinedOp(): void { throw UD_FAULT; }

/** INT3 (CC): a trap; the run loop reports Exc.Breakpoint with RIP after the instruction. */
export function int3(): void { throw BP_TRAP; }

/**
 * INT imm8 (CD ib, SDM Vol. 2A "INT n"): a software interrupt through IDT
 * vector n, RIP after the instruction, no error code; the gate's DPL must
 * allow the current privilege level or it is #GP(n*8+2) (system.ts deliver).
 */
export function intN(c: X86State, d: Insn): void {
  c.softVector = d.immLo & 0xff;
  throw INT_TRAP;
}

/** HLT (F4) is privileged: #GP(0) at CPL 3; at CPL 0 the CPU stops (Stop.Halt) with RIP after it. */
export function hlt(c: X86State): void {
  if (c.sys !== null && c.cpl === 0) throw HALT_TRAP;
  throw GP_FAULT;
}

/**
 * Privileged instructions (CLI, STI, IN, OUT, INS, OUTS, RDMSR, WRMSR,
 * MOV to/from CRn, WBINVD, INVD, CLTS, SYSRET): #GP(0) at CPL 3, which is
 * all that runs so far. System mode will give them real handlers.
 */
export function privileged(_c: X86State): void {
  throw GP_FAULT;
}

/** NOP in all its forms (90, 0F 1F /0, PAUSE, ENDBR64, prefetch hints). */
export function nop(): void {}

/** RDTSC (0F 31): EDX:EAX = instructions retired so far, so runs are deterministic. */
export function rdtsc(c: X86State): void {
  // On a board the TSC is virtual time: retired instructions plus the ticks skipped while halted.
  const t = c.retired + c.count + (c.sys !== null ? c.sys.idleTicks() : 0), r = c.r;
  r[0] = t | 0; r[1] = 0;
  r[4] = Math.floor(t / 4294967296) | 0; r[5] = 0;
}

/**
 * CPUID (0F A2). We describe a plain family-6 x86_64 CPU with exactly the
 * optional features this interpreter implements: TSC, CX8, CX16, CMOV, MOVBE,
 * POPCNT, LAHF/SAHF in 64-bit mode, ABM (LZCNT), BMI1 (TZCNT only, the
 * other BMI1 instructions are missing: documented in README.md), SYSCALL,
 * NX, long mode. No x87, SSE or AVX: those bits are 0.
 */
export function cpuid(c: X86State): void {
  const r = c.r;
  const leaf = r[0], sub = r[2];
  let a = 0, b = 0, cc = 0, d = 0;
  switch (leaf) {
    case 0: a = 7; b = 0x4f6e694d; d = 0x38782053; cc = 0x34362d36; break;   // vendor "MinOS x86-64" in EBX, EDX, ECX
    case 1: a = 0x000006f1; d = (1 << 4) | (1 << 8) | (1 << 15); cc = (1 << 13) | (1 << 22) | (1 << 23); break;
    case 7: if (sub === 0) b = 1 << 3; break;
    case 0x80000000 | 0: a = 0x80000008 | 0; break;
    case 0x80000001 | 0: cc = 1 | (1 << 5); d = (1 << 11) | (1 << 20) | (1 << 29); break;
    case 0x80000008 | 0: a = 0x3028; break;    // 48-bit virtual, 40-bit physical addresses
    default: break;
  }
  if (c.sys !== null) {
    // On a board, the system features too: MSR, PAE, APIC, PGE; PCID, TSC-deadline; SMEP, INVPCID, SMAP; 1 GiB pages.
    if (leaf === 1) { d |= (1 << 5) | (1 << 6) | (1 << 9) | (1 << 13); cc |= (1 << 17) | (1 << 24); }
    if (leaf === 7 && sub === 0) b |= (1 << 7) | (1 << 10) | (1 << 20);
    if (leaf === (0x80000001 | 0)) d |= 1 << 26;
  }
  r[0] = a; r[1] = 0; r[6] = b; r[7] = 0; r[2] = cc; r[3] = 0; r[4] = d; r[5] = 0;
}

