// Generated A64 instruction lines for the assembler conformance tests: every
// form of every instruction class x register kinds (W/X, SP, ZR) x
// interesting immediates, valid and invalid alike. The test assembles the
// same lines with GNU as and expects the same words, and the same verdict
// (accepted/rejected) line by line.

import { decodeBitmask } from "../../toolchain/asm/arm64/bitmask";

const X = ["x0", "x7", "x30", "xzr", "sp"];
const W = ["w0", "w9", "w30", "wzr", "wsp"];
const XG = ["x0", "x17", "x30", "xzr"];          // no SP
const WG = ["w1", "w16", "wzr"];
const ALL = [...X, ...W];

function cross<T>(...lists: T[][]): T[][] {
  return lists.reduce<T[][]>((acc, l) => acc.flatMap((a) => l.map((x) => [...a, x])), [[]]);
}

const hex = (v: bigint) => (v < 0n ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`);

export function arithmetic(): string[] {
  const out: string[] = [];
  const imms = ["#0", "#1", "#4095", "#4096", "#0xfff000", "#4097", "#-1", "#-4096", "#0x1000000"];
  for (const m of ["add", "adds", "sub", "subs"]) {
    for (const [d, n] of cross(ALL, ALL)) {
      if ((d[0] === "x" || d === "sp") !== (n[0] === "x" || n === "sp")) continue;
      for (const i of imms) out.push(`${m} ${d}, ${n}, ${i}`);
      out.push(`${m} ${d}, ${n}, #1, lsl #12`, `${m} ${d}, ${n}, #3, lsl #3`);
    }
    for (const [d, n, r] of cross(["x0", "sp", "xzr", "w2", "wsp"], ["x1", "sp", "xzr", "w3", "wsp"], ["x2", "xzr", "w4", "wzr", "sp"])) {
      out.push(`${m} ${d}, ${n}, ${r}`);
      for (const s of ["lsl #0", "lsl #1", "lsl #4", "lsl #31", "lsl #63", "lsr #7", "asr #32", "ror #3"]) out.push(`${m} ${d}, ${n}, ${r}, ${s}`);
      for (const e of ["uxtb", "uxth", "uxtw", "uxtx", "sxtb", "sxth", "sxtw", "sxtx"]) {
        out.push(`${m} ${d}, ${n}, ${r}, ${e}`, `${m} ${d}, ${n}, ${r}, ${e} #2`, `${m} ${d}, ${n}, ${r}, ${e} #4`, `${m} ${d}, ${n}, ${r}, ${e} #5`);
      }
    }
  }
  for (const m of ["cmp", "cmn"]) {
    for (const n of ALL) {
      for (const i of ["#0", "#1", "#4095", "#4096", "#-5"]) out.push(`${m} ${n}, ${i}`);
      for (const r of ["x3", "w3", "xzr", "sp"]) {
        out.push(`${m} ${n}, ${r}`, `${m} ${n}, ${r}, lsl #2`, `${m} ${n}, ${r}, asr #63`, `${m} ${n}, ${r}, uxtw #1`, `${m} ${n}, ${r}, sxtx`);
      }
    }
  }
  for (const m of ["neg", "negs", "mvn"]) {
    for (const [d, r] of cross([...XG, ...WG, "sp"], [...XG, ...WG, "sp"])) {
      out.push(`${m} ${d}, ${r}`, `${m} ${d}, ${r}, lsl #3`, `${m} ${d}, ${r}, lsr #31`, `${m} ${d}, ${r}, asr #40`, `${m} ${d}, ${r}, ror #1`);
    }
  }
  for (const m of ["adc", "adcs", "sbc", "sbcs"]) for (const [d, n, r] of cross(["x0", "w1", "xzr", "sp"], ["x2", "w3", "xzr"], ["x4", "w5", "wzr"])) out.push(`${m} ${d}, ${n}, ${r}`);
  for (const m of ["ngc", "ngcs"]) for (const [d, r] of cross(["x0", "w1", "xzr"], ["x2", "w3", "wzr"])) out.push(`${m} ${d}, ${r}`);
  return out;
}

