// Chapter 02's program reader (chapters/02-memory/kernel/elf.ts), the ASLR
// generator (aslr.ts) and the initial user stack (user-stack.ts), as pure
// functions. The reader is checked against binutils' readelf on our static
// PIEs and on gcc -static-pie's (the RELATIVE relocations it finds are the
// ones readelf lists: x86-64 psABI 4.4 / AAELF64 5.7.11), and against
// damaged files: each rule of the gABI it enforces is a refusal with a
// message, never an exception of another kind.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "../../../toolchain/cc/driver";
import { readProgram, ProgramError } from "../../../chapters/02-memory/kernel/elf";
import { chooseLayout, nextRandom, PROGRAM_BASE, STACK_TOP_BASE } from "../../../chapters/02-memory/kernel/aslr";
import { buildUserStack } from "../../../chapters/02-memory/kernel/user-stack";
import type { Kernel } from "../../../chapters/01-boot/kernel/kernel";
import { oracleIt } from "../../oracles";

type Arch = "x86_64" | "arm64";
const ARCHES: Arch[] = ["x86_64", "arm64"];
const TABLES = "tests/toolchain/pie-programs/tables.c";
const GCC: Record<Arch, string> = { x86_64: "gcc", arm64: "aarch64-linux-gnu-gcc" };
const tmp = mkdtempSync(path.join(tmpdir(), "minos-ch02-elf-"));

const built = new Map<string, Uint8Array>();
function minosProgram(arch: Arch, pie = true): Uint8Array {
  const key = `${arch}.${pie}`;
  if (!built.has(key)) {
    const r = build([{ name: TABLES, text: readFileSync(TABLES, "utf8") }], { arch, linux: false, pie });
    if (!r.exe) throw new Error(r.messages.join("\n"));
    built.set(key, r.exe);
  }
  return built.get(key)!.slice();
}

/** readelf's list of RELATIVE relocations: [offset, addend]. */
function readelfRelatives(file: string): [number, number][] {
  const out = spawnSync("readelf", ["-W", "-r", file], { encoding: "utf8" }).stdout;
  return [...out.matchAll(/^([0-9a-f]{16})\s+[0-9a-f]+\s+R_(?:X86_64|AARCH64)_RELATIVE\s+([0-9a-f]+)/gm)].map((m) => [parseInt(m[1], 16), parseInt(m[2], 16)]);
}

const phdr = (elf: Uint8Array, i: number) => 64 + i * 56;
const dv = (elf: Uint8Array) => new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
const refusal = (elf: Uint8Array, arch: Arch) => {
  try { readProgram(elf, arch); } catch (e) { if (e instanceof ProgramError) return e.message; throw e; }
  return "accepted";
};

