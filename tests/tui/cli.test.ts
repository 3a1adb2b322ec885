// `minos debug` as a user meets it without a terminal: a clear message and
// status 2, never a stack trace or a garbled screen.

import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tinyProgram } from "./programs";

const tmp = mkdtempSync(path.join(tmpdir(), "minos-debug-cli-"));
const minos = (args: string[]) => spawnSync(process.execPath, ["bin/minos", ...args], { encoding: "utf8", input: "" });

describe("minos debug", () => {
  it("needs a terminal: says so, suggests minos run, exits 2", () => {
    const prog = path.join(tmp, "tiny");
    writeFileSync(prog, tinyProgram("x86_64"));
    const r = minos(["debug", "--linux", prog]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("the debugger needs a terminal");
    expect(r.stderr).toContain(`minos run --linux ${prog}`);
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("has --help and explains a missing --linux or program", () => {
    const h = minos(["debug", "--help"]);
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/^usage: minos debug --linux/);
    const noLinux = minos(["debug", "prog"]);
    expect(noLinux.status).toBe(64);
    expect(noLinux.stderr).toContain("add --linux");
    const noProg = minos(["debug", "--linux"]);
    expect(noProg.status).toBe(64);
    expect(noProg.stderr).toContain("name the program to debug");
  });
});
