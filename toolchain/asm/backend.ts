// The contract between the arch-neutral assembler front-end (assemble.ts) and
// an architecture backend (x86_64/, arm64/).
//
// The front-end owns everything that is the same on every machine: reading
// lines, comments, labels (incl. numeric `1:` / `1b` / `1f`), directives,
// sections, symbols, expressions, relaxation passes, ELF output, and error
// formatting. A backend owns one thing: turning ONE instruction
// (`mnemonic operands`) into bytes plus the relocations that the linker must
// finish. It never sees the ELF file, never keeps state between calls, and
// asks the front-end for the value of any expression it meets in an operand.
//
// Relaxation (how `jmp label` ends up 2 bytes, not 5, when the label is near):
// the front-end lays the section out several times. On every pass it calls
// `encode` for every instruction. A label already passed has its offset from
// this pass; a label further on has its previous-pass offset plus the growth
// so far in this pass, as in gas (on the first pass, it is reported at the
// instruction's own offset — optimistic, "it is near"). A
// backend picks the shortest encoding that fits the values it sees; the
// front-end repeats until no size changes, then runs one last pass with
// `ctx.final = true` whose bytes are written out. To make this converge an
// encoding must never shrink: `ctx.lastSize` is this instruction's size on the
// previous pass, and a backend that sees it must return at least that many
// bytes (gas behaves the same: a relaxed jump never becomes short again).
// An instruction whose operands gave only plain numbers (ctx.value never
// returned a symbol) is encoded once and reused on later passes, so such an
// encoding must not depend on ctx.pc or ctx.lastSize.

/** A relocation the linker applies: patch `bytes[offset..]` with the value of
 *  `type` computed from S (= `symbol`'s address), A (= `addend`) and P (= the
 *  address of the patched field). `offset` counts from the start of THIS
 *  instruction's bytes; the front-end adds the instruction's section offset.
 *  If `symbol` is a local (non-global) symbol the front-end rewrites it as the
 *  section symbol plus the symbol's offset, exactly as GNU as does. */
export interface Reloc {
  offset: number;
  type: number;      // R_X86_64_* / R_AARCH64_* from toolchain/elf/constants.ts
  symbol: string;
  addend: bigint;
}

/** The value of an expression, as far as the assembler can know it.
 *  - absolute:  `symbol` undefined; the value is `addend`.
 *  - relocatable: symbol + addend, to be finished by the linker (or by the
 *    backend, for a PC-relative use when `section` is the current section). */
export interface Value {
  addend: bigint;
  /**
   * The expression named a symbol that was not yet defined where it was
   * first assembled (a forward reference). GNU as cannot know such a value
   * when it picks an encoding, so it keeps the widest immediate even when
   * the value, known later, would fit a smaller one; the x86 backend does
   * the same, to produce the same bytes.
   */
  forward?: boolean;
  /** The one symbol the value is relative to (undefined for an absolute value). */
  symbol?: string;
  /** Section that defines `symbol`, or undefined if it is undefined/common here. */
  section?: string;
  /** `symbol`'s offset inside `section` (this pass's layout). */
  offset?: number;
  /** True if `symbol` is .globl or .weak (gas keeps relocations against those). */
  global?: boolean;
  /** True if `symbol` is .weak (never resolved locally: the linker may replace it). */
  weak?: boolean;
  /** True if the expression subtracted `.` (the statement's own address):
   *  value = symbol + addend - (section offset of this statement). */
  pcrel?: boolean;
}

/** What a backend may ask while encoding one instruction. */
export interface EncodeContext {
  /** Offset of this instruction in its section. */
  pc: number;
  /** Name of the section being assembled (".text", ...). */
  section: string;
  /** Evaluate an expression in GNU as syntax (numbers, symbols, `.`, `1f`/`1b`,
   *  + - * / % << >> & | ^ ~, parentheses). Throws EncodeError if malformed or
   *  if it is not absolute-or-symbol+constant. `col` is where `expr` starts in
   *  the operand text (1-based), so errors inside it point at the right column. */
  value(expr: string, col?: number): Value;
  /** Size this instruction had on the previous pass (undefined on the first). */
  lastSize?: number;
  /** True on the last pass, when the bytes are kept: every value is final. */
  final: boolean;
}

