// Branch relaxation against GNU as: seeded random programs full of forward
// and backward jumps, conditional jumps, calls, alignment and padding, where
// many distances sit near the rel8 limit (-128..127). Every program must give
// the same bytes, symbols and relocations as gas — which picks the short form
// whenever the final layout allows it, and never shrinks a grown jump.

import { describe } from "vitest";
import { oracleIt } from "../oracles";
import { compareWithGas } from "./asm-x86_64-gas";

const it = oracleIt(["as", "objcopy", "nm", "readelf"]);

/** A small deterministic PRNG (mulberry32) so failures can be replayed by seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return (n: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
}

const CC = ["e", "ne", "l", "ge", "b", "a", "s", "np"];

function program(seed: number): string {
  const r = rng(seed);
  const n = 60 + r(200);
  const lines = [".intel_syntax noprefix", ".text", ".globl g0", "g0: nop"];
  // Targets: anywhere, or a few labels ahead/behind (short hops that a
  // careless relaxation turns long when earlier jumps grow).
  const label = (i: number) => `L${r(3) ? Math.max(0, Math.min(n - 1, i - 3 + r(8))) : r(n)}`;
  for (let i = 0; i < n; i++) {
    lines.push(`L${i}:`);
    switch (r(10)) {
      case 0: case 1: lines.push(`  jmp ${label(i)}`); break;
      case 2: case 3: lines.push(`  j${CC[r(CC.length)]} ${label(i)}`); break;
      case 4: lines.push(`  .fill ${r(3) ? r(40) : r(60) + 60}, 1, 0x90`); break;
      case 5: lines.push(`  call ${r(2) ? label(i) : "ext"}`); break;
      case 6: lines.push(r(2) ? `  .p2align ${r(5)}` : "  .p2align 4,,10"); break;
      case 7: lines.push(`  jmp ${r(2) ? "g0" : "ext"}`); break;
      default: lines.push(`  add rax, ${r(300)}`, `  mov ecx, DWORD PTR [rip+L${r(n)}]`);
    }
  }
  return lines.join("\n") + "\n";
}

/** 100 jumps that all must grow in the same pass, then a short forward hop:
 *  the hop's target must be estimated with this pass's growth ("stretch"),
 *  or it looks 300 bytes behind the jump and is wrongly made long. */
function stretchProgram(): string {
  const lines = [".intel_syntax noprefix", ".text"];
  for (let i = 0; i < 100; i++) lines.push(`  jmp F${i}`, "  .fill 130, 1, 0x90", `F${i}:`);
  lines.push("  test eax, eax", "  je hop", "  .fill 10, 1, 0x90", "hop: ret");
  return lines.join("\n") + "\n";
}

/** Label differences as immediates and data, before and after the labels (a forward
 *  difference is unknown when gas picks the encoding: it keeps imm32 even if the value fits imm8). */
function differenceProgram(): string {
  return [".intel_syntax noprefix", ".text", "_start:",
    "  mov edx, msg_end - msg", "  add rax, 3 * (msg_end - msg)", "  sub ecx, b_end - b_start", "  push c_end - c_start",
    "b_start: nop", "  nop", "b_end:",
    "  add rax, b_end - b_start", "  cmp ecx, (b_end - b_start) * 100", "  push b_end - b_start",
    "c_start: ret", "c_end:",
    ".section .rodata", "msg: .ascii \"hello\\n\"", "msg_end:", "  .long msg_end - msg, b_end - b_start", ""].join("\n");
}

describe("x86-64 branch relaxation vs GNU as (random programs)", () => {
  it("label differences as immediates, forward and backward", () => compareWithGas(differenceProgram()));
  it("a short forward hop after many jumps that grow together", () => compareWithGas(stretchProgram()));
  for (let seed = 1; seed <= 40; seed++) it(`seed ${seed}`, () => compareWithGas(program(seed)));
});
