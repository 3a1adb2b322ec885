// Intel-syntax operands, as `gas -msyntax=intel -mnaked-reg` reads them and
// `objdump -d -M intel` prints them:
//
//   eax                      a register
//   5, -1, 0x10, 'a', N      an immediate (N an .equ constant)
//   OFFSET sym               the ADDRESS of sym, as an immediate
//   DWORD PTR [rbx+rcx*4+8]  memory; size from the PTR keyword or the other operand
//   QWORD PTR fs:0x28        memory with a segment override, absolute address
//   [rip+sym], sym[rip]      RIP-relative memory
//   sym                      in Intel syntax a bare symbol is MEMORY at sym
//                            (except as a jump/call target)

import { EncodeContext, EncodeError, Value } from "../backend";
import { splitArgs } from "../data";

export interface Reg {
  name: string;
  num: number;          // 0..15, the encoding number (REX bit 3 included)
  size: 1 | 2 | 4 | 8 | 16;
  kind: "gpr" | "seg" | "rip" | "cr" | "dr" | "xmm";
  rex8?: boolean;       // spl bpl sil dil: only addressable with a REX prefix
  high8?: boolean;      // ah ch dh bh: only addressable WITHOUT a REX prefix
}

const REGS = new Map<string, Reg>();
const add = (name: string, num: number, size: 1 | 2 | 4 | 8, extra: Partial<Reg> = {}) =>
  REGS.set(name, { name, num, size, kind: "gpr", ...extra });
["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi"].forEach((r, i) => {
  add(r, i, 8);
  add("e" + r.slice(1), i, 4);
  add(r.slice(1), i, 2);
});
["al", "cl", "dl", "bl"].forEach((r, i) => add(r, i, 1));
["ah", "ch", "dh", "bh"].forEach((r, i) => add(r, i + 4, 1, { high8: true }));
["spl", "bpl", "sil", "dil"].forEach((r, i) => add(r, i + 4, 1, { rex8: true }));
for (let i = 8; i < 16; i++) {
  add(`r${i}`, i, 8); add(`r${i}d`, i, 4); add(`r${i}w`, i, 2); add(`r${i}b`, i, 1); add(`r${i}l`, i, 1);
}
["es", "cs", "ss", "ds", "fs", "gs"].forEach((r, i) => REGS.set(r, { name: r, num: i, size: 2, kind: "seg" }));
REGS.set("rip", { name: "rip", num: 5, size: 8, kind: "rip" });
for (let i = 0; i < 16; i++) {
  REGS.set(`cr${i}`, { name: `cr${i}`, num: i, size: 8, kind: "cr" });
  REGS.set(`dr${i}`, { name: `dr${i}`, num: i, size: 8, kind: "dr" });
  REGS.set(`xmm${i}`, { name: `xmm${i}`, num: i, size: 16, kind: "xmm" });
}

export function regByName(name: string): Reg | undefined {
  return REGS.get(name.toLowerCase());
}

/** Segment override prefix bytes (Intel SDM Vol. 2A, 2.1.1, group 2). */
export const SEG_PREFIX: Record<string, number> = { es: 0x26, cs: 0x2e, ss: 0x36, ds: 0x3e, fs: 0x64, gs: 0x65 };

export interface RegOp { kind: "reg"; reg: Reg; col: number }
export interface ImmOp {
  kind: "imm"; value: Value; col: number; text: string;
  /** Written with OFFSET: an address used as a number. */
  offset: boolean;
}
export interface MemOp {
  kind: "mem"; col: number;
  size?: number;        // from BYTE/WORD/DWORD/QWORD/TBYTE/XMMWORD PTR
  seg?: string;
  base?: Reg;
  index?: Reg;
  scale: number;
  disp?: Value;         // undefined = no displacement written
  rip: boolean;
}
export type Operand = RegOp | ImmOp | MemOp;

const SIZES: Record<string, number> = { byte: 1, word: 2, dword: 4, fword: 6, qword: 8, tbyte: 10, oword: 16, xmmword: 16, ymmword: 32 };

