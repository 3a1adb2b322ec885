// Running the reference tools (dtc, cpio, openssl, gcc) on files in a
// scratch directory, for the firmware's oracle tests.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

export interface Ran { status: number; stdout: string; stderr: string; out: Buffer }

/** Run `cmd args` (no shell), optionally feeding stdin; never throws on a non-zero status. */
export function run(cmd: string, args: string[], opts: { input?: Uint8Array | string; cwd?: string } = {}): Ran {
  const r = spawnSync(cmd, args, { input: opts.input, cwd: opts.cwd, maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout.toString("utf8"), stderr: r.stderr.toString("utf8"), out: r.stdout };
}

/** A scratch directory removed after the file's tests. */
export function scratch(tag: string): { dir: string; file(name: string, data?: Uint8Array | string): string } {
  const dir = mkdtempSync(path.join(tmpdir(), `minos-fw-${tag}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    file(name, data) {
      const p = path.join(dir, name);
      if (data !== undefined) writeFileSync(p, data);
      return p;
    },
  };
}
