// AArch64 code generation: the typed AST to A64 assembly (the syntax GNU as
// and objdump use), following the AAPCS64 so our objects link with gcc's.
//
// The same simple strategy as on x86_64: every expression leaves its value in
// x0, extended to 64 bits as its type says, and a binary operation keeps its
// left operand on the stack. The stack pointer must stay 16-byte aligned
// (SP alignment checking is on at EL0 under Linux), so each push takes 16.

import type { Node, Obj, Program } from "./ast";
import { assignLocalOffsets, emitData } from "./emit-data";
import { CodeGen, walk } from "./gen-common";
import { T, type Type } from "./types";

const isAggregate = (t: Type) => t.kind === "struct" || t.kind === "union";
const words = (size: number) => Math.ceil(size / 8);

export function generateArm64(prog: Program, optimize = 0): string {
  const g = new A64Gen(optimize);
  emitData(prog, g.out);
  for (const fn of prog.globals) if (fn.isFunction && fn.isDefinition) g.func(fn);
  g.out.push('\t.section .note.GNU-stack,"",@progbits');
  return g.out.join("\n") + "\n";
}

/** How a call passes one argument (AAPCS64 6.8.2). */
interface ArgPlan { reg: number; nregs: number; stackOff: number; byRef?: Obj }

class A64Gen extends CodeGen {
  constructor(optimize: number) { super(); this.opt = optimize; }
  private retPtr?: Obj;
  private vaGp = 0;
  private vaStack = 0;
  /** Copies of large struct arguments (passed by reference), per call node. */
  private argCopies = new Map<Node, Obj>();

  private push(): void { this.emit("str x0, [sp, -16]!"); }
  private pop(reg: string): void { this.emit(`ldr ${reg}, [sp], 16`); }

  /** reg = x29 + off, for any offset. */
  private frameAddr(reg: string, off: number): void {
    if (off >= -4095 && off <= 4095) this.emit(off < 0 ? `sub ${reg}, x29, #${-off}` : `add ${reg}, x29, #${off}`);
    else { this.imm("x17", BigInt(off)); this.emit(`add ${reg}, x29, x17`); }
  }

  /** Load any 64-bit constant with movz/movk (or movn for small negatives). */
  private imm(reg: string, v: bigint): void {
    const u = BigInt.asUintN(64, v);
    if (u < 65536n) { this.emit(`mov ${reg}, #${u}`); return; }
    if (BigInt.asIntN(64, v) < 0n && BigInt.asIntN(64, v) >= -65536n) { this.emit(`mov ${reg}, #${BigInt.asIntN(64, v)}`); return; }
    let first = true;
    for (let s = 0n; s < 64n; s += 16n) {
      const part = (u >> s) & 0xffffn;
      if (part === 0n && !(first && s === 48n)) continue;
      this.emit(`${first ? "movz" : "movk"} ${reg}, #${part}, lsl #${s}`);
      first = false;
    }
  }

  // ---- functions ----

