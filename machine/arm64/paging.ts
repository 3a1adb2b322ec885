// The AArch64 page walker: VMSAv8-64 stage 1 translation for the EL1&0
// regime with the 4 KiB granule (Arm ARM D8, "The AArch64 Virtual Memory
// System Architecture"), a Translator the Mmu asks on a TLB miss.
//
// The virtual address space has two halves. Addresses whose top bits are all
// 0 belong to the lower range and are translated through TTBR0_EL1 (user
// space, by convention); addresses whose top bits are all 1 use TTBR1_EL1
// (the kernel). VA bit 55 picks the half; TCR_EL1.T0SZ/T1SZ say how many
// bits each half has (64 - TxSZ), and so at which level the walk starts:
// 4 levels (0..3) for 40..48 bits, 3 levels (1..3) for 31..39, 2 for 25..30.
//
// Each level resolves 9 bits. A descriptor is invalid (bit 0 = 0), a table
// (bits 1:0 = 11 at levels 0-2), a block (01 at level 1: 1 GiB, level 2:
// 2 MiB) or a page (11 at level 3). Table descriptors can only take rights
// away from everything below them (APTable, UXNTable, PXNTable).
//
// Unlike x86, the Arm v8.0 hardware does NOT set the access flag: a leaf with
// AF=0 raises an Access flag fault and the kernel sets AF itself (hardware
// AF/dirty management is FEAT_HAFDBS, not implemented here). So this walker
// never writes the tables.
//
// Choices fixed here (implementation defined in the Arm ARM):
// - The implemented physical address size (ID_AA64MMFR0_EL1.PARange) is
//   40 bits; output addresses above min(PARange, TCR_EL1.IPS) give an Address
//   size fault.
// - TxSZ outside 16..39 gives a level 0 Translation fault (the Arm ARM lets
//   an implementation either do that or clamp; QEMU faults, FEAT_LVA requires
//   it for too-small values, so we fault too).
// - TG0/TG1 must select 4 KiB (their reserved encodings count as 4 KiB); a
//   walk in a half set to 16/64 KiB throws an Error naming the register (an
//   emulator limit, not an architectural fault).
// - RES0 bits in descriptors are ignored; no FEAT_LPA, HPD, TTST, LPA2.
// - A page-table read that hits no RAM or device is a synchronous external
//   abort on the walk (fault status 0b0101LL).
// - MAIR_EL1 and memory types are not modelled: no Device-memory alignment
//   faults, no cacheability.
//
// Wiring it into a CPU: `mmu.translator = new Arm64Paging(mem, regs)`; keep
// mmu.user = (EL === 0), mmu.pan = PSTATE.PAN, mmu.asid = asidOf(regs) (call
// sysRegsChanged after MSR to SCTLR/TCR/TTBRx). When run() catches
// MEM_FAULT: an instruction abort (EC 0x20 from EL0, 0x21 from EL1) if
// mmu.faultAccess is Exec, else a data abort (EC 0x24 / 0x25) with ISS.WnR =
// (faultAccess === Write); ISS.xFSC = mmu.faultCode; FAR_EL1 = the address.

import { Access, type AccessKind, type Mmu, type Translator } from "../core/mmu";
import { BusError, PAGE_SHIFT, type PhysMem } from "../core/physmem";

/**
 * The system registers translation depends on. sctlr is SCTLR_EL1's low 32
 * bits (M is bit 0, WXN bit 19); the 64-bit ones are bigints. The walker
 * decodes them again only when one of them changes. The CPU keeps `mmu.pan`
 * equal to PSTATE.PAN and `mmu.asid` equal to asidOf(regs).
 */
export interface Arm64PagingRegs { sctlr: number; tcr: bigint; ttbr0: bigint; ttbr1: bigint; mair: bigint }

export const SCTLR = { M: 1, WXN: 1 << 19 } as const;

/** Fault status codes (ESR_ELx.ISS DFSC/IFSC, in the Arm ARM's ESR_EL1 register description); add the level 0..3. */
export const FSC = {
  AddressSize: 0x00, Translation: 0x04, AccessFlag: 0x08, Permission: 0x0c, ExtAbortWalk: 0x14,
} as const;

/** Descriptor bits (D8.3): low word, and high word (bit n of the descriptor is bit n-32). */
export const DESC = {
  Valid: 1, Table: 2, AF: 1 << 10, NG: 1 << 11,
  // high word
  PXN_HI: 1 << 21, UXN_HI: 1 << 22, PXNTable_HI: 1 << 27, UXNTable_HI: 1 << 28,
  APTable0_HI: 1 << 29, APTable1_HI: 1 << 30,
} as const;

