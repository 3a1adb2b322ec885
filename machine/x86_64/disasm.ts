// The disassembler: Insn -> text exactly as GNU objdump 2.40 prints it with
// `-d -M intel --no-show-raw-insn` (after the address column), minus the
// `<symbol>` annotations objdump adds when it has a symbol table. Branch
// targets are bare hex (`call   401000`); RIP-relative operands get
// objdump's `        # <target>` comment.
//
// The decoder and the executor share the opcode table, so what the
// debugger shows is, by construction, what the CPU runs.

import { decodeBytes } from "./decode";
import { AH, type Insn, NONE, RIP } from "./insn";
import { BAD, ENDBR64, ENTRIES, F, type OpEntry, PAUSE, TWO_F3 } from "./optable";

const R64 = ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"];
const R32 = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"];
const R16 = ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di", "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w"];
const R8 = ["al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil", "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b"];
const R8H = ["ah", "ch", "dh", "bh"];
const PTR: Record<number, string> = { 1: "BYTE PTR ", 2: "WORD PTR ", 4: "DWORD PTR ", 8: "QWORD PTR ", 16: "XMMWORD PTR " };

function regName(size: number, i: number): string {
  if (size === 1) return i >= AH ? R8H[i - AH] : R8[i];
  return size === 2 ? R16[i] : size === 4 ? R32[i] : R64[i];
}

function hex(v: bigint): string { return "0x" + v.toString(16); }
function u64(lo: number, hi: number): bigint { return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0); }

/** Size in bytes named by an operand spec's size letter. */
function specSize(spec: string, d: Insn): number {
  switch (spec[spec.length - 1]) {
    case "b": return 1;
    case "w": return 2;
    case "d": return 4;
    case "q": return 8;
    case "y": return d.size;
    default: return d.size;
  }
}

/** Disassemble the instruction at bytes[offset], which lives at `address`. */
export function disassemble(bytes: Uint8Array, offset: number, address: bigint): { length: number; text: string } {
  const d = decodeBytes(bytes, offset);
  return { length: d.len, text: formatInsn(d, address) };
}

/** Format a decoded instruction (also used by the debugger on cached decodings). */
export function formatInsn(d: Insn, address: bigint): string {
  const e = ENTRIES[d.entry];
  if (d.ripRel !== 0) {                      // a cached decoding: show the encoded RIP-relative form
    const c = Object.assign(new (d.constructor as new () => Insn)(), d);
    c.base = RIP; c.dispLo = c.rawDisp; c.dispHi = c.rawDisp >> 31; c.ripRel = 0;
    return formatInsn(c, address);
  }
  if (e === BAD) return "(bad)";
  const next = BigInt.asUintN(64, address + BigInt(d.len));
  let comment = "";
  const ops: string[] = [];
  for (let k = 0; k < e.ops.length; k++) {
    const o = e.ops[k];
    const text = operand(o, k, d, e, next);
    if (d.mem !== 0 && d.base === RIP && /^[EMW]/.test(o)) {
      const t = BigInt.asUintN(64, next + BigInt(d.dispLo));     // objdump computes eip-relative targets in 64 bits too
      comment = "        # " + t.toString(16);
    }
    ops.push(text);
  }
  let mn = mnemonic(e, d);
  const pre = prefixes(e, d);
  if (pre !== "") mn = pre + " " + mn;
  if (ops.length === 0) return mn;
  return mn.padEnd(6, " ") + " " + ops.join(",") + comment;
}

function mnemonic(e: OpEntry, d: Insn): string {
  if (e.mn === "jrcxz" && d.asize === 4) return "jecxz";
  if ((d.pfx & 2) !== 0 && (e.mn === "call" || e.mn === "jmp")) return e.mn + "w";   // 66 + rel16
  if (e.mn === "enter" && d.p66) return "enterw";
  if (!e.mn.includes("|")) return e.mn;
  const alts = e.mn.split("|");
  return alts[d.size === 2 ? 0 : d.size === 4 ? 1 : 2];
}

const STRING_OPS = new Set(["movs", "stos", "lods", "cmps", "scas", "ins", "outs"]);

