// Basic blocks: straight-line runs of decoded instructions compiled into
// one small JavaScript function each.
//
// The interpreter loop calls `d.exec(this, d)` for every instruction, and
// that one call site sees hundreds of different handlers: V8 cannot inline
// any of them, and the indirect call dominates the cost of a simple
// instruction. A block function has one call site per instruction, each of
// which only ever calls one handler, so V8 inlines the handlers into the
// block. Blocks are built for instructions that ran HOT times and contain
// only instructions already decoded and linked (Insn.next), ending at the
// first control transfer (which is included) or stop.
//
// Correctness rules the generated code keeps:
// - `c.cur` names the instruction running, so a fault reports its RIP;
// - after every instruction, `c.jumped` ends the block: a branch was taken,
//   or a store hit decoded code (cpu.ts dropFrame), so the rest of the block
//   may be stale;
// - RDTSC (which reads the retired count) never runs inside a block.

import type { X86State } from "./state";
import type { Insn } from "./insn";

/** Runs the block (at most `left` instructions, at least one pass) and returns how many instructions ran. */
export type BlockFn = (c: X86State, left: number) => number;

export class Block {
  constructor(readonly fn: BlockFn, readonly insns: Insn[]) {}
  get len(): number { return this.insns.length; }
}

/** Executions before an instruction gets its own block. */
export const HOT = 64;
const MAX = 32;
let serial = 0;

/**
 * Build the block starting at `first`, or return null if it would be too
 * short to pay off. `ends(d)` says whether d transfers control or stops
 * (included as the block's last instruction); `excluded(d)` whether d must
 * not run inside a block at all; `conditional(d)` whether d is a relative
 * conditional branch (tLo/tHi is its target).
 */
export function buildBlock(first: Insn, ends: (d: Insn) => boolean, excluded: (d: Insn) => boolean,
  conditional: (d: Insn) => boolean): Block | null {
  const insns: Insn[] = [];
  let d: Insn | null = first;
  while (d !== null && insns.length < MAX && !excluded(d)) {
    insns.push(d);
    if (ends(d)) break;
    d = d.next;
  }
  if (insns.length < 2) return null;
  const lines: string[] = [];
  const decl: string[] = [];
  const n = insns.length, lastI = insns[n - 1];
  insns.forEach((_, i) => decl.push(`d${i} = D[${i}], h${i} = d${i}.exec`));
  for (let i = 0; i < n - 1; i++) lines.push(`c.cur = d${i}; h${i}(c, d${i}); if (c.jumped) return done + ${i + 1};`);
  lines.push(`c.cur = d${n - 1}; h${n - 1}(c, d${n - 1}); done += ${n};`);
  // A loop whose body is this block (its last instruction branches back to
  // its first) iterates inside the block function, without returning to
  // the interpreter loop, while the budget allows.
  const selfLoop = conditional(lastI) && lastI.tLo === first.vaLo && lastI.tHi === first.vaHi;
  if (selfLoop) {
    lines.push(`if (!c.jumped || c.ripLo !== ${first.vaLo} || c.ripHi !== ${first.vaHi} || left - done < ${n}) return done;`);
    lines.push("c.jumped = false; c.blkDone = done;");
  } else lines.push("return done;");
  const body = selfLoop ? `for (;;) {\n${lines.join("\n")}\n}` : lines.join("\n");
  // The serial number makes every block's source unique: V8 caches functions
  // by source text, and blocks sharing one function would share its type
  // feedback, making every call site megamorphic again.
  const src = `"use strict"; // block ${serial++}\nconst ${decl.join(", ")};\nreturn function block(c, left) {\nlet done = 0;\n${body}\n};`;
  const make = new Function("D", src) as (D: Insn[]) => BlockFn;
  return new Block(make(insns), insns);
}