export const PA_BITS = 40;
const TWO32 = 4294967296;
const IPS_BITS = [32, 36, 40, 42, 44, 48, 52, 52];

/** The ASID the TLB tags with: TTBR1's if TCR.A1 else TTBR0's; 8 bits unless TCR.AS. */
export function asidOf(regs: Arm64PagingRegs): number {
  const ttbr = (regs.tcr >> 22n) & 1n ? regs.ttbr1 : regs.ttbr0;
  const asid = Number(ttbr >> 48n) & 0xffff;
  return (regs.tcr >> 36n) & 1n ? asid : asid & 0xff;
}

/** TCR/TTBR fields as numbers: decoded once per register change, not per walk. */
interface Half {
  tsz: number; oob: boolean; epd: boolean; tbi: boolean; granule: number;
  base: number;        // TTBR BADDR (bits 47:1)
  start: number;       // level the walk starts at
  topBits: number;     // index bits resolved at the start level
  table: number;       // base aligned to the start table's size
}
interface Decoded { tcr: bigint; ttbr0: bigint; ttbr1: bigint; oa: number; oaLimit: number; half: [Half, Half] }

function decodeHalf(tcr: bigint, ttbr: bigint, upper: boolean): Half {
  const f = (pos: number, n: number) => Number((tcr >> BigInt(pos)) & ((1n << BigInt(n)) - 1n));
  const rawTsz = f(upper ? 16 : 0, 6), tsz = Math.min(39, Math.max(16, rawTsz));
  // TG0: 00 = 4K, 01 = 64K, 10 = 16K.  TG1: 10 = 4K, 01 = 16K, 11 = 64K.
  // The reserved encodings (TG0 = 11, TG1 = 00) select an implemented size
  // of the implementation's choosing: ours is 4K.
  const tg = f(upper ? 30 : 14, 2);
  const granule = upper ? (tg === 1 ? 16 : tg === 3 ? 64 : 4) : (tg === 1 ? 64 : tg === 2 ? 16 : 4);
  const inputsize = 64 - tsz, start = inputsize > 39 ? 0 : inputsize > 30 ? 1 : 2;
  const topBits = inputsize - (PAGE_SHIFT + 9 * (3 - start));
  const base = Number(ttbr & 0xfffffffffffen);            // BADDR, bits 47:1 (CnP at bit 0 dropped)
  const table = Number(ttbr & 0xffffffffffffn & ~((8n << BigInt(topBits)) - 1n));
  return { tsz, oob: tsz !== rawTsz, epd: f(upper ? 23 : 7, 1) === 1, tbi: f(upper ? 38 : 37, 1) === 1, granule, base, start, topBits, table };
}

function decode(regs: Arm64PagingRegs): Decoded {
  const ips = IPS_BITS[Number((regs.tcr >> 32n) & 7n)];
  return {
    tcr: regs.tcr, ttbr0: regs.ttbr0, ttbr1: regs.ttbr1, oa: Math.min(PA_BITS, ips), oaLimit: 2 ** Math.min(PA_BITS, ips),
    half: [decodeHalf(regs.tcr, regs.ttbr0, false), decodeHalf(regs.tcr, regs.ttbr1, true)],
  };
}

/** One level of a walk, for the debugger. */
export interface Arm64WalkStep {
  level: number;
  entryAddr: number;
  entry: bigint;
  kind: "invalid" | "table" | "block" | "page";
  flags: string[];
}

// Outcome of the last walk (module scratch: the miss path allocates nothing).
const out = { page: 0, shift: PAGE_SHIFT, global: false, fsc: 0, level: 0 };
let dLo = 0, dHi = 0;

/** Read the descriptor at `pa` into dLo/dHi; false if nothing answers (external abort). */
function readDesc(mem: PhysMem, pa: number): boolean {
  const o = mem.ramOffset(pa, 8);            // RAM starts at 0x40000000 on the virt board
  if (o >= 0) { dLo = mem.view.getInt32(o, true); dHi = mem.view.getInt32(o + 4, true); return true; }
  try { dLo = mem.read(pa, 4); dHi = mem.read(pa + 4, 4); return true; } catch (e) {
    if (e instanceof BusError) return false;
    throw e;
  }
}