/** Prefix words objdump prints before the mnemonic. */
function prefixes(e: OpEntry, d: Insn): string {
  const out: string[] = [];
  if ((d.pfx & 1) !== 0) out.push("data16");
  if (d.lock) out.push("lock");
  // F2/F3 on a locked (or implicitly locked: XCHG with memory) instruction are the HLE hints.
  // XRELEASE also applies to a plain MOV store (88, 89, C6, C7 to memory).
  const movStore = d.rep === 0xf3 && d.mem !== 0 && (d.opcode === 0x88 || d.opcode === 0x89 || d.opcode === 0xc6 || d.opcode === 0xc7);
  const hle = d.rep !== 0 && (d.lock !== 0 || (e.mn === "xchg" && d.mem !== 0) || movStore);
  if (hle) out.unshift(d.rep === 0xf2 ? "xacquire" : "xrelease");
  const mandatoryF3 = e === PAUSE || e === ENDBR64 || TWO_F3.includes(e);
  const hintNop = d.opcode >= 0x0f18 && d.opcode <= 0x0f1f;    // objdump shows no repz/repnz on hint NOPs
  if (d.rep !== 0 && !hle && !hintNop && !(d.rep === 0xf3 && mandatoryF3)) {
    if (STRING_OPS.has(e.mn)) {
      if (e.mn === "cmps" || e.mn === "scas") out.push(d.rep === 0xf3 ? "repz" : "repnz");
      else out.push(d.rep === 0xf3 ? "rep" : "repnz");
    } else if (d.rep === 0xf2 && /^(j|call|ret)/.test(e.mn)) out.push("bnd");
    else out.push(d.rep === 0xf3 ? "repz" : "repnz");
  }
  const s = STRING_OPS.has(e.mn) && s0(d.seg) ? 0 : d.seg;   // a string op's own ds:[rsi] uses it
  if (s === 0x3e && (e.mn === "jmp" || e.mn === "call") && d.opcode === 0xff) out.push("notrack");
  else if (s === 0x2e) out.push("cs");
  else if (s === 0x36) out.push("ss");
  else if (s === 0x3e) out.push("ds");
  else if (s === 0x26) out.push("es");
  else if ((s === 0x64 || s === 0x65) && d.mem === 0 && !STRING_OPS.has(e.mn)) out.push(s === 0x64 ? "fs" : "gs");
  const rex = unusedRex(e, d);
  if (rex !== "") out.push(rex);
  return out.join(" ");
}

/**
 * objdump names a REX prefix ("rex.W", "rex.XB", plain "rex") when some of
 * its bits do nothing for this instruction: W when the operand size does
 * not come from it, R without a ModRM.reg register, X without a SIB byte, B
 * without an r/m or opcode register; a bare 40 unless it selects SPL..DIL.
 */
function unusedRex(e: OpEntry, d: Insn): string {
  const rex = d.rex;
  if (rex === 0) return "";
  let used = 0;
  const sizeDependent = e.mn.includes("|") || e.ops.some((o) => o.endsWith("v") || o === "rAX" || o === "Ey");
  if (sizeDependent && !e.byteOp && (e.flags & (F.D64 | F.F64)) === 0) used |= 8;
  for (const o of e.ops) {
    if (o[0] === "G" || o[0] === "V" || o === "Cd") used |= 4;
    if (o[0] === "E" || o[0] === "M" || o[0] === "W" || o[0] === "Z" || o === "Rq") used |= 1;
    if (o === "Gb" && d.reg >= 4 && d.reg < 8) used |= 0x40;
    if ((o === "Eb" && d.mem === 0 || o === "Zb") && d.rm >= 4 && d.rm < 8) used |= 0x40;
  }
  if (d.mem !== 0 && d.modrm >= 0 && (d.modrm >> 6) !== 3 && (d.modrm & 7) === 4) used |= 2;
  const bits = rex & 0xf;
  if ((bits & ~used) === 0 && (bits !== 0 || (used & 0x40) !== 0)) return "";
  return bits === 0 ? "rex" : "rex." + ["W", "R", "X", "B"].filter((_, k) => (bits & (8 >> k)) !== 0).join("");
}

