// x86_64 code generation: the typed AST to assembly text in Intel syntax
// (as GNU as accepts after `.intel_syntax noprefix`, and as objdump -M intel
// prints), following the System V AMD64 ABI so our objects link with gcc's.
//
// The strategy is the simplest that is obviously right (chibicc's): every
// expression leaves its value in rax, and a binary operation saves the right
// operand on the machine stack while it computes the left one. A value in rax
// is always kept extended to 64 bits as its type says (signed types
// sign-extended, unsigned zero-extended), so comparisons and most arithmetic
// can use 64-bit instructions whatever the C type.

import { node, type Node, type Obj, type Program } from "./ast";
import { assignLocalOffsets, emitData } from "./emit-data";
import { CodeGen } from "./gen-common";
import { T, type Type } from "./types";

const ARG_REGS = ["rdi", "rsi", "rdx", "rcx", "r8", "r9"];
const REG32: Record<string, string> = { rdi: "edi", rsi: "esi", rdx: "edx", rcx: "ecx", r8: "r8d", r9: "r9d", rax: "eax" };
const REG16: Record<string, string> = { rdi: "di", rsi: "si", rdx: "dx", rcx: "cx", r8: "r8w", r9: "r9w", rax: "ax" };
const REG8: Record<string, string> = { rdi: "dil", rsi: "sil", rdx: "dl", rcx: "cl", r8: "r8b", r9: "r9b", rax: "al" };

const isAggregate = (t: Type) => t.kind === "struct" || t.kind === "union";
const words = (size: number) => Math.ceil(size / 8);

export function generateX86(prog: Program, optimize = 0): string {
  const g = new X86Gen(optimize);
  g.out.push("\t.intel_syntax noprefix");
  emitData(prog, g.out);
  for (const fn of prog.globals) if (fn.isFunction && fn.isDefinition) g.func(fn);
  g.out.push('\t.section .note.GNU-stack,"",@progbits');
  return g.out.join("\n") + "\n";
}

class X86Gen extends CodeGen {
  constructor(optimize: number) { super(); this.opt = optimize; }
  private depth = 0;
  private retPtr?: Obj;
  private vaGp = 0;
  private vaStack = 0;

  private push(): void { this.emit("push rax"); this.depth++; }
  private pop(reg: string): void { this.emit(`pop ${reg}`); this.depth--; }

  // ---- functions ----

  func(fn: Obj): void {
    this.fn = fn;
    this.retPtr = undefined;
    const ret = fn.type.ret!;
    if (isAggregate(ret) && ret.size > 16) {
      this.retPtr = { name: ".retptr", type: T.ulong, loc: fn.loc, isLocal: true, offset: 0, isStatic: false, isFunction: false, isDefinition: true, align: 8 };
      fn.locals!.unshift(this.retPtr);
    }
    let vaArea: Obj | undefined;
    if (fn.type.variadic) {
      vaArea = { name: ".va_area", type: { ...T.ulong, size: 48, align: 16 }, loc: fn.loc, isLocal: true, offset: 0, isStatic: false, isFunction: false, isDefinition: true, align: 16 };
      fn.locals!.push(vaArea);
    }
    const frame = assignLocalOffsets(fn);
    if (!fn.isStatic) this.out.push(`\t.globl ${fn.name}`);
    this.out.push("\t.text", `\t.type ${fn.name}, @function`, `${fn.name}:`);
    this.locate(fn);
    this.emit("push rbp");
    this.emit("mov rbp, rsp");
    if (frame) this.emit(`sub rsp, ${frame}`);
    this.depth = 0;

    // Move the parameters from their registers (or the caller's stack) into their slots.
    let gp = 0, stack = 16;
    if (this.retPtr) { this.emit(`mov QWORD PTR [rbp${this.retPtr.offset}], rdi`); gp = 1; }
    for (const p of fn.params!) {
      const t = p.type;
      if (isAggregate(t) && t.size <= 16 && gp + words(t.size) <= 6) {
        for (let w = 0; w < words(t.size); w++) this.storeReg(ARG_REGS[gp++], p.offset + 8 * w, Math.min(8, t.size - 8 * w));
      } else if (isAggregate(t)) {
        this.copyBytes(`rbp+${stack}`, `rbp${p.offset}`, t.size);
        stack += words(t.size) * 8;
      } else if (gp < 6) {
        this.storeReg(ARG_REGS[gp++], p.offset, t.size);
      } else {
        this.emit(`mov rax, QWORD PTR [rbp+${stack}]`);
        this.storeReg("rax", p.offset, t.size);
        stack += 8;
      }
    }
    if (vaArea) {
      for (let i = 0; i < 6; i++) this.emit(`mov QWORD PTR [rbp${vaArea.offset + 8 * i}], ${ARG_REGS[i]}`);
      this.vaGp = gp;
      this.vaStack = stack;
      fn.vaArea = vaArea;
    }
    this.stmt(fn.body!);
    // C99 5.1.2.2.3: reaching the } of main returns 0.
    if (fn.name === "main") this.emit("xor eax, eax");
    this.out.push(`.L.return.${fn.name}:`);
    this.emit("mov rsp, rbp");
    this.emit("pop rbp");
    this.emit("ret");
    this.out.push(`\t.size ${fn.name}, .-${fn.name}`);
  }