  func(fn: Obj): void {
    this.fn = fn;
    this.retPtr = undefined;
    const ret = fn.type.ret!;
    const slot = (name: string, size: number): Obj =>
      ({ name, type: { ...T.ulong, size }, loc: fn.loc, isLocal: true, offset: 0, isStatic: false, isFunction: false, isDefinition: true, align: 16 });
    if (isAggregate(ret) && ret.size > 16) { this.retPtr = slot(".retptr", 8); fn.locals!.unshift(this.retPtr); }
    this.argCopies = new Map();
    walk(fn.body!, (n) => {
      if (n.kind !== "call") return;
      for (const a of n.args!) if (isAggregate(a.type!) && a.type!.size > 16) {
        const copy = slot(".argcopy", a.type!.size);
        fn.locals!.push(copy);
        this.argCopies.set(a, copy);
      }
    });
    let vaArea: Obj | undefined;
    if (fn.type.variadic) { vaArea = slot(".va_area", 64); fn.locals!.push(vaArea); }
    const frame = assignLocalOffsets(fn);
    if (!fn.isStatic) this.out.push(`\t.globl ${fn.name}`);
    this.out.push("\t.text", "\t.balign 4", `\t.type ${fn.name}, %function`, `${fn.name}:`);
    this.locate(fn);
    this.emit("stp x29, x30, [sp, -16]!");
    this.emit("mov x29, sp");
    if (frame) { this.imm("x17", BigInt(frame)); this.emit("sub sp, sp, x17"); }

    let gp = 0, stack = 16;
    if (this.retPtr) { this.frameAddr("x17", this.retPtr.offset); this.emit("str x8, [x17]"); }
    for (const p of fn.params!) {
      const t = p.type;
      if (isAggregate(t) && t.size > 16) {
        // Passed by reference: copy the caller's object into our slot.
        if (gp < 8) this.emit(`mov x16, x${gp++}`);
        else { this.frameAddr("x16", stack); this.emit("ldr x16, [x16]"); stack += 8; }
        this.frameAddr("x17", p.offset);
        this.copyBytes("x16", "x17", t.size);
      } else if (isAggregate(t)) {
        const n = words(t.size);
        if (gp + n <= 8) { for (let w = 0; w < n; w++) this.storeReg(`x${gp++}`, p.offset + 8 * w, Math.min(8, t.size - 8 * w)); }
        else { gp = 8; this.frameAddr("x16", stack); this.frameAddr("x17", p.offset); this.copyBytes("x16", "x17", t.size); stack += n * 8; }
      } else if (gp < 8) {
        this.storeReg(`x${gp++}`, p.offset, t.size);
      } else {
        this.frameAddr("x16", stack); this.emit("ldr x16, [x16]");
        this.storeReg("x16", p.offset, t.size);
        stack += 8;
      }
    }
    if (vaArea) {
      this.frameAddr("x17", vaArea.offset);
      for (let i = 0; i < 8; i += 2) this.emit(`stp x${i}, x${i + 1}, [x17, ${8 * i}]`);
      this.vaGp = gp;
      this.vaStack = stack;
      fn.vaArea = vaArea;
    }
    this.stmt(fn.body!);
    if (fn.name === "main") this.emit("mov x0, #0");         // C99 5.1.2.2.3
    this.out.push(`.L.return.${fn.name}:`);
    this.emit("mov sp, x29");
    this.emit("ldp x29, x30, [sp], 16");
    this.emit("ret");
    this.out.push(`\t.size ${fn.name}, .-${fn.name}`);
  }

  /** Store the low `size` bytes of reg (an x register) at [x29+off]. */
  private storeReg(reg: string, off: number, size: number): void {
    this.frameAddr("x17", off);
    const w = "w" + reg.slice(1);
    switch (size) {
      case 1: this.emit(`strb ${w}, [x17]`); return;
      case 2: this.emit(`strh ${w}, [x17]`); return;
      case 4: this.emit(`str ${w}, [x17]`); return;
      case 8: this.emit(`str ${reg}, [x17]`); return;
    }
    this.emit(`mov x15, ${reg}`);
    for (let i = 0; i < size; i++) { this.emit(`strb w15, [x17, ${i}]`); this.emit("lsr x15, x15, 8"); }
  }

  /** reg += off, for any offset (add's immediate has only 12 bits). */
  private addImm(reg: string, off: number): void {
    if (off === 0) return;
    if (off > 0 && off < 4096) this.emit(`add ${reg}, ${reg}, #${off}`);
    else { this.imm("x15", BigInt(off)); this.emit(`add ${reg}, ${reg}, x15`); }
  }

