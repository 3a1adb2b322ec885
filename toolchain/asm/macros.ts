// Macros and repetition (gas manual, ".macro", ".rept", ".irp"): text that
// writes text. Expanded on comment-free source lines before anything else
// reads them, so the rest of the assembler never sees a macro. Every
// produced line remembers the source line it came from (the invocation, or
// the .rept/.irp line), which is where errors inside an expansion point.
//
// Conditionals (.if/.elseif/.else/.endif, .ifdef/.ifndef) are decided here
// too, so they may only test numbers and macro arguments.
//
//   .macro isr num, code=0        .rept 3          .irp reg, rax, rbx
//   isr\num: push \code             nop              push \reg
//   .endm                         .endr            .endr
//
// `\@` is the number of macro expansions so far (unique labels), `\()`
// separates an argument from following text (`\num\()_entry`).

import { EncodeError } from "./backend";
import { splitArgs } from "./data";
import { evaluate } from "./expr";

export interface Line { text: string; line: number }
interface Macro { params: { name: string; def?: string; vararg: boolean }[]; body: string[] }

const LABELS = /^(\s*(?:[A-Za-z_.$][\w.$@]*|\d+)\s*:(?!:))*/;
const MAX_DEPTH = 100;

/** Expand every macro, .rept and .irp. Throws EncodeError with `line` set for bad blocks. */
export function expandMacros(lines: Line[]): { lines: Line[]; errors: { line: number; message: string }[] } {
  const macros = new Map<string, Macro>();
  const defined = new Set<string>();   // names seen in .set/.equ/labels, for .ifdef
  const out: Line[] = [];
  const errors: { line: number; message: string }[] = [];
  let counter = 0;

  // Collect a block's body up to its matching end directive (blocks nest).
  function block(src: Line[], i: number, end: RegExp, line: number): [string[], number] {
    const body: string[] = [];
    let depth = 1;
    for (let j = i + 1; j < src.length; j++) {
      const t = src[j].text.trim();
      if (/^\.(macro|rept|irp|irpc)\b/i.test(t)) depth++;
      else if (/^\.(endm|endr)\b/i.test(t) && --depth === 0) {
        if (!end.test(t)) throw Object.assign(new EncodeError(`'${t}' closes the wrong block`), { line: src[j].line });
        return [body, j];
      }
      body.push(src[j].text);
    }
    throw Object.assign(new EncodeError(`block starting here has no ${end.source.replace(/\\b|\^|\\/g, "")}`), { line });
  }

  function run(src: Line[], depth: number) {
    if (depth > MAX_DEPTH) throw new EncodeError(`macros nested more than ${MAX_DEPTH} deep (a macro calling itself?)`);
    // Conditional assembly: one entry per open .if — is its current branch
    // on, and has some branch of it been taken already?
    const conds: { on: boolean; taken: boolean; line: number }[] = [];
    const active = () => conds.every((c) => c.on);
    for (let i = 0; i < src.length; i++) {
      const { text, line } = src[i];
      const labels = text.match(LABELS)![0];
      const rest = text.slice(labels.length).trim();
      const word = rest.match(/^\S+/)?.[0] ?? "";
      const args = rest.slice(word.length).trim();
      const lw = word.toLowerCase();
      let skip: number | undefined;       // end of a block whose header was bad: skip its body
      try {
        if (/^\.(if|ifdef|ifndef|elseif|else|endif)$/.test(lw)) {
          conditional(lw, args, line);
          continue;
        }
        if (!active()) continue;
        if (lw === ".macro") {
          const [body, j] = block(src, i, /^\.endm\b/i, line);
          skip = j;
          const m = args.match(/^([A-Za-z_.$][\w.$]*)\s*,?\s*(.*)$/);
          if (!m) throw new EncodeError(".macro needs a name");
          const params = m[2] ? splitArgs(m[2]).map(([p]) => {
            const [, name, kind, def] = p.match(/^([A-Za-z_][\w]*)(?::(req|vararg))?(?:\s*=\s*(.*))?$/) ?? [];
            if (!name) throw new EncodeError(`bad macro parameter '${p}'`);
            return { name, def, vararg: kind === "vararg" };
          }) : [];
          macros.set(m[1].toLowerCase(), { params, body });
          i = j;
          continue;
        }
        if (lw === ".rept" || lw === ".irp" || lw === ".irpc") {
          const [body, j] = block(src, i, /^\.endr\b/i, line);
          skip = j;
          const copies: string[][] = [];
          if (lw === ".rept") {
            const v = evaluate(args, { lookup: () => undefined, section: "", pc: 0 });
            if (v.symbol !== undefined || v.addend < 0n || v.addend > 100000n)
              throw new EncodeError(".rept needs a count from 0 to 100000 (a plain number)");
            for (let k = 0n; k < v.addend; k++) copies.push(body);
          } else {
            const [[param], ...vals] = splitArgs(args);
            const items = lw === ".irp" ? vals.map(([v]) => v) : [...(vals[0]?.[0] ?? "")];
            for (const it of items) copies.push(body.map((b) => substitute(b, new Map([[param, it]]), counter)));
          }
          if (labels.trim()) out.push({ text: labels, line });
          for (const c of copies) run(c.map((t) => ({ text: t, line })), depth + 1);
          i = j;
          continue;
        }
        const mac = macros.get(lw);
        if (mac) {
          const vals = new Map<string, string>();
          let given = splitArgs(args).map(([a]) => a);
          if (given.length === 1 && mac.params.length > 1 && /\s/.test(given[0])) given = given[0].split(/\s+/);
          mac.params.forEach((p, k) => {
            const v = p.vararg ? given.slice(k).join(", ") : given[k];
            vals.set(p.name, v === undefined || v === "" ? p.def ?? "" : v);
          });
          if (given.length > mac.params.length && !mac.params.at(-1)?.vararg)
            throw new EncodeError(`too many arguments for macro '${word}' (it takes ${mac.params.length})`);
          if (labels.trim()) out.push({ text: labels, line });
          const n = counter++;
          run(mac.body.map((b) => ({ text: substitute(b, vals, n), line })), depth + 1);
          continue;
        }
        if (/^\.(endm|endr)$/.test(lw)) throw new EncodeError(`'${word}' without a block to close`);
      } catch (e) {
        if (!(e instanceof EncodeError)) throw e;
        errors.push({ line: (e as EncodeError & { line?: number }).line ?? line, message: e.message });
        if (skip !== undefined) i = skip;
        continue;
      }
      const def = rest.match(/^\.(?:set|equ)\s+([\w.$]+)/i) ?? labels.match(/([\w.$]+)\s*:/);
      if (def) defined.add(def[1]);
      out.push(src[i]);
    }
    if (conds.length) errors.push({ line: conds[conds.length - 1].line, message: ".if without .endif" });

    /** .if/.elseif take a constant expression (non-zero = true); .ifdef/.ifndef a name defined by
     *  an earlier .set/.equ/label on a previous line (checked textually, as far as we can here). */
    function conditional(d: string, args: string, line: number) {
      const value = () => {
        const v = evaluate(args, { lookup: () => undefined, section: "", pc: 0 });
        if (v.symbol !== undefined) throw new EncodeError(`${d} needs a constant expression here (macro arguments and numbers)`);
        return v.addend !== 0n;
      };
      const top = conds[conds.length - 1];
      if (d === ".if") { const on = active() && value(); conds.push({ on, taken: on, line }); return; }
      if (d === ".ifdef" || d === ".ifndef") {
        const known = defined.has(args.trim());
        const on = active() && (d === ".ifdef" ? known : !known);
        conds.push({ on, taken: on, line });
        return;
      }
      if (!top) throw new EncodeError(`'${d}' without .if`);
      const outer = conds.slice(0, -1).every((c) => c.on);
      if (d === ".endif") { conds.pop(); return; }
      if (d === ".else") { top.on = outer && !top.taken; top.taken = true; return; }
      const on = outer && !top.taken && value();    // .elseif
      top.on = on; top.taken ||= on;
    }
  }

  run(lines, 0);
  return { lines: out, errors };
}

/** Replace `\name` by the argument, `\@` by the expansion number, `\()` by nothing. */
function substitute(text: string, vals: Map<string, string>, n: number): string {
  return text.replace(/\\(\(\)|@|[A-Za-z_]\w*)/g, (all, name: string) => {
    if (name === "()") return "";
    if (name === "@") return String(n);
    return vals.get(name) ?? all;
  });
}
