// The AArch64 (A64) assembler backend: one table from mnemonic to encoder,
// plus the few facts the front-end asks of an architecture (backend.ts).
//
// Syntax is GNU as for aarch64 (what `aarch64-linux-gnu-objdump -d` prints
// can be fed back in). Every instruction is one little-endian 32-bit word;
// the encoders live in files by instruction class, as the Arm ARM groups
// them (chapter C4 "A64 Instruction Set Encoding").

import type { AsmBackend, EncodeContext, Encoded } from "../backend";
import { EncodeError } from "../backend";
import { evaluate } from "../expr";
import {
  EM_AARCH64, R_AARCH64_ABS16, R_AARCH64_ABS32, R_AARCH64_ABS64, R_AARCH64_PREL16, R_AARCH64_PREL32, R_AARCH64_PREL64,
} from "../../elf/constants";
import { addSub, carry, cmpCmn, neg } from "./arith";
import { ATOMIC_MNEMONICS, atomic } from "./atomic";
import { bfc, bitfield, extend, extr, field, shift } from "./bitfield";
import { adr, adrp, branch, branchCond, branchReg, compareBranch, testBranch } from "./branch";
import { ccmp, condAlias, csel, dp1, dp2, dp3 } from "./dpreg";
import { EXCLUSIVE_MNEMONICS, exclusive } from "./exclusive";
import { loadStore, pair } from "./loadstore";
import { logical, mov, moveWide, mvn, tst } from "./logical";
import { CONDS, splitOperands } from "./operands";
import { barrier, exception, fixed, hint, mrs, msr, sys, sysAlias } from "./system";
import { R_AARCH64_TLSLE_ADD_TPREL_HI12, R_AARCH64_TLSLE_ADD_TPREL_LO12_NC } from "./relocs";
import type { A64Context, A64Word, Encoder } from "./word";

export type { A64Context, A64Word, A64Reloc } from "./word";

const TABLE = new Map<string, Encoder>();

function add(names: string[], enc: Encoder): void {
  for (const n of names) TABLE.set(n, enc);
}

add(["add", "adds", "sub", "subs"], addSub);
add(["cmp", "cmn"], cmpCmn);
add(["neg", "negs"], neg);
add(["adc", "adcs", "sbc", "sbcs", "ngc", "ngcs"], carry);
add(["and", "orr", "eor", "ands", "bic", "orn", "eon", "bics"], logical);
add(["tst"], tst);
add(["mvn"], mvn);
add(["mov"], mov);
add(["movz", "movn", "movk"], moveWide);
add(["sbfm", "bfm", "ubfm"], bitfield);
add(["lsl", "lsr", "asr", "ror"], shift);
add(["sxtb", "sxth", "sxtw", "uxtb", "uxth", "uxtw"], extend);
add(["ubfx", "sbfx", "bfxil", "ubfiz", "sbfiz", "bfi"], field);
add(["bfc"], bfc);
add(["extr"], extr);
add(["madd", "msub", "mul", "mneg", "smaddl", "smsubl", "umaddl", "umsubl", "smull", "smnegl",
  "umull", "umnegl", "smulh", "umulh"], dp3);
add(["udiv", "sdiv", "lslv", "lsrv", "asrv", "rorv"], dp2);
add(["rbit", "rev16", "rev32", "rev", "clz", "cls"], dp1);
add(["csel", "csinc", "csinv", "csneg"], csel);
add(["cset", "csetm", "cinc", "cinv", "cneg"], condAlias);
add(["ccmp", "ccmn"], ccmp);
add(["strb", "ldrb", "ldrsb", "strh", "ldrh", "ldrsh", "str", "ldr", "ldrsw", "prfm",
  "sturb", "ldurb", "ldursb", "sturh", "ldurh", "ldursh", "stur", "ldur", "ldursw", "prfum",
  "sttrb", "ldtrb", "ldtrsb", "sttrh", "ldtrh", "ldtrsh", "sttr", "ldtr", "ldtrsw"], loadStore);
add(["ldp", "stp", "ldpsw", "ldnp", "stnp"], pair);
add(EXCLUSIVE_MNEMONICS, exclusive);
add(ATOMIC_MNEMONICS, atomic);
add(["b", "bl"], branch);
add(Object.keys(CONDS).map((c) => `b.${c}`), branchCond);
// The old spelling without the dot ("bne .L3"), which gcc still emits.
add(Object.keys(CONDS).map((c) => `b${c}`), (ops, ctx, m) => branchCond(ops, ctx, `b.${m.slice(1)}`));
add(["cbz", "cbnz"], compareBranch);
add(["tbz", "tbnz"], testBranch);
add(["br", "blr", "ret"], branchReg);
add(["adr"], adr);
add(["adrp"], adrp);
add(["svc", "hvc", "smc", "brk", "hlt", "udf"], exception);
add(["nop", "yield", "wfe", "wfi", "sev", "sevl", "dgh", "xpaclri", "pacia1716", "pacib1716", "autia1716",
  "autib1716", "esb", "csdb", "paciaz", "paciasp", "pacibz", "pacibsp", "autiaz", "autiasp", "autibz",
  "autibsp", "clearbhb", "psb", "tsb", "bti", "hint"], hint);
add(["dmb", "dsb", "isb", "clrex", "ssbb", "pssbb"], barrier);
add(["mrs"], (ops) => mrs(ops));
add(["msr"], msr);
add(["sys", "sysl"], sys);
add(["tlbi", "dc", "ic", "at"], sysAlias);
add(["eret", "drps"], fixed);