  /** Store the low `size` bytes of `reg` at [rbp+off]. */
  private storeReg(reg: string, off: number, size: number): void {
    const at = `[rbp${off >= 0 ? "+" : ""}${off}]`;
    switch (size) {
      case 1: this.emit(`mov BYTE PTR ${at}, ${REG8[reg]}`); return;
      case 2: this.emit(`mov WORD PTR ${at}, ${REG16[reg]}`); return;
      case 4: this.emit(`mov DWORD PTR ${at}, ${REG32[reg]}`); return;
      case 8: this.emit(`mov QWORD PTR ${at}, ${reg}`); return;
    }
    // 3, 5, 6 or 7 bytes of a small struct: byte by byte, shifting the register down.
    this.emit(`mov r11, ${reg}`);
    for (let i = 0; i < size; i++) {
      this.emit(`mov BYTE PTR [rbp${off + i >= 0 ? "+" : ""}${off + i}], r11b`);
      this.emit("shr r11, 8");
    }
  }

  /** Copy `size` bytes from [src] to [dst] (address expressions), through r11. */
  private copyBytes(src: string, dst: string, size: number): void {
    let i = 0;
    for (; i + 8 <= size; i += 8) { this.emit(`mov r11, QWORD PTR [${src}+${i}]`); this.emit(`mov QWORD PTR [${dst}+${i}], r11`); }
    for (; i < size; i++) { this.emit(`mov r11b, BYTE PTR [${src}+${i}]`); this.emit(`mov BYTE PTR [${dst}+${i}], r11b`); }
  }

  // ---- loads, stores and conversions ----

  /** rax holds an address; replace it with the value of type t stored there. */
  private load(t: Type): void {
    if (t.kind === "array" || isAggregate(t) || t.kind === "func") return;   // the address is the value
    const s = t.unsigned ? "movzx" : "movsx";
    switch (t.size) {
      case 1: this.emit(`${s} eax, BYTE PTR [rax]`); if (!t.unsigned) this.emit("movsx rax, eax"); return;
      case 2: this.emit(`${s} eax, WORD PTR [rax]`); if (!t.unsigned) this.emit("movsx rax, eax"); return;
      case 4: this.emit(t.unsigned ? "mov eax, DWORD PTR [rax]" : "movsxd rax, DWORD PTR [rax]"); return;
      default: this.emit("mov rax, QWORD PTR [rax]");
    }
  }

