// The x86_64 page walker: 4-level paging as the hardware does it (Intel SDM
// Vol. 3A, 4.5 "4-Level Paging"), a Translator the Mmu asks on a TLB miss.
//
// A 48-bit linear address is split 9+9+9+9+12. CR3 points at the PML4
// table; each 8-byte entry points at the next table (PML4E -> PDPT,
// PDPTE -> page directory, PDE -> page table) or, with PS=1 in a PDPTE or
// PDE, maps a 1 GiB or 2 MiB page directly. The walk stops at the first entry
// with P=0 or a reserved bit set; rights combine along the way (a page is
// writable only if every level says R/W=1, user-accessible only if every
// level says U/S=1, and not executable if any level says XD=1).
//
// Like the hardware, the walker *writes* the page tables: it sets A (accessed)
// in every entry it used and D (dirty) in the leaf on a write, so the kernel
// can tell which pages were touched (SDM 4.8).
//
// Choices the SDM leaves to the implementation, fixed here:
// - MAXPHYADDR = 40 (1 TiB, the default of QEMU's TCG CPUs): entry bits
//   51:40 are reserved and fault with RSVD if set.
// - 1 GiB pages are supported (CPUID.80000001H:EDX.Page1GB = 1).
// - Protection keys (CR4.PKE), 5-level paging (LA57), 32-bit and PAE paging
//   are not implemented: only CR0.PG=1 with long mode, or CR0.PG=0 (flat).
// - Non-leaf A bits are set as the walk passes through (even if the access
//   later faults); the leaf's A and D only when the access succeeds, as QEMU's
//   target/i386 walker does and the SDM permits.
//
// The CPU owns an X86PagingRegs object and updates it on MOV to CR0/CR3/CR4
// and WRMSR EFER; the walker reads it on every miss. The helpers at the end
// say what each of those instructions does to the TLB (SDM 4.10.4.1).
//
// Wiring it into a CPU: `mmu.translator = new X86Paging(mem, regs)`; keep
// mmu.user = (CPL === 3) and mmu.pan = CR4.SMAP && !RFLAGS.AC. When run()
// catches MEM_FAULT: if mmu.faultCode === PF.NonCanonical raise #GP(0),
// else raise #PF (vector 14) with error code mmu.faultCode and
// CR2 = (mmu.faultHi, mmu.faultLo).

import { Access, type AccessKind, type Mmu, type Translator } from "../core/mmu";
import { BusError, PAGE_SHIFT, type PhysMem } from "../core/physmem";

/**
 * The control registers paging depends on, as plain numbers. cr0, cr4 and
 * efer hold their low 32 bits (no defined bit is higher). cr3 holds the PML4
 * base (bits 39:12) and, with CR4.PCIDE, the PCID (bits 11:0): below 2^52, so
 * a double holds it exactly. The CPU also keeps `mmu.pan` equal to
 * "CR4.SMAP and RFLAGS.AC=0" for SMAP.
 */
export interface X86PagingRegs { cr0: number; cr3: number; cr4: number; efer: number }

export const CR0 = { WP: 1 << 16, PG: 1 << 31 } as const;
export const CR4 = { PAE: 1 << 5, PGE: 1 << 7, PCIDE: 1 << 17, SMEP: 1 << 20, SMAP: 1 << 21 } as const;
export const EFER = { LME: 1 << 8, LMA: 1 << 10, NXE: 1 << 11 } as const;

/** Paging-structure entry bits in the low dword; XD is bit 63 (bit 31 of the high dword). */
export const PTE = { P: 1, RW: 2, US: 4, PWT: 8, PCD: 16, A: 32, D: 64, PS: 128, G: 256 } as const;
const XD_HI = 1 << 31;

/** #PF error code bits (SDM 4.7), plus our marker for a non-canonical address. */
export const PF = {
  P: 1, W: 2, U: 4, RSVD: 8, ID: 16, PK: 32,
  /**
   * Not a #PF bit: the address was not canonical, which is a #GP(0) (or #SS
   * for a stack access) and involves no page walk. mmu.faultCode is exactly
   * PF.NonCanonical and faultLevel 0; the CPU raises #GP instead of #PF.
   */
  NonCanonical: 1 << 16,
} as const;

export const MAXPHYADDR = 40;
/** Reserved address bits 51:MAXPHYADDR, as bits of an entry's high dword. */
const RSVD_HI = 0x000fff00;
const TWO32 = 4294967296;
const LEVEL_NAMES = ["", "PTE", "PDE", "PDPTE", "PML4E"] as const;

