// The opcode table: one entry per opcode (or per group member), naming the
// mnemonic objdump prints, the operands in Intel's opcode-map notation
// (SDM Vol. 2D Appendix A), the handler that executes it and a small
// sub-operation number the handler reads from Insn.sub.
//
// Operand notation used here:
//   E? r/m operand, G? ModRM.reg register, M memory-only r/m (LEA, no size),
//   Z? register in the opcode's low 3 bits, AL / rAX / CL fixed registers,
//   I? immediate (b = 8 bit, w = 16, z = 16/32, s = imm8 sign-extended to
//   the operand size, v = 16/32/64, 1 = the constant 1), J? relative branch
//   target, X? / Y? the string source ds:[rsi] and destination es:[rdi],
//   O? a 64-bit absolute address (moffs). Size letters: b byte, w word,
//   d dword, q qword, v the operand size (16/32/64 by 66 and REX.W).
// The decoder, the executor and the disassembler all read this one table.

import type { Handler } from "./insn";
import * as A from "./alu";
import * as M from "./move";
import * as S from "./shift";
import * as X from "./muldiv";
import * as B from "./bits";
import * as C from "./control";
import * as T from "./string";
import * as V from "./sse";
import * as Fast from "./fast";
import * as Priv from "./privileged";

/** Entry flags. */
export const F = {
  /** Operand size defaults to 64 bits (PUSH, POP); 66 makes it 16. */
  D64: 1,
  /** Operand size is always 64 bits (near branches through r/m). */
  F64: 2,
  /** An SSE entry: 66/F3/F2 select the instruction, and the GPR operand size is 32 or 64 (REX.W) only. */
  SSE: 4,
} as const;

export interface OpEntry {
  id: number;
  /** objdump mnemonic; "a|b|c" picks by operand size 2|4|8. */
  mn: string;
  ops: string[];
  h: Handler;
  sub: number;
  flags: number;
  /** The r/m must be memory (else #UD): LEA, MOVBE. */
  memOnly: boolean;
  /** First operand is byte-sized: the operation size is 1. */
  byteOp: boolean;
  modrm: boolean;
}

export const ENTRIES: OpEntry[] = [];

export function op(mn: string, ops: string, h: Handler, sub = 0, flags = 0): OpEntry {
  const list = ops === "" ? [] : ops.split(",");
  const e: OpEntry = {
    id: ENTRIES.length, mn, ops: list, h, sub, flags,
    memOnly: list.some((o) => o[0] === "M"),
    // The first operand's size is the operation's size: byte-sized first operand, byte operation.
    byteOp: /^(Eb|Gb|Zb|AL|Xb|Yb|Ob)$/.test(list[0] ?? ""),
    modrm: list.some((o) => /^[EGMVWRC]/.test(o)),
  };
  ENTRIES.push(e);
  return e;
}

/** The #UD entry: unknown or unimplemented encodings. */
export const BAD = op("(bad)", "", C.undefinedOp);

export type Slot = OpEntry | OpEntry[] | null;
/** One-byte map; a group (array of 8 indexed by ModRM.reg) where the opcode has an extension. */
export const ONE: Slot[] = new Array(256).fill(null);
/** Two-byte map (0F xx). */
export const TWO: Slot[] = new Array(256).fill(null);
/** Entries chosen by a mandatory F3 prefix in the two-byte map. */
export const TWO_F3: (OpEntry | null)[] = new Array(256).fill(null);
/** Entries chosen by a mandatory 66 prefix in the two-byte map (SSE2 integer moves). */
export const TWO_66: (OpEntry | null)[] = new Array(256).fill(null);
/** Three-byte map 0F 38 xx. */
export const THREE38: Slot[] = new Array(256).fill(null);

const ALU = ["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"];
const CC = ["o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"];
const SHIFTS = ["rol", "ror", "rcl", "rcr", "shl", "shr", "shl", "sar"];

