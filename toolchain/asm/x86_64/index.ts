// The x86-64 assembler backend: Intel syntax in, machine code out.
// See ../backend.ts for the contract and ../README.md for what is covered.
//
// One handler per mnemonic (the tables of alu.ts, mov.ts, bits.ts, branch.ts,
// misc.ts, system.ts, sse.ts). A statement may start with prefix words
// (`lock`, `rep`, `data16`, ...); symbol suffixes like `@PLT` are taken off
// the operand text here and remembered on the Inst for encoder.ts.

import {
  EM_X86_64, R_X86_64_GOTPCREL, R_X86_64_GOTPCRELX, R_X86_64_GOTTPOFF, R_X86_64_REX_GOTPCRELX, R_X86_64_TPOFF32, R_X86_64_16,
  R_X86_64_TLSGD, R_X86_64_TLSLD, R_X86_64_DTPOFF32, R_X86_64_32, R_X86_64_64, R_X86_64_8, R_X86_64_PC16, R_X86_64_PC32, R_X86_64_PC64, R_X86_64_PC8,
} from "../../elf/constants";
import { AsmBackend, EncodeContext, EncodeError, Encoded } from "../backend";
import { ALU_HANDLERS } from "./alu";
import { BIT_HANDLERS } from "./bits";
import { BRANCH_HANDLERS } from "./branch";
import { Inst } from "./encoder";
import { Handler } from "./forms";
import { MISC_HANDLERS, nopFill } from "./misc";
import { MOV_HANDLERS } from "./mov";
import { SSE_HANDLERS } from "./sse";
import { SYSTEM_HANDLERS } from "./system";
import { parseOperands } from "./operands";

const HANDLERS: Record<string, Handler> = {
  ...ALU_HANDLERS, ...MOV_HANDLERS, ...BIT_HANDLERS, ...BRANCH_HANDLERS, ...MISC_HANDLERS, ...SYSTEM_HANDLERS, ...SSE_HANDLERS,
};

/** Prefix words that may start a statement (`rep movsb`, `lock add ...`). */
const PREFIXES: Record<string, (e: Inst) => void> = {
  rep: (e) => { e.rep = 0xf3; }, repe: (e) => { e.rep = 0xf3; }, repz: (e) => { e.rep = 0xf3; },
  repne: (e) => { e.rep = 0xf2; }, repnz: (e) => { e.rep = 0xf2; },
  lock: (e) => { e.lock = true; },
  data16: (e) => { e.extra.push(0x66); }, addr32: (e) => { e.extra.push(0x67); },
  cs: (e) => { e.extra.push(0x2e); }, ds: (e) => { e.extra.push(0x3e); }, es: (e) => { e.extra.push(0x26); },
  ss: (e) => { e.extra.push(0x36); }, fs: (e) => { e.extra.push(0x64); }, gs: (e) => { e.extra.push(0x65); },
  notrack: (e) => { e.extra.push(0x3e); }, bnd: (e) => { e.extra.push(0xf2); },
  rex64: (e) => { e.extra.push(0x48); },   // gcc's TLS call sequence pads with it
};

function encode(mnemonic: string, operands: string, ctx: EncodeContext): Encoded {
  const e = new Inst();
  let m = mnemonic, text = operands, shift = 0;
  while (PREFIXES[m]) {
    PREFIXES[m](e);
    const next = text.match(/^(\S+)\s*/);
    if (!next) { // a prefix alone on its line: emit just its bytes
      e.opcode = []; const b = [...e.extra]; if (e.rep) b.push(e.rep); if (e.lock) b.push(0xf0);
      return { bytes: Uint8Array.from(b), relocs: [] };
    }
    m = next[1].toLowerCase();
    shift += next[0].length;
    text = text.slice(next[0].length);
  }
  // Symbol suffixes for position-independent code (x86-64 psABI 4.4.1):
  // `call f@PLT` (through the PLT), `mov rax, QWORD PTR v@GOTPCREL[rip]` (v's GOT slot).
  // Thread-local: `DWORD PTR fs:x@tpoff`, `QWORD PTR x@gottpoff[rip]`.
  text = text.replace(/@(PLT|GOTPCREL|TPOFF|GOTTPOFF|TLSGD|TLSLD|DTPOFF)\b/gi, (_, k: string) => {
    const K = k.toUpperCase();
    if (K === "PLT") e.plt = true;
    else if (K === "GOTPCREL") e.got = true;
    else e.tls = k.toLowerCase() as Inst["tls"];
    return " ".repeat(k.length + 1);    // keep columns
  });
  const h = HANDLERS[m];
  if (!h) {
    if (m.startsWith("%") || /^[a-z]+[bwlq]$/.test(m) && HANDLERS[m.slice(0, -1)] && operands.includes("%"))
      throw new EncodeError("AT&T syntax is not supported: write Intel syntax (`.intel_syntax noprefix`)", 0);
    const intel = ATT_NAMES[m] ?? (/^mov[sz][bw][wlq]$/.test(m) ? (m[3] === "z" ? "movzx" : "movsx") : undefined);
    if (intel) throw new EncodeError(`'${m}' is an AT&T mnemonic; in Intel syntax write '${intel}'`, 0);
    const near = suggest(m);
    throw new EncodeError(`unknown instruction '${m}'${near ? ` (did you mean '${near}'?)` : ""}`, 0);
  }
  const sub: EncodeContext = shift === 0 ? ctx : { ...ctx, value: (x, c = 1) => ctx.value(x, c + shift) };
  try {
    return h(parseOperands(text, sub), sub, e, m);
  } catch (err) {
    if (err instanceof EncodeError && err.col !== undefined && err.col > 0 && shift) err.col += shift;
    throw err;
  }
}