/** The PCID the TLB tags entries with: CR3[11:0] with CR4.PCIDE, else 0. */
export function pcidOf(regs: X86PagingRegs): number {
  return (regs.cr4 & CR4.PCIDE) !== 0 ? regs.cr3 % 4096 : 0;
}

// ---- The walk itself, shared by the Translator and the debugger ----

/** One level of a walk, for the debugger. */
export interface X86WalkStep {
  level: number;               // 4 = PML4E ... 1 = PTE
  name: string;
  entryAddr: number;           // physical address of the entry
  entry: bigint;               // the raw 64-bit entry as read
  flags: string[];             // decoded: "P", "RW", "US", "A", "D", "PS", "G", "XD", ...
}

// Outcome of the last walk, in module scratch so the TLB-miss path allocates
// nothing: on success `page` (physical 4 KiB page base), `shift`, `global`;
// on a fault `code` (the #PF error code) and `level` (where the walk stopped).
const out = { page: 0, shift: PAGE_SHIFT, global: false, code: 0, level: 0 };
let eLo = 0, eHi = 0;

/** Read the 8-byte entry at `pa` into eLo/eHi. Nothing answering reads as all ones (a PC's bus does). */
function readEntry(mem: PhysMem, pa: number): void {
  const o = mem.ramOffset(pa, 8);            // RAM may start above physical 0
  if (o >= 0) { eLo = mem.view.getInt32(o, true); eHi = mem.view.getInt32(o + 4, true); return; }
  try { eLo = mem.read(pa, 4); eHi = mem.read(pa + 4, 4); } catch (e) {
    if (!(e instanceof BusError)) throw e;
    eLo = -1; eHi = -1;                      // P=1 with reserved bits: a RSVD fault
  }
}

/** Nine bits of the virtual address starting at bit `shift` (12, 21, 30 or 39). */
function index9(lo: number, hi: number, shift: number): number {
  if (shift >= 32) return (hi >>> (shift - 32)) & 0x1ff;
  if (shift === 30) return ((hi << 2) | (lo >>> 30)) & 0x1ff;
  return (lo >>> shift) & 0x1ff;
}

/** Reserved bits in the low dword of a leaf entry of the given level (SDM Tables 4-15..4-20). */
function leafReservedLo(level: number): number {
  if (level === 3) return 0x3fffe000;      // 1 GiB page: bits 29:13 (bit 12 is PAT)
  if (level === 2) return 0x001fe000;      // 2 MiB page: bits 20:13
  return 0;
}

/**
 * Walk the tables for (lo, hi). Returns true with `out.page` set, or false
 * with `out.code`/`out.level`. `update` writes A/D back (false for the
 * debugger's look); `trace` collects the levels (null on the miss path).
 */