  /**
   * Copy `size` bytes from [src] to [dst] (registers), through x15. Small
   * copies are unrolled; big ones loop with their own pointers (x12, x13,
   * counter x14), because ldr/ldrb offsets have only 12 bits.
   */
  private copyBytes(src: string, dst: string, size: number): void {
    let i = 0;
    if (size > 256) {
      const top = this.label();
      this.emit(`mov x12, ${src}`); this.emit(`mov x13, ${dst}`); this.imm("x14", BigInt(Math.floor(size / 8)));
      this.place(top);
      this.emit("ldr x15, [x12], 8"); this.emit("str x15, [x13], 8");
      this.emit("subs x14, x14, 1"); this.emit(`b.ne ${top}`);
      src = "x12"; dst = "x13"; size %= 8;
    }
    for (; i + 8 <= size; i += 8) { this.emit(`ldr x15, [${src}, ${i}]`); this.emit(`str x15, [${dst}, ${i}]`); }
    for (; i < size; i++) { this.emit(`ldrb w15, [${src}, ${i}]`); this.emit(`strb w15, [${dst}, ${i}]`); }
  }

  /** Load `size` (1..8) bytes at [base+off] into reg, zero-extended, without reading past them. */
  private loadPart(reg: string, base: string, off: number, size: number): void {
    if (size <= 0) return;
    if (size === 8) { this.emit(`ldr ${reg}, [${base}, ${off}]`); return; }
    this.emit(`mov ${reg}, #0`);
    for (let i = size - 1; i >= 0; i--) {
      this.emit(`ldrb w15, [${base}, ${off + i}]`);
      this.emit(`orr ${reg}, x15, ${reg}, lsl 8`);
    }
  }

  // ---- loads, stores, conversions ----

  private load(t: Type): void {
    if (t.kind === "array" || isAggregate(t) || t.kind === "func") return;
    switch (t.size) {
      case 1: this.emit(t.unsigned ? "ldrb w0, [x0]" : "ldrsb x0, [x0]"); return;
      case 2: this.emit(t.unsigned ? "ldrh w0, [x0]" : "ldrsh x0, [x0]"); return;
      case 4: this.emit(t.unsigned ? "ldr w0, [x0]" : "ldrsw x0, [x0]"); return;
      default: this.emit("ldr x0, [x0]");
    }
  }

  private store(t: Type): void {
    this.pop("x1");
    if (isAggregate(t)) { this.copyBytes("x0", "x1", t.size); return; }
    switch (t.size) {
      case 1: this.emit("strb w0, [x1]"); return;
      case 2: this.emit("strh w0, [x1]"); return;
      case 4: this.emit("str w0, [x1]"); return;
      default: this.emit("str x0, [x1]");
    }
  }

  protected toBool(): void { this.emit("cmp x0, 0"); this.emit("cset x0, ne"); }

  protected extend(t: Type): void {
    if (t.kind === "bool") return;
    switch (t.size) {
      case 1: this.emit(t.unsigned ? "and x0, x0, 255" : "sxtb x0, w0"); return;
      case 2: this.emit(t.unsigned ? "and x0, x0, 65535" : "sxth x0, w0"); return;
      case 4: this.emit(t.unsigned ? "mov w0, w0" : "sxtw x0, w0"); return;
    }
  }

  // ---- expressions ----

  private addr(n: Node): void {
    switch (n.kind) {
      case "var": {
        const o = n.obj!;
        if (o.isLocal) this.frameAddr("x0", o.offset);
        else { this.emit(`adrp x0, ${o.name}`); this.emit(`add x0, x0, :lo12:${o.name}`); }
        return;
      }
      case "deref": this.expr(n.lhs!); return;
      case "member": this.addr(n.lhs!); this.addImm("x0", n.member!.offset); return;
      case "comma": this.expr(n.lhs!); this.addr(n.rhs!); return;
      case "call": case "cond": case "assign":
        if (isAggregate(n.type!)) { this.expr(n); return; }
    }
    throw new Error(`internal compiler error: not an lvalue (${n.kind})`);
  }