/** A group indexed by ModRM.reg; missing members are #UD. */
function group(list: (OpEntry | null)[]): OpEntry[] {
  const g: OpEntry[] = [];
  for (let k = 0; k < 8; k++) g.push(list[k] ?? BAD);
  return g;
}

// ---- One-byte map ----
for (let k = 0; k < 8; k++) {
  const b = k * 8;
  ONE[b] = op(ALU[k], "Eb,Gb", A.aluEG, k);
  ONE[b + 1] = op(ALU[k], "Ev,Gv", A.aluEG, k);
  ONE[b + 2] = op(ALU[k], "Gb,Eb", A.aluGE, k);
  ONE[b + 3] = op(ALU[k], "Gv,Ev", A.aluGE, k);
  ONE[b + 4] = op(ALU[k], "AL,Ib", A.aluEI, k);
  ONE[b + 5] = op(ALU[k], "rAX,Iz", A.aluEI, k);
}
for (let k = 0; k < 8; k++) {
  ONE[0x50 + k] = op("push", "Zv", M.pushE, 0, F.D64);
  ONE[0x58 + k] = op("pop", "Zv", M.popE, 0, F.D64);
}
ONE[0x63] = op("movsxd", "Gv,Ed", M.movsx, 4);
ONE[0x68] = op("pushw|push|push", "Iz", M.pushI, 0, F.D64);
ONE[0x69] = op("imul", "Gv,Ev,Iz", X.imul2, 1);
ONE[0x6a] = op("pushw|push|push", "Is", M.pushI, 0, F.D64);
ONE[0x6b] = op("imul", "Gv,Ev,Is", X.imul2, 1);
for (let k = 0; k < 16; k++) ONE[0x70 + k] = op("j" + CC[k], "Jb", C.jcc, k);
ONE[0x80] = group(ALU.map((m, k) => op(m, "Eb,Ib", A.aluEI, k)));
ONE[0x81] = group(ALU.map((m, k) => op(m, "Ev,Iz", A.aluEI, k)));
ONE[0x83] = group(ALU.map((m, k) => op(m, "Ev,Is", A.aluEI, k)));
ONE[0x84] = op("test", "Eb,Gb", A.testEG);
ONE[0x85] = op("test", "Ev,Gv", A.testEG);
ONE[0x86] = op("xchg", "Eb,Gb", M.xchg);
ONE[0x87] = op("xchg", "Ev,Gv", M.xchg);
ONE[0x88] = op("mov", "Eb,Gb", M.movEG);
ONE[0x89] = op("mov", "Ev,Gv", M.movEG);
ONE[0x8a] = op("mov", "Gb,Eb", M.movGE);
ONE[0x8b] = op("mov", "Gv,Ev", M.movGE);
ONE[0x8d] = op("lea", "Gv,M", M.lea);
ONE[0x8f] = group([op("pop", "Ev", M.popE, 0, F.D64)]);
ONE[0x90] = op("nop", "", C.nop);
for (let k = 1; k < 8; k++) ONE[0x90 + k] = op("xchg", "Zv,rAX", M.xchg);
export const XCHG_RAX = op("xchg", "Zv,rAX", M.xchg);
export const PAUSE = op("pause", "", C.nop);
ONE[0x98] = op("cbw|cwde|cdqe", "", M.cbw);
ONE[0x99] = op("cwd|cdq|cqo", "", M.cwd);
ONE[0x9c] = op("pushfw|pushf|pushf", "", C.pushf, 0, F.D64);
ONE[0x9d] = op("popfw|popf|popf", "", C.popf, 0, F.D64);
ONE[0x9e] = op("sahf", "", C.sahf);
ONE[0x9f] = op("lahf", "", C.lahf);
ONE[0xa0] = op("movabs", "AL,Ob", M.movGE);
ONE[0xa1] = op("movabs", "rAX,Ov", M.movGE);
ONE[0xa2] = op("movabs", "Ob,AL", M.movEG);
ONE[0xa3] = op("movabs", "Ov,rAX", M.movEG);
ONE[0xa4] = op("movs", "Yb,Xb", T.movs);
ONE[0xa5] = op("movs", "Yv,Xv", T.movs);
ONE[0xa6] = op("cmps", "Xb,Yb", T.cmps);
ONE[0xa7] = op("cmps", "Xv,Yv", T.cmps);
ONE[0xa8] = op("test", "AL,Ib", A.testEI);
ONE[0xa9] = op("test", "rAX,Iz", A.testEI);
ONE[0xaa] = op("stos", "Yb,AL", T.stos);
ONE[0xab] = op("stos", "Yv,rAX", T.stos);
ONE[0xac] = op("lods", "AL,Xb", T.lods);
ONE[0xad] = op("lods", "rAX,Xv", T.lods);
ONE[0xae] = op("scas", "AL,Yb", T.scas);
ONE[0xaf] = op("scas", "rAX,Yv", T.scas);
for (let k = 0; k < 8; k++) {
  ONE[0xb0 + k] = op("mov", "Zb,Ib", M.movEI);
  ONE[0xb8 + k] = op("mov|mov|movabs", "Zv,Iv", M.movEI);
}
ONE[0xc0] = group(SHIFTS.map((m, k) => op(m, "Eb,Ib", S.shiftEI, k)));
ONE[0xc1] = group(SHIFTS.map((m, k) => op(m, "Ev,Ib", S.shiftEI, k)));
ONE[0xc2] = op("ret", "Iw", C.ret, 0, F.F64);
ONE[0xc3] = op("ret", "", C.ret, 0, F.F64);
ONE[0xc6] = group([op("mov", "Eb,Ib", M.movEI)]);
ONE[0xc7] = group([op("mov", "Ev,Iz", M.movEI)]);
ONE[0xc8] = op("enter", "Iw,Ib", C.enter, 0, F.F64);
ONE[0xc9] = op("leave", "", C.leave, 0, F.F64);
ONE[0xcc] = op("int3", "", C.int3);
ONE[0xcd] = op("int", "Ib", C.intN);
ONE[0xd0] = group(SHIFTS.map((m, k) => op(m, "Eb,1", S.shiftEI, k)));
ONE[0xd1] = group(SHIFTS.map((m, k) => op(m, "Ev,1", S.shiftEI, k)));
ONE[0xd2] = group(SHIFTS.map((m, k) => op(m, "Eb,CL", S.shiftECL, k)));
ONE[0xd3] = group(SHIFTS.map((m, k) => op(m, "Ev,CL", S.shiftECL, k)));
ONE[0xe0] = op("loopne", "Jb", C.loop, 0, F.F64);
ONE[0xe1] = op("loope", "Jb", C.loop, 0, F.F64);
ONE[0xe2] = op("loop", "Jb", C.loop, 0, F.F64);
ONE[0xe3] = op("jrcxz", "Jb", C.jrcxz, 0, F.F64);
ONE[0xe8] = op("call", "Jz", C.callRel, 0, F.F64);
ONE[0xe9] = op("jmp", "Jz", C.jmpRel, 0, F.F64);
ONE[0xeb] = op("jmp", "Jb", C.jmpRel, 0, F.F64);
ONE[0xf4] = op("hlt", "", C.hlt);
ONE[0xf5] = op("cmc", "", C.cmc);
ONE[0xf6] = group([op("test", "Eb,Ib", A.testEI), op("test", "Eb,Ib", A.testEI), op("not", "Eb", A.notE), op("neg", "Eb", A.negE),
  op("mul", "Eb", X.mul1, 4), op("imul", "Eb", X.mul1, 5), op("div", "Eb", X.div1, 6), op("idiv", "Eb", X.div1, 7)]);
