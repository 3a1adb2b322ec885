// Exclusive and ordered loads/stores: the building blocks of atomics and
// locks. Arm ARM C4.1.94 "Load/store exclusive" and "Load-acquire/store-release".
//
//   size 001000 o2 L o1 Rs o0 Rt2 Rn Rt
// LDXR marks the address for exclusive access; STXR stores only if nothing
// else wrote it since, and writes 0 (success) or 1 to Ws. The A (acquire) and
// L (release) variants add ordering (o0); LDAR/STLR are ordered but not
// exclusive (o2). Unused register fields hold 31.

import type { EncodeContext } from "../backend";
import { count, fail, gpr, type Op, type Reg } from "./operands";
import { parseMem } from "./memory";
import { bits, type A64Word } from "./word";

/** o2 L o1 o0, and which register operands come before the address. */
interface Ex { o2: number; l: number; o1: number; o0: number; status: boolean; pair: boolean }

const KINDS: Record<string, Ex> = {
  stxr: { o2: 0, l: 0, o1: 0, o0: 0, status: true, pair: false },
  stlxr: { o2: 0, l: 0, o1: 0, o0: 1, status: true, pair: false },
  ldxr: { o2: 0, l: 1, o1: 0, o0: 0, status: false, pair: false },
  ldaxr: { o2: 0, l: 1, o1: 0, o0: 1, status: false, pair: false },
  stxp: { o2: 0, l: 0, o1: 1, o0: 0, status: true, pair: true },
  stlxp: { o2: 0, l: 0, o1: 1, o0: 1, status: true, pair: true },
  ldxp: { o2: 0, l: 1, o1: 1, o0: 0, status: false, pair: true },
  ldaxp: { o2: 0, l: 1, o1: 1, o0: 1, status: false, pair: true },
  stlr: { o2: 1, l: 0, o1: 0, o0: 1, status: false, pair: false },
  ldar: { o2: 1, l: 1, o1: 0, o0: 1, status: false, pair: false },
};

/** The base mnemonic and the access size suffix: ldaxrb -> (ldaxr, 0). */
function split(m: string): { base: string; size?: number } {
  if (KINDS[m]) return { base: m };
  return { base: m.slice(0, -1), size: m.endsWith("b") ? 0 : 1 };
}

export const EXCLUSIVE_MNEMONICS = Object.keys(KINDS).flatMap((k) =>
  KINDS[k].pair ? [k] : [k, `${k}b`, `${k}h`]);

export function exclusive(ops: Op[], ctx: EncodeContext, m: string): A64Word {
  const { base, size: fixed } = split(m);
  const k = KINDS[base];
  const nRegs = (k.status ? 1 : 0) + (k.pair ? 2 : 1);
  count(ops, nRegs + 1);
  let i = 0;
  let rs = 31;
  if (k.status) {
    const s = gpr(ops[i++], "zr", false);
    rs = s.n;
  }
  const rt: Reg = gpr(ops[i++], "zr", fixed !== undefined ? false : undefined);
  const rt2 = k.pair ? gpr(ops[i++], "zr", rt.x).n : 31;
  const { mem } = parseMem(ops, i, ctx);
  if (mem.mode !== "offset" || mem.mod || mem.imm !== 0n) fail(mem.op, "the only valid offset here is #0");
  // Ws equal to Rt/Rn is CONSTRAINED UNPREDICTABLE; gas only warns, and so
  // do we, silently: the encoding is still well defined.
  const size = fixed ?? (k.pair ? (rt.x ? 3 : 2) : rt.x ? 3 : 2);
  const word = 0x08000000 | bits(size, 2, 30) | bits(k.o2, 1, 23) | bits(k.l, 1, 22) | bits(k.o1, 1, 21) |
    bits(rs, 5, 16) | bits(k.o0, 1, 15) | bits(rt2, 5, 10) | bits(mem.base.n, 5, 5) | rt.n;
  return { word: word >>> 0 };
}
