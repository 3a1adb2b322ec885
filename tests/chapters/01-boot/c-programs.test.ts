// C programs under chapter 01: `minos cc` builds a static PIE (linked at 0,
// loaded anywhere) whose libc start-up code reads argc/argv from the stack
// (System V ABI 3.4.1) and whose data holds pointers the loader must
// relocate (RELATIVE relocations through PT_DYNAMIC). Both must be right for
// a printf of a table of strings to print the right words.

import { describe, expect, it } from "vitest";
import { build } from "../../../toolchain/cc/driver";
import type { Arch } from "../../../machine/core/cpu";
import { ARCHES, archReady, boot, kernelLines } from "./kit";

const SOURCE = `#include <stdio.h>
static const char *words[] = { "one", "two", "three" };
int main(int argc, char **argv) {
  printf("C says: %s, argc %d, %s %s %s\\n", argv[0], argc, words[0], words[1], words[2]);
  return argv[argc] == 0 ? 7 : 8;
}
`;

function cc(arch: Arch): Uint8Array {
  const r = build([{ name: "words.c", text: SOURCE }], { arch, linux: false });
  if (!r.ok || !r.exe) throw new Error(r.messages.join("\n"));
  return r.exe;
}

for (const arch of ARCHES) {
  describe.skipIf(!archReady(arch))(`C programs under chapter 01 (${arch})`, () => {
    it("a static PIE with pointers in its data runs: relocated, with argc/argv on its stack", () => {
      const run = boot(arch, { modules: [{ name: "words", bytes: cc(arch) }] });
      expect(kernelLines(run)).toContain("C says: words, argc 1, one two three");
      expect(run.kernel!.state.threads.map((t) => t.exitStatus)).toEqual([7]);
      expect(run.result.status).toBe(0);
      const spawned = run.kernel!.state.events.find((e) => e.text.startsWith("spawn words:"))!;
      expect(Number(/(\d+) relocations/.exec(spawned.text)![1])).toBeGreaterThanOrEqual(3);   // at least the three words
    });
  });
}
