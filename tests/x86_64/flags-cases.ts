// Instruction cases for the qemu flag/result comparison (flags-qemu.test.ts).
// Each case is Intel-syntax assembly run with rax = a, rcx = b, rdx = c and
// RFLAGS = f before it; afterwards rax, rcx, rdx and RFLAGS are recorded.
// Operand values are the edges where flags change: zero, ±1, the signed
// limits of every width, and a few irregular bit patterns.

export interface FlagCase { asm: string; a: bigint; b: bigint; c: bigint; f: number }

export const EDGE: bigint[] = [
  0n, 1n, 0x7fn, 0x80n, 0xffn, 0x7fffn, 0x8000n, 0xffffn, 0x7fffffffn, 0x80000000n, 0xffffffffn,
  0x7fffffffffffffffn, 0x8000000000000000n, 0xffffffffffffffffn, 0x123456789abcdef0n, 0xf00fn,
];
const SMALL: bigint[] = [0n, 1n, 0x80n, 0xffffn, 0x80000000n, 0xfedcba9876543210n, 0xffffffffffffffffn];
const COUNTS = [0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65];
const FLAGS_IN = [0x202, 0x202 | 0x8d5];

/** Register names for rax/rcx/rdx at a width. */
export const W = {
  8: ["al", "cl", "dl"], 16: ["ax", "cx", "dx"], 32: ["eax", "ecx", "edx"], 64: ["rax", "rcx", "rdx"],
} as const;
const WIDTHS = [8, 16, 32, 64] as const;

