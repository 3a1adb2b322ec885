// The software TLB's storage, for machine/core/mmu.ts (which explains the
// design): one direct-mapped set per access kind, three sets per context bank.
// Entries are plain typed arrays so a hit is two compares and an index.

export const TLB_BITS = 10;
export const TLB_SIZE = 1 << TLB_BITS;
export const TLB_MASK = TLB_SIZE - 1;
/** Contexts whose entries are kept at once (each bank is 3 x 14 KiB, made when first needed). */
export const TLB_BANKS = 8;
/** No canonical address has this high half, so an empty slot never matches. */
export const EMPTY = 0x7fff1234;
/** Bits of a context below the asid: bit 0 user, bit 1 privileged-access-never. */
export const CTX_PRIV = 3;

/** One direct-mapped TLB for a single access kind. */
export class TlbSet {
  readonly tagLo = new Int32Array(TLB_SIZE);
  readonly tagHi = new Int32Array(TLB_SIZE).fill(EMPTY);
  readonly frame = new Int32Array(TLB_SIZE);   // RAM offset of the page (physical - RAM base)
  readonly global = new Uint8Array(TLB_SIZE);  // 1: valid for every asid
  readonly shift = new Uint8Array(TLB_SIZE);   // log2 of the page it came from
  flush(): void { this.tagHi.fill(EMPTY); }
  drop(i: number): void { this.tagHi[i] = EMPTY; }
  /** Drop the entries that are not global. */
  flushNonGlobal(): void { for (let i = 0; i < TLB_SIZE; i++) if (this.global[i] === 0) this.tagHi[i] = EMPTY; }
}

/** The three sets of one context: ctx = (asid << 2) | (pan << 1) | user. */
export class TlbBank {
  readonly r = new TlbSet();
  readonly w = new TlbSet();
  readonly x = new TlbSet();
  /** Entries filled from pages larger than 4 KiB since the last full flush. */
  large = 0;
  constructor(public ctx: number, public lastUse: number) {}
  get sets(): TlbSet[] { return [this.r, this.w, this.x]; }
  flush(): void { this.r.flush(); this.w.flush(); this.x.flush(); this.large = 0; }
}
