// Generates the x86-64 instruction forms the encoding test sends to both GNU
// as and our assembler: every form the CPU issue lists, crossed with register
// kinds (legacy, REX-only byte regs, r8..r15, rsp/rbp/r12/r13 specials),
// widths, memory shapes and boundary immediates. Only lines GNU as accepts
// without warnings are generated.

const R64 = ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r12", "r13", "r15"];
const R32 = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "r8d", "r12d", "r13d", "r15d"];
const R16 = ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di", "r8w", "r13w", "r15w"];
const R8 = ["al", "cl", "dl", "bl", "ah", "ch", "dh", "bh", "spl", "bpl", "sil", "dil", "r8b", "r12b", "r15b"];
export const REGS: Record<number, string[]> = { 1: R8, 2: R16, 4: R32, 8: R64 };
const PTR: Record<number, string> = { 1: "BYTE", 2: "WORD", 4: "DWORD", 8: "QWORD" };

export const MEMS = [
  "[rax]", "[rsp]", "[rbp]", "[r12]", "[r13]", "[rax+8]", "[rbp-8]", "[rsp+0x80]", "[rcx-0x81]",
  "[rax+rcx*4]", "[rbx+r9*8+0x100]", "[r12+r13*2-1]", "[rax*4+0x10]", "[r15+rbp*1]", "[rbp+rax*8-0x10]",
  "[rip+0x10]", "[rip-0x100]", "ds:0x1000", "fs:0x28", "gs:[rax]", "[rsi+0x7fffffff]", "[rdi-0x80000000]",
];

/** Immediates that fit an operand of `size` bytes (signed or unsigned), with the edges. */
export function imms(size: number): string[] {
  const all = ["0", "1", "-1", "0x7f", "0x80", "-0x80", "-0x81", "0xff", "0x7fff", "-0x8000", "0xffff",
    "0x12345", "0x7fffffff", "-0x80000000", "0xffffffff"];
  const lim: Record<number, [bigint, bigint]> = {
    1: [-0x80n, 0xffn], 2: [-0x8000n, 0xffffn], 4: [-0x80000000n, 0xffffffffn], 8: [-0x80000000n, 0x7fffffffn],
  };
  const [lo, hi] = lim[size];
  return all.filter((s) => { const v = s.startsWith("-") ? -BigInt(s.slice(1)) : BigInt(s); return v >= lo && v <= hi; });
}

const SIZES = [1, 2, 4, 8];
const highOk = (a: string, b: string) => !(/^[abcd]h$/.test(a) && /^(spl|bpl|sil|dil|r\d+b|r\d+[dw]?|r[a-z]{2})$/.test(b)) &&
  !(/^[abcd]h$/.test(b) && /^(spl|bpl|sil|dil|r\d+b|r\d+[dw]?|r[a-z]{2})$/.test(a));

