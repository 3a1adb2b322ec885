// TLB behaviour a kernel must manage (SDM Vol. 3A 4.10): a changed PTE is
// not seen until INVLPG; with CR4.PCIDE a MOV to CR3 with bit 63 set keeps
// the other address spaces' entries (4.10.4.1), without it flushes the new
// PCID's.

import { describe, expect, it } from "vitest";
import { asm, boot, CR4_PCIDE, PA, RW, US, USER_CODE, USER_DATA, USER_STACK, XD, KBASE, G } from "./system-kit";
import { PC_KERNEL_WINDOW } from "../../machine/boards/pc";

/** User code: read [USER_DATA] into rdi and report it with a syscall, forever. */
const READER = `
1:
  mov rdi, [${USER_DATA}]
  syscall
  jmp 1b
`;

describe("x86_64 TLB maintenance", () => {
  it("a remapped page reads stale until INVLPG, then the new frame (4.10.4.2, INVLPG)", () => {
    const seen: bigint[] = [];
    const kit = boot(asm(READER), {
      setup: (k) => { k.write(PA.data, 8, 111n); k.write(PA.spare, 8, 222n); },
      onSyscall: (k) => {
        seen.push(k.reg("rdi"));
        if (seen.length === 1) k.write(kit.pte.data, 8, BigInt(PA.spare) | 1n | RW | US | XD);   // remap, no flush
        if (seen.length === 2) k.invalidateTlb({ va: USER_DATA, asid: 0 });
        if (seen.length === 3) { k.sys.outPort(0x501, 1, 0); return; }
        k.eret();
      },
    });
    const r = kit.m.run({ maxInstructions: 10000 });
    expect(r.error).toBeUndefined();
    expect(seen).toEqual([111n, 111n, 222n]);
  });

  it("PCIDs: switching CR3 with bit 63 set keeps the other space's entries; without it, that PCID is flushed", () => {
    const seen: bigint[] = [];
    let rootB = 0;
    const kit = boot(asm(READER), {
      cr4: CR4_PCIDE,
      setup: (k, kt) => {
        k.write(PA.data, 8, 1n); k.write(PA.spare, 8, 2n); k.write(PA.spare + 0x1000, 8, 3n);
        // Space B: same code, stack, kernel half; its data page is another frame.
        const t = kt.tables!;
        rootB = t.page();
        t.map(rootB, USER_CODE, PA.code, US);
        t.map(rootB, USER_STACK, PA.stack, US | RW | XD);
        t.map(rootB, USER_DATA, PA.spare + 0x1000, US | RW | XD);
        for (let pa = PA.kstack; pa < PA.spare; pa += 4096) t.map(rootB, KBASE + BigInt(pa), pa, RW | XD);
        for (let pa = PC_KERNEL_WINDOW.base; pa < PC_KERNEL_WINDOW.base + PC_KERNEL_WINDOW.size; pa += 4096) t.map(rootB, KBASE + BigInt(pa), pa, G);
        k.sys.writeCr(3, BigInt(kt.root) | 1n);                     // space A is PCID 1
      },
      onSyscall: (k) => {
        seen.push(k.reg("rdi"));
        const NOFLUSH = 1n << 63n;
        switch (seen.length) {
          case 1:   // A read 1. Remap A's data to the frame holding 2, no flush; switch to B (PCID 2), keeping A's entries.
            k.write(kit.pte.data, 8, BigInt(PA.spare) | 1n | RW | US | XD);
            k.sys.writeCr(3, BigInt(rootB) | 2n | NOFLUSH);
            break;
          case 2:   // B read 3. Back to A without a flush: A's stale entry is still there.
            k.sys.writeCr(3, BigInt(kit.root) | 1n | NOFLUSH);
            break;
          case 3:   // A read 1 (stale). Reload CR3 with a flush of PCID 1.
            k.sys.writeCr(3, BigInt(kit.root) | 1n);
            break;
          default: k.sys.outPort(0x501, 1, 0); return;
        }
        k.eret();
      },
    });
    const r = kit.m.run({ maxInstructions: 10000 });
    expect(r.error).toBeUndefined();
    expect(seen).toEqual([1n, 3n, 1n, 2n]);
  });
});
