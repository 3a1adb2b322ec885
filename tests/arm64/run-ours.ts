// Run a static ELF on our AArch64 CPU through the Linux runner and return
// its stdout as bytes (for the differential tests against qemu).

import { readFileSync } from "node:fs";
import { runLinux } from "../../linux/run";

export function runOurs(elf: string): Uint8Array {
  const chunks: Uint8Array[] = [];
  const r = runLinux(new Uint8Array(readFileSync(elf)), {
    arch: "arm64", ramSize: 64 << 20, onStdout: (b) => chunks.push(b.slice()),
  });
  if (r.error) throw new Error(r.error);
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) { out.set(c, o); o += c.length; }
  return out;
}
