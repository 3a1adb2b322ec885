// The assembler driver: source text in, ELF relocatable object out.
//
//   readStatements  ->  layout passes (relaxation)  ->  final pass  ->  ELF
//
// Each pass walks every statement: labels take the current offset,
// directives and instructions advance it. Instruction sizes can depend on
// label offsets (a jump is 2 bytes when its target is near) and label offsets
// on sizes, so we repeat until nothing moves; see backend.ts for why this
// converges. The final pass keeps bytes and relocations, and reports errors.

import {
  SHF_MERGE, SHF_TLS, STB_GLOBAL, STT_TLS, STB_LOCAL, STB_WEAK, STT_FILE, STT_NOTYPE, STT_OBJECT,
} from "../elf/constants";
import { ObjectWriter } from "../elf/object";
import { AsmBackend, EncodeContext, EncodeError, Encoded } from "./backend";
import { backendFor } from "./backends";
import { placeLcomm, runAssignment, runDirective } from "./directives";
import { buildEhFrame } from "./cfi";
import { addLineTable } from "./line-table";
import { evaluate } from "./expr";
import { readStatements, Stmt } from "./source";
import { AsmState } from "./state";

export type Arch = "x86_64" | "arm64";

export interface AsmError { file: string; line: number; col: number; message: string; warning?: boolean }

export interface AssembleOptions { arch: Arch; file?: string; backend?: AsmBackend }

/** `file:line:col: error: message`, the format gcc and gas use (editors jump to it). */
export function formatError(e: AsmError): string {
  return `${e.file}:${e.line}:${e.col}: ${e.warning ? "warning" : "error"}: ${e.message}`;
}

export interface AssembledSection {
  name: string; type: number; flags: number; align: number; entsize: number;
  bytes: Uint8Array; size: number;
  relocs: { offset: number; type: number; symbol: string; addend: bigint }[];
}

const MAX_PASSES = 64;

/** Assemble to sections (before ELF): what tests and the in-memory linker want. */
export function assembleToBytes(source: string, opts: AssembleOptions):
  { sections: AssembledSection[]; text: Uint8Array; errors: AsmError[]; warnings: AsmError[]; state: AsmState } {
  const backend = opts.backend ?? backendFor(opts.arch);
  const file = opts.file ?? "<input>";
  const read = readStatements(source, { lineComment: backend.lineComment, separator: backend.separator });
  const stmts = read.stmts;
  const st = new AsmState(backend);
  for (const s of stmts) for (const l of s.labels) st.labelNames.add(l.name);
  const errors: AsmError[] = read.errors.map((e) => ({ file, line: e.line, col: 1, message: e.message }));
  const sizes: (number | undefined)[] = new Array(stmts.length);
  const pcs: (number | undefined)[] = new Array(stmts.length);

  let pass = 0;
  for (; pass < MAX_PASSES; pass++) {
    st.startPass(pass, false);
    const sizeChanged = walk(st, stmts, sizes, pcs, errors, file);
    if (!sizeChanged && !st.changed && pass > 0) break;
  }
  st.startPass(pass + 1, true);
  walk(st, stmts, sizes, pcs, errors, file);
  if (st.cfi.cur) errors.push({ file, line: stmts.at(-1)?.line ?? 1, col: 1, message: ".cfi_startproc without .cfi_endproc" });
  const eh = buildEhFrame(st);
  if (eh) st.sections.set(eh.attrs.name, eh);
  if (pass === MAX_PASSES && errors.length === 0)
    errors.push({ file, line: 1, col: 1, message: `layout did not settle after ${MAX_PASSES} passes` });

  const sections: AssembledSection[] = [];
  for (const s of st.sections.values()) {
    sections.push({
      name: s.attrs.name, type: s.attrs.type, flags: s.attrs.flags, align: s.align, entsize: s.attrs.entsize,
      bytes: Uint8Array.from(s.bytes), size: s.pc,
      relocs: s.relocs.map(({ offset, type, symbol, addend }) => ({ offset, type, symbol, addend })),
    });
  }
  errors.sort((a, b) => a.line - b.line || a.col - b.col);
  const text = sections.find((s) => s.name === ".text")!.bytes;
  const warnings = st.warnings.map((w) => ({ file, line: w.line, col: w.col, message: w.message, warning: true }));
  return { sections, text, errors, warnings, state: st };
}