/** Nine bits of the virtual address starting at bit `shift` (12, 21, 30 or 39). */
function index9(lo: number, hi: number, shift: number): number {
  if (shift >= 32) return (hi >>> (shift - 32)) & 0x1ff;
  if (shift === 30) return ((hi << 2) | (lo >>> 30)) & 0x1ff;
  return (lo >>> shift) & 0x1ff;
}

/** True if VA bits top..from (inclusive, from >= 25) all equal `bit`. */
function bitsAll(lo: number, hi: number, top: number, from: number, bit: number): boolean {
  const want = bit ? -1 : 0;
  if (top >= 32) {
    const hFrom = Math.max(from, 32) - 32, n = top - 31 - hFrom;
    const m = n >= 32 ? -1 : ((1 << n) - 1) << hFrom;
    if ((hi & m) !== (want & m)) return false;
  }
  if (from < 32) {
    const m = -(1 << from);                  // bits 31..from
    if ((lo & m) !== (want & m)) return false;
  }
  return true;
}

function fail(fsc: number, level: number): false { out.fsc = fsc + level; out.level = level; return false; }

/** Flat mapping with SCTLR_EL1.M = 0 (Arm ARM D8, "The effects of disabling address translation"). */
function flat(lo: number, hi: number, tbi: boolean): boolean {
  // VA bits above the PA size must be zero (bits 55.. only, with TBI).
  if (!bitsAll(lo, hi, tbi ? 55 : 63, PA_BITS, 0)) return fail(FSC.AddressSize, 0);
  out.page = (hi & 0xff) * TWO32 + ((lo & ~0xfff) >>> 0);
  return true;
}

/**
 * Walk for (lo, hi). True with out.page/shift/global, or false with
 * out.fsc (fault status code, level included) and out.level.
 */
function walkS1(mem: PhysMem, regs: Arm64PagingRegs, d: Decoded, lo: number, hi: number,
  access: AccessKind, user: boolean, pan: boolean, trace: Arm64WalkStep[] | null): boolean {
  out.shift = PAGE_SHIFT; out.global = false; out.level = 0;
  const upper = (hi >>> 23) & 1;                           // VA bit 55 picks TTBR0 or TTBR1
  const h = d.half[upper];
  if ((regs.sctlr & SCTLR.M) === 0) { out.global = true; return flat(lo, hi, h.tbi); }
  if (h.oob) return fail(FSC.Translation, 0);               // TxSZ out of range
  const inputsize = 64 - h.tsz;
  if (!bitsAll(lo, hi, h.tbi ? 55 : 63, inputsize, upper)) return fail(FSC.Translation, 0);
  if (h.epd) return fail(FSC.Translation, 0);              // this half's walks are disabled
  if (h.granule !== 4) {                                   // checked only for a half in use
    throw new Error(`AArch64 paging: TCR_EL1.${upper ? "TG1" : "TG0"} selects a ${h.granule} KiB granule; only 4 KiB is implemented`);
  }
  if (h.base >= d.oaLimit) return fail(FSC.AddressSize, 0);

  const start = h.start, topBits = h.topBits;
  let table = h.table;                                           // aligned to the table's size
  let pxnT = 0, uxnT = 0, apT = 0;                              // accumulated table controls
  for (let level = start; level <= 3; level++) {
    const shift = PAGE_SHIFT + 9 * (3 - level);
    let idx = index9(lo, hi, shift);
    if (level === start) idx &= (1 << topBits) - 1;
    const ea = table + idx * 8;
    if (!readDesc(mem, ea)) return fail(FSC.ExtAbortWalk, level);
    const isTable = (dLo & 3) === 3 && level < 3;
    if (trace !== null) trace.push(describe(level, ea, dLo, dHi));
    if ((dLo & DESC.Valid) === 0 || ((dLo & DESC.Table) === 0 && (level === 0 || level === 3))) {
      return fail(FSC.Translation, level);
    }
    if (((dHi & 0xffff) >>> (d.oa - 32)) !== 0) return fail(FSC.AddressSize, level);
    const oa = (dHi & 0xffff) * TWO32 + ((dLo & ~0xfff) >>> 0);
    if (isTable) {
      pxnT |= dHi & DESC.PXNTable_HI; uxnT |= dHi & DESC.UXNTable_HI;
      apT |= dHi & (DESC.APTable0_HI | DESC.APTable1_HI);
      table = oa;
      continue;
    }
    out.level = level;
    if ((dLo & DESC.AF) === 0) return fail(FSC.AccessFlag, level);   // AF before permissions
    let ap = (dLo >>> 6) & 3;                              // AP[2:1]
    if (apT & DESC.APTable0_HI) ap &= ~1;                  // APTable[0]: no EL0 access below
    if (apT & DESC.APTable1_HI) ap |= 2;                   // APTable[1]: read-only below
    const uxn = (dHi & DESC.UXN_HI) !== 0 || uxnT !== 0, pxn = (dHi & DESC.PXN_HI) !== 0 || pxnT !== 0;
    if (!allowed(access, user, pan, ap, uxn, pxn, (regs.sctlr & SCTLR.WXN) !== 0)) {
      return fail(FSC.Permission, level);
    }
    const within = shift === PAGE_SHIFT ? 0 : (lo & ((1 << shift) - 1) & ~0xfff) >>> 0;
    out.page = (dHi & 0xffff) * TWO32 + ((dLo & -(1 << shift)) >>> 0) + within;
    out.shift = shift;
    out.global = (dLo & DESC.NG) === 0;
    return true;
  }
  return false;                                            // unreachable: level 3 is a leaf or invalid
}