describe("chapter 02: reading a program (elf.ts)", () => {
  for (const arch of ARCHES) {
    oracleIt(["readelf"])(`${arch}: a static PIE's segments and RELATIVE relocations, as readelf lists them`, () => {
      const elf = minosProgram(arch);
      const file = path.join(tmp, `tables.${arch}`);
      writeFileSync(file, elf);
      const img = readProgram(elf, arch);
      expect(img.pie).toBe(true);
      expect(img.relatives.map((r) => [r.offset, r.addend])).toEqual(readelfRelatives(file));
      expect(img.relatives.length).toBeGreaterThan(8);
      // W^X holds for every segment, and the text segment is the executable one.
      expect(img.segments.every((s) => !(s.perms.w && s.perms.x))).toBe(true);
      expect(img.segments.filter((s) => s.perms.x)).toHaveLength(1);
      expect(img.low).toBe(0);
    });

    oracleIt(["readelf", GCC[arch]])(`${arch}: gcc -static-pie's executable: the same relocations readelf lists`, () => {
      const file = path.join(tmp, `tables.gcc.${arch}`);
      expect(spawnSync(GCC[arch], ["-O2", "-w", "-static-pie", "-o", file, TABLES]).status).toBe(0);
      const img = readProgram(readFileSync(file), arch);
      expect(img.pie).toBe(true);
      expect(img.relatives.map((r) => [r.offset, r.addend])).toEqual(readelfRelatives(file));
    });

    it(`${arch}: a -no-pie build is ET_EXEC at its link address, with nothing to relocate`, () => {
      const img = readProgram(minosProgram(arch, false), arch);
      expect(img.pie).toBe(false);
      expect(img.relatives).toEqual([]);
      expect(img.low).toBe(0x400000);
    });

    it(`${arch}: damaged or foreign programs are refused with a reason`, () => {
      const other: Arch = arch === "x86_64" ? "arm64" : "x86_64";
      expect(refusal(minosProgram(arch), other)).toMatch(/built for machine \d+, not/);
      expect(refusal(new TextEncoder().encode("#!/bin/sh\necho hi\n"), arch)).toMatch(/not an ELF file/);
      expect(refusal(minosProgram(arch).subarray(0, 100), arch)).toMatch(/program headers lie outside the file/);
      const img = readProgram(minosProgram(arch), arch);
      const textIndex = (elf: Uint8Array) => [...Array(dv(elf).getUint16(56, true)).keys()].find((i) => dv(elf).getUint32(phdr(elf, i), true) === 1 && (dv(elf).getUint32(phdr(elf, i) + 4, true) & 1));
      // W^X: the text segment made writable too.
      let e = minosProgram(arch);
      dv(e).setUint32(phdr(e, textIndex(e)!) + 4, 7, true);
      expect(refusal(e, arch)).toMatch(/both writable and executable \(W\^X: refused\)/);
      // A segment reaching into the kernel half.
      e = minosProgram(arch);
      dv(e).setBigUint64(phdr(e, textIndex(e)!) + 16, 0xffff800000001000n, true);
      expect(refusal(e, arch)).toMatch(/out of range|past the user half/);
      // An interpreter: a dynamically linked program.
      e = minosProgram(arch);
      dv(e).setUint32(phdr(e, 0), 3, true);
      expect(refusal(e, arch)).toMatch(/dynamically linked/);
      // A relocation of another type than RELATIVE (r_info's type field).
      e = minosProgram(arch);
      const relaOff = img.segments.find((s) => !s.perms.w && !s.perms.x && s.vaddr > 0)!;
      const firstRela = findRela(e, img.relatives[0].offset, relaOff.offset);
      dv(e).setUint32(firstRela + 8, 1, true);
      expect(refusal(e, arch)).toMatch(/relocation type 1 at 0x[0-9a-f]+: a static PIE has only RELATIVE ones/);
      // A segment past the end of the file.
      e = minosProgram(arch);
      dv(e).setBigUint64(phdr(e, textIndex(e)!) + 32, BigInt(e.length) * 2n, true);
      expect(refusal(e, arch)).toMatch(/lies outside the file/);
    });
  }
});

describe("chapter 02: a damaged program never breaks the reader", () => {
  it("3000 randomly corrupted headers: each is read or refused with a ProgramError, nothing else", () => {
    let x = 0x2545f491;
    const rnd = () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x; };
    for (const arch of ARCHES) {
      const good = minosProgram(arch);
      const img = readProgram(good, arch);
      const relaEnd = Math.max(...img.segments.filter((s) => !s.perms.w && !s.perms.x && s.vaddr > 0).map((s) => s.offset + s.filesz));
      for (let n = 0; n < 1500; n++) {
        const e = good.slice();
        // Corrupt 1-4 bytes among the headers and the relocation table (where the reader looks).
        for (let k = 1 + (rnd() % 4); k > 0; k--) {
          const at = rnd() % 2 ? rnd() % (64 + 56 * 8) : relaEnd - 1 - (rnd() % 512);
          e[at] = rnd() & 0xff;
        }
        try { readProgram(e, arch); } catch (err) { if (!(err instanceof ProgramError)) throw new Error(`mutation ${n}: ${String(err)}`); }
      }
    }
  });
});

