// The assembler's state during one layout pass: sections with their location
// counters, the symbol table, and where output bytes go. assemble.ts drives
// the passes; directives.ts and the backends act on this state.

import { SHF_EXECINSTR, SHT_NOBITS } from "../elf/constants";
import { AsmBackend, EncodeError, Value } from "./backend";
import { ExprEnv, SymbolInfo, evaluate } from "./expr";
import { SectionAttrs, defaultAttrs } from "./sections";
import type { Fde } from "./cfi";
import { Stmt } from "./source";

export interface SecState {
  attrs: SectionAttrs;
  pc: number;
  align: number;
  bytes: number[];                 // final pass only
  relocs: { offset: number; type: number; symbol: string; addend: bigint; line: number; col: number }[];
}

export interface SymState {
  section?: string;      // defining section (labels)
  offset?: number;       // offset in it, as of the latest pass that reached the label
  pass?: number;         // pass that set `offset`
  equ?: Value;           // .equ/.set/= value
  global?: boolean;
  weak?: boolean;
  type?: number;         // STT_*
  size?: bigint;
  visibility?: number;
  common?: { size: bigint; align: bigint };
  declared?: boolean;    // named by .globl/.weak/.type/... (emit even if unused)
}

export class AsmState {
  sections = new Map<string, SecState>();
  symbols = new Map<string, SymState>();
  cur!: SecState;
  prevSec: string[] = [];    // for .previous
  stack: string[] = [];      // for .pushsection/.popsection
  pass = 0;
  final = false;
  stmt!: Stmt;
  /** numeric-label instance counts at the current statement */
  fb = new Map<string, number>();
  fileName?: string;
  /** `.loc` entries (final pass) and `.file N "name"` numbers, for a later line table. */
  locs: { section: string; offset: number; file: number; line: number; col: number }[] = [];
  locFiles = new Map<number, string>();
  /** Source line of every instruction (final pass): where the debugger points. */
  lineMap: { section: string; offset: number; line: number }[] = [];
  /** Mapping symbols ($x/$d, see backend.ts) found on the final pass, and each section's current state. */
  mapSyms: { section: string; offset: number; name: "$x" | "$d" }[] = [];
  private mapState = new Map<string, "$x" | "$d">();
  /** Warnings of the final pass (the statement's line; `col` in the line). */
  warnings: { line: number; col: number; message: string }[] = [];
  /** Call-frame info: the open FDE, and the finished ones (final pass). */
  cfi: { cur?: Fde; fdes: Fde[] } = { fdes: [] };
  /** Some label moved since the previous pass (so another pass is needed). */
  changed = false;
  /** How far the current statement moved since the previous pass (see info). */
  stretch = 0;
  /** Every label the source defines (known before the first pass). */
  labelNames = new Set<string>();
  /** .lcomm symbols of this pass, placed at the end of .bss when it ends. */
  lcomm: { name: string; size: number; align: number }[] = [];
  constructor(readonly backend: AsmBackend) {}

  startPass(pass: number, final: boolean) {
    this.pass = pass;
    this.final = final;
    this.changed = false;
    this.lcomm = [];
    this.cfi = { fdes: [] };
    this.mapState.clear();
    this.sections.clear();
    this.fb.clear();
    for (const s of [".text", ".data", ".bss"]) this.section(defaultAttrs(s));
    this.switchTo(".text");
    this.prevSec = [];
    this.stack = [];
  }

  section(attrs: SectionAttrs): SecState {
    let s = this.sections.get(attrs.name);
    if (!s) {
      s = { attrs, pc: 0, align: 1, bytes: [], relocs: [] };
      this.sections.set(attrs.name, s);
    }
    return s;
  }

  switchTo(name: string, attrs?: SectionAttrs) {
    if (this.cur) this.prevSec.push(this.cur.attrs.name);
    this.cur = this.sections.get(name) ?? this.section(attrs ?? defaultAttrs(name));
  }

  get isCode() { return (this.cur.attrs.flags & SHF_EXECINSTR) !== 0; }
  get isNobits() { return this.cur.attrs.type === SHT_NOBITS; }

  sym(name: string): SymState {
    let s = this.symbols.get(name);
    if (!s) { s = {}; this.symbols.set(name, s); }
    return s;
  }

  /** Numeric label `N:` gets a unique hidden name per instance (gas does the same). */
  fbName(n: string, instance: number) { return `.L${n}\u0002${instance}`; }