/**
 * Stage 1 access permissions (Arm ARM D8.4, "Memory access control"; the
 * AArch64.S1HasPermissionsFault pseudocode for v8.0 + PAN):
 *   AP[2:1] 00: EL1 RW, EL0 none   01: EL1 RW, EL0 RW
 *           10: EL1 RO, EL0 none   11: EL1 RO, EL0 RO
 * EL0 may execute where UXN=0 whatever AP says (execute-only memory). EL1 may
 * not execute where PXN=1 or where EL0 can write. With SCTLR.WXN, writable
 * memory is execute-never. With PAN, EL1 data accesses to memory EL0 can
 * access (AP[1]=1) fault.
 */
function allowed(access: AccessKind, user: boolean, pan: boolean, ap: number,
  uxn: boolean, pxn: boolean, wxn: boolean): boolean {
  const userR = (ap & 1) !== 0, userW = ap === 1, privW = (ap & 2) === 0;
  if (user) {
    if (access === Access.Read) return userR;
    if (access === Access.Write) return userW;
    return !uxn && !(userW && wxn);
  }
  if (access === Access.Exec) return !pxn && !userW && !(privW && wxn);
  if (pan && userR) return false;
  return access === Access.Read || privW;
}

function describe(level: number, ea: number, lo: number, hi: number): Arm64WalkStep {
  const entry = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
  const kind = (lo & 1) === 0 ? "invalid" : (lo & 2) === 0 ? (level === 1 || level === 2 ? "block" : "invalid")
    : level < 3 ? "table" : "page";
  const flags: string[] = [];
  if (kind === "table") {
    if (hi & DESC.PXNTable_HI) flags.push("PXNTable");
    if (hi & DESC.UXNTable_HI) flags.push("UXNTable");
    if (hi & (DESC.APTable0_HI | DESC.APTable1_HI)) flags.push(`APTable=${(hi >>> 29) & 3}`);
  } else if (kind !== "invalid") {
    flags.push(`AP=${(lo >>> 6) & 3}`, `AttrIndx=${(lo >>> 2) & 7}`, `SH=${(lo >>> 8) & 3}`);
    if (lo & DESC.AF) flags.push("AF");
    if (lo & DESC.NG) flags.push("nG");
    if (hi & DESC.PXN_HI) flags.push("PXN");
    if (hi & DESC.UXN_HI) flags.push("UXN");
  }
  return { level, entryAddr: ea, entry, kind, flags };
}

// ---- The Translator the Mmu uses ----

export class Arm64Paging implements Translator {
  private d: Decoded;
  constructor(readonly mem: PhysMem, readonly regs: Arm64PagingRegs) { this.d = decode(regs); }

  /** The decoded TCR/TTBRs, refreshed when the CPU has written one of them. */
  private params(): Decoded {
    const r = this.regs, d = this.d;
    if (r.tcr !== d.tcr || r.ttbr0 !== d.ttbr0 || r.ttbr1 !== d.ttbr1) this.d = decode(r);
    return this.d;
  }

  translate(mmu: Mmu, lo: number, hi: number, access: AccessKind, user: boolean): number {
    if (walkS1(this.mem, this.regs, this.params(), lo, hi, access, user, mmu.pan, null)) {
      mmu.fillGlobal = out.global;
      mmu.fillShift = out.shift;
      return out.page;
    }
    return mmu.fault(lo, hi, access, out.fsc, out.level);
  }
}

