// Entry point the speed test bundles with esbuild and runs in a plain node
// process, the way `minos` itself runs (vitest's module transform slows hot
// code down several times, so timing inside the test runner would mislead).
// Usage: node bench-runner.mjs ELF  -> prints one JSON line.

import { readFileSync } from "node:fs";
import { runLinux } from "../../../linux/run";

const elf = new Uint8Array(readFileSync(process.argv[2]));
const results = [];
for (let round = 0; round < 2; round++) {           // the second round runs on warm, optimised code
  const t0 = performance.now(), c0 = process.cpuUsage();
  const r = runLinux(elf, { arch: "arm64", ramSize: 64 << 20 });
  const cu = process.cpuUsage(c0);
  results.push({ exitCode: r.exitCode, error: r.error, retired: r.retired, wallMs: performance.now() - t0,
    cpuMs: (cu.user + cu.system) / 1000 });
}
console.log(JSON.stringify(results[results.length - 1]));