export function generate(): string[] {
  const out: string[] = [];
  const rr = (m: string, sizes = SIZES) => {
    for (const s of sizes) for (const a of REGS[s]) for (const b of REGS[s].slice(0, 6).concat(REGS[s].slice(-2)))
      if (highOk(a, b)) out.push(`${m} ${a}, ${b}`);
  };
  const rm = (m: string, sizes = SIZES, both = true) => {
    for (const s of sizes) for (const mem of MEMS) {
      const r = REGS[s][(mem.length * 7) % REGS[s].length];
      const rr2 = /^[abcd]h$/.test(r) && /r(8|9|1\d)/.test(mem) ? REGS[s][0] : r;
      out.push(`${m} ${PTR[s]} PTR ${mem}, ${rr2}`);
      if (both) out.push(`${m} ${rr2}, ${PTR[s]} PTR ${mem}`);
    }
  };
  const ri = (m: string, sizes = SIZES) => {
    for (const s of sizes) {
      for (const r of [REGS[s][0], REGS[s][1], REGS[s][5], REGS[s][REGS[s].length - 1]]) for (const i of imms(s)) out.push(`${m} ${r}, ${i}`);
      for (const mem of MEMS.slice(0, 12)) for (const i of ["1", "-2", "0x90", imms(s).at(-1)!]) out.push(`${m} ${PTR[s]} PTR ${mem}, ${i}`);
    }
  };
  for (const m of ["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"]) { rr(m); rm(m); ri(m); }
  rr("test"); rm("test", SIZES, false); ri("test");
  rr("mov"); rm("mov"); ri("mov");
  for (const i of ["0x80000000", "0x123456789", "-0x80000001", "0xffffffffffffffff"]) out.push(`mov rax, ${i}`, `mov r9, ${i}`, `movabs rcx, ${i}`);
  out.push("movabs rax, 1", "movabs r15, -1");
  for (const m of ["inc", "dec", "neg", "not", "mul", "div", "idiv", "imul"]) for (const s of SIZES) {
    for (const r of REGS[s]) out.push(`${m} ${r}`);
    for (const mem of MEMS) out.push(`${m} ${PTR[s]} PTR ${mem}`);
  }
  rr("imul", [2, 4, 8]);
  for (const s of [2, 4, 8]) for (const mem of MEMS) out.push(`imul ${REGS[s][2]}, ${PTR[s]} PTR ${mem}`);
  for (const s of [2, 4, 8]) for (const i of imms(s)) {
    out.push(`imul ${REGS[s][0]}, ${REGS[s][3]}, ${i}`, `imul ${REGS[s].at(-1)}, ${i}`, `imul ${REGS[s][1]}, ${PTR[s]} PTR [rbp-8], ${i}`);
  }
  for (const [d, s] of [[2, 1], [4, 1], [8, 1], [4, 2], [8, 2]]) {
    for (const m of ["movzx", "movsx"]) {
      for (const a of REGS[d].slice(0, 4).concat(REGS[d].slice(-2))) for (const b of REGS[s]) if (highOk(a, b)) out.push(`${m} ${a}, ${b}`);
      for (const mem of MEMS) out.push(`${m} ${REGS[d][3]}, ${PTR[s]} PTR ${mem}`);
    }
  }
  for (const a of R64) { out.push(`movsxd ${a}, ${R32[(a.length * 3) % R32.length]}`); out.push(`movsxd ${a}, DWORD PTR [rbx+rsi*2+4]`); }
  for (const s of [2, 4, 8]) for (const mem of MEMS.filter((m) => !m.includes(":"))) out.push(`lea ${REGS[s][(mem.length) % REGS[s].length]}, ${mem}`);
  rr("xchg"); rm("xchg");
  for (const r of [...R64, ...R16]) { out.push(`push ${r}`, `pop ${r}`); }
  for (const mem of MEMS) { out.push(`push QWORD PTR ${mem}`, `pop QWORD PTR ${mem}`); }
  for (const i of imms(8)) out.push(`push ${i}`);
  for (const m of ["rol", "ror", "rcl", "rcr", "shl", "sal", "shr", "sar"]) for (const s of SIZES) {
    for (const r of [REGS[s][0], REGS[s][5], REGS[s].at(-1)!]) out.push(`${m} ${r}, 1`, `${m} ${r}, cl`, `${m} ${r}, 5`, `${m} ${r}, 0xff`, `${m} ${r}`);
    out.push(`${m} ${PTR[s]} PTR [rax+rbx*2], 3`, `${m} ${PTR[s]} PTR [rbp], cl`, `${m} ${PTR[s]} PTR [r12], 1`);
  }
  for (const m of ["shld", "shrd"]) for (const s of [2, 4, 8]) {
    out.push(`${m} ${REGS[s][0]}, ${REGS[s][1]}, 4`, `${m} ${REGS[s].at(-1)}, ${REGS[s][6]}, cl`, `${m} ${PTR[s]} PTR [rsp+8], ${REGS[s][2]}, 63`);
  }
  for (const m of ["bt", "bts", "btr", "btc"]) for (const s of [2, 4, 8]) {
    out.push(`${m} ${REGS[s][0]}, ${REGS[s][1]}`, `${m} ${REGS[s].at(-1)}, 7`, `${m} ${PTR[s]} PTR [rdi], ${REGS[s][2]}`, `${m} ${PTR[s]} PTR [r13+8], 31`);
  }
  for (const m of ["bsf", "bsr", "tzcnt", "lzcnt", "popcnt"]) for (const s of [2, 4, 8]) {
    out.push(`${m} ${REGS[s][0]}, ${REGS[s][1]}`, `${m} ${REGS[s].at(-1)}, ${REGS[s][4]}`, `${m} ${REGS[s][3]}, ${PTR[s]} PTR [rax+r12*4]`);
  }
  for (const r of [...R64, ...R32]) out.push(`bswap ${r}`);
  const ccs = ["o", "no", "b", "c", "nae", "ae", "nb", "nc", "e", "z", "ne", "nz", "be", "na", "a", "nbe",
    "s", "ns", "p", "pe", "np", "po", "l", "nge", "ge", "nl", "le", "ng", "g", "nle"];
  for (const cc of ccs) {
    out.push(`set${cc} al`, `set${cc} sil`, `set${cc} r9b`, `set${cc} ah`, `set${cc} BYTE PTR [rax+1]`);
    out.push(`cmov${cc} eax, ecx`, `cmov${cc} r8, QWORD PTR [rsp]`, `cmov${cc} ax, r15w`);
  }
  for (const m of ["xadd", "cmpxchg"]) { for (const s of SIZES) out.push(`${m} ${REGS[s][1]}, ${REGS[s][2]}`, `${m} ${PTR[s]} PTR [rdi], ${REGS[s].at(-1)}`); }
  for (const s of SIZES) out.push(`lock xadd ${PTR[s]} PTR [rdi], ${REGS[s][0]}`, `lock cmpxchg ${PTR[s]} PTR [rsi+8], ${REGS[s][1]}`,
    `lock add ${PTR[s]} PTR [rax], 1`, `lock inc ${PTR[s]} PTR fs:[rbx]`);
  for (const mem of MEMS.slice(0, 10)) out.push(`cmpxchg8b QWORD PTR ${mem}`, `lock cmpxchg16b XMMWORD PTR ${mem}`, `cmpxchg16b ${mem}`);
  for (const r of R64) out.push(`jmp ${r}`, `call ${r}`);
  for (const mem of MEMS) out.push(`jmp QWORD PTR ${mem}`, `call QWORD PTR ${mem}`);
  out.push("ret", "ret 8", "ret 0xffff", "leave", "enter 0x10, 0", "enter 0x100, 3");
  for (const m of ["movs", "cmps", "stos", "lods", "scas"]) for (const suf of ["b", "w", "d", "q"]) {
    if (m === "cmps" && suf === "d") continue; // gas: cmpsd is also an SSE compare
    out.push(`${m}${suf}`, `rep ${m}${suf}`);
    if (m === "cmps" || m === "scas") out.push(`repne ${m}${suf}`, `repe ${m}${suf}`);
  }
  out.push("nop", "nop eax", "nop WORD PTR [rax+rax*1]", "nop DWORD PTR [rax]", "nop QWORD PTR [rsp+8]", "xchg ax, ax",
    "syscall", "ud2", "int3", "int 0x80", "int 3", "hlt", "clc", "stc", "cmc", "cld", "std", "cpuid", "rdtsc", "endbr64",
    "cbw", "cwde", "cdqe", "cwd", "cdq", "cqo", "pause", "mfence", "lfence", "sfence");
  // objdump's spellings of string instructions and moffs moves
  for (const [s, r] of [[1, "al"], [2, "ax"], [4, "eax"], [8, "rax"]] as [number, string][]) {
    const P = PTR[s];
    out.push(`movs ${P} PTR es:[rdi], ${P} PTR ds:[rsi]`, `rep stos ${P} PTR es:[rdi], ${r}`, `lods ${r}, ${P} PTR ds:[rsi]`,
      `scas ${r}, ${P} PTR es:[rdi]`, `repz cmps ${P} PTR ds:[rsi], ${P} PTR es:[rdi]`,
      `movabs ${r}, ds:0x1122334455667788`, `movabs ds:0x1122334455667788, ${r}`);
  }
  out.push("lock or DWORD PTR [rdx], 0", "rep nop", "cs nop", "data16 nop");
  // system instructions (Intel SDM Vol. 3A): control/debug/segment registers, descriptor tables, ports
  for (const cr of ["cr0", "cr2", "cr3", "cr4", "cr8"]) for (const r of ["rax", "rsp", "r9", "r15"]) out.push(`mov ${cr}, ${r}`, `mov ${r}, ${cr}`);
  for (const dr of ["dr0", "dr3", "dr6", "dr7"]) out.push(`mov ${dr}, rbx`, `mov r12, ${dr}`);
  for (const sr of ["es", "ss", "ds", "fs", "gs"]) {
    out.push(`mov ${sr}, ax`, `mov ${sr}, r9d`, `mov ${sr}, WORD PTR [rax+8]`, `mov ax, ${sr}`, `mov ecx, ${sr}`, `mov r10, ${sr}`, `mov WORD PTR [rip+0x20], ${sr}`);
  }
  out.push("mov eax, cs", "push fs", "push gs", "pop fs", "pop gs");
  for (const m of ["lgdt", "lidt", "sgdt", "sidt", "invlpg"]) for (const mem of MEMS.slice(0, 8)) out.push(`${m} ${mem}`);
  for (const m of ["ltr", "lldt", "str", "sldt"]) out.push(`${m} ax`, `${m} r11w`, `${m} WORD PTR [rbp-2]`);
  for (const [a, b] of [["al", "dx"], ["ax", "dx"], ["eax", "dx"], ["al", "0x60"], ["ax", "0"], ["eax", "0xff"]]) out.push(`in ${a}, ${b}`, `out ${b}, ${a}`);
  // SSE2 integer subset (what gcc's vectorizer and struct copies use)
  const X = ["xmm0", "xmm1", "xmm7", "xmm8", "xmm15"];
  const packed = ["paddb", "paddw", "paddd", "paddq", "psubb", "psubd", "psubq", "pmullw", "pmuludq", "pand", "pandn", "por",
    "pxor", "pcmpeqb", "pcmpeqd", "pcmpgtb", "pcmpgtw", "pcmpgtd", "punpcklbw", "punpcklwd", "punpckldq", "punpcklqdq",
    "punpckhbw", "punpckhwd", "punpckhdq", "punpckhqdq", "packuswb", "packsswb", "packssdw", "pmaxub", "pminub", "pavgb",
    "psadbw", "pmaddwd", "xorps", "andps", "orps", "andnps", "xorpd", "andpd", "psrlw", "psrld", "psrlq", "psraw", "psrad",
    "psllw", "pslld", "psllq"];
  for (const m of packed) for (const a of X) out.push(`${m} ${a}, ${X[(a.length + 2) % X.length]}`, `${m} ${a}, XMMWORD PTR [rax+r9*2+0x10]`);
  for (const m of ["movdqa", "movdqu", "movaps", "movups", "movapd", "movupd"]) for (const a of X)
    out.push(`${m} ${a}, xmm3`, `${m} ${a}, XMMWORD PTR [rsp+0x20]`, `${m} XMMWORD PTR [r12], ${a}`, `${m} XMMWORD PTR [rip+0x40], ${a}`);
  for (const a of X) {
    out.push(`movd ${a}, eax`, `movd ${a}, r9d`, `movd r10d, ${a}`, `movd ${a}, DWORD PTR [rbx]`, `movd DWORD PTR [rbx+4], ${a}`,
      `movq ${a}, rax`, `movq r11, ${a}`, `movq ${a}, xmm2`, `movq ${a}, QWORD PTR [rdi]`, `movq QWORD PTR [rdi+8], ${a}`,
      `pshufd ${a}, xmm4, 0x1b`, `pshufd ${a}, XMMWORD PTR [rsi], 0`, `shufpd ${a}, xmm9, 1`, `shufps ${a}, xmm1, 0xe4`,
      `movhps ${a}, QWORD PTR [rax]`, `movhps QWORD PTR [rax+8], ${a}`, `movlps ${a}, QWORD PTR [rcx]`, `movlpd QWORD PTR [rcx], ${a}`,
      `movhpd ${a}, QWORD PTR [r8]`, `movhlps ${a}, xmm5`, `movlhps ${a}, xmm12`,
      `pshuflw ${a}, xmm1, 3`, `pshufhw ${a}, xmm1, 3`, `pmovmskb eax, ${a}`, `pmovmskb r8d, ${a}`);
    for (const m of ["psrlw", "psraw", "psllw", "psrld", "psrad", "pslld", "psrlq", "psllq", "psrldq", "pslldq"]) out.push(`${m} ${a}, 3`);
  }
  out.push("iretq", "sysretq", "swapgs", "wrmsr", "rdmsr", "cli", "sti", "xgetbv", "xsetbv", "clts", "rdtscp", "invd", "wbinvd", "rdpmc");
  return out;
}