  /** Store rax (a value, or for an aggregate the source address) through the address on the stack. */
  private store(t: Type): void {
    this.pop("rdi");
    if (isAggregate(t)) { this.copyBytes("rax", "rdi", t.size); return; }
    switch (t.size) {
      case 1: this.emit("mov BYTE PTR [rdi], al"); return;
      case 2: this.emit("mov WORD PTR [rdi], ax"); return;
      case 4: this.emit("mov DWORD PTR [rdi], eax"); return;
      default: this.emit("mov QWORD PTR [rdi], rax");
    }
  }

  protected toBool(): void { this.emit("cmp rax, 0"); this.emit("setne al"); this.emit("movzx eax, al"); }

  /** Re-extend rax from the width of t (after an operation done in 64 bits). */
  protected extend(t: Type): void {
    if (t.kind === "bool") return;
    switch (t.size) {
      case 1: this.emit(t.unsigned ? "movzx eax, al" : "movsx rax, al"); return;
      case 2: this.emit(t.unsigned ? "movzx eax, ax" : "movsx rax, ax"); return;
      case 4: this.emit(t.unsigned ? "mov eax, eax" : "movsxd rax, eax"); return;
    }
  }

  // ---- expressions ----

  /** Leave the address of an lvalue in rax. */
  private addr(n: Node): void {
    switch (n.kind) {
      case "var": {
        const o = n.obj!;
        if (o.isLocal) this.emit(`lea rax, [rbp${o.offset}]`);
        else this.emit(`lea rax, [rip+${o.name}]`);
        return;
      }
      case "deref": this.expr(n.lhs!); return;
      case "member": this.addr(n.lhs!); if (n.member!.offset) this.emit(`add rax, ${n.member!.offset}`); return;
      case "comma": this.expr(n.lhs!); this.addr(n.rhs!); return;
      case "call": case "cond": case "assign":
        if (isAggregate(n.type!)) { this.expr(n); return; }     // a struct value is its address
    }
    throw new Error(`internal compiler error: not an lvalue (${n.kind})`);
  }

  expr(n: Node): void {
    if (this.opt && n.kind !== "num" && this.isLeaf(n) && n.kind !== "var") {
      this.expr(node("num", n.loc, { value: this.constant(n)!, type: n.type }));   // folded at compile time
      return;
    }
    switch (n.kind) {
      case "num": {
        const v = BigInt.asIntN(64, n.value!);
        if (v === 0n) this.emit("xor eax, eax");
        else if (v >= -(1n << 31n) && v < (1n << 31n)) this.emit(`mov rax, ${v}`);
        else this.emit(`movabs rax, ${v}`);
        return;
      }
      case "var": case "member": this.addr(n); this.load(n.type!); return;
      case "deref": this.expr(n.lhs!); this.load(n.type!); return;
      case "addr": this.addr(n.lhs!); return;
      case "cast": this.expr(n.lhs!); this.cast(n.lhs!.type!, n.type!); return;
      case "neg": this.expr(n.lhs!); this.emit("neg rax"); this.extend(n.type!); return;
      case "bitnot": this.expr(n.lhs!); this.emit("not rax"); this.extend(n.type!); return;
      case "not": this.expr(n.lhs!); this.emit("cmp rax, 0"); this.emit("sete al"); this.emit("movzx eax, al"); return;
      case "comma": this.expr(n.lhs!); this.expr(n.rhs!); return;
      case "assign":
        if (this.opt && n.lhs!.kind === "var" && n.lhs!.obj!.isLocal && !isAggregate(n.type!)) {
          this.expr(n.rhs!);                                // -O1: store straight into the local's slot
          this.storeReg("rax", n.lhs!.obj!.offset, n.type!.size);
          return;
        }
        this.addr(n.lhs!); this.push(); this.expr(n.rhs!); this.store(n.type!); return;
      case "memzero": {
        this.emit(`lea rdi, [rbp${n.obj!.offset}]`);
        this.emit(`mov ecx, ${n.obj!.type.size}`);
        this.emit("xor eax, eax");
        this.emit("rep stosb");
        return;
      }
      case "cond": this.conditional(n); return;
      case "logand": case "logor": this.logical(n); return;
      case "call": this.call(n); return;
      case "vastart": this.vaStart(n); return;
      case "vaarg": this.vaArg(n); return;
      case "vaend": return;
      case "vacopy": this.expr(n.rhs!); this.push(); this.expr(n.lhs!); this.pop("rdi"); this.copyBytes("rdi", "rax", 24); return;
    }
    this.binary(n);
  }