  expr(n: Node): void {
    if (this.opt && n.kind !== "num" && this.isLeaf(n) && n.kind !== "var") {
      this.imm("x0", this.constant(n)!);                   // folded at compile time
      return;
    }
    switch (n.kind) {
      case "num": this.imm("x0", n.value!); return;
      case "var": case "member": this.addr(n); this.load(n.type!); return;
      case "deref": this.expr(n.lhs!); this.load(n.type!); return;
      case "addr": this.addr(n.lhs!); return;
      case "cast": this.expr(n.lhs!); this.cast(n.lhs!.type!, n.type!); return;
      case "neg": this.expr(n.lhs!); this.emit("neg x0, x0"); this.extend(n.type!); return;
      case "bitnot": this.expr(n.lhs!); this.emit("mvn x0, x0"); this.extend(n.type!); return;
      case "not": this.expr(n.lhs!); this.emit("cmp x0, 0"); this.emit("cset x0, eq"); return;
      case "comma": this.expr(n.lhs!); this.expr(n.rhs!); return;
      case "assign":
        if (this.opt && n.lhs!.kind === "var" && n.lhs!.obj!.isLocal && !isAggregate(n.type!)) {
          this.expr(n.rhs!);                                // -O1: store straight into the local's slot
          this.storeReg("x0", n.lhs!.obj!.offset, n.type!.size);
          return;
        }
        this.addr(n.lhs!); this.push(); this.expr(n.rhs!); this.store(n.type!); return;
      case "memzero": {
        this.frameAddr("x1", n.obj!.offset);
        let size = n.obj!.type.size;
        let i = 0;
        if (size > 256) {             // a loop: str's offset has only 12 bits (scaled)
          const top = this.label();
          this.imm("x14", BigInt(Math.floor(size / 8)));
          this.place(top);
          this.emit("str xzr, [x1], 8"); this.emit("subs x14, x14, 1"); this.emit(`b.ne ${top}`);
          size %= 8;
        }
        for (; i + 8 <= size; i += 8) this.emit(`str xzr, [x1, ${i}]`);
        for (; i < size; i++) this.emit(`strb wzr, [x1, ${i}]`);
        return;
      }
      case "cond": this.conditional(n); return;
      case "logand": case "logor": this.logical(n); return;
      case "call": this.call(n); return;
      case "vastart": this.vaStart(n); return;
      case "vaarg": this.vaArg(n); return;
      case "vaend": return;
      case "vacopy": this.expr(n.rhs!); this.push(); this.expr(n.lhs!); this.pop("x1"); this.copyBytes("x1", "x0", 32); return;
    }
    this.binary(n);
  }

  private binary(n: Node): void {
    if (this.isLeaf(n.rhs!)) { this.expr(n.lhs!); this.leafTo(n.rhs!); }   // -O1: no stack traffic
    else { this.expr(n.lhs!); this.push(); this.expr(n.rhs!); this.emit("mov x1, x0"); this.pop("x0"); }
    const t = n.lhs!.type!;
    const wide = t.size === 8 || t.kind === "ptr";
    const [a, b] = wide ? ["x0", "x1"] : ["w0", "w1"];
    switch (n.kind) {
      case "add": this.emit("add x0, x0, x1"); break;
      case "sub": this.emit("sub x0, x0, x1"); break;
      case "mul": this.emit("mul x0, x0, x1"); break;
      case "band": this.emit("and x0, x0, x1"); break;
      case "bor": this.emit("orr x0, x0, x1"); break;
      case "bxor": this.emit("eor x0, x0, x1"); break;
      case "shl": this.emit(`lsl ${a}, ${a}, ${b}`); break;
      case "shr": this.emit(`${t.unsigned ? "lsr" : "asr"} ${a}, ${a}, ${b}`); break;
      case "div": this.emit(`${t.unsigned ? "udiv" : "sdiv"} ${a}, ${a}, ${b}`); break;
      case "mod": {
        const q = wide ? "x2" : "w2";
        this.emit(`${t.unsigned ? "udiv" : "sdiv"} ${q}, ${a}, ${b}`);
        this.emit(`msub ${a}, ${q}, ${b}, ${a}`);
        break;
      }
      case "eq": case "ne": case "lt": case "le": {
        this.emit("cmp x0, x1");
        const signed = !(t.unsigned || t.kind === "ptr");
        const cc = { eq: "eq", ne: "ne", lt: signed ? "lt" : "lo", le: signed ? "le" : "ls" }[n.kind];
        this.emit(`cset x0, ${cc}`);
        return;
      }
      default: throw new Error(`internal compiler error: unknown operator ${n.kind}`);
    }
    this.extend(n.type!);
  }

