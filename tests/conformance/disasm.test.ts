// Our disassemblers against binutils' objdump on every instruction of every
// conformance fixture (the contract in machine/<arch>/index.ts: the text is
// exactly what `objdump -d --no-show-raw-insn` prints after the address,
// -M intel for x86, without the `<symbol>` part). Oracle-backed: objdump.

import { readFileSync } from "node:fs";
import { describe, expect } from "vitest";
import type { Arch } from "../../machine/core/cpu";
import { loadArch } from "../harness/lockstep";
import { objdump, OBJDUMP } from "../harness/objdump";
import { oracleIt } from "../oracles";
import { ARCH_LIST, listFixtures } from "./fixtures";

/** Virtual address -> file offset, from the ELF's PT_LOAD program headers. */
function fileOffsets(elf: Uint8Array): (va: bigint) => number {
  const dv = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  const phoff = Number(dv.getBigUint64(0x20, true)), phnum = dv.getUint16(0x38, true);
  const loads: { va: bigint; off: number; size: number }[] = [];
  for (let i = 0; i < phnum; i++) {
    const p = phoff + i * 56;
    if (dv.getUint32(p, true) !== 1) continue;
    loads.push({ off: Number(dv.getBigUint64(p + 8, true)), va: dv.getBigUint64(p + 16, true), size: Number(dv.getBigUint64(p + 32, true)) });
  }
  return (va) => {
    const l = loads.find((s) => va >= s.va && va < s.va + BigInt(s.size));
    return l ? l.off + Number(va - l.va) : -1;
  };
}

for (const arch of ARCH_LIST) {
  describe(`${arch} disassembler against ${OBJDUMP[arch]}`, () => {
    const test = oracleIt([OBJDUMP[arch]]);
    for (const dir of ["", "lockstep"]) {
      for (const f of listFixtures(arch, dir)) {
        test(`${dir ? "lockstep/" : ""}${f.name}`, async () => {
          const impl = await loadArch(arch as Arch);
          const elf = readFileSync(f.elf);
          const offset = fileOffsets(elf);
          const ref = objdump(arch, f.elf);
          const addrs = [...ref.text.keys()].sort((a, b) => (a < b ? -1 : 1));
          const bad: string[] = [];
          addrs.forEach((a, i) => {
            const want = ref.text.get(a)!;
            const off = offset(a);
            if (off < 0 || want.startsWith("(bad)") || want.startsWith(".")) return;   // data in code, padding
            const len = i + 1 < addrs.length ? Number(addrs[i + 1] - a) : undefined;
            let got: string;
            let glen = 0;
            try {
              const d = impl.disassemble(elf, off, a);
              // Comments ("# 0x401000 <f>" on x86, "// #8" on Arm) are dropped on both sides.
              got = d.text.replace(arch === "x86_64" ? /\s+#.*$/ : /\s+\/\/.*$/, "").replace(/\s+<[^>]*>$/, "").trim();
              glen = d.length;
            } catch (e) {
              got = `(threw: ${(e as Error).message})`;
            }
            const norm = (t: string): string => t.replace(/\s+/g, " ");
            if (norm(got) !== norm(want) || (len !== undefined && len <= 15 && glen !== len)) {
              bad.push(`0x${a.toString(16)}: objdump "${want}" ours "${got}"${len !== undefined && glen !== len ? ` (length ${glen}, objdump ${len})` : ""}`);
            }
          });
          expect(bad.slice(0, 20).join("\n"), `${bad.length} of ${addrs.length} instructions differ`).toBe("");
        });
      }
    }
  });
}