  private binary(n: Node): void {
    // Left operand first, as people read it (C leaves the order unspecified; gcc does the same).
    if (this.isLeaf(n.rhs!)) { this.expr(n.lhs!); this.leafTo(n.rhs!, "rdi"); }   // -O1: no stack traffic
    else { this.expr(n.lhs!); this.push(); this.expr(n.rhs!); this.emit("mov rdi, rax"); this.pop("rax"); }
    const t = n.lhs!.type!;
    const w = t.size === 8 || t.kind === "ptr" ? 8 : 4;
    const [ax, di, dx] = w === 8 ? ["rax", "rdi", "rdx"] : ["eax", "edi", "edx"];
    switch (n.kind) {
      case "add": this.emit("add rax, rdi"); break;
      case "sub": this.emit("sub rax, rdi"); break;
      case "mul": this.emit("imul rax, rdi"); break;
      case "band": this.emit("and rax, rdi"); break;
      case "bor": this.emit("or rax, rdi"); break;
      case "bxor": this.emit("xor rax, rdi"); break;
      case "shl": this.emit("mov rcx, rdi"); this.emit(`shl ${ax}, cl`); break;
      case "shr": this.emit("mov rcx, rdi"); this.emit(`${t.unsigned ? "shr" : "sar"} ${ax}, cl`); break;
      case "div": case "mod":
        if (t.unsigned) { this.emit(`xor ${dx}, ${dx}`); this.emit(`div ${di}`); }
        else { this.emit(w === 8 ? "cqo" : "cdq"); this.emit(`idiv ${di}`); }
        if (n.kind === "mod") this.emit(`mov ${ax}, ${dx}`);
        break;
      case "eq": case "ne": case "lt": case "le": {
        this.emit("cmp rax, rdi");
        const signed = !(t.unsigned || t.kind === "ptr");
        const cc = { eq: "e", ne: "ne", lt: signed ? "l" : "b", le: signed ? "le" : "be" }[n.kind];
        this.emit(`set${cc} al`); this.emit("movzx eax, al");
        return;
      }
      default: throw new Error(`internal compiler error: unknown operator ${n.kind}`);
    }
    this.extend(n.type!);
  }

  /** -O1: load a leaf operand (constant or scalar variable) into rdi, extended as its type says. */
  private leafTo(n: Node, reg: "rdi"): void {
    const c = this.constant(n);
    if (c !== undefined) {
      const v = BigInt.asIntN(64, c);
      this.emit(v >= -(1n << 31n) && v < (1n << 31n) ? `mov ${reg}, ${v}` : `movabs ${reg}, ${v}`);
      return;
    }
    const o = n.obj!, t = n.type!;
    const at = o.isLocal ? `[rbp${o.offset}]` : `[rip+${o.name}]`;
    switch (t.size) {
      case 1: this.emit(t.unsigned ? `movzx edi, BYTE PTR ${at}` : `movsx rdi, BYTE PTR ${at}`); return;
      case 2: this.emit(t.unsigned ? `movzx edi, WORD PTR ${at}` : `movsx rdi, WORD PTR ${at}`); return;
      case 4: this.emit(t.unsigned ? `mov edi, DWORD PTR ${at}` : `movsxd rdi, DWORD PTR ${at}`); return;
      default: this.emit(`mov rdi, QWORD PTR ${at}`);
    }
  }

