// Instructions with fixed bytes, string instructions, multi-byte NOP, INT n,
// and the NOP patterns gas pads code with.

import { Handler, agree, bad, count, finish, isNumber, rm, rmOp, setSize } from "./forms";

/** No-operand instructions and their bytes (Intel SDM Vol. 2 opcode tables). */
const FIXED: Record<string, number[]> = {
  syscall: [0x0f, 0x05], ud2: [0x0f, 0x0b], int3: [0xcc], hlt: [0xf4], leave: [0xc9],
  clc: [0xf8], stc: [0xf9], cmc: [0xf5], cld: [0xfc], std: [0xfd], cli: [0xfa], sti: [0xfb],
  cpuid: [0x0f, 0xa2], rdtsc: [0x0f, 0x31], rdtscp: [0x0f, 0x01, 0xf9], endbr64: [0xf3, 0x0f, 0x1e, 0xfa],
  pause: [0xf3, 0x90], mfence: [0x0f, 0xae, 0xf0], lfence: [0x0f, 0xae, 0xe8], sfence: [0x0f, 0xae, 0xf8],
  cbw: [0x66, 0x98], cwde: [0x98], cdqe: [0x48, 0x98], cwd: [0x66, 0x99], cdq: [0x99], cqo: [0x48, 0x99],
  lahf: [0x9f], sahf: [0x9e], pushfq: [0x9c], popfq: [0x9d], pushf: [0x9c], popf: [0x9d],
  int1: [0xf1], iretq: [0x48, 0xcf], sysret: [0x0f, 0x07], swapgs: [0x0f, 0x01, 0xf8], wrmsr: [0x0f, 0x30],
  rdmsr: [0x0f, 0x32], invd: [0x0f, 0x08], wbinvd: [0x0f, 0x09], sysretq: [0x48, 0x0f, 0x07],
  xgetbv: [0x0f, 0x01, 0xd0], xsetbv: [0x0f, 0x01, 0xd1], clts: [0x0f, 0x06], rdpmc: [0x0f, 0x33],
};

/** String instructions: byte opcode, and the suffix letter giving the size. */
const STRING: Record<string, number> = { movs: 0xa4, cmps: 0xa6, stos: 0xaa, lods: 0xac, scas: 0xae };
const SUFFIX: Record<string, number> = { b: 1, w: 2, d: 4, q: 8 };

const fixed = (bytes: number[]): Handler => (ops, ctx, e, mnem) => {
  count(ops, 0, mnem);
  e.opcode = bytes;
  return finish(e, ctx);
};

/** `movsb` .. `movsq`, or `movs BYTE PTR es:[rdi], BYTE PTR ds:[rsi]` as objdump prints it. */
const string = (opc: number, size?: number): Handler => (ops, ctx, e, mnem) => {
  let s = size;
  if (s === undefined) {
    if (ops.length === 0) bad(`'${mnem}' needs operands or a size suffix (${mnem}b/w/d/q)`);
    s = agree(ops, mnem);
  } else if (ops.length) bad(`'${mnem}' takes no operands${mnem === "movsd" ? " (SSE movsd is not supported)" : ""}`, ops[0]);
  setSize(e, s);
  e.opcode = [opc + (s === 1 ? 0 : 1)];
  return finish(e, ctx);
};

/** NOP: 90, or the multi-byte 0F 1F /0 with an r/m operand. */
const nop: Handler = (ops, ctx, e, mnem) => {
  if (ops.length === 0) { e.opcode = [0x90]; return finish(e, ctx); }
  count(ops, 1, mnem);
  const d = rmOp(ops[0], mnem);
  setSize(e, agree([d], mnem, [2, 4, 8]));
  e.opcode = [0x0f, 0x1f];
  rm(e, 0, d);
  return finish(e, ctx);
};

const int: Handler = (ops, ctx, e, mnem) => {
  count(ops, 1, mnem);
  const n = ops[0];
  if (n.kind !== "imm" || !isNumber(n) || n.value.addend < 0n || n.value.addend > 255n) bad("'int' takes a vector number 0..255", n);
  // gas writes `int 3` as the one-byte breakpoint CC, like `int3`.
  e.opcode = n.value.addend === 3n ? [0xcc] : [0xcd, Number(n.value.addend)];
  return finish(e, ctx);
};

export const MISC_HANDLERS: Record<string, Handler> = { nop, int };
for (const [m, b] of Object.entries(FIXED)) MISC_HANDLERS[m] = fixed(b);
for (const [m, opc] of Object.entries(STRING)) {
  MISC_HANDLERS[m] = string(opc);
  for (const [suf, size] of Object.entries(SUFFIX)) MISC_HANDLERS[m + suf] = string(opc, size);
}
MISC_HANDLERS.xlatb = fixed([0xd7]);

/** gas's NOP patterns for padding 1..11 bytes (tc-i386.c, alt_patt). */
const NOPS: number[][] = [
  [],
  [0x90],
  [0x66, 0x90],
  [0x0f, 0x1f, 0x00],
  [0x0f, 0x1f, 0x40, 0x00],
  [0x0f, 0x1f, 0x44, 0x00, 0x00],
  [0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00],
  [0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00],
  [0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
  [0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
  [0x66, 0x2e, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
  [0x66, 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
];

/** Padding as gas writes it: as many 11-byte NOPs as fit, then one for the rest. */
export function nopFill(n: number): Uint8Array {
  const out: number[] = [];
  while (n > 11) { out.push(...NOPS[11]); n -= 11; }
  out.push(...NOPS[n]);
  return Uint8Array.from(out);
}
