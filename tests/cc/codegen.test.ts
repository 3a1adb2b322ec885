// Our C compiler end to end, against gcc: every conformance program in MinOS's
// C subset is compiled by our compiler, assembled by GNU as, linked by our
// linker with the gcc-compiled conformance runtime (so the calling convention,
// struct passing and varargs must match the ABI exactly), and run under
// qemu-user. Its output must be what the gcc -O0 build printed.
import { describe, expect } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { compileToAsm } from "../../toolchain/cc/compile";
import { formatDiagnostic } from "../../toolchain/cc/diag";
import type { CcArch } from "../../toolchain/cc/frontend";
import { link } from "../../toolchain/ld/link";
import { oracleIt } from "../oracles";

const TOOLS: Record<CcArch, { cc: string; as: string; qemu: string }> = {
  x86_64: { cc: "gcc", as: "as", qemu: "qemu-x86_64" },
  arm64: { cc: "aarch64-linux-gnu-gcc", as: "aarch64-linux-gnu-as", qemu: "qemu-aarch64" },
};
// Outside MinOS's C subset (issue: C99 without floating point, bit-fields, VLAs; no __int128).
const UNSUPPORTED = new Set(["bitfields", "divmod", "mul128", "numtheory", "bits"]);
const PROGRAMS = readdirSync("conformance/src").filter((f) => f.endsWith(".c")).map((f) => f.slice(0, -2)).filter((p) => !UNSUPPORTED.has(p));

const read = (p: string) => {
  try { return readFileSync(p, "utf8"); } catch { return undefined; }
};

describe("minos C compiler vs gcc (conformance programs)", () => {
  for (const arch of ["x86_64", "arm64"] as const) {
    const t = TOOLS[arch];
    oracleIt([t.cc, t.as, t.qemu])(`${arch}: ${PROGRAMS.length} programs print what gcc's build printed`, () => {
      const dir = mkdtempSync(path.join(tmpdir(), `minos-cc-${arch}`));
      const flags = ["-ffreestanding", "-nostdlib", "-fno-pie", "-mgeneral-regs-only", "-fno-stack-protector", "-fno-asynchronous-unwind-tables", "-Iconformance/rt", "-O2", "-c"];
      execFileSync(t.cc, [...flags, "-fno-builtin", "-fno-tree-loop-distribute-patterns", "conformance/rt/rt.c", "-o", `${dir}/rt.o`]);
      execFileSync(t.cc, [...flags, `conformance/rt/start_${arch}.S`, "-o", `${dir}/start.o`]);
      const libgcc = execFileSync(t.cc, ["-print-libgcc-file-name"], { encoding: "utf8" }).trim();
      const obj = (f: string) => ({ name: path.basename(f), bytes: new Uint8Array(readFileSync(f)) });
      const failures: string[] = [];
      for (const p of PROGRAMS) {
        const src = `conformance/src/${p}.c`;
        const r = compileToAsm(src, readFileSync(src, "utf8"), { arch, systemIncludeDir: "toolchain/libc/include", includeDirs: ["conformance/rt"], resolver: { read } });
        if (!r.asm) { failures.push(`${p}: ${r.diagnostics.map(formatDiagnostic).join("\n")}`); continue; }
        writeFileSync(`${dir}/${p}.s`, r.asm);
        execFileSync(t.as, [`${dir}/${p}.s`, "-o", `${dir}/${p}.o`]);
        const l = link([obj(`${dir}/start.o`), obj(`${dir}/rt.o`), obj(`${dir}/${p}.o`), obj(libgcc)], { arch });
        if (!l.elf) { failures.push(`${p}: link: ${l.errors.join("; ")}`); continue; }
        writeFileSync(`${dir}/${p}`, l.elf);
        chmodSync(`${dir}/${p}`, 0o755);
        const q = spawnSync(t.qemu, [`${dir}/${p}`], { encoding: "utf8", timeout: 20000 });
        const [first, ...rest] = readFileSync(`conformance/fixtures/${arch}/${p}-O0.expected`, "utf8").split("\n");
        if (`exit ${q.status}` !== first || q.stdout !== rest.join("\n")) failures.push(`${p}: printed something else (exit ${q.status})`);
      }
      expect(failures).toEqual([]);
    });
  }
});
