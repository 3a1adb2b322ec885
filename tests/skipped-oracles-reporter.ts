// A vitest reporter that ends the run by listing the conformance checks that
// were skipped because a reference tool (qemu-user, gcc, binutils) is not
// installed, and why, so a student's `npm test` says what it did not prove.
// (CI installs the tools and sets MINOS_REQUIRE_ORACLES=1: nothing is skipped.)

import type { Reporter, TestModule } from "vitest/node";

export default class SkippedOraclesReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const skipped: string[] = [];
    for (const m of modules) {
      for (const t of m.children.allTests("skipped")) {
        if (t.name.includes("(skipped: ")) skipped.push(`${m.moduleId.replace(process.cwd() + "/", "")}: ${t.name}`);
      }
    }
    if (skipped.length === 0) return;
    const tools = [...new Set(skipped.flatMap((s) => /\(skipped: (.*) not installed\)/.exec(s)?.[1].split(", ") ?? []))];
    console.log(`\nSkipped ${skipped.length} conformance checks because these reference tools are not installed: ${tools.join(", ")}.`);
    console.log("Install them (Debian: see .ci/run) to run them; CI requires them. The skipped checks:");
    for (const s of skipped.slice(0, 40)) console.log(`  - ${s}`);
    if (skipped.length > 40) console.log(`  ... and ${skipped.length - 40} more`);
  }
}
