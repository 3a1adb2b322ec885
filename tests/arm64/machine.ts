// A tiny user-mode machine for CPU unit tests: RAM, a PageMap with a code
// page at 0x400000 (R+X), data at 0x500000 (R+W, 16 pages) and an Arm64Cpu
// whose PC is at the first code word and SP at the top of the data.

import { Arm64Cpu } from "../../machine/arm64";
import { Mmu } from "../../machine/core/mmu";
import { PhysMem } from "../../machine/core/physmem";
import { PageMap, Prot } from "../../linux/pagemap";

export const CODE = 0x400000, DATA = 0x500000, DATA_PAGES = 16;

export interface TestMachine { cpu: Arm64Cpu; mem: PhysMem; pm: PageMap; mmu: Mmu }

export function machine(words: number[]): TestMachine {
  const mem = new PhysMem(8 << 20);
  const pm = new PageMap(mem);
  const mmu = new Mmu(mem, pm);
  pm.map(CODE >> 12, 2, Prot.R | Prot.X);
  pm.map(DATA >> 12, DATA_PAGES, Prot.R | Prot.W);
  const m = { cpu: new Arm64Cpu(mmu), mem, pm, mmu };
  putWords(m, CODE, words);
  m.cpu.setPc(BigInt(CODE));
  m.cpu.setReg(31, BigInt(DATA + DATA_PAGES * 4096));
  return m;
}

/** Write little-endian words at a mapped virtual address (through physical memory, as a loader does). */
export function putWords(m: TestMachine, va: number, words: number[]): void {
  words.forEach((w, i) => m.mem.write(m.pm.physOf(va + 4 * i), 4, w | 0));
}

export function read64(m: TestMachine, va: number): bigint {
  const pa = m.pm.physOf(va);
  return m.mem.view.getBigUint64(pa, true);
}