/** What the debugger shows for one address: every level, and the outcome. */
export interface Arm64WalkResult {
  steps: Arm64WalkStep[];
  pa?: number;
  pageSize?: number;
  global?: boolean;
  /** On failure: the fault status code (DFSC/IFSC, level included) and the level. */
  fault?: { fsc: number; level: number; what: string };
}

/** Walk the tables for `va` without touching the TLB: the debugger's `pagewalk`. */
export function walk(mem: PhysMem, regs: Arm64PagingRegs, va: bigint,
  opts: { access?: AccessKind; user?: boolean; pan?: boolean } = {}): Arm64WalkResult {
  const v = BigInt.asUintN(64, va);
  const lo = Number(v & 0xffffffffn) | 0, hi = Number(v >> 32n) | 0;
  const steps: Arm64WalkStep[] = [];
  if (walkS1(mem, regs, decode(regs), lo, hi, opts.access ?? Access.Read, opts.user ?? false, opts.pan ?? false, steps)) {
    return { steps, pa: out.page + (lo & 0xfff), pageSize: 2 ** out.shift, global: out.global };
  }
  return { steps, fault: { fsc: out.fsc, level: out.level, what: explain(out.fsc) } };
}

/** A phrase for a fault status code (ESR_EL1 DFSC/IFSC, D17.2.37): "translation fault, level 2". */
export function explain(fsc: number): string {
  if (fsc === 0x10) return "synchronous external abort";
  if (fsc === 0x21) return "alignment fault";
  const names = ["address size fault", "translation fault", "access flag fault", "permission fault",
    "", "synchronous external abort on table walk"];
  const name = names[fsc >>> 2];
  return name ? `${name}, level ${fsc & 3}` : `fault status 0x${fsc.toString(16)}`;
}

// ---- What the TLB maintenance instructions do (Arm ARM D8 "TLB maintenance", C5 TLBI instructions) ----

/** The TLBI operations of the EL1&0 regime; the IS (inner shareable) forms act the same on one core. */
export type Tlbi = "VMALLE1" | "VAE1" | "VALE1" | "VAAE1" | "VAALE1" | "ASIDE1";

/**
 * TLBI <op>, Xt. For the VA forms Xt holds VA[55:12] in bits 43:0 and (for
 * VAE1/VALE1) the ASID in bits 63:48; ASIDE1 takes the ASID in bits 63:48.
 * VAE1 drops the page's entries for that ASID and its global ones; VAAE1
 * for every ASID; ASIDE1 the ASID's non-global entries; VMALLE1 all. The
 * "last level only" forms are treated like the full ones (allowed: more
 * invalidation than asked is never wrong).
 */
export function tlbi(mmu: Mmu, regs: Arm64PagingRegs, op: Tlbi, xt = 0n): void {
  const asBits = (regs.tcr >> 36n) & 1n ? 0xffff : 0xff;
  const asid = Number(xt >> 48n) & asBits;
  if (op === "VMALLE1") { mmu.flushAll(true); return; }
  if (op === "ASIDE1") { mmu.flushAsid(asid); return; }
  // Rebuild the VA: bits 55:12 from Xt, bits 63:56 copies of bit 55.
  const va55 = (xt & 0xfffffffffffn) << 12n;
  const va = va55 & (1n << 55n) ? va55 | 0xff00000000000000n : va55;
  const lo = Number(va & 0xffffffffn) | 0, hi = Number(va >> 32n) | 0;
  // With top-byte-ignore the TLB may hold the page under any tag byte.
  const tbi = (regs.tcr >> (va55 & (1n << 55n) ? 38n : 37n)) & 1n;
  const hiMask = tbi ? 0x00ffffff : -1;
  if (op === "VAE1" || op === "VALE1") mmu.flushPage(lo, hi, asid, true, hiMask);
  else mmu.flushPage(lo, hi, undefined, true, hiMask);
}

/**
 * MSR to SCTLR_EL1, TCR_EL1, TTBR0_EL1 or TTBR1_EL1 (call after the write).
 * Keeps mmu.asid current. Turning the MMU on or off drops the flat
 * translations cached while it was off, and every entry otherwise (the Arm
 * ARM lets TLBs cache SCTLR/TCR fields; we invalidate rather than model it).
 */
export function sysRegsChanged(mmu: Mmu, oldSctlr: number, regs: Arm64PagingRegs): void {
  if (((oldSctlr ^ regs.sctlr) & (SCTLR.M | SCTLR.WXN)) !== 0) mmu.flushAll(true);
  mmu.asid = asidOf(regs);
}