ONE[0xf7] = group([op("test", "Ev,Iz", A.testEI), op("test", "Ev,Iz", A.testEI), op("not", "Ev", A.notE), op("neg", "Ev", A.negE),
  op("mul", "Ev", X.mul1, 4), op("imul", "Ev", X.mul1, 5), op("div", "Ev", X.div1, 6), op("idiv", "Ev", X.div1, 7)]);
ONE[0xf8] = op("clc", "", C.clc);
ONE[0xf9] = op("stc", "", C.stc);
ONE[0xfc] = op("cld", "", C.cld);
ONE[0xfd] = op("std", "", C.std);
ONE[0xfe] = group([op("inc", "Eb", A.incDec, 0), op("dec", "Eb", A.incDec, 1)]);
ONE[0xff] = group([op("inc", "Ev", A.incDec, 0), op("dec", "Ev", A.incDec, 1), op("call", "Ev", C.callE, 0, F.F64), null,
  op("jmp", "Ev", C.jmpE, 0, F.F64), null, op("push", "Ev", M.pushE, 0, F.D64), null]);

// ---- Two-byte map (0F xx) ----
TWO[0x05] = op("syscall", "", C.syscall);
TWO[0x0b] = op("ud2", "", C.undefinedOp);
TWO[0x0d] = group([null, op("prefetchw", "Eb", C.nop), null, null, null, null, null, null]);
TWO[0x18] = group([op("prefetchnta", "Eb", C.nop), op("prefetcht0", "Eb", C.nop), op("prefetcht1", "Eb", C.nop), op("prefetcht2", "Eb", C.nop),
  op("nop", "Ev", C.nop), op("nop", "Ev", C.nop), op("nop", "Ev", C.nop), op("nop", "Ev", C.nop)]);