  /** -O1: load a leaf operand (constant or scalar variable) into x1, extended as its type says. */
  private leafTo(n: Node): void {
    const c = this.constant(n);
    if (c !== undefined) { this.imm("x1", c); return; }
    const o = n.obj!, t = n.type!;
    if (o.isLocal) this.frameAddr("x1", o.offset);
    else { this.emit(`adrp x1, ${o.name}`); this.emit(`add x1, x1, :lo12:${o.name}`); }
    switch (t.size) {
      case 1: this.emit(t.unsigned ? "ldrb w1, [x1]" : "ldrsb x1, [x1]"); return;
      case 2: this.emit(t.unsigned ? "ldrh w1, [x1]" : "ldrsh x1, [x1]"); return;
      case 4: this.emit(t.unsigned ? "ldr w1, [x1]" : "ldrsw x1, [x1]"); return;
      default: this.emit("ldr x1, [x1]");
    }
  }

  // ---- calls (AAPCS64 6.8) ----

  private plan(n: Node): { plans: ArgPlan[]; stackBytes: number } {
    let ngrn = 0, nsaa = 0;
    const plans = n.args!.map((a): ArgPlan => {
      const t = a.type!;
      const byRef = this.argCopies.get(a);
      const nregs = byRef ? 1 : isAggregate(t) ? words(t.size) : 1;
      if (ngrn + nregs <= 8) { const p = { reg: ngrn, nregs, stackOff: -1, byRef }; ngrn += nregs; return p; }
      ngrn = 8;                                             // C.12: no splitting between registers and stack
      const p = { reg: -1, nregs, stackOff: nsaa, byRef };
      nsaa += (byRef ? 1 : nregs) * 8;
      return p;
    });
    return { plans, stackBytes: Math.ceil(nsaa / 16) * 16 };
  }

  private call(n: Node): void {
    const ft = n.funcType!, ret = ft.ret!;
    const { plans, stackBytes } = this.plan(n);
    if (stackBytes) this.emit(`sub sp, sp, #${stackBytes}`);
    // Stack arguments go straight into the outgoing area at the bottom of the frame.
    n.args!.forEach((a, i) => {
      const p = plans[i];
      if (p.reg >= 0) return;
      this.argValue(a, p);
      if (isAggregate(a.type!) && !p.byRef) { this.emit(`add x1, sp, #${p.stackOff}`); this.copyBytes("x0", "x1", a.type!.size); }
      else this.emit(`str x0, [sp, #${p.stackOff}]`);
    });
    // Register arguments: evaluate all (pushing each), then pop into x0..x7.
    n.args!.forEach((a, i) => { if (plans[i].reg >= 0) { this.argValue(a, plans[i]); this.push(); } });
    const direct = n.func!.kind === "addr" && n.func!.lhs!.kind === "var" && n.func!.lhs!.obj!.isFunction;
    if (!direct) { this.expr(n.func!); this.emit("mov x9, x0"); }
    for (let i = n.args!.length - 1; i >= 0; i--) {
      const p = plans[i];
      if (p.reg < 0) continue;
      if (isAggregate(n.args![i].type!) && !p.byRef) {
        this.pop("x10");
        for (let w = 0; w < p.nregs; w++) this.loadPart(`x${p.reg + w}`, "x10", 8 * w, Math.min(8, n.args![i].type!.size - 8 * w));
      } else this.pop(`x${p.reg}`);
    }
    if (isAggregate(ret) && ret.size > 16) this.frameAddr("x8", n.retBuffer!.offset);
    this.emit(direct ? `bl ${n.func!.lhs!.obj!.name}` : "blr x9");
    if (stackBytes) this.emit(`add sp, sp, #${stackBytes}`);
    if (isAggregate(ret) && ret.size <= 16) {
      this.storeReg("x0", n.retBuffer!.offset, Math.min(8, ret.size));
      if (ret.size > 8) this.storeReg("x1", n.retBuffer!.offset + 8, ret.size - 8);
      this.frameAddr("x0", n.retBuffer!.offset);
    } else if (isAggregate(ret)) {
      this.frameAddr("x0", n.retBuffer!.offset);
    } else if (ret.kind !== "void") this.extend(ret);
  }