/** Every mnemonic this backend knows (for tests and error hints). */
export const A64_MNEMONICS: readonly string[] = [...TABLE.keys()];

/** Encode one instruction to its word (and relocation). Throws EncodeError. */
export function encodeWord(mnemonic: string, operands: string, ctx: EncodeContext): A64Word {
  const m = mnemonic.toLowerCase();
  const enc = TABLE.get(m);
  if (!enc) throw new EncodeError(`unknown mnemonic \`${mnemonic}'`);
  return enc(splitOperands(operands), ctx, m);
}

function le32(word: number): Uint8Array {
  return new Uint8Array([word & 0xff, (word >>> 8) & 0xff, (word >>> 16) & 0xff, word >>> 24]);
}

export const arm64Backend: AsmBackend = {
  arch: "arm64",
  elfMachine: EM_AARCH64,
  lineComment: ["//"],
  separator: ";",
  alignIsLog2: true,
  wordSize: 4,
  mappingSymbols: true,
  // .eh_frame as aarch64 gas writes it (AAELF64 / DWARF for the Arm 64-bit
  // architecture): code alignment 4, data alignment -8, return address in
  // x30, CFA = sp + 0 at entry; x0..x30 are DWARF registers 0..30, sp is 31.
  cfi: {
    codeAlign: 4, dataAlign: -8, raReg: 30, initial: [0x0c, 31, 0], initialCfaOffset: 0,
    reg: (name) => {
      const n = name.toLowerCase();
      if (n === "sp") return 31;
      if (n === "fp") return 29;
      if (n === "lr") return 30;
      const m = /^[xw]([0-9]|[12][0-9]|30)$/.exec(n);
      return m ? Number(m[1]) : undefined;
    },
    pcrelReloc: R_AARCH64_PREL32, sectionType: 1 /* SHT_PROGBITS, as gas writes it */,
  },
  dataReloc(size, pcrel) {
    if (size === 8) return pcrel ? R_AARCH64_PREL64 : R_AARCH64_ABS64;
    if (size === 4) return pcrel ? R_AARCH64_PREL32 : R_AARCH64_ABS32;
    if (size === 2) return pcrel ? R_AARCH64_PREL16 : R_AARCH64_ABS16;
    return undefined;
  },
  relocKind(type) {
    // gas keeps the symbol itself (not "section + offset") for thread-local
    // relocations: the linker needs a TLS symbol to find its TLS block. (GOT
    // relocations against a local symbol do become "section + offset" on A64.)
    if (type >= R_AARCH64_TLSLE_ADD_TPREL_HI12 && type <= R_AARCH64_TLSLE_ADD_TPREL_LO12_NC) return "tls";
    return undefined;
  },
  codeFill(count) {
    // gas pads A64 code with NOPs (d503201f) once aligned to 4, zeros before.
    const out = new Uint8Array(count);
    const nop = le32(0xd503201f);
    for (let i = count % 4; i + 4 <= count; i += 4) out.set(nop, i);
    return out;
  },
  encode(mnemonic, operands, ctx): Encoded {
    // gas treats '#' at the start of a line as a comment on every target;
    // gcc emits "#APP"/"#NO_APP" around inline asm. (The front-end passes
    // such a line to us as an instruction; it emits nothing.)
    if (mnemonic.startsWith("#")) return { bytes: new Uint8Array(0), relocs: [] };
    // Errors propagate even before the final pass: the front-end then keeps
    // the previous size and caches only encodings that used no symbol, so a
    // made-up word here would be cached and the error never reported.
    const { word, reloc } = encodeWord(mnemonic, operands, ctx);
    return { bytes: le32(word), relocs: reloc ? [{ offset: 0, ...reloc }] : [] };
  },
  directive(name, args, ctx) {
    if (name === ".inst") {   // .inst 0xd503201f{, ...}: raw instruction words
      const words = splitOperands(args).map((op) => {
        const v = ctx.value(op.text, op.col);
        if (v.symbol !== undefined || v.pcrel) throw new EncodeError(".inst needs a constant", op.col);
        return le32(Number(BigInt.asUintN(32, v.addend)));
      });
      const bytes = new Uint8Array(words.length * 4);
      words.forEach((w, i) => bytes.set(w, i * 4));
      return { bytes, relocs: [] };
    }
    return name === ".arch" || name === ".cpu" || name === ".arch_extension";
  },
};

/**
 * Encode one line ("add x0, x1, #1") outside an assembly file, at address
 * `pc`, with `symbols` (name -> address) for labels. Branch targets written
 * as numbers are byte offsets from `pc`, as in gas, unless `absoluteTargets`
 * (then they are addresses, as objdump prints them). A `//` comment is
 * ignored. For tests and tools, e.g. re-assembling a disassembly line.
 */
export function encodeA64(line: string, pc = 0, symbols: Record<string, number> = {}, absoluteTargets = false): A64Word {
  const cut = line.indexOf("//");                     // objdump's "// #-1" and "// b.any" notes
  const t = (cut < 0 ? line : line.slice(0, cut)).trim();
  const sp = t.search(/\s/);
  const mnemonic = sp < 0 ? t : t.slice(0, sp);
  const operands = sp < 0 ? "" : t.slice(sp).trim();
  const ctx: A64Context = {
    pc, section: ".text", final: true, absoluteTargets,
    value: (text, col) => evaluate(text, {
      section: ".text", pc,
      lookup: (name) => name in symbols ? { section: ".text", offset: symbols[name] } : undefined,
    }, col),
  };
  return encodeWord(mnemonic, operands, ctx);
}