  // ---- calls (System V AMD64 ABI 3.2.3) ----

  private call(n: Node): void {
    const ft = n.funcType!, ret = ft.ret!;
    const bigRet = isAggregate(ret) && ret.size > 16;
    let gp = bigRet ? 1 : 0;
    // Classify: an argument goes in registers if all its eightbytes fit, else on the stack.
    const inRegs = n.args!.map((a) => {
      const need = isAggregate(a.type!) ? (a.type!.size > 16 ? 99 : words(a.type!.size)) : 1;
      if (gp + need <= 6) { gp += need; return true; }
      return false;
    });
    const stackWords = n.args!.reduce((s, a, i) => s + (inRegs[i] ? 0 : words(a.type!.size)), 0);
    const pad = (this.depth + stackWords) % 2 === 1;
    if (pad) { this.emit("sub rsp, 8"); this.depth++; }
    // Stack arguments, last first, so the first lands lowest (3.2.3 "Passing").
    for (let i = n.args!.length - 1; i >= 0; i--) if (!inRegs[i]) this.pushArg(n.args![i]);
    // Register arguments: pushed in reverse, popped into rdi, rsi, ... in order.
    for (let i = n.args!.length - 1; i >= 0; i--) if (inRegs[i]) this.pushArg(n.args![i]);
    const direct = n.func!.kind === "addr" && n.func!.lhs!.kind === "var" && n.func!.lhs!.obj!.isFunction;
    if (!direct) { this.expr(n.func!); this.emit("mov r10, rax"); }
    let reg = bigRet ? 1 : 0;
    for (let i = 0; i < n.args!.length; i++) {
      if (!inRegs[i]) continue;
      for (let w = 0; w < (isAggregate(n.args![i].type!) ? words(n.args![i].type!.size) : 1); w++) this.pop(ARG_REGS[reg++]);
    }
    if (bigRet) this.emit(`lea rdi, [rbp${n.retBuffer!.offset}]`);
    this.emit("xor eax, eax");                              // al: vector registers used by a variadic call
    this.emit(direct ? `call ${n.func!.lhs!.obj!.name}` : "call r10");
    const popped = stackWords + (pad ? 1 : 0);
    if (popped) this.emit(`add rsp, ${popped * 8}`);
    this.depth -= popped;
    if (isAggregate(ret) && !bigRet) {
      // Small struct returned in rax (and rdx): put it in the caller's buffer.
      this.emit("mov rcx, rdx");
      this.storeReg("rax", n.retBuffer!.offset, Math.min(8, ret.size));
      if (ret.size > 8) this.storeReg("rcx", n.retBuffer!.offset + 8, ret.size - 8);
      this.emit(`lea rax, [rbp${n.retBuffer!.offset}]`);
    } else if (!isAggregate(ret) && ret.kind !== "void") {
      this.extend(ret);                                     // the callee defines only the low bits
    }
  }

  /** Push one argument: a scalar as one word; a struct as its eightbytes, highest first. */
  private pushArg(a: Node): void {
    this.expr(a);
    if (!isAggregate(a.type!)) { this.push(); return; }
    const n = words(a.type!.size);
    this.emit(`sub rsp, ${n * 8}`);
    this.depth += n;
    this.copyBytes("rax", "rsp", a.type!.size);
  }

  // ---- varargs (System V AMD64 ABI 3.5.7) ----

  private vaStart(n: Node): void {
    const area = this.fn.vaArea!;
    this.expr(n.lhs!);                                      // rax: the va_list
    this.emit(`mov DWORD PTR [rax], ${this.vaGp * 8}`);     // gp_offset
    this.emit("mov DWORD PTR [rax+4], 176");                // fp_offset: no vector registers left
    this.emit(`lea rdx, [rbp+${this.vaStack}]`);
    this.emit("mov QWORD PTR [rax+8], rdx");                // overflow_arg_area
    this.emit(`lea rdx, [rbp${area.offset}]`);
    this.emit("mov QWORD PTR [rax+16], rdx");               // reg_save_area
  }