  /** x0 = the argument's value (for a large struct, the address of a private copy). */
  private argValue(a: Node, p: ArgPlan): void {
    this.expr(a);
    if (p.byRef) {
      this.frameAddr("x1", p.byRef.offset);
      this.copyBytes("x0", "x1", a.type!.size);
      this.emit("mov x0, x1");
    }
  }

  // ---- varargs (AAPCS64 10.1.5, the va_list struct) ----

  private vaStart(n: Node): void {
    const area = this.fn.vaArea!;
    this.expr(n.lhs!);                                      // x0: the va_list
    this.frameAddr("x1", this.vaStack);
    this.emit("str x1, [x0]");                              // __stack
    this.frameAddr("x1", area.offset + 64);
    this.emit("str x1, [x0, 8]");                           // __gr_top: end of the saved x0..x7
    this.emit("str xzr, [x0, 16]");                         // __vr_top: no vector registers
    this.imm("x1", BigInt((this.vaGp - 8) * 8));
    this.emit("str w1, [x0, 24]");                          // __gr_offs
    this.emit("str wzr, [x0, 28]");                         // __vr_offs
  }

  private vaArg(n: Node): void {
    const t = n.type!.base!;
    const byRef = isAggregate(t) && t.size > 16;
    const nregs = byRef ? 1 : words(t.size);
    const onStack = this.label(), done = this.label();
    this.expr(n.lhs!);
    this.emit("mov x1, x0");
    this.emit("ldrsw x2, [x1, 24]");                        // offs = __gr_offs
    this.emit(`tbz x2, 63, ${onStack}`);                    // offs >= 0: registers used up
    this.emit(`add x3, x2, #${nregs * 8}`);
    this.emit("str w3, [x1, 24]");
    this.emit(`cmp x3, 0`);
    this.emit(`b.gt ${onStack}`);
    this.emit("ldr x0, [x1, 8]");
    this.emit("add x0, x0, x2");                            // __gr_top + offs
    this.emit(`b ${done}`);
    this.out.push(`${onStack}:`);
    this.emit("ldr x0, [x1]");
    this.emit(`add x3, x0, #${nregs * 8}`);
    this.emit("str x3, [x1]");
    this.out.push(`${done}:`);
    if (byRef) this.emit("ldr x0, [x0]");                   // the slot holds a pointer to the struct
  }

  // ---- control flow (the statements themselves are in gen-common.ts) ----

  protected jump(label: string): void { this.emit(`b ${label}`); }
  protected branchIf(zero: boolean, label: string): void { this.emit(`${zero ? "cbz" : "cbnz"} x0, ${label}`); }
  protected setAcc(v: number): void { this.emit(`mov x0, #${v}`); }

  protected caseTest(c: Node): void {
    if (c.begin === c.end) {
      this.imm("x1", c.begin!); this.emit("cmp x0, x1"); this.emit(`b.eq ${c.label}`);
      return;
    }
    // A GNU case range: (value - begin) <= (end - begin), unsigned.
    this.imm("x1", c.begin!); this.emit("sub x2, x0, x1");
    this.imm("x1", c.end! - c.begin!); this.emit("cmp x2, x1"); this.emit(`b.ls ${c.label}`);
  }

  protected ret(n: Node): void {
    if (n.lhs) {
      this.expr(n.lhs);
      const t = n.lhs.type!;
      if (isAggregate(t) && this.retPtr) {
        this.frameAddr("x17", this.retPtr.offset);
        this.emit("ldr x1, [x17]");
        this.copyBytes("x0", "x1", t.size);
      } else if (isAggregate(t)) {
        this.emit("mov x10, x0");
        this.loadPart("x1", "x10", 8, t.size - 8);
        this.loadPart("x0", "x10", 0, Math.min(8, t.size));
      }
    }
    this.emit(`b .L.return.${this.fn.name}`);
  }
}

