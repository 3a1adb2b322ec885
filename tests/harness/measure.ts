// Instruction counts and run times of every conformance fixture on our CPUs:
//   npx esbuild --bundle --platform=node --format=esm tests/harness/measure.ts --outfile=/tmp/measure.mjs
//   node /tmp/measure.mjs conformance/fixtures      (or any `build.mjs --out` directory)
// Prints one line per fixture: arch, name, instructions retired, milliseconds, pass/FAIL.

import { readFileSync } from "node:fs";
import { runLinux } from "../../linux/run";
import { resolve } from "node:path";
import { ARCH_LIST, expectedOf, listFixtures, outcome } from "../conformance/fixtures";

const root = resolve(process.argv[2] ?? "conformance/fixtures");

let total = 0, failed = 0;
for (const arch of ARCH_LIST) {
  for (const dir of ["", "lockstep"]) {
    for (const f of listFixtures(arch, dir, root)) {
      const t0 = performance.now();
      const r = runLinux(readFileSync(f.elf), { arch, argv: ["prog"], maxInstructions: 200_000_000 });
      const ms = performance.now() - t0;
      const want = expectedOf(f);
      const ok = outcome(want, r) === want;
      total += r.retired;
      if (!ok) failed++;
      console.log(`${arch.padEnd(7)} ${(dir ? "lockstep/" : "") + f.name}`.padEnd(40) +
        `${String(r.retired).padStart(11)} ${ms.toFixed(0).padStart(6)} ms ${(r.retired / ms / 1000).toFixed(1).padStart(6)} M/s ${ok ? "pass" : "FAIL " + (r.error ?? "")}`);
    }
  }
}
console.log(`total ${total} instructions, ${failed} failing`);