function walk4(mem: PhysMem, regs: X86PagingRegs, lo: number, hi: number, access: AccessKind,
  user: boolean, pan: boolean, update: boolean, trace: X86WalkStep[] | null): boolean {
  out.shift = PAGE_SHIFT; out.global = false; out.level = 0;
  if ((regs.cr0 & CR0.PG) === 0) {          // paging off: linear = physical (32 bits)
    out.page = (lo & ~0xfff) >>> 0;
    return true;
  }
  if ((regs.cr4 & CR4.PAE) === 0 || (regs.efer & EFER.LMA) === 0) {
    throw new Error("x86_64 paging: only 4-level paging (CR0.PG, CR4.PAE and EFER.LMA all set) is implemented");
  }
  const top = hi >> 15;                       // bits 63:47 must all be equal (SDM Vol. 1, 3.3.7.1)
  if (top !== 0 && top !== -1) { out.code = PF.NonCanonical; return false; }

  const nxe = (regs.efer & EFER.NXE) !== 0, cr4 = regs.cr4;
  const rsvdHi = nxe ? RSVD_HI : RSVD_HI | XD_HI;
  const err = (access === Access.Write ? PF.W : 0) | (user ? PF.U : 0) |
    (access === Access.Exec && (nxe || (cr4 & CR4.SMEP) !== 0) ? PF.ID : 0);
  const cr3hi = Math.floor(regs.cr3 / TWO32);
  let table = (cr3hi & 0xff) * TWO32 + ((regs.cr3 & ~0xfff) >>> 0);   // bits 39:12
  let rw = 1, us = 1, xd = 0;
  for (let level = 4; level >= 1; level--) {
    const shift = PAGE_SHIFT + 9 * (level - 1);
    const ea = table + index9(lo, hi, shift) * 8;
    readEntry(mem, ea);
    if (trace !== null) trace.push(describe(level, ea, eLo, eHi));
    out.level = level;
    if ((eLo & PTE.P) === 0) { out.code = err; return false; }
    const leaf = level === 1 || (level <= 3 && (eLo & PTE.PS) !== 0);
    const rsvdLo = level === 4 ? PTE.PS : leaf ? leafReservedLo(level) : 0;
    if ((eHi & rsvdHi) !== 0 || (eLo & rsvdLo) !== 0) { out.code = err | PF.P | PF.RSVD; return false; }
    rw &= eLo >>> 1; us &= eLo >>> 2; if (nxe && eHi < 0) xd = 1;
    const base = (eHi & 0xff) * TWO32 + ((eLo & ~0xfff) >>> 0);
    if (!leaf) {
      if (update && (eLo & PTE.A) === 0) mem.write(ea, 4, eLo | PTE.A);
      table = base;
      continue;
    }
    if (!allowed(regs, access, user, pan, rw & 1, us & 1, xd)) { out.code = err | PF.P; return false; }
    const set = PTE.A | (access === Access.Write ? PTE.D : 0);
    if (update && (eLo & set) !== set) mem.write(ea, 4, eLo | set);
    // The 4 KiB slice of a large page that holds the address.
    const within = shift === PAGE_SHIFT ? 0 : (lo & ((1 << shift) - 1) & ~0xfff) >>> 0;
    out.page = (eHi & 0xff) * TWO32 + ((eLo & -(1 << shift)) >>> 0) + within;
    out.shift = shift;
    out.global = (eLo & PTE.G) !== 0 && (cr4 & CR4.PGE) !== 0;
    return true;
  }
  return false;                               // unreachable: level 1 is always a leaf
}

/**
 * The access-rights rules of SDM 4.6.1 for combined rights (rw, us, xd).
 * User accesses need U/S=1 everywhere, plus R/W=1 to write and XD=0 to
 * fetch. Supervisor accesses may write read-only pages unless CR0.WP=1, may
 * not fetch from user pages under CR4.SMEP, and may not touch user data under
 * CR4.SMAP while RFLAGS.AC=0 (`pan`).
 */
function allowed(regs: X86PagingRegs, access: AccessKind, user: boolean, pan: boolean,
  rw: number, us: number, xd: number): boolean {
  if (user) {
    if (us === 0) return false;
    if (access === Access.Write) return rw !== 0;
    if (access === Access.Exec) return xd === 0;
    return true;
  }
  if (access === Access.Exec) return xd === 0 && !(us !== 0 && (regs.cr4 & CR4.SMEP) !== 0);
  if (us !== 0 && pan && (regs.cr4 & CR4.SMAP) !== 0) return false;
  if (access === Access.Write) return rw !== 0 || (regs.cr0 & CR0.WP) === 0;
  return true;
}

function describe(level: number, ea: number, lo: number, hi: number): X86WalkStep {
  const names = ["P", "RW", "US", "PWT", "PCD", "A", "D", "PS", "G"];
  const flags: string[] = [];
  for (let b = 0; b < names.length; b++) {
    if ((lo & (1 << b)) === 0) continue;
    if (b === 7 && level === 1) flags.push("PAT");        // bit 7 of a PTE is PAT, not PS
    else if ((b === 6 || b === 8) && level > 1 && (lo & PTE.PS) === 0) continue;  // ignored in tables
    else flags.push(names[b]);
  }
  if (hi < 0) flags.push("XD");
  const entry = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
  return { level, name: LEVEL_NAMES[level], entryAddr: ea, entry, flags };
}

// ---- The Translator the Mmu uses ----

export class X86Paging implements Translator {
  constructor(readonly mem: PhysMem, readonly regs: X86PagingRegs) {}

  translate(mmu: Mmu, lo: number, hi: number, access: AccessKind, user: boolean): number {
    if (walk4(this.mem, this.regs, lo, hi, access, user, mmu.pan, true, null)) {
      mmu.fillGlobal = out.global;
      mmu.fillShift = out.shift;
      return out.page;
    }
    return mmu.fault(lo, hi, access, out.code, out.level);
  }
}

