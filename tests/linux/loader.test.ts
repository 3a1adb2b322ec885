// The user-mode loader: segments mapped with their ELF permissions and the
// initial stack laid out as the System V ABI (AMD64 3.4.1, "Initial Stack
// and Register State") describes, which the AArch64 Linux ABI shares.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { PhysMem } from "../../machine/core/physmem";
import { PageMap, Prot } from "../../linux/pagemap";
import { loadElf } from "../../linux/loader";

function load(arch: "x86_64" | "arm64") {
  const bytes = new Uint8Array(readFileSync(`bench/workloads/integer-${arch}.elf`));
  const pm = new PageMap(new PhysMem(64 << 20));
  const seed = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
  const prog = loadElf(pm, bytes, arch, ["integer", "7"], ["HOME=/"], seed, "integer");
  const u64 = (va: number) => {
    const pa = pm.physOf(va);
    return Number(new DataView(pm.mem.bytes.buffer).getBigUint64(pa, true));
  };
  const str = (va: number) => {
    let s = "";
    for (let c; (c = pm.mem.bytes[pm.physOf(va)]) !== 0; va++) s += String.fromCharCode(c);
    return s;
  };
  return { prog, pm, u64, str };
}

describe("loadElf", () => {
  for (const arch of ["x86_64", "arm64"] as const) {
    it(`${arch}: argc, argv, envp and auxv on a 16-byte aligned stack`, () => {
      const { prog, u64, str } = load(arch);
      expect(prog.sp % 16).toBe(0);
      expect(u64(prog.sp)).toBe(2);
      expect(str(u64(prog.sp + 8))).toBe("integer");
      expect(str(u64(prog.sp + 16))).toBe("7");
      expect(u64(prog.sp + 24)).toBe(0);
      expect(str(u64(prog.sp + 32))).toBe("HOME=/");
      expect(u64(prog.sp + 40)).toBe(0);
      const aux = new Map<number, number>();
      for (let p = prog.sp + 48; ; p += 16) {
        const k = u64(p);
        if (k === 0) break;
        aux.set(k, u64(p + 8));
      }
      expect(aux.get(6)).toBe(4096);                       // AT_PAGESZ
      expect(aux.get(9)).toBe(prog.entry);                 // AT_ENTRY
      expect(aux.get(5)).toBe(prog.elf.programHeaders.length); // AT_PHNUM
      expect(aux.get(4)).toBe(56);                         // AT_PHENT
      const phdr = aux.get(3)!;                            // AT_PHDR: the headers, in memory
      const ph0 = prog.elf.programHeaders[0];                // p_type, then p_flags
      expect(u64(phdr)).toBe(ph0.type + ph0.flags * 2 ** 32);
      const random = aux.get(25)!;                         // AT_RANDOM: our 16 seed bytes
      expect(u64(random)).toBe(Number(0x0807060504030201n));
      expect(str(aux.get(15)!)).toBe(arch === "x86_64" ? "x86_64" : "aarch64"); // AT_PLATFORM
    });

    it(`${arch}: each PT_LOAD segment is mapped with exactly its permissions`, () => {
      const { prog, pm } = load(arch);
      for (const ph of prog.elf.programHeaders.filter((p) => p.type === 1)) {
        const want = (ph.flags & 4 ? Prot.R : 0) | (ph.flags & 2 ? Prot.W : 0) | (ph.flags & 1 ? Prot.X : 0);
        const vpn = Math.floor(Number(ph.vaddr) / 4096);
        expect(pm.protOf(vpn) & want).toBe(want);
      }
      expect(prog.brk % 4096).toBe(0);
      expect(pm.isMapped(Math.floor(prog.entry / 4096))).toBe(true);
    });
  }

  it("refuses a program for the other architecture, naming the flag to use", () => {
    const bytes = new Uint8Array(readFileSync("bench/workloads/integer-arm64.elf"));
    const pm = new PageMap(new PhysMem(16 << 20));
    expect(() => loadElf(pm, bytes, "x86_64", ["p"], [], new Uint8Array(16), "p")).toThrow("p is an AArch64 program; run it with --arch arm64");
  });
});
