// The disassembly window around the PC.
//
// x86_64 instructions have variable length, so one cannot decode backwards
// from the PC. Instead we decode forwards from the start of the function the
// PC is in (from the symbol table) and keep the last few lines before the PC,
// as gdb's layout asm does. If that does not land on the PC (data inside
// code, no symbol, a very long function), the window starts at the PC.

import type { ArchInfo } from "../machine/arches";
import type { DisasmLine } from "./snapshot";
import type { SymbolTable } from "./symbols";

/** How far back from the PC we are willing to decode from a function's start. */
const MAX_LOOKBACK = 4096;

export interface CodeReader { (va: number, len: number): Uint8Array }

interface Decoded { address: number; length: number; text: string; bytes: Uint8Array }

function decodeRun(info: ArchInfo, read: CodeReader, start: number, until: number, count: number): Decoded[] {
  const len = Math.max(0, until - start) + (count + 1) * info.maxInstrLength;
  const code = read(start, len);
  const out: Decoded[] = [];
  let off = 0, past = 0;
  while (off < code.length && (start + off < until || past < count)) {
    if (start + off >= until) past++;
    const avail = code.length - off;
    let d: { length: number; text: string };
    try {
      d = info.disassemble(code, off, BigInt(start + off));
    } catch {
      d = { length: 0, text: "(bad)" };
    }
    const length = d.length > 0 && d.length <= avail ? d.length : Math.min(avail, info.arch === "arm64" ? 4 : 1);
    out.push({ address: start + off, length, text: d.text || "(bad)", bytes: code.subarray(off, off + length) });
    off += length;
  }
  return out;
}

/** `before` lines before the PC, the PC's line, and `after` lines after it. */
export function disasmWindow(
  info: ArchInfo, read: CodeReader, symbols: SymbolTable, pc: number,
  before: number, after: number, breakpoints: Set<number>,
): DisasmLine[] {
  let start = pc;
  if (info.arch === "arm64") {
    start = pc - 4 * before;
    const sym = symbols.containing(pc);
    if (sym && sym.address > start) start = sym.address;
    if (read(start, 4).length < 4) start = pc;
  } else {
    const sym = symbols.containing(pc);
    if (sym && pc - sym.address <= MAX_LOOKBACK) start = sym.address;
  }
  let run = decodeRun(info, read, start, pc, after + 1);
  let at = run.findIndex((d) => d.address === pc);
  if (at < 0) {
    run = decodeRun(info, read, pc, pc, after + 1);
    at = 0;
  }
  const shown = run.slice(Math.max(0, at - before), at + after + 1);
  return shown.map((d) => ({
    text: withTarget(expandTabs(d.text), symbols),
    address: d.address.toString(16),
    bytes: [...d.bytes].map((b) => b.toString(16).padStart(2, "0")).join(" "),
    symbol: symbols.at(d.address)?.name,
    isPc: d.address === pc,
    breakpoint: breakpoints.has(d.address),
  }));
}

/** objdump separates mnemonic and operands with a tab; a terminal pane needs spaces (tab stops of 8). */
export function expandTabs(text: string): string {
  let out = "";
  for (const ch of text) out += ch === "\t" ? " ".repeat(8 - (out.length % 8)) : ch;
  return out;
}

/**
 * Addresses get their symbol, as objdump prints them: a direct branch's
 * target ("call 401136 <square>", "bl 401000 <square>") and the address x86
 * objdump computes for a rip-relative operand ("# 409ca8 <environ>").
 */
function withTarget(text: string, symbols: SymbolTable): string {
  // An A64 comment ("b.ls 400364 // b.plast") stays after the symbol, as objdump places it.
  const [, body, comment = ""] = /^(.*?)(\s+\/\/ .*)?$/.exec(text)!;
  const m = /^(?:call|jmp|j[a-z]+|bl?|b\.[a-z]+|cbn?z|tbn?z|adrp?)\s.*?\b(?:0x)?([0-9a-f]+)$/.exec(body) ?? /# ([0-9a-f]+)$/.exec(body);
  if (!m) return text;
  const name = symbols.describe(parseInt(m[1], 16));
  return name ? `${body} <${name}>${comment}` : text;
}
