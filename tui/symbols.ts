// The program's symbols, for naming addresses in the disassembly and for
// breakpoints by name. Read from the ELF's .symtab (a stripped program has
// none: then only addresses work).

import { readElf, readSymbols } from "../toolchain/elf/read";
import * as E from "../toolchain/elf/constants";

export interface Sym { name: string; address: number; size: number }

const STT_OBJECT = 1, STT_FUNC = 2, STT_SECTION = 3, STT_FILE = 4;

export class SymbolTable {
  /** Sorted by address; one name per address (functions win over other kinds). */
  readonly sorted: Sym[];
  private byName = new Map<string, Sym>();
  private byAddress = new Map<number, Sym>();

  constructor(symbols: Sym[]) {
    for (const s of symbols) {
      if (!this.byName.has(s.name)) this.byName.set(s.name, s);
      if (!this.byAddress.has(s.address)) this.byAddress.set(s.address, s);
    }
    this.sorted = [...this.byAddress.values()].sort((a, b) => a.address - b.address);
  }

  /** The symbols of an ELF file, moved by `base` for a position-independent program. */
  static fromElf(bytes: Uint8Array, base = 0): SymbolTable {
    const elf = readElf(bytes);
    const raw = readSymbols(elf)
      // Arm mapping symbols ($x code, $d data; AAELF64 5.5.4) mark regions, they do not name anything.
      .filter((s) => s.name !== "" && !/^\$[xd](\.|$)/.test(s.name))
      .filter((s) => s.type !== STT_SECTION && s.type !== STT_FILE && s.shndx !== E.SHN_UNDEF)
      // At a shared address keep the name objdump would print: functions and
      // objects before untyped labels (__bss_start), globals before locals.
      .sort((a, b) => rank(a.type, a.bind) - rank(b.type, b.bind));
    return new SymbolTable(raw.map((s) => ({ name: s.name, address: Number(s.value) + base, size: s.size })));
  }

  lookup(name: string): Sym | undefined { return this.byName.get(name); }
  at(address: number): Sym | undefined { return this.byAddress.get(address); }

  /** The symbol an address falls in (the nearest one at or below it), or undefined. */
  containing(address: number): Sym | undefined {
    let lo = 0, hi = this.sorted.length - 1, best: Sym | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid].address <= address) { best = this.sorted[mid]; lo = mid + 1; } else hi = mid - 1;
    }
    return best;
  }

  /** "main", "main+0x1c", or undefined when no symbol is near. */
  describe(address: number): string | undefined {
    const s = this.containing(address);
    if (!s) return undefined;
    const off = address - s.address;
    return off === 0 ? s.name : `${s.name}+0x${off.toString(16)}`;
  }
}

function rank(type: number, bind: number): number {
  const STB_LOCAL = 0;
  return (type === STT_FUNC ? 0 : type === STT_OBJECT ? 2 : 4) + (bind === STB_LOCAL ? 1 : 0);
}
