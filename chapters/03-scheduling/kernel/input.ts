// Console input for programs: the terminal's line discipline in a few
// lines. Typed bytes are echoed back (a terminal shows what you type), a
// carriage return counts as the end of a line, and a complete line wakes
// the thread waiting in read() — with rule 4 of the policy, ahead of every
// CPU hog, which is what makes the machine feel responsive.

import type { Kernel } from "../../01-boot/kernel/kernel";
import { consoleWriteBytes } from "../../01-boot/kernel/console";
import { wake } from "./sleep";

// @snippet console-input
/** Called after chapter 01 moved received bytes into state.console.input; `from` is where the new ones start. */
export function onInput(kn: Kernel, from: number): void {
  const input = kn.state.console.input;
  for (let i = from; i < input.length; i++) if (input[i] === 13) input[i] = 10;   // Enter sends CR: make it a newline
  if (input.length > from) consoleWriteBytes(kn, Uint8Array.from(input.slice(from)));   // echo
  if (!input.includes(10)) return;
  const reader = kn.state.threads.find((t) => t.status === "blocked" && kn.state.tinfo[t.tid]?.waiting?.kind === "input");
  if (reader === undefined) return;
  kn.state.tinfo[reader.tid].inputAt = kn.k.now();
  wake(kn, reader.tid, "input");
}
// @end console-input

/** Take one line (up to and including its newline, at most `max` bytes) from the input, or null if no full line has arrived. */
export function takeLine(kn: Kernel, max: number): Uint8Array | null {
  const input = kn.state.console.input;
  const nl = input.indexOf(10);
  if (nl < 0) return null;
  const n = Math.min(max, nl + 1);
  return Uint8Array.from(input.splice(0, n));
}
