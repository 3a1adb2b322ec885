// A bare machine for CPU unit tests: 4 MiB of RAM, a user-mode page map,
// code at 0x400000, a stack below 0x800000 and a data page at 0x600000.

import { Mmu } from "../../machine/core/mmu";
import { PhysMem } from "../../machine/core/physmem";
import { PageMap, Prot } from "../../linux/pagemap";
import { X86Cpu } from "../../machine/x86_64";

export const CODE = 0x400000, DATA = 0x600000, STACK_TOP = 0x800000;

export interface Rig { cpu: X86Cpu; pm: PageMap; mem: PhysMem; mmu: Mmu; }

/** A CPU with `code` loaded at CODE (R+X), a R+W data page and a stack. */
export function rig(code: number[] | Uint8Array, codeProt: number = Prot.R | Prot.X): Rig {
  const mem = new PhysMem(4 << 20);          // a dozen pages are used; small RAM keeps tests fast
  const pm = new PageMap(mem);
  const mmu = new Mmu(mem, pm);
  pm.map(CODE >> 12, 4, Prot.R | Prot.W | Prot.X);
  pm.map(DATA >> 12, 2, Prot.R | Prot.W);
  pm.map((STACK_TOP >> 12) - 4, 4, Prot.R | Prot.W);
  const cpu = new X86Cpu(mmu);
  poke(pm, mem, CODE, code);
  pm.protect(CODE >> 12, 4, codeProt);
  cpu.setPc(BigInt(CODE));
  cpu.setReg(4, BigInt(STACK_TOP - 64));
  return { cpu, pm, mem, mmu };
}

/** Write bytes at a virtual address through the page map (like a loader). */
export function poke(pm: PageMap, mem: PhysMem, va: number, bytes: number[] | Uint8Array): void {
  for (let i = 0; i < bytes.length; i++) {
    const pa = pm.physOf(va + i);
    if (pa < 0) throw new Error(`poke: 0x${(va + i).toString(16)} is not mapped`);
    mem.write(pa, 1, bytes[i]);
  }
}

export function peek64(pm: PageMap, mem: PhysMem, va: number): bigint {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(mem.read(pm.physOf(va + i), 1));
  return v;
}

/** Parse "48 89 c8" style hex. */
export function hexBytes(s: string): number[] {
  return s.trim().split(/\s+/).filter(Boolean).map((b) => parseInt(b, 16));
}