/** One pass over all statements. Returns true if some instruction changed size. */
function walk(st: AsmState, stmts: Stmt[], sizes: (number | undefined)[], pcs: (number | undefined)[],
  errors: AsmError[], file: string): boolean {
  let changed = false;
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i];
    st.stmt = s;
    const before = pcs[i];
    st.stretch = before === undefined ? 0 : st.cur.pc - before;
    pcs[i] = st.cur.pc;
    let col = s.opCol, base = s.argsCol;
    try {
      for (const l of s.labels) { col = l.col; base = 1; st.defineLabel(l.name, 1); }
      col = s.opCol; base = s.argsCol;
      if (s.op === "") continue;
      if (s.args.startsWith("=") && !s.args.startsWith("==")) {
        const expr = s.args.slice(1);
        runAssignment(st, s.rawOp, expr.trim(), 2 + expr.length - expr.trimStart().length);
      } else if (s.op.startsWith(".")) {
        if (!runDirective(st, s.op, s.args)) {
          const r = st.backend.directive?.(s.op, s.args, context(st, undefined));
          if (r === false || r === undefined) throw new EncodeError(`unknown directive '${s.op}'`, 0);
          if (r !== true) { st.emit(r.bytes); }
        }
      } else {
        changed = instruction(st, s, i, sizes) || changed;
      }
    } catch (e) {
      if (!st.final) continue;
      if (!(e instanceof EncodeError)) {
        // A bug in the assembler, not the user's mistake: still report it as a line error.
        errors.push({ file, line: s.line, col, message: `internal assembler error: ${(e as Error).message}` });
        continue;
      }
      const c = e.col === undefined ? col : e.col === 0 ? s.opCol : base + e.col - 1;
      errors.push({ file, line: s.line, col: c, message: e.message });
    }
  }
  try { placeLcomm(st); } catch (e) {
    if (!(e instanceof EncodeError)) throw e;
    if (st.final) errors.push({ file, line: 1, col: 1, message: e.message });
  }
  return changed;
}

interface Ctx extends EncodeContext { usedSymbol: boolean }

/** Per statement, the expressions that named a symbol before its definition (first pass): see Value.forward. */
const forwardRefs = new WeakMap<Stmt, Set<string>>();

function context(st: AsmState, lastSize: number | undefined, stmt?: Stmt): Ctx {
  const pc = st.cur.pc;
  const ctx: Ctx = {
    pc, section: st.cur.attrs.name, final: st.final, lastSize, usedSymbol: false,
    value: (expr: string, col = 1) => {
      // Any symbol looked up makes the encoding depend on the pass: `end - start` is a plain
      // number once both are placed, but not before (it must not be cached from pass 1).
      const env = st.env(pc), lookup = env.lookup;
      const v = evaluate(expr, { ...env, lookup: (name) => {
        ctx.usedSymbol = true;
        const info = lookup(name);
        if (stmt !== undefined && st.pass === 0 && info?.forward) {
          let set = forwardRefs.get(stmt);
          if (set === undefined) forwardRefs.set(stmt, set = new Set());
          set.add(`${col}:${expr}`);
        }
        return info;
      } }, col);
      if (v.symbol !== undefined || v.pcrel) ctx.usedSymbol = true;
      return stmt !== undefined && forwardRefs.get(stmt)?.has(`${col}:${expr}`) ? { ...v, forward: true } : v;
    },
  };
  return ctx;
}

/** Encodings that depend on no symbol are the same on every pass: keep them
 *  (most instructions), and only re-encode the rest. */
const constantCache = new WeakMap<Stmt, Encoded>();

function instruction(st: AsmState, s: Stmt, i: number, sizes: (number | undefined)[]): boolean {
  const last = sizes[i];
  let size: number;
  try {
    let enc = constantCache.get(s);
    if (!enc) {
      const ctx = context(st, last, s);
      enc = st.backend.encode(s.op, s.args, ctx);
      if (!ctx.usedSymbol) constantCache.set(s, enc);
    }
    const at = st.cur.pc;
    if (st.final) st.lineMap.push({ section: st.cur.attrs.name, offset: at, line: s.line });
    st.mark("$x");
    for (const r of enc.relocs) st.reloc(at + r.offset, r.type, r.symbol, r.addend, s.argsCol);
    if (st.backend.arch === "arm64" && st.cur.align < 4) st.cur.align = 4;
    st.emit(enc.bytes);
    size = enc.bytes.length;
  } catch (e) {
    if (st.final || !(e instanceof EncodeError)) throw e;
    // An early pass may not know every value yet; keep the old size and go on.
    size = last ?? 1;
    st.cur.pc += size;
  }
  sizes[i] = size;
  return size !== last;
}

