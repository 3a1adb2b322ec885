// Our disassembler against GNU objdump (`objdump -d -M intel`), on gcc
// output at -O0 and -O2, on a list of hand-picked encodings assembled by
// GNU as, and on every committed conformance ELF. Each instruction's text
// and length must match objdump's (after dropping `<symbol>` annotations).

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect } from "vitest";
import { disassemble } from "../../machine/x86_64";
import { oracleIt } from "../oracles";
import { ASM_SOURCE, C_SOURCE } from "./disasm-snippets";
import { execSections, normalise, objdumpInsns } from "./objdump";
import { Prng } from "../../machine/core/prng";

const CFLAGS = ["-ffreestanding", "-nostdlib", "-static", "-fno-pie", "-no-pie", "-mgeneral-regs-only"];

/** Compare every instruction objdump lists in `file`; returns mismatch descriptions. */
function compareFile(file: string): { count: number; bad: string[] } {
  const ref = objdumpInsns(file);
  const secs = execSections(file);
  const bad: string[] = [];
  let count = 0;
  for (let k = 0; k < ref.length; k++) {
    const r = ref[k];
    const s = secs.find((x) => r.addr >= x.addr && r.addr < x.addr + BigInt(x.bytes.length));
    if (!s) continue;
    count++;
    const off = Number(r.addr - s.addr);
    const got = disassemble(s.bytes, off, r.addr);
    const next = ref[k + 1];
    const refLen = next && next.addr > r.addr && next.addr <= s.addr + BigInt(s.bytes.length) ? Number(next.addr - r.addr) : undefined;
    if (got.text !== r.text || (refLen !== undefined && got.length !== refLen && r.text !== "(bad)")) {
      bad.push(`${file.split("/").pop()} ${r.addr.toString(16)}: objdump "${r.text}" (${refLen}) ours "${got.text}" (${got.length})`);
    }
  }
  return { count, bad };
}

describe("x86_64 disassembler matches objdump -M intel", () => {
  const gccIt = oracleIt(["gcc", "objdump"]);
  for (const opt of ["-O0", "-O2"]) {
    gccIt(`gcc ${opt} output`, () => {
      const dir = mkdtempSync(join(tmpdir(), "minos-x86dis-"));
      writeFileSync(join(dir, "t.c"), C_SOURCE);
      execFileSync("gcc", [opt, ...CFLAGS, "-o", join(dir, "t"), join(dir, "t.c")]);
      const { count, bad } = compareFile(join(dir, "t"));
      expect(count).toBeGreaterThan(100);
      expect(bad, bad.join("\n")).toEqual([]);
    });
  }

  oracleIt(["as", "objdump"])("hand-picked encodings (GNU as)", () => {
    const dir = mkdtempSync(join(tmpdir(), "minos-x86dis-"));
    writeFileSync(join(dir, "t.s"), ".intel_syntax noprefix\n" + ASM_SOURCE);
    execFileSync("as", ["-o", join(dir, "t.o"), join(dir, "t.s")]);
    const { count, bad } = compareFile(join(dir, "t.o"));
    expect(count).toBe(ASM_SOURCE.trim().split("\n").length);
    expect(bad, bad.join("\n")).toEqual([]);
  });

  const fixtureDirs = ["conformance/fixtures/x86_64", "conformance/fixtures/lockstep/x86_64"].filter((d) => existsSync(d));
  const files = fixtureDirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith(".elf")).map((f) => join(d, f)));
  oracleIt(["objdump"])(`every committed conformance ELF (${files.length} files)`, () => {
    const bad: string[] = [];
    let total = 0;
    for (const f of files) { const r = compareFile(f); total += r.count; bad.push(...r.bad); }
    if (files.length > 0) expect(total).toBeGreaterThan(0);
    expect(bad.slice(0, 40), bad.slice(0, 40).join("\n")).toEqual([]);
  }, 120_000);

  oracleIt(["objdump"])("random encodings: every instruction we decode has objdump's length and text", () => {
    // 6000 random candidates (random prefixes, REX, map escapes, then random bytes), each in its own
    // 32-byte slot padded with 1-byte NOPs so objdump re-synchronises at every slot start.
    const N = 6000, SLOT = 32, rng = new Prng(2024);
    const PFX = [0x66, 0x67, 0xf2, 0xf3, 0xf0, 0x2e, 0x3e, 0x64, 0x65, 0x26, 0x36];
    const buf = new Uint8Array(N * SLOT).fill(0x90);
    for (let k = 0; k < N; k++) {
      const c: number[] = [];
      for (let i = rng.next() % 3; i > 0; i--) c.push(PFX[rng.next() % PFX.length]);
      if (rng.next() % 2) c.push(0x40 | (rng.next() & 15));
      const m = rng.next() % 4;
      if (m === 0) c.push(0x0f);
      if (m === 1) c.push(0x0f, 0x38);
      while (c.length < 15) c.push(rng.next() & 0xff);
      buf.set(c, k * SLOT);
    }
    const dir = mkdtempSync(join(tmpdir(), "minos-x86dis-"));
    writeFileSync(join(dir, "r.bin"), buf);
    const out = execFileSync("objdump", ["-D", "-b", "binary", "-m", "i386:x86-64", "-M", "intel", "--no-show-raw-insn", join(dir, "r.bin")],
      { encoding: "utf8", maxBuffer: 1 << 28 });
    const ref = new Map<number, string>();
    for (const line of out.split("\n")) { const mm = /^\s*([0-9a-f]+):\t(.*)$/.exec(line); if (mm) ref.set(parseInt(mm[1], 16), normalise(mm[2])); }
    // objdump also annotates prefixes an instruction does not use ("rex.W", "data16", "ds", "riz"...);
    // gcc never emits those and we do not print them, so such cases only have to agree on the length.
    const annotated = /\b(xacquire xrelease|xrelease xacquire|rex nop |data16|addr32|riz|bnd[a-z]*|(cs|ds|es|ss|fs|gs|lock|repz|repnz|rep|bnd|notrack) [a-z])/;
    const bad: string[] = [];
    let known = 0;
    for (let k = 0; k < N; k++) {
      const off = k * SLOT, want = ref.get(off);
      const ours = disassemble(buf, off, BigInt(off));
      if (want === undefined || ours.text === "(bad)") continue;
      known++;
      let next = off + 1;
      while (!ref.has(next)) next++;
      const len = next - off;
      if (ours.length !== len || (ours.text !== want && !annotated.test(want))) {
        bad.push(`${Array.from(buf.subarray(off, off + len), (b) => b.toString(16).padStart(2, "0")).join(" ")}: objdump "${want}" (${len}) ours "${ours.text}" (${ours.length})`);
      }
    }
    expect(known).toBeGreaterThan(2000);
    expect(bad.slice(0, 30), bad.slice(0, 30).join("\n")).toEqual([]);
  });

  oracleIt([])("undecodable bytes are (bad)", () => {
    expect(disassemble(new Uint8Array([0xd6]), 0, 0x1000n)).toEqual({ length: 1, text: "(bad)" });
    expect(disassemble(new Uint8Array([0x06]), 0, 0x1000n).text).toBe("(bad)");
    expect(disassemble(new Uint8Array([0xb8, 0x01]), 0, 0x1000n).text).toBe("(bad)");   // truncated
  });
});