/** The file offset of the Elf64_Rela whose r_offset is `target`, searching from `from`. */
function findRela(e: Uint8Array, target: number, from: number): number {
  for (let o = from; o + 24 <= e.length; o += 8) if (dv(e).getBigUint64(o, true) === BigInt(target)) return o;
  throw new Error("relocation not found");
}

const fakeKernel = (seed: number, cmdline = ""): Kernel => ({ state: { seed, aslr: null, boot: { cmdline } } }) as unknown as Kernel;

describe("chapter 02: ASLR (aslr.ts)", () => {
  it("the same seed gives the same layouts; other seeds other layouts; all page aligned and in their ranges", () => {
    const layouts = (seed: number) => { const kn = fakeKernel(seed); return [0, 1, 2].map(() => chooseLayout(kn, 0x9000)); };
    expect(layouts(7)).toEqual(layouts(7));
    const seen = new Set<string>();
    for (let seed = 0; seed < 64; seed++) {
      for (const l of layouts(seed)) {
        seen.add(JSON.stringify(l));
        for (const v of [l.base, l.heapStart, l.stackTop]) expect(v % 4096).toBe(0);
        expect(l.base).toBeGreaterThanOrEqual(PROGRAM_BASE);
        expect(l.base).toBeLessThan(PROGRAM_BASE + (1 << 16) * 4096);
        expect(l.heapStart).toBeGreaterThanOrEqual(l.base + 0x9000);
        expect(l.heapStart).toBeLessThan(l.base + 0x9000 + (1 << 13) * 4096);
        expect(l.stackTop).toBeGreaterThanOrEqual(STACK_TOP_BASE);
        expect(l.stackTop).toBeLessThan(STACK_TOP_BASE + 2 ** 22 * 4096);
      }
    }
    expect(seen.size).toBe(64 * 3);                       // no two programs of 64 seeds share a layout
  });

  it("an ET_EXEC program keeps its addresses; aslr=off fixes everything", () => {
    const l = chooseLayout(fakeKernel(3), 0, { low: 0x400000, high: 0x409000 });
    expect(l.base).toBe(0);
    expect(l.heapStart).toBeGreaterThanOrEqual(0x409000);
    expect(chooseLayout(fakeKernel(3, "seed=3 aslr=off"), 0x2000)).toEqual({ base: PROGRAM_BASE, heapStart: PROGRAM_BASE + 0x2000, stackTop: STACK_TOP_BASE });
  });

  it("xorshift32 (Marsaglia 2003): the first outputs from state 1 are the published ones", () => {
    // From state 1: 270369, 67634689, 2647435461 (x ^= x << 13; x ^= x >> 17; x ^= x << 5).
    const kn = fakeKernel(0);
    kn.state.aslr = { state: 1, off: false };
    expect([nextRandom(kn), nextRandom(kn), nextRandom(kn)]).toEqual([270369, 67634689, 2647435461]);
  });
});

describe("chapter 02: the initial user stack (user-stack.ts)", () => {
  it("argc, argv[], NULL, envp NULL, auxv, strings at the top (System V ABI 3.4.1)", () => {
    const top = 0x7ff000010000;
    const { sp, bytes } = buildUserStack(["hello", "world"], top);
    expect(sp % 16).toBe(0);
    expect(sp + bytes.length).toBe(top);
    const v = new DataView(bytes.buffer);
    const word = (i: number) => Number(v.getBigUint64(i * 8, true));
    expect(word(0)).toBe(2);
    const str = (va: number) => { let s = ""; for (let a = va - sp; bytes[a] !== 0; a++) s += String.fromCharCode(bytes[a]); return s; };
    expect([str(word(1)), str(word(2))]).toEqual(["hello", "world"]);
    expect([word(3), word(4)]).toEqual([0, 0]);
    expect([word(5), word(6), word(7), word(8)]).toEqual([6, 4096, 0, 0]);    // AT_PAGESZ 4096, AT_NULL
  });
});
