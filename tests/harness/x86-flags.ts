// Which RFLAGS bits an x86 instruction leaves *undefined*. The Intel SDM
// (Vol. 2, each instruction's "Flags Affected" section) lets a CPU put
// anything there, and qemu, real CPUs and our emulator may each choose
// differently, so the lockstep harness must not compare them.
//
// The instruction is named by objdump's Intel-syntax text. Shift and rotate
// counts matter (a count of 1 defines OF; a masked count of 0 changes no
// flags), so the count is read from the text or, for CL, from the register
// state before the instruction.

export const CF = 0x1, PF = 0x4, AF = 0x10, ZF = 0x40, SF = 0x80, DF = 0x400, OF = 0x800;
/** The status flags and DF: everything user code can observe besides IF/TF/etc. */
export const COMPARED_FLAGS = CF | PF | AF | ZF | SF | DF | OF;
const ALL = CF | PF | AF | ZF | SF | OF;

const FIXED: Record<string, number> = {
  and: AF, or: AF, xor: AF, test: AF,                       // SDM: "The state of the AF flag is undefined"
  mul: SF | ZF | AF | PF, imul: SF | ZF | AF | PF,          // only CF and OF are defined
  div: ALL, idiv: ALL,                                      // "CF, OF, SF, ZF, AF, and PF flags are undefined"
  bsf: CF | OF | SF | AF | PF, bsr: CF | OF | SF | AF | PF, // only ZF is defined
  bt: OF | SF | AF | PF, bts: OF | SF | AF | PF, btr: OF | SF | AF | PF, btc: OF | SF | AF | PF,
  tzcnt: OF | SF | AF | PF, lzcnt: OF | SF | AF | PF,
  andn: AF | PF, blsi: AF | PF, blsr: AF | PF, blsmsk: AF | PF, bzhi: AF | PF, bextr: AF | SF | PF,
};

/** Operand width in bits of the first operand of an Intel-syntax instruction, or 64 if unsure. */
export function destWidth(operands: string): number {
  const d = operands.split(",")[0].trim();
  if (/^(BYTE|WORD|DWORD|QWORD) PTR/.test(d)) return { BYTE: 8, WORD: 16, DWORD: 32, QWORD: 64 }[d.split(" ")[0]] ?? 64;
  if (/^(r\d+|r[a-z]{2})$/.test(d)) return 64;
  if (/^(r\d+d|e[a-z]{2})$/.test(d)) return 32;
  if (/^(r\d+w|[a-d]x|[sd]i|[sb]p)$/.test(d)) return 16;
  if (/^(r\d+b|[a-d]l|[a-d]h|[sd]il|[sb]pl)$/.test(d)) return 8;
  return 64;
}

/**
 * The undefined-flags mask for instruction `text` (objdump -M intel), given
 * RCX before it executed (for counts in CL).
 */
export function undefinedFlags(text: string, rcx: bigint): number {
  const sp = text.indexOf(" ");
  let mnem = sp < 0 ? text : text.slice(0, sp);
  const ops = sp < 0 ? "" : text.slice(sp + 1).trim();
  if (mnem === "lock" || mnem === "rep" || mnem === "repz" || mnem === "repnz" || mnem === "data16") {
    return undefinedFlags(ops, rcx);
  }
  if (mnem in FIXED) return FIXED[mnem];
  const isShift = /^(shl|sal|shr|sar)$/.test(mnem), isRot = /^(rol|ror|rcl|rcr)$/.test(mnem);
  const isDouble = mnem === "shld" || mnem === "shrd";
  if (!isShift && !isRot && !isDouble) return 0;
  const width = destWidth(ops);
  const parts = ops.split(",");
  const last = parts.length > (isDouble ? 2 : 1) ? parts[parts.length - 1].trim() : "1";
  const raw = last === "cl" ? Number(rcx & 0xffn) : last.startsWith("0x") ? parseInt(last, 16) : Number(last);
  const count = raw & (width === 64 ? 63 : 31);
  if (count === 0) return 0;                                 // no flags change at all
  if (isRot) return count === 1 ? 0 : OF;                    // rotates touch only CF and OF
  if (isDouble && count > width) return ALL;                 // SHLD/SHRD: "the destination and flags are undefined"
  return AF | (count === 1 ? 0 : OF);
}