/** What the debugger shows for one address: every level, and the outcome. */
export interface X86WalkResult {
  steps: X86WalkStep[];
  /** The full physical address on success. */
  pa?: number;
  pageSize?: number;
  global?: boolean;
  /** On failure: the #PF error code (or PF.NonCanonical) and the level it stopped at. */
  fault?: { code: number; level: number; what: string };
}

/**
 * Walk the page tables for `va` as an access of the given kind would, without
 * setting A/D bits or touching any TLB: the debugger's `pagewalk` command.
 */
export function walk(mem: PhysMem, regs: X86PagingRegs, va: bigint,
  opts: { access?: AccessKind; user?: boolean; pan?: boolean } = {}): X86WalkResult {
  const v = BigInt.asUintN(64, va);
  const lo = Number(v & 0xffffffffn) | 0, hi = Number(v >> 32n) | 0;
  const steps: X86WalkStep[] = [];
  if (walk4(mem, regs, lo, hi, opts.access ?? Access.Read, opts.user ?? false, opts.pan ?? false, false, steps)) {
    return { steps, pa: out.page + (lo & 0xfff), pageSize: 2 ** out.shift, global: out.global };
  }
  return { steps, fault: { code: out.code, level: out.level, what: explain(out.code) } };
}

/** A sentence for a #PF error code, for messages and the debugger. */
export function explain(code: number): string {
  if (code === PF.NonCanonical) return "#GP: non-canonical address (bits 63:47 differ)";
  const who = code & PF.U ? "user" : "supervisor";
  const what = code & PF.ID ? "instruction fetch" : code & PF.W ? "write" : "read";
  const why = code & PF.RSVD ? "reserved bit set in a paging entry"
    : code & PF.P ? "protection violation" : "page not present";
  return `#PF: ${who} ${what}, ${why}`;
}

// ---- What the TLB-affecting instructions do (SDM 4.10.4.1) ----

/**
 * MOV to CR3 (call after storing the new value in regs.cr3). It invalidates
 * the non-global entries of the new PCID (PCID 0 without CR4.PCIDE), unless
 * CR4.PCIDE=1 and bit 63 of the source operand was set (`noFlush`).
 */
export function movToCr3(mmu: Mmu, regs: X86PagingRegs, noFlush = false): void {
  mmu.asid = pcidOf(regs);
  if (!(noFlush && (regs.cr4 & CR4.PCIDE) !== 0)) mmu.flushAsid(mmu.asid);
}

/**
 * MOV to CR0 or CR4, WRMSR EFER (call with the old and the new values).
 * Changing CR0.PG or CR4.PGE, or clearing CR4.PCIDE, flushes everything,
 * globals included, as the SDM requires. Changing WP, SMEP, SMAP or NXE also
 * flushes everything: a hardware TLB caches the entry's bits and applies
 * these controls on each access, while ours caches the verdict.
 */
export function controlRegsChanged(mmu: Mmu, old: X86PagingRegs, regs: X86PagingRegs): void {
  const cr0 = CR0.PG | CR0.WP, cr4 = CR4.PGE | CR4.PCIDE | CR4.SMEP | CR4.SMAP | CR4.PAE;
  if (((old.cr0 ^ regs.cr0) & cr0) !== 0 || ((old.cr4 ^ regs.cr4) & cr4) !== 0 ||
      ((old.efer ^ regs.efer) & (EFER.NXE | EFER.LMA)) !== 0) mmu.flushAll(true);
  mmu.asid = pcidOf(regs);
}

/** INVLPG: the page's entries for the current PCID, and its global entries for every PCID. */
export function invlpg(mmu: Mmu, lo: number, hi: number): void {
  mmu.flushPage(lo, hi, mmu.asid, true);
}

/**
 * INVPCID type 0 (one address, one PCID, not globals), 1 (one PCID, not
 * globals), 2 (everything, globals too), 3 (everything but globals).
 */
export function invpcid(mmu: Mmu, type: number, pcid: number, lo = 0, hi = 0): void {
  switch (type) {
    case 0: mmu.flushPage(lo, hi, pcid & 0xfff, false); break;
    case 1: mmu.flushAsid(pcid & 0xfff); break;
    case 2: mmu.flushAll(true); break;
    case 3: mmu.flushAll(false); break;
    default: throw new RangeError(`INVPCID type ${type} is not 0..3 (the CPU raises #GP)`);
  }
}