/** Split an operand list and parse each. `col` values are 1-based in the operand text. */
export function parseOperands(text: string, ctx: EncodeContext): Operand[] {
  if (text.trim() === "") return [];
  if (text.includes("%") || text.includes("$"))
    if (/(^|[\s,(])%[a-z]/i.test(text) || /(^|[\s,])\$/.test(text))
      throw new EncodeError("AT&T syntax is not supported: write Intel syntax (`.intel_syntax noprefix`), e.g. `mov eax, 1`", 1);
  return splitArgs(text).map(([t, c]) => {
    if (t === "") throw new EncodeError("missing operand", c + 1);
    return parseOperand(t, c + 1, ctx);
  });
}

function parseOperand(text: string, col: number, ctx: EncodeContext): Operand {
  // gcc writes jump-table loads as `[QWORD PTR .L4[0+rax*8]]`: drop the outer brackets.
  const outer = text.match(/^\[\s*((?:byte|word|dword|qword)\s+ptr\b.*)\]$/i);
  if (outer) return parseOperand(outer[1], col + text.indexOf(outer[1]), ctx);
  let t = text;
  let size: number | undefined;
  let m = t.match(/^(byte|word|dword|fword|qword|tbyte|oword|xmmword|ymmword)\s+ptr\b\s*/i);
  if (m) { size = SIZES[m[1].toLowerCase()]; t = t.slice(m[0].length); }
  const off = text.length - t.length;
  m = t.match(/^offset\s+(flat\s*:\s*)?/i);
  if (m && size === undefined) {
    const e = t.slice(m[0].length);
    return { kind: "imm", value: ctx.value(e, col + off + m[0].length), col, text: e, offset: true };
  }
  let seg: string | undefined;
  m = t.match(/^(es|cs|ss|ds|fs|gs)\s*:\s*/i);
  if (m) { seg = m[1].toLowerCase(); t = t.slice(m[0].length); }
  const reg = regByName(t);
  if (reg && !seg && size === undefined) {
    if (reg.kind === "rip") throw new EncodeError("rip can only be used inside [ ] as a base", col);
    return { kind: "reg", reg, col };
  }
  const bracket = t.indexOf("[");
  const mem: MemOp = { kind: "mem", col, size, seg, scale: 1, rip: false };
  if (bracket < 0) {
    const v = ctx.value(t, col + (text.length - t.length));
    if (size === undefined && seg === undefined)
      return { kind: "imm", value: v, col, text: t, offset: false };
    mem.disp = v;
    return mem;
  }
  if (!t.endsWith("]")) throw new EncodeError(`junk after ']' in '${text}'`, col);
  const pre = t.slice(0, bracket).trim();
  const inner = t.slice(bracket + 1, -1);
  const innerCol = col + (text.length - t.length) + bracket + 1;
  let dispExpr = pre ? `(${pre})` : "";
  // Terms of base+index*scale+disp, each with its sign.
  const terms = inner.match(/[+-]?[^+-]+/g) ?? [];
  let pos = 0;
  for (const raw of terms) {
    const sign = raw[0] === "-" ? "-" : "+";
    const body = raw.replace(/^[+-]/, "").trim();
    const tcol = innerCol + pos;
    pos += raw.length;
    const sm = body.match(/^([a-z0-9]+)\s*\*\s*(\w+)$/i) ?? body.match(/^(\w+)\s*\*\s*([a-z][a-z0-9]*)$/i);
    let r = regByName(body);
    let scale = 1;
    if (!r && sm) {
      const [a, b] = [sm[1], sm[2]];
      r = regByName(a) ?? regByName(b);
      const s = regByName(a) ? b : a;
      if (r) {
        scale = Number(s);
        if (![1, 2, 4, 8].includes(scale)) throw new EncodeError(`scale factor of ${s} is not 1, 2, 4 or 8`, tcol);
        if (mem.index) throw new EncodeError("only one index register is allowed", tcol);
      }
    }
    if (r) {
      if (sign === "-") throw new EncodeError(`a register cannot be subtracted: '${raw.trim()}'`, tcol);
      if (r.kind === "seg") throw new EncodeError(`segment register ${r.name} inside [ ]`, tcol);
      if (r.kind === "rip") { if (mem.rip || mem.base) throw new EncodeError("rip cannot be combined with other registers", tcol); mem.rip = true; continue; }
      if (r.size !== 8) throw new EncodeError(`'${r.name}' is not a 64-bit register: addresses use rax..r15`, tcol);
      if (sm || (mem.base && !mem.index)) {
        if (mem.rip) throw new EncodeError("rip cannot be combined with other registers", tcol);
        if (mem.index) throw new EncodeError("only one index register is allowed", tcol);
        mem.index = r; mem.scale = scale;
      } else if (!mem.base) mem.base = r;
      else throw new EncodeError("too many registers in memory operand", tcol);
      continue;
    }
    dispExpr += (dispExpr === "" && sign === "+" ? "" : sign) + "(" + body + ")";
  }
  if (mem.index?.num === 4) {
    if (mem.scale === 1 && !mem.base) { mem.base = mem.index; mem.index = undefined; }
    else if (mem.scale === 1 && mem.base && mem.base.num !== 4) { const b = mem.base; mem.base = mem.index; mem.index = b; }
    else throw new EncodeError("rsp cannot be an index register", col);
  }
  if (mem.rip && mem.index) throw new EncodeError("rip cannot be combined with an index register", col);
  if (dispExpr !== "") mem.disp = ctx.value(dispExpr, innerCol);
  return mem;
}

/** A bare symbolic operand (`sym`, no OFFSET) is memory in Intel syntax. */
export function immOrMem(op: Operand): Operand {
  if (op.kind === "imm" && !op.offset && op.value.symbol !== undefined)
    return { kind: "mem", col: op.col, scale: 1, rip: false, disp: op.value };
  return op;
}
