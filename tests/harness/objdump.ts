// The reference disassembly of a fixture, from binutils' objdump: a map from
// instruction address to its text, used to name the instruction at a
// divergence and to find which x86 flags it leaves undefined. It comes from
// objdump rather than our own disassembler so that a decoder bug cannot hide
// itself from the harness.

import { execFileSync } from "node:child_process";
import type { Arch } from "../../machine/core/cpu";

export const OBJDUMP: Record<Arch, string> = { x86_64: "objdump", arm64: "aarch64-linux-gnu-objdump" };

export interface Disassembly {
  /** Address -> instruction text as objdump prints it (no address, no bytes, no <symbol>). */
  text: Map<bigint, string>;
  /** Address -> the symbol (function) it lies in, for messages. */
  symbol: Map<bigint, string>;
}

export function objdump(arch: Arch, elfPath: string): Disassembly {
  const args = ["-d", "--no-show-raw-insn", ...(arch === "x86_64" ? ["-M", "intel"] : []), elfPath];
  const out = execFileSync(OBJDUMP[arch], args, { encoding: "utf8", maxBuffer: 256 << 20 });
  const text = new Map<bigint, string>(), symbol = new Map<bigint, string>();
  let fn = "?";
  for (const line of out.split("\n")) {
    const f = /^[0-9a-f]+ <([^>]+)>:$/.exec(line);
    if (f) { fn = f[1]; continue; }
    const m = /^\s+([0-9a-f]+):\t(.*)$/.exec(line);
    if (!m) continue;
    const addr = BigInt("0x" + m[1]);
    // Drop objdump's trailing comments (x86 "# 0x401000 <sym>", Arm "// #8") and symbol names.
    const comment = arch === "x86_64" ? /\s+#.*$/ : /\s+\/\/.*$/;
    text.set(addr, m[2].replace(comment, "").replace(/\s+<[^>]*>$/, "").trim());
    symbol.set(addr, fn);
  }
  return { text, symbol };
}