/** CS/DS/ES/SS: the segment overrides 64-bit mode ignores. */
function s0(seg: number): boolean { return seg === 0x2e || seg === 0x3e || seg === 0x26 || seg === 0x36; }

function operand(o: string, k: number, d: Insn, e: OpEntry, next: bigint): string {
  switch (o[0]) {
    case "E": return d.mem === 0 ? regName(specSize(o, d), d.rm) : memory(d, PTR[specSize(o, d)]);
    case "M": return memory(d, o === "Mv" ? PTR[d.size] : o === "Mb" ? PTR[1] : o === "Mcx" ? (d.size === 8 ? "OWORD PTR " : "QWORD PTR ") : "");
    case "G": return regName(specSize(o, d), d.reg);
    case "V": return "xmm" + d.reg;
    case "W": return d.mem === 0 ? "xmm" + d.rm : memory(d, PTR[o === "Wq" ? 8 : 16]);
    case "Z": return regName(o === "Zb" ? 1 : d.size, d.rm);
    case "A": return "al";
    case "r": return regName(d.size, 0);
    case "C": return o === "Cd" ? "cr" + d.reg : "cl";
    case "R": return R64[d.rm];
    case "D": return "dx";
    case "e": return regName(d.size, 0);
    case "1": return "1";
    case "J": return BigInt.asUintN((d.pfx & 2) !== 0 ? 16 : 64, next + BigInt(d.immLo)).toString(16);
    case "X": return PTR[specSize(o, d)] + segName(d, "ds") + "[" + (d.asize === 4 ? "esi" : "rsi") + "]";
    case "Y": return PTR[specSize(o, d)] + "es:[" + (d.asize === 4 ? "edi" : "rdi") + "]";
    case "O": return segName(d, "ds") + hex(u64(d.dispLo, d.dispHi));
    case "I": return immediate(o, k, d, e);
    default: return "?";
  }
}

function segName(d: Insn, dflt: string): string {
  return d.seg === 0x64 ? "fs:" : d.seg === 0x65 ? "gs:" : dflt + ":";
}

function immediate(o: string, k: number, d: Insn, e: OpEntry): string {
  if (o === "Ib") {
    // ENTER's second immediate is the nesting level.
    const v = k > 0 && e.ops[k - 1] === "Iw" ? d.imm2 : d.immLo & 0xff;
    return hex(BigInt(v));
  }
  if (o === "Iw") return hex(BigInt(d.immLo & 0xffff));
  switch (d.size) {
    case 1: return hex(BigInt(d.immLo & 0xff));
    case 2: return hex(BigInt(d.immLo & 0xffff));
    case 4: return hex(BigInt(d.immLo >>> 0));
    default: return hex(u64(d.immLo, d.immHi));
  }
}

/** A memory operand: [base+index*scale+disp], ds:abs, or [rip+disp]. */
function memory(d: Insn, ptr: string): string {
  const regs = d.asize === 4 ? R32 : R64;
  const seg = d.seg === 0x64 ? "fs:" : d.seg === 0x65 ? "gs:" : "";
  if (d.base === NONE && d.index === NONE) {
    const v = d.asize === 4 ? BigInt(d.dispLo >>> 0) : u64(d.dispLo, d.dispHi);
    return ptr + (seg || "ds:") + hex(v);
  }
  let body = "";
  if (d.base === RIP) {
    const v = u64(d.dispLo, d.dispHi);
    return ptr + seg + "[" + (d.asize === 4 ? "eip" : "rip") + "+" + hex(v) + "]";
  }
  if (d.base !== NONE) body = regs[d.base];
  if (d.index !== NONE) body += (body ? "+" : "") + regs[d.index] + "*" + (1 << d.scale);
  const mod = d.modrm >> 6;
  if (mod !== 0 || d.base === NONE) {
    const v = d.dispLo;
    body += v < 0 ? "-" + hex(BigInt(-v)) : "+" + hex(BigInt(v));
  }
  return ptr + seg + "[" + body + "]";
}
