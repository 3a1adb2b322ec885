// What the two code generators share: control flow. Statements, ?: and the
// short-circuit operators become the same labels and branches on every
// machine; only the instructions that test the accumulator (rax / x0),
// branch, and compare a switch value differ, and each generator supplies
// those.

import { node, type Node, type Obj } from "./ast";
import { evalConst, NotConstant } from "./consteval";
import { isInteger, type Type } from "./types";
import type { Loc } from "./diag";

export abstract class CodeGen {
  out: string[] = [];
  protected fn!: Obj;
  private count = 0;
  /** Optimization level: 0 is the plain stack machine; 1 folds constants and loads simple operands directly. */
  protected opt = 0;
  private folded = new WeakMap<Node, bigint | null>();
  private files = new Map<string, number>();
  private lastLoc = "";

  /**
   * Tell the assembler which source line the next instructions come from
   * (`.loc`), so the object gets a DWARF line table and debuggers can show
   * the C source beside the machine code.
   */
  protected locate(n: { loc: Loc }): void {
    const name = n.loc.file.name;
    let f = this.files.get(name);
    if (f === undefined) {
      f = this.files.size + 1;
      this.files.set(name, f);
      this.out.push(`\t.file ${f} ${JSON.stringify(name)}`);
    }
    const key = `${f}:${n.loc.line}`;
    if (key === this.lastLoc) return;
    this.lastLoc = key;
    this.out.push(`\t.loc ${f} ${n.loc.line} ${n.loc.col}`);
  }

  protected emit(s: string): void { this.out.push("\t" + s); }
  protected place(label: string): void { this.out.push(`${label}:`); }
  protected label(): string { return `.L.g${this.count++}`; }

  abstract expr(n: Node): void;
  /** Accumulator = (accumulator != 0), as 0 or 1 (a conversion to _Bool). */
  protected abstract toBool(): void;
  /** Re-extend the accumulator from the width of t (after an operation done in 64 bits). */
  protected abstract extend(t: Type): void;

  /**
   * Convert the accumulator from `from` to `to` (6.3), keeping the invariant
   * that it holds its value extended to 64 bits as its type says. Arrays,
   * functions and aggregates are addresses: nothing to convert.
   */
  protected cast(from: Type, to: Type): void {
    if (to.kind === "void") return;
    if (to.kind === "bool") { this.toBool(); return; }
    if (from.kind === "array" || from.kind === "func" || to.kind === "struct" || to.kind === "union") return;
    this.extend(to);
  }

  // ---- -O1 helpers ----

  /**
   * The value of an integer expression built only from constants, computed
   * at compile time (C99 6.6 allows it), or undefined. Memoized, so a long
   * chain costs linear time.
   */
  protected constant(n: Node): bigint | undefined {
    const hit = this.folded.get(n);
    if (hit !== undefined) return hit ?? undefined;
    let v: bigint | undefined;
    if (n.kind === "num") v = n.value!;
    else if (n.type && isInteger(n.type) && FOLDABLE.has(n.kind)) {
      // Fold the children first; evaluate this node over their values only.
      const kids = (["lhs", "rhs", "cond", "then", "els"] as const).filter((k) => n[k] !== undefined);
      const vals = kids.map((k) => this.constant(n[k]!));
      if (vals.every((x) => x !== undefined)) {
        const shallow: Node = { ...n };
        kids.forEach((k, i) => { shallow[k] = node("num", n[k]!.loc, { value: vals[i], type: n[k]!.type }); });
        try { v = evalConst(shallow); } catch (e) { if (!(e instanceof NotConstant)) throw e; }
      }
    }
    this.folded.set(n, v ?? null);
    return v;
  }