const DWARF_REGS = ["rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "rip"];

/** AT&T spellings a student may bring from other tutorials, and their Intel names. */
const ATT_NAMES: Record<string, string> = {
  movslq: "movsxd", cltq: "cdqe", cqto: "cqo", cltd: "cdq", cwtl: "cwde", cbtw: "cbw", cwtd: "cwd",
};

/** The known mnemonic closest to a misspelt one (edit distance 1, or 2 for long words), if any. */
function suggest(m: string): string | undefined {
  let best: string | undefined, bestD = m.length > 6 ? 3 : 2;
  for (const k of Object.keys(HANDLERS)) {
    if (Math.abs(k.length - m.length) > bestD) continue;
    const d = distance(m, k);
    if (d < bestD || (d === bestD && best !== undefined && k.length < best.length)) { best = k; bestD = d; }
  }
  return best;
}

/** Levenshtein distance (insert, delete, substitute, and swap of neighbours). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) {
    d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
  }
  return d[a.length][b.length];
}

export const x86Backend: AsmBackend = {
  arch: "x86_64",
  elfMachine: EM_X86_64,
  lineComment: ["#"],
  separator: ";",
  alignIsLog2: false,
  wordSize: 2,
  dataReloc(size, pcrel) {
    if (pcrel) return size === 8 ? R_X86_64_PC64 : size === 4 ? R_X86_64_PC32 : size === 2 ? R_X86_64_PC16 : R_X86_64_PC8;
    return size === 8 ? R_X86_64_64 : size === 4 ? R_X86_64_32 : size === 2 ? R_X86_64_16 : R_X86_64_8;
  },
  codeFill: nopFill,
  // x86-64 psABI 3.7: DWARF numbers rax rdx rcx rbx rsi rdi rbp rsp r8..r15, return address = 16.
  // At entry CFA = rsp+8 and the return address is at CFA-8.
  cfi: {
    codeAlign: 1, dataAlign: -8, raReg: 16, initial: [0x0c, 7, 8, 0x90, 1], initialCfaOffset: 8,
    reg: (n) => DWARF_REGS.indexOf(n.toLowerCase()) >= 0 ? DWARF_REGS.indexOf(n.toLowerCase()) : undefined,
    pcrelReloc: R_X86_64_PC32, sectionType: 1 /* SHT_PROGBITS, as gas writes it */,
  },
  relocKind: (type) =>
    [R_X86_64_TPOFF32, R_X86_64_GOTTPOFF, R_X86_64_TLSGD, R_X86_64_TLSLD, R_X86_64_DTPOFF32].includes(type) ? "tls"
      : type === R_X86_64_GOTPCREL || type === R_X86_64_GOTPCRELX || type === R_X86_64_REX_GOTPCRELX ? "got" : undefined,
  impliedSymbols: (types) =>
    [R_X86_64_GOTPCREL, R_X86_64_GOTPCRELX, R_X86_64_REX_GOTPCRELX, R_X86_64_GOTTPOFF, R_X86_64_TLSGD, R_X86_64_TLSLD].some((t) => types.has(t))
      ? ["_GLOBAL_OFFSET_TABLE_"] : [],
  encode,
  directive(name, args) {
    if (name === ".intel_syntax") {
      if (args.trim() !== "noprefix") throw new EncodeError("only `.intel_syntax noprefix` is supported (registers without %)", 1);
      return true;
    }
    if (name === ".att_syntax") throw new EncodeError("AT&T syntax is not supported: use `.intel_syntax noprefix`", 0);
    if (name === ".code64") return true;
    return false;
  },
};
