// The x86_64 descriptor tables, in the hardware's own format, written into
// physical memory and loaded with LGDT / LTR / LIDT.
//
//   GDT (Intel SDM Vol. 3A 3.4.5 "Segment Descriptors", 3.4.5.1 for the
//        L bit): in 64-bit mode segments are flat, so a descriptor only says
//        "code or data", "64-bit" and "which ring" (DPL).
//   TSS (8.7 "Task Management in 64-bit Mode"): no tasks any more, just the
//        stack the CPU switches to when an interrupt arrives from ring 3
//        (RSP0 at offset 4), described by a 16-byte system descriptor (8.2.3).
//   IDT (6.14.1 "64-Bit Mode IDT"): 256 16-byte gates, one per vector, each
//        a target address, a code selector and a type (0xE: interrupt gate,
//        which also clears RFLAGS.IF on the way in).

/** Selectors: index * 8 | RPL. SYSCALL/SYSRET need this order (STAR, SDM "SYSRET"): kernel code, kernel data, user data, user code. */
export const SEL = { kcode: 0x08, kdata: 0x10, udata: 0x18 | 3, ucode: 0x20 | 3, tss: 0x28 } as const;

// @snippet x86-gdt
/** GDT[0..4]: null, kernel code (L=1, DPL 0), kernel data, user data (DPL 3), user code (L=1, DPL 3). GDT[5..6]: the TSS. */
export const GDT_SEGMENTS = [
  0n,
  0x00209a0000000000n,   // P=1 DPL=0 S=1 type=0xA (code, readable)  L=1 (64-bit)
  0x0000920000000000n,   // P=1 DPL=0 S=1 type=0x2 (data, writable)
  0x0000f20000000000n,   // P=1 DPL=3 data
  0x0020fa0000000000n,   // P=1 DPL=3 code, L=1
];

/** The 16-byte descriptor of an available 64-bit TSS (type 9) at linear address `base` (SDM Figure 8-4). */
export function tssDescriptor(base: bigint, limit = 0x67n): [bigint, bigint] {
  const lo = limit | ((base & 0xffffffn) << 16n) | (0x89n << 40n) | (((base >> 24n) & 0xffn) << 56n);
  return [lo, (base >> 32n) & 0xffffffffn];
}
// @end x86-gdt

// @snippet x86-gate
/** A 64-bit interrupt gate (type 0xE) to `target` through code selector `sel`, usable by `int n` from ring `dpl` (SDM Figure 6-8). */
export function idtGate(target: bigint, dpl = 0, sel: number = SEL.kcode): [bigint, bigint] {
  const lo = (target & 0xffffn) | (BigInt(sel) << 16n) | (0xen << 40n) | (BigInt(dpl) << 45n) | (1n << 47n) |
    (((target >> 16n) & 0xffffn) << 48n);
  return [lo, (target >> 32n) & 0xffffffffn];
}
// @end x86-gate
