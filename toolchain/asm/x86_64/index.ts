// The x86-64 assembler backend: Intel syntax in, machine code out.
// See ../backend.ts for the contract and README.md for what is covered.

import {
  EM_X86_64, R_X86_64_GOTPCREL, R_X86_64_GOTPCRELX, R_X86_64_REX_GOTPCRELX, R_X86_64_16, R_X86_64_32, R_X86_64_64, R_X86_64_8, R_X86_64_PC16, R_X86_64_PC32, R_X86_64_PC64, R_X86_64_PC8,
} from "../../elf/constants";
import { AsmBackend, EncodeContext, EncodeError, Encoded } from "../backend";
import { ALU_HANDLERS } from "./alu";
import { BIT_HANDLERS } from "./bits";
import { BRANCH_HANDLERS } from "./branch";
import { Inst } from "./encoder";
import { Handler } from "./forms";
import { MISC_HANDLERS, nopFill } from "./misc";
import { MOV_HANDLERS } from "./mov";
import { SYSTEM_HANDLERS } from "./system";
import { parseOperands } from "./operands";

const HANDLERS: Record<string, Handler> = {
  ...ALU_HANDLERS, ...MOV_HANDLERS, ...BIT_HANDLERS, ...BRANCH_HANDLERS, ...MISC_HANDLERS, ...SYSTEM_HANDLERS,
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
  text = text.replace(/@(PLT|GOTPCREL|TPOFF|GOTTPOFF)\b/gi, (_, k: string) => {
    const K = k.toUpperCase();
    if (K === "PLT") e.plt = true;
    else if (K === "GOTPCREL") e.got = true;
    else e.tls = K === "TPOFF" ? "tpoff" : "gottpoff";
    return " ".repeat(k.length + 1);    // keep columns
  });
  const h = HANDLERS[m];
  if (!h) {
    if (m.startsWith("%") || /^[a-z]+[bwlq]$/.test(m) && HANDLERS[m.slice(0, -1)] && operands.includes("%"))
      throw new EncodeError("AT&T syntax is not supported: write Intel syntax (`.intel_syntax noprefix`)", 0);
    throw new EncodeError(`unknown instruction '${m}'`, 0);
  }
  const sub: EncodeContext = shift === 0 ? ctx : { ...ctx, value: (x, c = 1) => ctx.value(x, c + shift) };
  try {
    return h(parseOperands(text, sub), sub, e, m);
  } catch (err) {
    if (err instanceof EncodeError && err.col !== undefined && err.col > 0 && shift) err.col += shift;
    throw err;
  }
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
  impliedSymbols: (types) =>
    types.has(R_X86_64_GOTPCREL) || types.has(R_X86_64_GOTPCRELX) || types.has(R_X86_64_REX_GOTPCRELX) ? ["_GLOBAL_OFFSET_TABLE_"] : [],
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