  /** Leave the address of the next variadic argument of n.type's pointee in rax. */
  private vaArg(n: Node): void {
    const t = n.type!.base!;
    const need = isAggregate(t) ? (t.size > 16 ? 0 : words(t.size)) : 1;
    const overflow = this.label(), done = this.label();
    this.expr(n.lhs!);
    this.emit("mov rdi, rax");
    if (need > 0) {
      this.emit("mov eax, DWORD PTR [rdi]");
      this.emit(`cmp eax, ${48 - 8 * need}`);
      this.emit(`ja ${overflow}`);
      this.emit(`lea edx, [rax+${8 * need}]`);
      this.emit("mov DWORD PTR [rdi], edx");
      this.emit("add rax, QWORD PTR [rdi+16]");
      this.emit(`jmp ${done}`);
    }
    this.out.push(`${overflow}:`);
    this.emit("mov rax, QWORD PTR [rdi+8]");
    this.emit(`lea rdx, [rax+${words(t.size) * 8}]`);
    this.emit("mov QWORD PTR [rdi+8], rdx");
    this.out.push(`${done}:`);
  }

  // ---- control flow (the statements themselves are in gen-common.ts) ----

  protected jump(label: string): void { this.emit(`jmp ${label}`); }
  protected branchIf(zero: boolean, label: string): void { this.emit("cmp rax, 0"); this.emit(`${zero ? "je" : "jne"} ${label}`); }
  protected setAcc(v: number): void { this.emit(`mov eax, ${v}`); }

  protected caseTest(c: Node): void {
    if (c.begin === c.end) {
      const v = BigInt.asIntN(64, c.begin!);
      if (v >= -(1n << 31n) && v < 1n << 31n) this.emit(`cmp rax, ${v}`);
      else { this.emit(`movabs rdi, ${v}`); this.emit("cmp rax, rdi"); }
      this.emit(`je ${c.label}`);
      return;
    }
    // A GNU case range: (value - begin) <= (end - begin), unsigned.
    this.emit("mov rdi, rax");
    this.emit(`movabs rdx, ${BigInt.asIntN(64, c.begin!)}`); this.emit("sub rdi, rdx");
    this.emit(`movabs rdx, ${BigInt.asIntN(64, c.end! - c.begin!)}`); this.emit("cmp rdi, rdx");
    this.emit(`jbe ${c.label}`);
  }

  protected ret(n: Node): void {
    if (n.lhs) {
      this.expr(n.lhs);
      const t = n.lhs.type!;
      if (isAggregate(t) && this.retPtr) {
        this.emit("mov rsi, rax");
        this.emit(`mov rdi, QWORD PTR [rbp${this.retPtr.offset}]`);
        this.copyBytes("rsi", "rdi", t.size);
        this.emit("mov rax, rdi");                          // the ABI returns the buffer's address
      } else if (isAggregate(t)) {
        // Up to 16 bytes come back in rax:rdx (the struct is at [rax]).
        this.emit("mov rsi, rax");
        this.loadPart("rdx", "rsi", 8, t.size - 8);
        this.loadPart("rax", "rsi", 0, Math.min(8, t.size));
      }
    }
    this.emit(`jmp .L.return.${this.fn.name}`);
  }

  /** Load `size` (1..8) bytes at [base+off] into reg, zero-extended. */
  private loadPart(reg: string, base: string, off: number, size: number): void {
    if (size <= 0) return;
    if (size === 8) { this.emit(`mov ${reg}, QWORD PTR [${base}+${off}]`); return; }
    this.emit(`xor ${REG32[reg]}, ${REG32[reg]}`);
    for (let i = size - 1; i >= 0; i--) {
      this.emit(`shl ${reg}, 8`);
      this.emit(`mov ${REG8[reg]}, BYTE PTR [${base}+${off + i}]`);
    }
  }
}