/** Assemble GNU-as source into an ELF64 relocatable object. */
export function assemble(source: string, opts: AssembleOptions):
  { object: Uint8Array; errors: AsmError[]; warnings: AsmError[] } {
  const file = opts.file ?? "<input>";
  const { sections, errors, warnings, state } = assembleToBytes(source, opts);
  if (errors.length) return { object: new Uint8Array(0), errors, warnings };
  const w = new ObjectWriter(state.backend.elfMachine);
  const secIndex = new Map<string, number>();
  for (const s of sections)
    secIndex.set(s.name, w.addSection({ name: s.name, type: s.type, flags: s.flags, align: s.align,
      entsize: s.entsize, data: s.bytes, size: s.size }));

  addLineTable(w, state, secIndex, new Map(sections.map((s) => [s.name, s.size])));
  if (state.fileName !== undefined)
    w.addSymbol({ name: state.fileName, value: 0n, size: 0n, bind: STB_LOCAL, type: STT_FILE, section: "abs" });
  // Symbols: labels that are not assembler-local (.L*), .equ constants, globals, commons.
  const handle = new Map<string, number>();
  for (const [name, s] of state.symbols) {
    const hidden = name.startsWith(".L") || name.includes("\u0002");
    const bind = s.weak ? STB_WEAK : s.global || s.common ? STB_GLOBAL : STB_LOCAL;
    if (hidden && bind === STB_LOCAL) continue;
    let section: number | "abs" | "undef" | "common";
    let value = 0n;
    if (s.common) { section = "common"; value = s.common.align; }
    else if (s.section !== undefined) { section = secIndex.get(s.section)!; value = BigInt(s.offset ?? 0); }
    else if (s.equ && s.equ.symbol === undefined && !s.equ.pcrel) { section = "abs"; value = s.equ.addend; }
    else if (bind !== STB_LOCAL && s.declared) section = "undef";
    else continue;
    // A label in a TLS section is a TLS symbol unless .type said otherwise (as gas does).
    const tls = s.section !== undefined && (state.sections.get(s.section)!.attrs.flags & SHF_TLS) !== 0;
    const type = tls && (s.type === undefined || s.type === STT_OBJECT) ? STT_TLS : s.type ?? STT_NOTYPE;
    handle.set(name, w.addSymbol({ name, value, size: s.common ? s.common.size : s.size ?? 0n, bind,
      type, section, visibility: s.visibility }));
  }
  for (const m of state.mapSyms)
    w.addSymbol({ name: m.name, value: BigInt(m.offset), size: 0n, bind: STB_LOCAL, type: STT_NOTYPE, section: secIndex.get(m.section)! });
  // Relocations: local symbols become "section symbol + offset", as gas writes them.
  for (const sec of state.sections.values()) {
    for (const r of sec.relocs) {
      let sym: number, addend = r.addend;
      const s = state.symbols.get(r.symbol);
      const merge = s?.section !== undefined && (state.sections.get(s.section)!.attrs.flags & SHF_MERGE) !== 0;
      const kind = state.backend.relocKind?.(r.type);
      if (s?.section !== undefined && !s.global && !s.weak && (kind || (merge && r.addend !== 0n))) {
        // gas never rewrites "local symbol + nonzero addend" in a mergeable section as
        // section + offset: the linker may move that string, so the symbol must stay.
        let h = handle.get(r.symbol);
        if (h === undefined) {
          h = w.addSymbol({ name: r.symbol, value: BigInt(s!.offset ?? 0), size: s!.size ?? 0n, bind: STB_LOCAL,
            type: s!.type ?? STT_NOTYPE, section: secIndex.get(s!.section!)! });
          handle.set(r.symbol, h);
        }
        sym = h;
      } else if (s?.section !== undefined && !s.global && !s.weak) {
        sym = w.sectionSymbol(secIndex.get(s.section)!);
        addend += BigInt(s.offset ?? 0);
      } else if (!s?.section && secIndex.has(r.symbol)) {
        sym = w.sectionSymbol(secIndex.get(r.symbol)!);
      } else {
        if (r.symbol.startsWith(".L") || r.symbol.includes("\u0002")) {
          errors.push({ file, line: r.line, col: r.col, message: `undefined local symbol '${r.symbol.split("\u0002")[0]}'` });
          continue;
        }
        let h = handle.get(r.symbol);
        if (h === undefined) {
          h = w.addSymbol({ name: r.symbol, value: 0n, size: 0n, bind: STB_GLOBAL,
            type: kind === "tls" ? STT_TLS : STT_NOTYPE, section: "undef" });
          handle.set(r.symbol, h);
        }
        sym = h;
      }
      w.addReloc(secIndex.get(sec.attrs.name)!, { offset: r.offset, type: r.type, symbol: sym, addend });
    }
  }
  const types = new Set<number>();
  for (const sec of state.sections.values()) for (const r of sec.relocs) types.add(r.type);
  for (const name of state.backend.impliedSymbols?.(types) ?? [])
    if (!handle.has(name)) w.addSymbol({ name, value: 0n, size: 0n, bind: STB_GLOBAL, type: STT_NOTYPE, section: "undef" });
  if (errors.length) return { object: new Uint8Array(0), errors, warnings };
  return { object: w.build(), errors, warnings };
}