for (let k = 0x19; k <= 0x1f; k++) if (k !== 0x1e) TWO[k] = op("nop", "Ev", C.nop);
TWO[0x1c] = group([op("cldemote", "Eb", C.nop), ...Array.from({ length: 7 }, () => op("nop", "Ev", C.nop))]);
TWO[0x1e] = op("nop", "Ev", C.nop);
export const ENDBR64 = op("endbr64", "", C.nop);
TWO[0x31] = op("rdtsc", "", C.rdtsc);
/** 0F AE with a register ModRM: the fences. One CPU, in order, so they are no-ops here. */
export const FENCES: (OpEntry | null)[] = [null, null, null, null, null,
  op("lfence", "", C.nop), op("mfence", "", C.nop), op("sfence", "", C.nop)];
for (let k = 0; k < 16; k++) {
  TWO[0x40 + k] = op("cmov" + CC[k], "Gv,Ev", M.cmov, k);
  TWO[0x80 + k] = op("j" + CC[k], "Jz", C.jcc, k, F.F64);
  TWO[0x90 + k] = op("set" + CC[k], "Eb", M.setcc, k);
}
TWO[0xa2] = op("cpuid", "", C.cpuid);
TWO[0xa3] = op("bt", "Ev,Gv", B.btOp, 4);
TWO[0xa4] = op("shld", "Ev,Gv,Ib", S.shiftDouble, 0);
TWO[0xa5] = op("shld", "Ev,Gv,CL", S.shiftDouble, 0);
TWO[0xab] = op("bts", "Ev,Gv", B.btOp, 5);
TWO[0xac] = op("shrd", "Ev,Gv,Ib", S.shiftDouble, 1);
TWO[0xad] = op("shrd", "Ev,Gv,CL", S.shiftDouble, 1);
TWO[0xaf] = op("imul", "Gv,Ev", X.imul2, 0);
TWO[0xb0] = op("cmpxchg", "Eb,Gb", M.cmpxchg);
TWO[0xb1] = op("cmpxchg", "Ev,Gv", M.cmpxchg);
TWO[0xb3] = op("btr", "Ev,Gv", B.btOp, 6);
TWO[0xb6] = op("movzx", "Gv,Eb", M.movzx, 1);
TWO[0xb7] = op("movzx", "Gv,Ew", M.movzx, 2);
TWO[0xba] = group([null, null, null, null, op("bt", "Ev,Ib", B.btOp, 4), op("bts", "Ev,Ib", B.btOp, 5),
  op("btr", "Ev,Ib", B.btOp, 6), op("btc", "Ev,Ib", B.btOp, 7)]);