export interface Encoded {
  bytes: Uint8Array;
  relocs: Reloc[];
}

/** A user's mistake in an instruction. `col` (1-based, in the operand text, or
 *  undefined for "the whole statement") lets the front-end point at it:
 *  `file:line:col: error: message`. Backends throw this; never anything else
 *  for bad input. */
export class EncodeError extends Error {
  constructor(message: string, public col?: number) {
    super(message);
    this.name = "EncodeError";
  }
}

export interface AsmBackend {
  arch: "x86_64" | "arm64";
  /** e_machine for the ELF header (EM_X86_64 / EM_AARCH64). */
  elfMachine: number;
  /** Line-comment starters: ["#"] on x86 (plus C comments, handled by the
   *  front-end), ["//"] on A64. */
  lineComment: string[];
  /** Statement separator inside a line: ";" on x86, undefined on A64 (where
   *  ';' is a comment char in some assemblers; gas A64 treats it as separator
   *  too, so set it if you want it). */
  separator?: string;
  /** `.align n`: true if n is a power of two (A64), false if a byte count (x86). */
  alignIsLog2: boolean;
  /** Size in bytes of `.word` (2 on x86, 4 on A64). */
  wordSize: 2 | 4;
  /** Relocation type for a data directive (.byte/.short/.long/.quad) holding
   *  symbol+addend (pcrel=false) or symbol+addend-. (pcrel=true); undefined if
   *  the architecture has none (the front-end then reports an error). */
  dataReloc(size: 1 | 2 | 4 | 8, pcrel: boolean): number | undefined;
  /** Bytes used to pad code sections for .align/.p2align (NOPs of the arch,
   *  chosen as gas chooses them). Data sections are padded with zeros by the
   *  front-end without asking. */
  codeFill(count: number): Uint8Array;
  /** Encode one instruction. `mnemonic` is lower-cased; `operands` is the rest
   *  of the statement with surrounding blanks and comments removed (original
   *  case kept: symbol names are case-sensitive). Throws EncodeError. */
  encode(mnemonic: string, operands: string, ctx: EncodeContext): Encoded;
  /** Optional: handle a directive the front-end does not know (e.g.
   *  `.intel_syntax`, `.inst`, `.arch`). Return true if handled, or an
   *  Encoded to emit bytes; return false to let the front-end report
   *  "unknown directive". */
  directive?(name: string, args: string, ctx: EncodeContext): boolean | Encoded;
  /** Optional: emit AAELF64 mapping symbols (`$x` where code starts, `$d`
   *  where data starts, inside executable sections), so disassemblers know
   *  which bytes are instructions. Set on A64. */
  mappingSymbols?: boolean;
  /** Optional: what `.cfi_*` directives need to build `.eh_frame` (cfi.ts).
   *  Without it they are accepted and ignored. */
  cfi?: {
    codeAlign: number; dataAlign: number; raReg: number;
    /** CIE initial instructions (the state at a function's entry). */
    initial: number[];
    /** CFA offset at entry (what `.cfi_adjust_cfa_offset` starts from). */
    initialCfaOffset: number;
    /** DWARF register number of a register name. */
    reg(name: string): number | undefined;
    /** PC-relative 32-bit relocation for FDE pc_begin; and .eh_frame's section type. */
    pcrelReloc: number; sectionType: number;
  };
  /** Optional: relocation types that must name their symbol itself, never
   *  "section symbol + offset" (gas's tc_fix_adjustable): "got" for GOT
   *  relocations, "tls" for thread-local ones (which also make an undefined
   *  symbol STT_TLS). */
  relocKind?(type: number): "got" | "tls" | undefined;
  /** Optional: undefined symbols an object must name because of the
   *  relocation types it uses (x86-64: `_GLOBAL_OFFSET_TABLE_` once any GOT
   *  relocation appears, as gas does). */
  impliedSymbols?(relocTypes: Set<number>): string[];
}