/** Every encodable bitmask immediate of both sizes, and some that are not. */
export function bitmaskImmediates(): string[] {
  const out: string[] = [];
  for (let n = 0; n < 2; n++) for (let immr = 0; immr < 64; immr++) for (let imms = 0; imms < 64; imms++) {
    const v64 = decodeBitmask(n, immr, imms, 64);
    if (v64 !== null && immr < 64) out.push(`and x${immr % 31}, x${imms % 31}, #${hex(v64)}`);
    const v32 = n === 0 && immr < 32 ? decodeBitmask(0, immr, imms, 32) : null;
    if (v32 !== null) out.push(`orr w${immr % 31}, w${imms % 31}, #${hex(v32)}`);
  }
  for (const v of ["0", "-1", "0x1234", "0x12345678", "0xffffffff00000001", "0x8000000000000001", "0x3ffc", "0xfffffffe"]) {
    out.push(`and x0, x1, #${v}`, `and w0, w1, #${v}`, `eor sp, x2, #${v}`, `ands xzr, x2, #${v}`, `bic x3, x4, #${v}`, `tst w5, #${v}`, `mov x6, #${v}`, `mov w7, #${v}`);
  }
  return out;
}

export function logicalAndMoves(): string[] {
  const out: string[] = [];
  for (const m of ["and", "orr", "eor", "ands", "bic", "orn", "eon", "bics"]) {
    for (const [d, n, r] of cross(["x0", "sp", "xzr", "w1", "wsp"], ["x2", "sp", "xzr", "w3"], ["x4", "xzr", "w5", "sp"])) {
      for (const s of ["", ", lsl #0", ", lsl #63", ", lsr #31", ", asr #32", ", ror #17"]) out.push(`${m} ${d}, ${n}, ${r}${s}`);
    }
    for (const [d, n] of cross(["x0", "sp", "xzr", "w1", "wsp", "wzr"], ["x2", "sp", "xzr", "w3"])) out.push(`${m} ${d}, ${n}, #0xff`, `${m} ${d}, ${n}, #-2`);
  }
  for (const [d, r] of cross(ALL, [...ALL, "#0", "#1", "#-1", "#0xffff", "#0x10000", "#0xffff0000", "#0x12340000", "#0x123400000000", "#0xabcd000000000000",
    "#-0x10000", "#0xfffffffe", "#-2", "#0x55555555", "#0x5555555555555555", "#0x100000000", "#0x12345", "#4294967295", "#-4294967296"])) {
    out.push(`mov ${d}, ${r}`);
  }
  for (const m of ["movz", "movn", "movk"]) {
    for (const [d, i, s] of cross(["x0", "w1", "xzr", "wzr", "sp"], ["#0", "#1", "#0xffff", "#0x10000", "#-1"], ["", ", lsl #0", ", lsl #16", ", lsl #32", ", lsl #48", ", lsl #8", ", lsl #64"])) {
      out.push(`${m} ${d}, ${i}${s}`);
    }
  }
  return out;
}

export function bitfields(): string[] {
  const out: string[] = [];
  for (const m of ["sbfm", "bfm", "ubfm"]) for (const [d, n] of cross(["x0", "w1", "xzr", "sp"], ["x2", "w3", "wzr"])) {
    for (const [r, s] of cross(["#0", "#1", "#31", "#32", "#63", "#64"], ["#0", "#7", "#31", "#63"])) out.push(`${m} ${d}, ${n}, ${r}, ${s}`);
  }
  for (const m of ["lsl", "lsr", "asr", "ror"]) for (const [d, n] of cross(["x0", "w1", "xzr", "sp"], ["x2", "w3", "wzr"])) {
    for (const s of ["#0", "#1", "#15", "#31", "#32", "#63", "#64", "x4", "w5", "xzr"]) out.push(`${m} ${d}, ${n}, ${s}`);
  }
  for (const m of ["sxtb", "sxth", "sxtw", "uxtb", "uxth", "uxtw"]) for (const [d, n] of cross(["x0", "w1", "xzr", "wzr", "sp"], ["w2", "x3", "wzr"])) out.push(`${m} ${d}, ${n}`);
  for (const m of ["ubfx", "sbfx", "bfxil", "ubfiz", "sbfiz", "bfi"]) for (const [d, n] of cross(["x0", "w1", "xzr"], ["x2", "w3", "wzr"])) {
    for (const [l, w] of cross(["#0", "#1", "#31", "#32", "#63"], ["#1", "#8", "#31", "#32", "#33", "#64"])) out.push(`${m} ${d}, ${n}, ${l}, ${w}`);
  }
  for (const [d, n, r] of cross(["x0", "w1"], ["x2", "w3", "xzr"], ["x4", "w5"])) for (const l of ["#0", "#5", "#31", "#32", "#63"]) out.push(`extr ${d}, ${n}, ${r}, ${l}`);
  return out;
}