TWO[0xbb] = op("btc", "Ev,Gv", B.btOp, 7);
TWO[0xbc] = op("bsf", "Gv,Ev", B.bsfBsr, 0);
TWO[0xbd] = op("bsr", "Gv,Ev", B.bsfBsr, 1);
TWO[0xbe] = op("movsx", "Gv,Eb", M.movsx, 1);
TWO[0xbf] = op("movsx", "Gv,Ew", M.movsx, 2);
TWO[0xc7] = group([null, op("cmpxchg8b|cmpxchg8b|cmpxchg16b", "Mcx", M.cmpxchg8b16b), null, null, null, null, null, null]);
TWO[0xc0] = op("xadd", "Eb,Gb", M.xadd);
TWO[0xc1] = op("xadd", "Ev,Gv", M.xadd);
for (let k = 0; k < 8; k++) TWO[0xc8 + k] = op("bswap", "Zv", M.bswap);
TWO_F3[0xb8] = op("popcnt", "Gv,Ev", B.popcnt);
TWO_F3[0xbc] = op("tzcnt", "Gv,Ev", B.tzLzcnt, 0);
TWO_F3[0xbd] = op("lzcnt", "Gv,Ev", B.tzLzcnt, 1);
THREE38[0xf0] = op("movbe", "Gv,Mv", M.movbe, 0);
THREE38[0xf1] = op("movbe", "Mv,Gv", M.movbe, 1);

// ---- Privileged instructions: #GP at CPL 3, real at CPL 0 with a board's X86System (privileged.ts) ----
const P = C.privileged;
ONE[0xfa] = op("cli", "", Priv.cli);
ONE[0xfb] = op("sti", "", Priv.sti);
ONE[0xe4] = op("in", "AL,Ib", Priv.portIn);
ONE[0xe5] = op("in", "eAX,Ib", Priv.portIn);
ONE[0xe6] = op("out", "Ib,AL", Priv.portOut);
ONE[0xe7] = op("out", "Ib,eAX", Priv.portOut);
ONE[0xec] = op("in", "AL,DX", Priv.portIn);
ONE[0xed] = op("in", "eAX,DX", Priv.portIn);
ONE[0xee] = op("out", "DX,AL", Priv.portOut);
ONE[0xef] = op("out", "DX,eAX", Priv.portOut);
ONE[0x6c] = op("ins", "Yb,DX", P);
ONE[0x6d] = op("ins", "Yz,DX", P);
ONE[0x6e] = op("outs", "DX,Xb", P);
ONE[0x6f] = op("outs", "DX,Xz", P);
ONE[0xcf] = op("iretw|iret|iretq", "", Priv.iret);
TWO[0x00] = group([null, null, null, op("ltr", "Ew", Priv.ltr)]);
TWO[0x01] = group([null, null, op("lgdt", "M", Priv.lgdtLidt), op("lidt", "M", Priv.lgdtLidt), null, null, null,
  op("invlpg", "Mb", Priv.invlpg)]);
/** 0F 01 F8 (a register form of group 7's /7). */
export const SWAPGS = op("swapgs", "", Priv.swapgs);
export const CLAC = op("clac", "", Priv.clacStac, 0), STAC = op("stac", "", Priv.clacStac, 1);
/** 66 0F 38 82 /r: INVPCID r64, m128 (the 66 is mandatory; decode.ts picks it). */
export const INVPCID = op("invpcid", "Gv,M", Priv.invpcid, 0, F.F64);
TWO[0x06] = op("clts", "", Priv.nopPriv);
TWO[0x07] = op("sysret|sysret|sysretq", "", Priv.sysret);
TWO[0x08] = op("invd", "", Priv.nopPriv);
TWO[0x09] = op("wbinvd", "", Priv.nopPriv);
TWO[0x20] = op("mov", "Rq,Cd", Priv.movFromCr);
TWO[0x22] = op("mov", "Cd,Rq", Priv.movToCr);
TWO[0x30] = op("wrmsr", "", Priv.wrmsr);
TWO[0x32] = op("rdmsr", "", Priv.rdmsr);

