// The static linker against the real toolchain: gcc and aarch64-linux-gnu-gcc
// compile the conformance programs to objects (-c), our linker links them
// with the runtime and libgcc.a (an ar archive), and qemu-user runs the
// result: its output must be what the gcc-linked program printed (the
// committed .expected files, recorded from qemu). readelf must accept the
// executable without a warning.
import { describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { link, type LinkArch } from "../../toolchain/ld/link";
import { oracleIt } from "../oracles";

const TOOLS: Record<LinkArch, { cc: string; qemu: string; readelf: string }> = {
  x86_64: { cc: "gcc", qemu: "qemu-x86_64", readelf: "readelf" },
  arm64: { cc: "aarch64-linux-gnu-gcc", qemu: "qemu-aarch64", readelf: "aarch64-linux-gnu-readelf" },
};
const FLAGS = ["-ffreestanding", "-nostdlib", "-fno-pie", "-mgeneral-regs-only", "-fno-stack-protector",
  "-fno-asynchronous-unwind-tables", "-Iconformance/rt", "-c"];
const PROGRAMS = readdirSync("conformance/src").filter((f) => f.endsWith(".c")).map((f) => f.slice(0, -2));
const read = (f: string) => ({ name: path.basename(f), bytes: new Uint8Array(readFileSync(f)) });

describe("the static linker", () => {
  for (const arch of ["x86_64", "arm64"] as const) {
    const t = TOOLS[arch];
    for (const opt of ["-O0", "-O2"]) {
      oracleIt([t.cc, t.qemu, t.readelf])(`${arch} ${opt}: links gcc's objects for every conformance program; qemu runs them as gcc's own link did`, () => {
        const dir = mkdtempSync(path.join(tmpdir(), `minos-ld-${arch}`));
        const cc = (args: string[]) => execFileSync(t.cc, [...FLAGS, opt, ...args]);
        cc(["-fno-builtin", "-fno-tree-loop-distribute-patterns", "conformance/rt/rt.c", "-o", `${dir}/rt.o`]);
        cc([`conformance/rt/start_${arch}.S`, "-o", `${dir}/start.o`]);
        const libgcc = execFileSync(t.cc, ["-print-libgcc-file-name"], { encoding: "utf8" }).trim();
        const failures: string[] = [];
        for (const p of PROGRAMS) {
          cc([`conformance/src/${p}.c`, "-o", `${dir}/${p}.o`]);
          const r = link([read(`${dir}/start.o`), read(`${dir}/rt.o`), read(`${dir}/${p}.o`), read(libgcc)], { arch });
          if (!r.elf) { failures.push(`${p}: ${r.errors.join("; ")}`); continue; }
          const exe = `${dir}/${p}`;
          writeFileSync(exe, r.elf);
          chmodSync(exe, 0o755);
          const warn = spawnSync(t.readelf, ["-a", "-W", exe], { encoding: "utf8" }).stderr;
          if (warn) failures.push(`${p}: readelf: ${warn.trim()}`);
          const q = spawnSync(t.qemu, [exe], { encoding: "utf8" });
          const [first, ...rest] = readFileSync(`conformance/fixtures/${arch}/${p}${opt}.expected`, "utf8").split("\n");
          if (`exit ${q.status}` !== first || q.stdout !== rest.join("\n")) failures.push(`${p}: qemu printed/exited differently (exit ${q.status})`);
        }
        expect(failures).toEqual([]);
      });
    }
  }
});

describe("link errors name the symbol and the files, as GNU ld does", () => {
  oracleIt(["gcc"])("undefined reference, multiple definition, missing entry, wrong inputs", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "minos-ld-err"));
    const obj = (name: string, src: string) => {
      writeFileSync(`${dir}/${name}.c`, src);
      execFileSync("gcc", ["-c", "-O1", "-fno-pie", "-fno-asynchronous-unwind-tables", `${dir}/${name}.c`, "-o", `${dir}/${name}.o`]);
      return read(`${dir}/${name}.o`);
    };
    const a = obj("a", "int helper(void); void _start(void) { helper(); for (;;); }");
    const b = obj("b", "int helper(void) { return 1; }");
    const b2 = obj("b2", "int helper(void) { return 2; }");
    expect(link([a], { arch: "x86_64" }).errors).toEqual(["a.o: in .text+0x5: undefined reference to `helper'"]);
    expect(link([a, b, b2], { arch: "x86_64" }).errors).toEqual(["multiple definition of `helper': b.o and b2.o"]);
    expect(link([b], { arch: "x86_64" }).errors).toEqual(["no entry point: nothing defines `_start'"]);
    expect(link([a, b], { arch: "arm64" }).errors[0]).toMatch(/a\.o is for x86_64, but the link is for arm64/);
    const ok = link([a, b], { arch: "x86_64" });
    expect(ok.errors).toEqual([]);
    expect(link([{ name: "prog", bytes: ok.elf! }], { arch: "x86_64" }).errors[0]).toMatch(/prog is not a relocatable object/);
  });
});
