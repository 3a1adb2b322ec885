// Robustness: arbitrary bytes must never make the decoder, the executor
// or the disassembler throw a JavaScript exception. Every outcome is a
// Stop reason (Exc.Undefined for what we do not implement) or "(bad)".

import { describe, expect, it } from "vitest";
import { Stop } from "../../machine/core/cpu";
import { Prng } from "../../machine/core/prng";
import { disassemble } from "../../machine/x86_64";
import { Prot } from "../../linux/pagemap";
import { CODE, DATA, rig } from "./util";

describe("x86_64 robustness on random bytes", () => {
  it("run() and disassemble() never throw, whatever the bytes", () => {
    const rng = new Prng(12345);
    for (let trial = 0; trial < 500; trial++) {
      const bytes = new Uint8Array(64).map(() => rng.next() & 0xff);
      // Bias towards the interesting maps: prefixes, REX, 0F escapes.
      for (let k = 0; k < 64; k += 7) if ((rng.next() & 3) === 0) bytes[k] = [0x0f, 0x66, 0x48, 0xf3, 0x41][rng.next() % 5];
      const { cpu } = rig(bytes, Prot.R | Prot.W | Prot.X);
      for (let g = 0; g < 16; g++) cpu.setReg(g, BigInt(DATA + 0x100));
      let stop: number = Stop.Budget;
      expect(() => { stop = cpu.run(50); }).not.toThrow();
      expect([Stop.Budget, Stop.Syscall, Stop.Exception]).toContain(stop);
      for (let off = 0; off < 48;) {
        const r = disassemble(bytes, off, BigInt(CODE + off));
        expect(r.length).toBeGreaterThan(0);
        expect(typeof r.text).toBe("string");
        off += r.length;
      }
    }
  });
});
