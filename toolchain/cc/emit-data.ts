// Emitting a program's static data as assembler directives, the same on
// both arches: initialized objects in .data (or .rodata for string
// literals), zero-initialized ones in .bss, and a `.quad label+addend` for
// each address an initializer holds.

import type { Obj, Program } from "./ast";

export function emitData(prog: Program, out: string[]): void {
  for (const obj of [...prog.globals, ...prog.literals]) {
    if (obj.isFunction || !obj.isDefinition) continue;
    const name = obj.name;
    if (!obj.isStatic) out.push(`\t.globl ${name}`);
    const hasData = obj.init !== undefined && (obj.init.some((b) => b !== 0) || (obj.relocs?.length ?? 0) > 0);
    const section = name.startsWith(".L.str.") ? "\t.section .rodata" : hasData ? "\t.data" : "\t.bss";
    out.push(section, `\t.balign ${Math.max(1, obj.align)}`, `\t.type ${name}, @object`, `\t.size ${name}, ${obj.type.size}`, `${name}:`);
    if (!hasData) { out.push(`\t.zero ${Math.max(1, obj.type.size)}`); continue; }
    emitBytes(obj, out);
  }
}

/** The bytes of an initialized object, with 8-byte addresses where relocations are. */
function emitBytes(obj: Obj, out: string[]): void {
  const bytes = obj.init!;
  const relocs = [...(obj.relocs ?? [])].sort((a, b) => a.offset - b.offset);
  let pos = 0;
  // 16 bytes a line, but a run of 32 or more zero bytes is one `.zero N`
  // (a big, mostly empty table would otherwise be thousands of lines to assemble).
  const flushBytes = (end: number) => {
    for (let i = pos; i < end;) {
      let z = i;
      while (z < end && bytes[z] === 0) z++;
      if (z - i >= 32) { out.push(`\t.zero ${z - i}`); i = z; continue; }
      const stop = Math.min(end, i + 16);
      out.push(`\t.byte ${Array.from(bytes.subarray(i, stop)).join(",")}`);
      i = stop;
    }
    pos = end;
  };
  for (const r of relocs) {
    flushBytes(r.offset);
    out.push(`\t.quad ${r.label}${r.addend > 0n ? `+${r.addend}` : r.addend < 0n ? `${r.addend}` : ""}`);
    pos = r.offset + 8;
  }
  flushBytes(bytes.length);
}

/** Lay out a function's locals below the frame pointer; returns the frame size (16-aligned). */
export function assignLocalOffsets(fn: Obj, start = 0): number {
  let offset = start;
  for (const v of fn.locals ?? []) {
    const align = Math.max(v.align, v.type.kind === "array" && v.type.size >= 16 ? 16 : 1);
    offset = Math.ceil((offset + v.type.size) / align) * align;
    v.offset = -offset;
  }
  return Math.ceil(offset / 16) * 16;
}
