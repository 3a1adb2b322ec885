// The `minos` command as a user meets it: help, clear errors for mistakes,
// and a program's own output and exit status from `minos run --linux`.
import { describe, expect, it, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { a64, tinyElf } from "../helpers/tiny-elf";

const tmp = mkdtempSync(path.join(tmpdir(), "minos-cli-"));
function minos(args: string[], input = "") {
  const r = spawnSync(process.execPath, ["bin/minos", ...args], { encoding: "utf8", input });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
function writeProg(name: string, bytes: Uint8Array): string {
  const f = path.join(tmp, name);
  writeFileSync(f, bytes);
  return f;
}

beforeAll(() => {
  // Build the bundle once, outside the individual tests' time.
  expect(minos(["--help"]).status).toBe(0);
});

describe("minos", () => {
  it("lists its commands, and each command has --help", () => {
    const r = minos(["--help"]);
    expect(r.stdout).toMatch(/usage: minos <command>/);
    for (const c of ["run", "disasm", "bench"]) {
      expect(r.stdout).toContain(`  ${c} `);
      const h = minos([c, "--help"]);
      expect(h.status).toBe(0);
      expect(h.stdout).toMatch(new RegExp(`^usage: minos ${c}`));
    }
  });

  it("names an unknown command or option and exits 64, without a stack trace", () => {
    const r = minos(["frobnicate"]);
    expect(r.status).toBe(64);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
    const o = minos(["run", "--linux", "--bogus", "x"]);
    expect(o.status).toBe(64);
    expect(o.stderr).toContain("unknown option '--bogus'");
    for (const s of [r.stderr, o.stderr]) expect(s).not.toMatch(/\n\s+at /);
  });

  it("explains a missing file, a non-ELF file and the wrong --arch", () => {
    expect(minos(["run", "--linux", path.join(tmp, "nope.elf")]).stderr).toMatch(/nope\.elf: no such file/);
    const txt = writeProg("notes.txt", new TextEncoder().encode("hello\n"));
    const r = minos(["run", "--linux", txt]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/not an ELF file/);
    const arm = writeProg("arm.elf", tinyElf("arm64", a64(0xd4200000)));
    expect(minos(["run", "--linux", "--arch", "x86_64", arm]).stderr).toMatch(/is an AArch64 program; run it with --arch arm64/);
    expect(minos(["run", "--linux", "--arch", "mips", arm]).stderr).toMatch(/unknown architecture 'mips'/);
  });

  it("stops an undefined instruction with its address, bytes and disassembly, status 2 (x86_64 UD2, SDM Vol. 2B)", () => {
    const f = writeProg("ud2.elf", tinyElf("x86_64", [0x90, 0x0f, 0x0b]));   // nop; ud2
    const r = minos(["run", "--linux", f]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/undefined or unsupported instruction at 0x400079: 0f 0b\s+ud2/);
  });

  it("stops an undefined instruction on arm64 the same way (UDF #0, Arm ARM C6.2)", () => {
    const f = writeProg("udf.elf", tinyElf("arm64", a64(0xd503201f, 0x00000000)));  // nop; udf #0
    const r = minos(["run", "--linux", f]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/undefined or unsupported instruction at 0x40007c: 00 00 00 00\s+udf\s+#0/);
  });

  it("reports a segmentation fault with the faulting address, status 139, on both arches", () => {
    // x86_64: mov BYTE PTR ds:0x10, al  (88 04 25 disp32)
    const x = minos(["run", "--linux", writeProg("segv.elf", tinyElf("x86_64", [0x88, 0x04, 0x25, 0x10, 0, 0, 0]))]);
    expect(x.status).toBe(139);
    expect(x.stderr).toMatch(/segmentation fault: write to 0x0*10 \(nothing is mapped there\) at 0x400078/);
    // arm64: movz x1, #0x10; str x0, [x1]
    const a = minos(["run", "--linux", writeProg("segv-a.elf", tinyElf("arm64", a64(0xd2800201, 0xf9000020)))]);
    expect(a.status).toBe(139);
    expect(a.stderr).toMatch(/segmentation fault: write to 0x0*10 \(nothing is mapped there\) at 0x40007c/);
  });

  it("stops quietly when the reader of its output goes away (minos run prog | head -1)", () => {
    const r = spawnSync("sh", ["-c", "node bin/minos run --linux conformance/fixtures/x86_64/printf_test-O0.elf | head -1"], { encoding: "utf8" });
    expect(r.stdout.split("\n").length).toBe(2);
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
  });

  it("runs a gcc-built program: its stdout and exit status are qemu-user's (conformance fixtures)", () => {
    for (const arch of ["x86_64", "arm64"]) {
      const expected = readFileSync(`conformance/fixtures/${arch}/exitcode-O2.expected`, "utf8");
      const [first, ...rest] = expected.split("\n");
      const r = minos(["run", "--linux", `conformance/fixtures/${arch}/exitcode-O2.elf`]);
      expect(r.status).toBe(Number(first.replace("exit ", "")));
      expect(r.stdout).toBe(rest.join("\n"));
    }
  });
});