export function flagCases(): FlagCase[] {
  const out: FlagCase[] = [];
  const add = (asm: string, a: bigint, b: bigint, c = 0x5555n) => { for (const f of FLAGS_IN) out.push({ asm, a, b, c, f }); };

  // SDM Vol. 2A 3.2 ADD/ADC/SUB/SBB/CMP/AND/OR/XOR, and TEST.
  for (const op of ["add", "adc", "sub", "sbb", "cmp", "and", "or", "xor", "test"]) {
    for (const w of WIDTHS) {
      for (const a of EDGE) for (const b of EDGE) add(`${op} ${W[w][0]}, ${W[w][1]}`, a, b);
    }
  }
  // Memory destination forms (RMW through the data page).
  for (const op of ["add", "sbb", "xor"]) for (const a of SMALL) for (const b of SMALL) {
    add(`mov [rip+scratch], rax\n${op} DWORD PTR [rip+scratch], ecx\nmov rax, [rip+scratch]`, a, b);
    add(`mov [rip+scratch], rax\n${op} QWORD PTR [rip+scratch], -3\nmov rax, [rip+scratch]`, a, b);
  }
  // INC DEC NEG NOT (SDM "INC", "DEC", "NEG", "NOT").
  for (const op of ["inc", "dec", "neg", "not"]) for (const w of WIDTHS) for (const a of EDGE) add(`${op} ${W[w][0]}`, a, 0n);
  // Shifts and rotates by CL (SDM "SAL/SAR/SHL/SHR", "RCL/RCR/ROL/ROR").
  for (const op of ["shl", "shr", "sar", "rol", "ror", "rcl", "rcr"]) {
    for (const w of WIDTHS) for (const a of SMALL) for (const n of COUNTS) add(`${op} ${W[w][0]}, cl`, a, BigInt(n));
    for (const w of WIDTHS) for (const a of SMALL) add(`${op} ${W[w][0]}, 1`, a, 0n);
    for (const a of SMALL) add(`${op} eax, 5`, a, 0n);
  }
  // SHLD / SHRD (SDM "SHLD", "SHRD"): count in CL, fill from rdx.
  for (const op of ["shld", "shrd"]) for (const w of [16, 32, 64] as const) for (const a of SMALL) for (const n of [0, 1, 4, 15, 16, 31, 63]) {
    if (w === 16 && n > 16) continue;                  // result undefined for counts above the width
    out.push({ asm: `${op} ${W[w][0]}, ${W[w][2]}, cl`, a, b: BigInt(n), c: 0x9abcdef012345678n, f: 0x202 });
  }
  // MUL / IMUL (SDM "MUL", "IMUL").
  for (const w of WIDTHS) for (const a of EDGE) for (const b of SMALL) {
    add(`mul ${W[w][1]}`, a, b);
    add(`imul ${W[w][1]}`, a, b);
    if (w !== 8) add(`imul ${W[w][0]}, ${W[w][1]}`, a, b);
  }
  for (const a of EDGE) { add("imul eax, ecx, -7", a, 0n); add("imul rax, rcx, 0x12345", 0n, a); add("imul ax, cx, 0x7fff", a, a); }
  // DIV / IDIV with dividends that cannot overflow (SDM "DIV", "IDIV").
  for (const w of [8, 16, 32, 64] as const) for (const a of EDGE) for (const b of [1n, 3n, 0x7fn, 0xffn, 0x1234n]) {
    if (w === 8) { add("div cl", a & 0xffn, b & 0xffn); add("idiv cl", a & 0x3fn, b & 0x7fn); continue; }
    out.push({ asm: `div ${W[w][1]}`, a, b, c: 0n, f: 0x202 });
    out.push({ asm: `idiv ${W[w][1]}`, a: a & 0x3fffn, b, c: 0n, f: 0x202 });
  }
  // Bit tests and scans (SDM "BT", "BTS", "BTR", "BTC", "BSF", "BSR", "TZCNT", "LZCNT", "POPCNT").
  for (const op of ["bt", "bts", "btr", "btc"]) for (const w of [16, 32, 64] as const) for (const a of SMALL) for (const n of [0, 5, 31, 63, 100]) {
    add(`${op} ${W[w][0]}, ${W[w][1]}`, a, BigInt(n));
    add(`${op} ${W[w][0]}, ${n & 0x3f}`, a, 0n);
  }
  for (const op of ["bsf", "bsr", "tzcnt", "lzcnt", "popcnt"]) for (const w of [16, 32, 64] as const) for (const a of EDGE) add(`${op} ${W[w][0]}, ${W[w][1]}`, 0x77n, a);
  // SETcc / CMOVcc after CMP (SDM Vol. 1 Appendix B conditions).
  const CCS = ["o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"];
  for (const cc of CCS) for (const a of SMALL) for (const b of SMALL) {
    out.push({ asm: `cmp eax, ecx\nset${cc} dl\ncmov${cc} rax, rcx`, a, b, c: 0n, f: 0x202 });
    for (const w of [8, 16, 64] as const) out.push({ asm: `cmp ${W[w][0]}, ${W[w][1]}\nset${cc} dl`, a, b, c: 0n, f: 0x202 });
    out.push({ asm: `sub rax, rcx\nset${cc} dl`, a, b, c: 0n, f: 0x202 });
    out.push({ asm: `test eax, ecx\nset${cc} dl`, a, b, c: 0n, f: 0x202 });
    out.push({ asm: `add ax, cx\nset${cc} dl`, a, b, c: 0n, f: 0x202 });
  }
  // XADD, CMPXCHG, BSWAP, sign extension, LAHF/SAHF, CMC/STC/CLC.
  for (const a of SMALL) for (const b of SMALL) {
    add("xadd eax, ecx", a, b);
    add("cmpxchg edx, ecx", a, b, a);
    add("cmpxchg rdx, rcx", a, b, 5n);
    add("cmpxchg dl, cl", a, b, a + 1n);
  }
  for (const a of EDGE) {
    for (const s of ["bswap eax", "bswap rax", "cbw", "cwde", "cdqe", "cwd", "cdq", "cqo", "sahf", "lahf", "cmc", "stc", "clc",
      "movzx eax, ah", "movsx rax, al", "movsxd rax, eax", "movsx ecx, ax"]) add(s, a, 0n);
  }
  // The SSE2 moves libgcc's 128-bit division uses (SDM "MOVQ", "PUNPCKLQDQ", "MOVAPS", "MOVDQA", "PXOR").
  for (const a of SMALL) for (const b of SMALL) {
    out.push({ asm: "movq xmm0, rax\nmovq xmm1, rcx\npunpcklqdq xmm0, xmm1\nmovaps [rip+scratch], xmm0\nmov rax, [rip+scratch+8]\nmov rcx, [rip+scratch]", a, b, c: 0n, f: 0x202 });
    out.push({ asm: "mov [rip+scratch], rax\nmov [rip+scratch+8], rcx\nmovdqa xmm3, [rip+scratch]\npxor xmm3, xmm3\nmovd xmm2, ecx\nmovdqu xmm4, [rip+scratch]\npunpckhqdq xmm4, xmm2\nmovq rax, xmm4\nmovd ecx, xmm2\nmovdqu [rip+scratch], xmm4\nmov rdx, [rip+scratch+8]", a, b, c: 0n, f: 0x202 });
  }
  // JZ/JNZ after every kind of flag producer (the CPU has a fast path for them).
  for (const pre of ["add al, cl", "sub ax, cx", "and eax, ecx", "xor rax, rcx", "shl eax, cl", "imul ecx", "popcnt eax, ecx",
    "bt eax, ecx", "sahf", "inc cl", "dec rcx", "neg ax", "bsf eax, ecx", "cmp al, cl", "test cx, cx", "sar dl, 1"]) {
    for (const a of SMALL) for (const b of SMALL) {
      out.push({ asm: `${pre}\njz 1f\nmov edx, 7\n1:`, a, b, c: 0x1234n, f: 0x202 });
      out.push({ asm: `${pre}\njnz 1f\nmov edx, 9\n1:`, a, b, c: 0x1234n, f: 0x2c3 });
    }
  }
  // String instructions with REP prefixes, both directions (SDM "MOVS", "STOS", "CMPS", "SCAS", "LODS", "REP").
  const SETUP = "lea rdi, [rip+scratch]\nmov [rdi], rax\nmov [rdi+8], rcx\nmov [rdi+16], rax\nmov [rdi+24], rcx\nlea rsi, [rdi]\n";
  const READ = "\nmov rax, [rip+scratch+32]\nmov rdx, [rip+scratch+40]";
  for (const a of SMALL) for (const b of SMALL) {
    const k = (asm: string) => out.push({ asm: SETUP + asm, a, b, c: 0n, f: 0x202 });
    k("lea rdi, [rsi+32]\nmov ecx, 13\nrep movsb" + READ);
    k("lea rdi, [rsi+32]\nmov ecx, 2\nrep movsq" + READ);
    k("lea rdi, [rsi+47]\nlea rsi, [rsi+15]\nstd\nmov ecx, 9\nrep movsb\ncld" + READ);
    k("lea rdi, [rsi+32]\nmov ecx, 3\nrep stosd" + READ);
    k("lea rdi, [rsi+44]\nstd\nmov ecx, 3\nrep stosd\ncld" + READ);
    k("lea rdi, [rsi+16]\nmov ecx, 16\nrepe cmpsb\nmov rdx, rcx\nmov rax, rsi\nsub rax, rdi");
    k("lea rdi, [rsi+8]\nmov ecx, 16\nrepne cmpsb\nmov rdx, rcx");
    k("mov ecx, 32\nmov eax, 0x80\nrepne scasb\nmov rdx, rcx");
    k("mov ecx, 4\nrepe scasw\nmov rdx, rcx");
    k("lodsb\nmov rdx, rsi\nlodsq\nsub rdx, rsi");
    k("mov ecx, 0\nrep movsb\nmov rdx, rcx");
  }
  // Bit-offset addressing: BT* with a register offset reach outside the operand (SDM "BT" Table 3-2).
  for (const op of ["bt", "bts", "btr", "btc"]) for (const w of [16, 32, 64] as const) for (const n of [3n, 70n, -1n, -64n, 130n, -100n]) {
    const sz = { 16: "WORD", 32: "DWORD", 64: "QWORD" }[w];
    out.push({ asm: `lea rdi, [rip+scratch+64]\nmov [rdi-32], rax\nmov [rdi], rax\nmov [rdi+16], rcx\n${op} ${sz} PTR [rdi], ${W[w][2]}\nmov rax, [rdi]\nmov rcx, [rdi+16]\nmov rdx, [rdi-32]\nmov rdx, [rdi-16]`,
      a: 0x5a5a5a5a5a5a5a5an, b: 0xf0f0f0f0f0f0f0f0n, c: n, f: 0x202 });
  }
  return out;
}