// ---- The SSE2 moves libgcc needs (sse.ts) ----
const SSE = F.SSE;
TWO[0x10] = op("movups", "Vx,Wx", V.movLoad128, 0, SSE);
TWO[0x11] = op("movups", "Wx,Vx", V.movStore128, 0, SSE);
TWO[0x28] = op("movaps", "Vx,Wx", V.movLoad128, 1, SSE);
TWO[0x29] = op("movaps", "Wx,Vx", V.movStore128, 1, SSE);
TWO[0x57] = op("xorps", "Vx,Wx", V.pxor, 0, SSE);
TWO_66[0x10] = op("movupd", "Vx,Wx", V.movLoad128, 0, SSE);
TWO_66[0x11] = op("movupd", "Wx,Vx", V.movStore128, 0, SSE);
TWO_66[0x28] = op("movapd", "Vx,Wx", V.movLoad128, 1, SSE);
TWO_66[0x29] = op("movapd", "Wx,Vx", V.movStore128, 1, SSE);
TWO_66[0x57] = op("xorpd", "Vx,Wx", V.pxor, 0, SSE);
TWO_66[0x6c] = op("punpcklqdq", "Vx,Wx", V.punpckqdq, 0, SSE);
TWO_66[0x6d] = op("punpckhqdq", "Vx,Wx", V.punpckqdq, 1, SSE);
TWO_66[0x6e] = op("movd|movd|movq", "Vx,Ey", V.movdToXmm, 0, SSE);
TWO_66[0x6f] = op("movdqa", "Vx,Wx", V.movLoad128, 1, SSE);
TWO_66[0x7e] = op("movd|movd|movq", "Ey,Vx", V.movdFromXmm, 0, SSE);
TWO_66[0x7f] = op("movdqa", "Wx,Vx", V.movStore128, 1, SSE);
TWO_66[0xd6] = op("movq", "Wq,Vx", V.movqStore, 0, SSE);
TWO_66[0xef] = op("pxor", "Vx,Wx", V.pxor, 0, SSE);
TWO_F3[0x6f] = op("movdqu", "Vx,Wx", V.movLoad128, 0, SSE);
TWO_F3[0x7e] = op("movq", "Vx,Wq", V.movqLoad, 0, SSE);
TWO_F3[0x7f] = op("movdqu", "Wx,Vx", V.movStore128, 0, SSE);

// ---- Handler classes the block builder needs (cpu.ts, blocks.ts) ----
/**
 * Handlers that always transfer control or stop the CPU: a block ends with
 * one. Conditional branches do not end a block: when taken they set
 * `jumped`, which exits the block; when not taken the block goes on.
 */
export const BRANCH_HANDLERS: ReadonlySet<Handler> = new Set<Handler>([
  C.jmpRel, C.callRel, C.jmpE, C.callE, C.ret, C.syscall, C.int3, C.intN, C.undefinedOp, C.hlt,
]);
/** Relative conditional branches (their taken target is Insn.tLo/tHi). */
export const COND_BRANCH_HANDLERS: ReadonlySet<Handler> = new Set<Handler>([C.jcc, C.loop, C.jrcxz, Fast.jz, Fast.jnz]);
/** Handlers that never run inside a block. */
export const NO_BLOCK_HANDLERS: ReadonlySet<Handler> = new Set<Handler>([C.rdtsc, C.hlt, C.popf, ...Object.values(Priv)]);
export const BAD_HANDLER: Handler = C.undefinedOp;
/** Handlers that accept a LOCK prefix (with a memory destination; SDM Vol. 2A 3.2 "LOCK"). CMP and BT are excluded by sub-op in decode.ts. */
export const LOCKABLE: ReadonlySet<Handler> = new Set<Handler>([A.aluEG, A.aluEI, A.incDec, A.notE, A.negE, B.btOp, M.cmpxchg, M.xadd, M.xchg, M.cmpxchg8b16b]);
