// System instructions a kernel needs in assembly (Intel SDM Vol. 2 and
// Vol. 3A ch. 2-3): moves to and from control, debug and segment registers,
// LGDT/LIDT/SGDT/SIDT, LTR/LLDT, INVLPG, IN/OUT, PUSH/POP FS/GS. They are
// privileged (CPL 0) except the segment moves and PUSH/POP; the assembler
// does not care, the CPU does.

import { Handler, agree, bad, count, finish, regOp, rm, rmOp, setSize, sizeOf } from "./forms";
import { Operand } from "./operands";

/** MOV with a control (0F 20/22), debug (0F 21/23) or segment (8C/8E) register. */
export const movSpecial: Handler = (ops, ctx, e, mnem) => {
  const [dst, src] = ops;
  const kind = (o: Operand) => (o.kind === "reg" ? o.reg.kind : o.kind);
  if (kind(dst) === "cr" || kind(dst) === "dr" || kind(src) === "cr" || kind(src) === "dr") {
    const toSpecial = kind(dst) === "cr" || kind(dst) === "dr";
    const special = (toSpecial ? dst : src) as Extract<Operand, { kind: "reg" }>;
    const g = regOp(toSpecial ? src : dst, mnem);
    if (g.reg.size !== 8) bad(`'${mnem}' with ${special.reg.name} needs a 64-bit register`, g);
    const base = special.reg.kind === "cr" ? 0x20 : 0x21;
    e.opcode = [0x0f, base + (toSpecial ? 2 : 0)];
    rm(e, special.reg.num, g);     // the special register goes in ModRM.reg, REX.R for cr8
    return finish(e, ctx);
  }
  if (kind(dst) === "seg") {
    const s = rmOp(src, mnem);
    const size = sizeOf(s) ?? 2;
    if (size === 1) bad(`operand size mismatch for '${mnem}'`, src);
    e.opcode = [0x8e];              // gas writes `mov ds, ax` without a 66 prefix
    rm(e, (dst as Extract<Operand, { kind: "reg" }>).reg.num, s);
    return finish(e, ctx);
  }
  if (kind(src) === "seg") {
    const d = rmOp(dst, mnem);
    const size = sizeOf(d) ?? 2;
    if (size === 1) bad(`operand size mismatch for '${mnem}'`, dst);
    if (size === 2 && d.kind === "reg") e.opsize = true;
    e.opcode = [0x8c];
    rm(e, (src as Extract<Operand, { kind: "reg" }>).reg.num, d);
    return finish(e, ctx);
  }
  return bad(`operand type mismatch for '${mnem}'`, dst);
};

/** 0F 01 /n and 0F 00 /n groups taking a memory (descriptor table) or r/m16 operand. */
const group = (opc: number[], n: number, memOnly: boolean, store = false): Handler => (ops, ctx, e, mnem) => {
  count(ops, 1, mnem);
  const o = rmOp(ops[0], mnem);
  if (memOnly && o.kind !== "mem") bad(`'${mnem}' needs a memory operand`, ops[0]);
  if (store && o.kind === "reg") setSize(e, o.reg.size);   // STR/SLDT to a register honour its size
  else if (!memOnly && sizeOf(o) !== undefined && sizeOf(o) !== 2) bad(`operand size mismatch for '${mnem}': 16-bit selector`, ops[0]);
  e.opcode = opc;
  rm(e, n, o.kind === "mem" ? { ...o, size: undefined } : o);
  return finish(e, ctx);
};

/** IN acc, dx|imm8 (EC/ED, E4/E5) and OUT dx|imm8, acc (EE/EF, E6/E7). */
const port = (isIn: boolean): Handler => (ops, ctx, e, mnem) => {
  count(ops, 2, mnem);
  const [accOp, portOp] = isIn ? ops : [ops[1], ops[0]];
  const acc = regOp(accOp, mnem);
  if (acc.reg.num !== 0 || acc.reg.size === 8) bad(`'${mnem}' moves data through al, ax or eax`, accOp);
  const size = agree([acc], mnem, [1, 2, 4]);
  if (size === 2) e.opsize = true;
  const w = size === 1 ? 0 : 1;
  if (portOp.kind === "reg" && portOp.reg.name === "dx") e.opcode = [(isIn ? 0xec : 0xee) + w];
  else if (portOp.kind === "imm" && portOp.value.symbol === undefined && portOp.value.addend >= 0n && portOp.value.addend <= 255n) {
    e.opcode = [(isIn ? 0xe4 : 0xe6) + w, Number(portOp.value.addend)];
  } else bad(`the port of '${mnem}' is dx or a number 0..255`, portOp);
  return finish(e, ctx);
};

/** PUSH/POP of FS and GS (0F A0/A8, 0F A1/A9); the others do not exist in 64-bit mode. */
export function pushPopSeg(name: string, push: boolean): number[] | undefined {
  if (name === "fs") return [0x0f, push ? 0xa0 : 0xa1];
  if (name === "gs") return [0x0f, push ? 0xa8 : 0xa9];
  return undefined;
}

export const SYSTEM_HANDLERS: Record<string, Handler> = {
  lgdt: group([0x0f, 0x01], 2, true), lidt: group([0x0f, 0x01], 3, true),
  sgdt: group([0x0f, 0x01], 0, true), sidt: group([0x0f, 0x01], 1, true),
  invlpg: group([0x0f, 0x01], 7, true),
  sldt: group([0x0f, 0x00], 0, false, true), str: group([0x0f, 0x00], 1, false, true),
  lldt: group([0x0f, 0x00], 2, false), ltr: group([0x0f, 0x00], 3, false),
  in: port(true), out: port(false),
};