  defineLabel(name: string, col: number) {
    let real = name;
    if (/^\d+$/.test(name)) {
      const k = (this.fb.get(name) ?? 0) + 1;
      this.fb.set(name, k);
      real = this.fbName(name, k);
    }
    const s = this.sym(real);
    if (s.pass === this.pass && s.section !== undefined)
      throw new EncodeError(`symbol '${name}' is already defined`, col);
    if (s.equ) throw new EncodeError(`symbol '${name}' is already defined (by .set/.equ)`, col);
    if (s.offset !== this.cur.pc || s.section !== this.cur.attrs.name) this.changed = true;
    s.section = this.cur.attrs.name;
    s.offset = this.cur.pc;
    s.pass = this.pass;
  }

  lookup = (name: string): SymbolInfo | undefined => {
    const m = name.match(/^(\d+)([bf])$/);
    if (m) {
      const k = (this.fb.get(m[1]) ?? 0) + (m[2] === "f" ? 1 : 0);
      const real = this.fbName(m[1], k);
      const s = this.symbols.get(real);
      if (k === 0 || !s || s.section === undefined) {
        if (this.final) throw new EncodeError(`undefined local label '${name}'`);
        return { section: this.cur.attrs.name, offset: this.cur.pc, name: real };
      }
      return { ...this.info(s), name: real };
    }
    if (this.sections.has(name) && !this.symbols.get(name)?.section) return { section: name, offset: 0 };
    const s = this.symbols.get(name);
    if (this.pass === 0 && (!s || s.section === undefined) && this.labelNames.has(name))
      return { section: this.cur.attrs.name, offset: this.cur.pc, global: !!(s?.global || s?.weak), weak: !!s?.weak, forward: true };
    if (!s) return undefined;
    if (s.equ) return { value: s.equ };
    if (s.section === undefined) return { global: s.global || s.weak, weak: s.weak };
    return this.info(s);
  };

  private info(s: SymState): SymbolInfo {
    // A label not reached yet in this pass: use last pass's offset moved by
    // the growth so far in this pass ("stretch", as gas's relax_segment does:
    // everything ahead has moved at least that much; without it a forward
    // target can look BEHIND the jump and force a needless long form). On
    // the first pass, assume it is right here (the optimistic guess).
    let offset = s.offset;
    if (s.pass !== this.pass && s.section === this.cur.attrs.name)
      offset = this.pass === 0 ? this.cur.pc : s.offset! + this.stretch;
    else if (s.pass !== this.pass && this.pass === 0) offset = 0;
    return { section: s.section, offset, global: !!(s.global || s.weak), weak: !!s.weak, forward: s.pass !== this.pass };
  }

  env(pc = this.cur.pc): ExprEnv {
    return { lookup: this.lookup, section: this.cur.attrs.name, pc };
  }

  /** Evaluate an expression from the current statement's argument text. */
  eval(text: string, col = 1, pc?: number): Value {
    return evaluate(text, this.env(pc), col);
  }

  /** A warning at column `col` of the current statement's arguments (final pass only). */
  warn(message: string, col: number) {
    if (this.final) this.warnings.push({ line: this.stmt.line, col: this.stmt.argsCol + col - 1, message });
  }

  /** Evaluate and insist on a plain number. */
  evalAbs(text: string, col = 1): bigint {
    const v = this.eval(text, col);
    if (v.symbol !== undefined || v.pcrel) {
      if (!this.final) return 0n;
      throw new EncodeError(`expression '${text}' is not a constant`, col);
    }
    return v.addend;
  }

  /** Note that code ($x) or data ($d) starts here, for backends with mapping symbols. */
  mark(kind: "$x" | "$d") {
    if (!this.backend.mappingSymbols || !this.isCode) return;
    const name = this.cur.attrs.name;
    if (this.mapState.get(name) === kind) return;
    this.mapState.set(name, kind);
    if (this.final) this.mapSyms.push({ section: name, offset: this.cur.pc, name: kind });
  }

  emit(bytes: ArrayLike<number>) {
    if (this.isNobits) {
      for (let i = 0; i < bytes.length; i++)
        if (bytes[i] !== 0) throw new EncodeError(`section '${this.cur.attrs.name}' holds no data (@nobits): only zeros may go there`);
    } else if (this.final) {
      for (let i = 0; i < bytes.length; i++) this.cur.bytes.push(bytes[i]);
    }
    this.cur.pc += bytes.length;
  }

  reloc(offset: number, type: number, symbol: string, addend: bigint, col: number) {
    if (this.isNobits) throw new EncodeError(`relocation in @nobits section '${this.cur.attrs.name}'`, col);
    if (this.final) this.cur.relocs.push({ offset, type, symbol, addend, line: this.stmt.line, col });
  }
}