export function registerOps(): string[] {
  const out: string[] = [];
  const R3 = cross(["x0", "w1", "xzr", "sp"], ["x2", "w3", "wzr"], ["x4", "w5", "xzr"]);
  for (const m of ["mul", "mneg", "smulh", "umulh", "smull", "umull", "smnegl", "umnegl", "udiv", "sdiv", "lslv", "lsrv", "asrv", "rorv"]) {
    for (const [d, n, r] of R3) out.push(`${m} ${d}, ${n}, ${r}`);
  }
  for (const m of ["madd", "msub", "smaddl", "smsubl", "umaddl", "umsubl"]) for (const [d, n, r] of R3) for (const a of ["x6", "w7", "xzr"]) out.push(`${m} ${d}, ${n}, ${r}, ${a}`);
  for (const m of ["rbit", "rev16", "rev32", "rev", "rev64", "clz", "cls"]) for (const [d, n] of cross(["x0", "w1", "xzr", "sp"], ["x2", "w3", "wzr"])) out.push(`${m} ${d}, ${n}`);
  const conds = ["eq", "ne", "cs", "hs", "cc", "lo", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le", "al", "nv"];
  for (const m of ["csel", "csinc", "csinv", "csneg"]) for (const [d, n, r] of cross(["x0", "w1", "xzr"], ["x2", "w3"], ["x4", "w5", "wzr"])) for (const c of ["eq", "hs", "lo", "nv"]) out.push(`${m} ${d}, ${n}, ${r}, ${c}`);
  for (const c of conds) {
    out.push(`cset x0, ${c}`, `cset w1, ${c}`, `csetm x2, ${c}`, `cinc x3, x4, ${c}`, `cinv w5, w6, ${c}`, `cneg x7, x8, ${c}`, `csel x0, x1, x2, ${c}`);
    out.push(`ccmp x0, x1, #0, ${c}`, `ccmn w2, #31, #15, ${c}`, `ccmp x3, #5, #4, ${c}`, `ccmn xzr, xzr, #8, ${c}`);
  }
  out.push("ccmp x0, #32, #0, eq", "ccmp x0, #0, #16, eq", "ccmp sp, #0, #0, eq", "ccmp x0, w1, #0, eq");
  return out;
}

export function loadsStores(): string[] {
  const out: string[] = [];
  const ms = ["strb", "ldrb", "ldrsb", "strh", "ldrh", "ldrsh", "str", "ldr", "ldrsw"];
  const offs = ["", ", #0", ", #1", ", #2", ", #4", ", #8", ", #-8", ", #255", ", #256", ", #-256", ", #-257", ", #4095", ", #8190", ", #16380", ", #32760", ", #32768"];
  for (const m of ms) for (const t of ["x0", "w1", "xzr", "wzr", "sp"]) for (const b of ["x2", "sp", "w3", "xzr"]) {
    for (const o of offs) out.push(`${m} ${t}, [${b}${o}]`);
    for (const o of ["#0", "#8", "#-256", "#255", "#256"]) out.push(`${m} ${t}, [${b}, ${o}]!`, `${m} ${t}, [${b}], ${o}`);
    for (const [r, e] of cross(["x4", "w5", "xzr", "sp"], ["", ", lsl #0", ", lsl #1", ", lsl #2", ", lsl #3", ", uxtw", ", uxtw #0", ", uxtw #2", ", sxtw", ", sxtw #3", ", sxtx", ", sxtx #1", ", uxtx", ", lsl"])) {
      out.push(`${m} ${t}, [${b}, ${r}${e}]`);
    }
  }
  for (const m of ["sturb", "ldurb", "ldursb", "sturh", "ldurh", "ldursh", "stur", "ldur", "ldursw", "sttrb", "ldtrb", "ldtrsb", "sttrh", "ldtrh", "ldtrsh", "sttr", "ldtr", "ldtrsw"]) {
    for (const t of ["x0", "w1"]) for (const o of ["", ", #0", ", #-256", ", #255", ", #256", ", #3"]) out.push(`${m} ${t}, [x2${o}]`);
    out.push(`${m} x0, [x1, #8]!`);
  }
  for (const p of ["pldl1keep", "pldl3strm", "plil2keep", "pstl1strm", "#6", "#31", "#32"]) {
    out.push(`prfm ${p}, [x0]`, `prfm ${p}, [x1, #8]`, `prfm ${p}, [sp, x2, lsl #3]`, `prfum ${p}, [x3, #-1]`, `prfm ${p}, [x4, #-8]`);
  }
  for (const m of ["ldp", "stp", "ldpsw", "ldnp", "stnp"]) for (const [a, b] of cross(["x0", "w1", "xzr"], ["x2", "w3", "wzr"])) {
    for (const o of ["", ", #0", ", #4", ", #8", ", #-8", ", #252", ", #256", ", #504", ", #-512", ", #-520", ", #6"]) out.push(`${m} ${a}, ${b}, [sp${o}]`);
    for (const o of ["#16", "#-16", "#-64", "#-256"]) out.push(`${m} ${a}, ${b}, [x4, ${o}]!`, `${m} ${a}, ${b}, [x5], ${o}`);
  }
  for (const m of ["stxr", "stlxr"]) for (const s of ["", "b", "h"]) for (const [st, t] of cross(["w0", "x0", "wzr"], ["w1", "x2", "xzr"])) out.push(`${m}${s} ${st}, ${t}, [x3]`, `${m}${s} ${st}, ${t}, [sp, #0]`);
  for (const m of ["ldxr", "ldaxr", "ldar", "stlr"]) for (const s of ["", "b", "h"]) for (const t of ["w1", "x2", "xzr"]) out.push(`${m}${s} ${t}, [x3]`, `${m}${s} ${t}, [sp]`, `${m}${s} ${t}, [x4, #8]`);
  for (const m of ["ldxp", "ldaxp"]) for (const [a, b] of cross(["w0", "x1"], ["w2", "x3"])) out.push(`${m} ${a}, ${b}, [x4]`);
  for (const m of ["stxp", "stlxp"]) for (const [a, b] of cross(["w0", "x1"], ["w2", "x3"])) out.push(`${m} w5, ${a}, ${b}, [x4]`);
  return out;
}

export function branchesAndSystem(): string[] {
  const out: string[] = [];
  for (const t of ["0", "4", "-4", "0x7fffffc", "-0x8000000", "0x8000000", "6", "0xffffc", "-0x100000", "0x100000", "0x7ffc", "-0x8000", "0x8000"]) {
    out.push(`b ${t}`, `bl ${t}`, `b.eq ${t}`, `b.nv ${t}`, `b.hs ${t}`, `cbz x0, ${t}`, `cbnz w1, ${t}`, `tbz x2, #63, ${t}`, `tbnz w3, #31, ${t}`, `tbz x4, #3, ${t}`,
      `adr x5, ${t}`, `ldr x6, ${t}`, `ldr w7, ${t}`, `ldrsw x8, ${t}`, `prfm pldl1keep, ${t}`);
  }
  out.push("tbz w0, #32, 8", "cbz sp, 8", "adr sp, 8", "adr w0, 8");
  for (const r of ["x0", "x30", "xzr", "w1", "sp"]) out.push(`br ${r}`, `blr ${r}`, `ret ${r}`);
  out.push("ret");
  for (const m of ["svc", "hvc", "smc", "brk", "hlt", "udf"]) for (const i of ["#0", "#1", "#0xffff", "#0x10000", "#-1"]) out.push(`${m} ${i}`);
  out.push("nop", "yield", "wfe", "wfi", "sev", "sevl", "hint #0", "hint #6", "hint #127", "hint #128", "eret", "isb", "isb sy",
    "dgh", "xpaclri", "pacia1716", "pacib1716", "autia1716", "autib1716", "esb", "psb csync", "tsb csync", "psb", "csdb",
    "paciaz", "paciasp", "pacibz", "pacibsp", "autiaz", "autiasp", "autibz", "autibsp", "bti", "bti c", "bti j", "bti jc", "bti x",
    ...Array.from({ length: 128 }, (_, i) => `hint #${i}`), "clearbhb", "isb #3", "clrex", "clrex #5", "ssbb", "pssbb");
  for (const m of ["dmb", "dsb"]) for (const o of ["sy", "st", "ld", "ish", "ishst", "ishld", "nsh", "nshst", "nshld", "osh", "oshst", "oshld", "#0", "#12", "#15", "#16"]) out.push(`${m} ${o}`);
  const regs = ["nzcv", "daif", "fpcr", "fpsr", "tpidr_el0", "tpidrro_el0", "cntvct_el0", "cntfrq_el0", "cntpct_el0", "ctr_el0", "dczid_el0",
    "vbar_el1", "sctlr_el1", "tcr_el1", "ttbr0_el1", "ttbr1_el1", "mair_el1", "esr_el1", "far_el1", "elr_el1", "spsr_el1", "sp_el0", "currentel",
    "midr_el1", "mpidr_el1", "cpacr_el1", "tpidr_el1", "par_el1", "cntv_ctl_el0", "cntv_cval_el0", "cntv_tval_el0", "cntkctl_el1", "contextidr_el1",
    "hcr_el2", "elr_el2", "spsr_el2", "S3_0_C15_C2_0", "s3_3_c4_c2_0", "s2_0_c0_c2_2", "VBAR_EL1", "isr_el1", "id_aa64mmfr0_el1"];
  for (const r of regs) out.push(`mrs x0, ${r}`, `msr ${r}, x1`, `mrs w0, ${r}`);
  for (const p of ["daifset", "daifclr", "spsel", "DAIFSet"]) for (const i of ["#0", "#1", "#2", "#15", "#16"]) out.push(`msr ${p}, ${i}`);
  for (const op of ["vmalle1is", "vae1is", "aside1is", "vaae1is", "vale1is", "vaale1is", "vmalle1", "vae1", "aside1", "vaae1", "vale1", "vaale1", "alle1", "alle2", "vmalls12e1"]) {
    out.push(`tlbi ${op}`, `tlbi ${op}, x3`);
  }
  for (const op of ["civac", "cvac", "cvau", "zva", "ivac", "isw", "csw", "cisw"]) out.push(`dc ${op}, x0`, `dc ${op}`);
  out.push("ic ivau, x1", "ic iallu", "ic ialluis", "at s1e1r, x2", "at s1e0w, x3", "sys #0, c8, c7, #0", "sys #3, c7, c5, #1, x1", "sysl x0, #3, c9, c1, #2");
  return out;
}

/** LSE atomics and LDAPR (gas needs `.arch armv8.3-a` for them: see GROUP_PREAMBLE). */
export function atomics(): string[] {
  const out: string[] = [];
  const ops = ["add", "clr", "eor", "set", "smax", "smin", "umax", "umin"];
  for (const op of ops) for (const s of ["", "b", "h"]) for (const al of ["", "a", "l", "al"]) {
    for (const [rs, rt, rn] of [["w0", "w1", "x2"], ["x3", "x4", "sp"], ["w5", "wzr", "x6"], ["x7", "w8", "x9"], ["wzr", "w1", "x2, #0"], ["w1", "w2", "x3, #8"]]) {
      out.push(`ld${op}${al}${s} ${rs}, ${rt}, [${rn}]`);
    }
    if (al === "" || al === "l") out.push(`st${op}${al}${s} w1, [x2]`, `st${op}${al}${s} x3, [sp]`);
  }
  for (const m of ["swp", "cas"]) for (const s of ["", "b", "h"]) for (const al of ["", "a", "l", "al"]) {
    out.push(`${m}${al}${s} w0, w1, [x2]`, `${m}${al}${s} x3, x4, [sp]`, `${m}${al}${s} w5, x6, [x7]`, `${m}${al}${s} wzr, wzr, [x8, #0]`);
  }
  for (const al of ["", "a", "l", "al"]) {
    out.push(`casp${al} x0, x1, x2, x3, [x4]`, `casp${al} w4, w5, w30, wzr, [sp]`, `casp${al} x1, x2, x4, x5, [x6]`,
      `casp${al} x0, x2, x4, x5, [x6]`, `casp${al} w0, w1, x2, x3, [x4]`);
  }
  for (const s of ["", "b", "h"]) out.push(`ldapr${s} w0, [x1]`, `ldapr${s} x2, [sp]`, `ldapr${s} w3, [x4, #0]`, `ldapr${s} w5, [x6, #4]`);
  return out;
}

/** Source lines gas needs before a group's lines. */
export const GROUP_PREAMBLE: Record<string, string> = { atomics: ".arch armv8.3-a\n" };

/** Mnemonics, registers, shifts, conditions and system names are case-insensitive in gas. */
export function upperCase(): string[] {
  const sample = (l: string[], step: number) => l.filter((_, i) => i % step === 0);
  return [
    ...sample(arithmetic(), 97), ...sample(logicalAndMoves(), 23), ...sample(bitfields(), 13),
    ...sample(registerOps(), 7), ...sample(loadsStores(), 31), ...sample(branchesAndSystem(), 3),
    "tst x0, x1, lsl #3", "tst w2, w3, ror #31", "tst xzr, x4",
  ].map((l) => l.toUpperCase());
}

export const ALL_GROUPS: Record<string, () => string[]> = {
  arithmetic, bitmaskImmediates, logicalAndMoves, bitfields, registerOps, loadsStores, branchesAndSystem, upperCase,
  atomics,
};