  /** An operand that can be loaded straight into a scratch register: a constant or a scalar variable. */
  protected isLeaf(n: Node): boolean {
    if (this.opt === 0) return false;
    if (n.type && isInteger(n.type) && this.constant(n) !== undefined) return true;
    return n.kind === "var" && !n.obj!.isFunction && (isInteger(n.type!) || n.type!.kind === "ptr");
  }
  /** Unconditional branch. */
  protected abstract jump(label: string): void;
  /** Branch if the accumulator is zero / non-zero. */
  protected abstract branchIf(zero: boolean, label: string): void;
  /** Accumulator = a small constant (0 or 1). */
  protected abstract setAcc(v: number): void;
  /** Branch to c.label if the accumulator (a switch value) matches case c (begin..end). */
  protected abstract caseTest(c: Node): void;
  protected abstract ret(n: Node): void;

  /** a ? b : c */
  protected conditional(n: Node): void {
    const els = this.label(), end = this.label();
    this.expr(n.cond!); this.branchIf(true, els);
    this.expr(n.then!); this.jump(end);
    this.place(els); this.expr(n.els!);
    this.place(end);
  }

  /** && and ||: the right operand runs only if the left did not decide (6.5.13-14). */
  protected logical(n: Node): void {
    const decided = this.label(), end = this.label();
    const and = n.kind === "logand";
    this.expr(n.lhs!); this.branchIf(and, decided);
    this.expr(n.rhs!); this.branchIf(and, decided);
    this.setAcc(and ? 1 : 0); this.jump(end);
    this.place(decided); this.setAcc(and ? 0 : 1);
    this.place(end);
  }

  protected stmt(n: Node): void {
    if (n.kind !== "block") this.locate(n);
    switch (n.kind) {
      case "block": for (const s of n.body!) this.stmt(s); return;
      case "exprstmt": this.expr(n.lhs!); return;
      case "null": return;
      case "if": {
        const els = this.label(), end = this.label();
        this.expr(n.cond!); this.branchIf(true, els);
        this.stmt(n.then!); this.jump(end);
        this.place(els);
        if (n.els) this.stmt(n.els);
        this.place(end);
        return;
      }
      case "for": {                                         // while loops are fors too
        const top = this.label();
        if (n.init) this.stmt(n.init);
        this.place(top);
        if (n.cond) { this.locate(n.cond); this.expr(n.cond); this.branchIf(true, n.brk!); }
        this.stmt(n.then!);
        this.place(n.cont!);
        if (n.inc) { this.locate(n.inc); this.expr(n.inc); }
        this.jump(top);
        this.place(n.brk!);
        return;
      }
      case "do": {
        const top = this.label();
        this.place(top);
        this.stmt(n.then!);
        this.place(n.cont!);
        this.locate(n.cond!); this.expr(n.cond!); this.branchIf(false, top);
        this.place(n.brk!);
        return;
      }
      case "switch":
        // A chain of compares; a jump table is an optimization for later.
        this.expr(n.cond!);
        for (const c of n.cases!) this.caseTest(c);
        this.jump(n.defaultCase ? n.defaultCase.label! : n.brk!);
        this.stmt(n.then!);
        this.place(n.brk!);
        return;
      case "case": this.place(n.label!); this.stmt(n.lhs!); return;
      case "break": case "continue": this.jump(n.label!); return;
      case "goto": this.jump(`.L.${this.fn.name}.${n.label}`); return;
      case "label": this.place(`.L.${this.fn.name}.${n.label}`); this.stmt(n.lhs!); return;
      case "return": this.ret(n); return;
    }
    throw new Error(`internal compiler error: unknown statement ${n.kind}`);
  }
}

/** Node kinds a constant folder may evaluate (no side effects, no memory). */
const FOLDABLE = new Set(["cast", "neg", "bitnot", "not", "add", "sub", "mul", "div", "mod", "band", "bor", "bxor",
  "shl", "shr", "eq", "ne", "lt", "le", "logand", "logor", "cond"]);

/** Visit every node of a statement or expression tree. */
export function walk(n: Node | undefined, f: (n: Node) => void): void {
  if (!n) return;
  f(n);
  for (const k of ["lhs", "rhs", "cond", "then", "els", "init", "inc", "func"] as const) walk(n[k], f);
  for (const list of [n.body, n.args]) if (list) for (const c of list) walk(c, f);
}
