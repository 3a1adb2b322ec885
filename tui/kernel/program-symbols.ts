// Which symbols name the addresses the CPU runs: those of the boot module
// the current thread runs (by name), moved by the base the kernel loaded it
// at when it is position independent. Where that base is, the kernel knows:
//   1. a "load-bases" inspector: { [module name]: base } (any chapter may add it);
//   2. chapter 02's placement: state.programs[tid].base (a static PIE's address 0);
//   3. chapter 01's images: state.images[tid], the "program" region's base,
//      which holds the lowest loaded page (chapter 01 runs with paging off and
//      copies every program, even an ET_EXEC, to frames of its own);
// otherwise the link addresses are used (right for ET_EXEC programs under paging).

import type { Kernel } from "../../chapters/01-boot/kernel/kernel";
import { readElf } from "../../toolchain/elf/read";
import * as E from "../../toolchain/elf/constants";
import { SymbolTable } from "../symbols";
import { inspect } from "./sections";

export interface ModuleSymbols { name: string; table: SymbolTable; pie: boolean; low: number }

export function moduleSymbols(modules: { name: string; bytes: Uint8Array }[]): ModuleSymbols[] {
  const out: ModuleSymbols[] = [];
  for (const m of modules) {
    try {
      const f = readElf(m.bytes, m.name);
      const loads = f.programHeaders.filter((p) => p.type === E.PT_LOAD);
      const low = loads.length ? Math.min(...loads.map((p) => Number(p.vaddr))) & ~0xfff : 0;
      out.push({ name: m.name, table: SymbolTable.fromElf(m.bytes, 0), pie: f.type === E.ET_DYN, low });
    } catch { /* not an ELF file: no symbols for it */ }
  }
  return out;
}

interface Placement { base?: number; pie?: boolean }
interface Region { base: number; what: string }

/** How far the module's symbols move: where the kernel put its lowest page minus where it was linked. */
function loadBase(kn: Kernel | null, m: ModuleSymbols): number {
  if (!kn) return 0;
  const bases = inspect<Record<string, number>>(kn, "load-bases");
  if (bases && typeof bases[m.name] === "number") return bases[m.name];
  const tid = kn.state.current;
  if (tid === null || tid === undefined) return 0;
  const st = kn.state as unknown as { programs?: Record<number, Placement>; images?: Record<number, Region[]> };
  const p = st.programs?.[tid];
  if (p && typeof p.base === "number") return m.pie ? p.base : 0;
  // Chapter 01 copies any program (paging off) to frames of its own: even an ET_EXEC moves.
  const r = st.images?.[tid]?.find((x) => x.what === "program");
  if (r && typeof r.base === "number") return r.base - m.low;
  return 0;
}

const cache = new WeakMap<SymbolTable, Map<number, SymbolTable>>();

/** The symbol table for what the CPU runs now. */
export function currentSymbols(kn: Kernel | null, mods: ModuleSymbols[]): SymbolTable {
  const cur = kn?.state.threads?.find?.((t) => t.tid === kn.state.current);
  const m = (cur && mods.find((s) => s.name === cur.name)) ?? mods[0];
  if (!m) return EMPTY;
  const base = loadBase(kn, m);
  if (base === 0) return m.table;
  let byBase = cache.get(m.table);
  if (!byBase) { byBase = new Map(); cache.set(m.table, byBase); }
  let t = byBase.get(base);
  if (!t) { t = new SymbolTable(m.table.sorted.map((s) => ({ ...s, address: s.address + base }))); byBase.set(base, t); }
  return t;
}

const EMPTY = new SymbolTable([]);
