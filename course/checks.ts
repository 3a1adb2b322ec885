// What `minos check N` grades. Every chapter's `chapters/NN-name/checks.ts`
// exports `checks: Check[]`; each check boots a kernel (its own chapter's,
// or a later one's: a later chapter must not break an earlier one) on one
// arch, looks at what the kernel did, and throws if it is wrong:
//
//   export const checks: Check[] = [{
//     name: "hello-runs", exercise: "write-range", points: 2,
//     hint: "write() must accept a buffer that lies inside the program",
//     run(ctx) {
//       const r = ctx.boot({ programs: ["hello"] });
//       assert.match(r.console, /hello, world/);
//       assert.equal(r.kernel!.state.threads[0].exitStatus, 0);   // what it did, not only what it printed
//     },
//   }];
//
// The runner (course/check-runner.ts) keeps the console of every boot a
// check made, so a failure shows its log.

import type { Arch } from "../machine/core/cpu";
import type { KernelRun } from "./run-kernel";

export interface Check {
  /** Unique within the chapter, kebab-case. */
  name: string;
  /** The exercise region (`// @exercise NAME ...`) this check grades; none for a chapter check. */
  exercise?: string;
  /** What passing is worth; an exercise is worth the sum of its checks' points (= its marker's POINTS). */
  points: number;
  /** Shown with a failure: what to look at. */
  hint?: string;
  /** The arches it runs on (default both); it passes only if it passes on every one of them. */
  arches?: Arch[];
  /** Throws (node:assert, or a CheckFailure) when the kernel is wrong. */
  run(ctx: CheckContext): void | Promise<void>;
}

export interface BootOptions {
  /** Programs to load as boot modules, in order (default: the check's chapter.json "programs"). */
  programs?: string[];
  /** More modules after those (e.g. from ctx.compile). */
  extra?: { name: string; bytes: Uint8Array }[];
  /** The kernel command line (default "seed=1"). */
  cmdline?: string;
  /** RAM in bytes (default 64 MiB). */
  ramSize?: number;
  /** Console input: typed at time 0, or as [virtual time, text] pairs. */
  input?: string | [number, string][];
  /** Instruction budget (default 50 000 000). */
  maxInstructions?: number;
}

export interface CheckContext {
  arch: Arch;
  /** The chapter of the kernel under test: the check's own chapter or a later one. */
  chapter: number;
  /** The chapter the check belongs to. */
  ownChapter: number;
  /** Boot the kernel under test on `arch` with the real firmware and run it to power-off. */
  boot(opts?: BootOptions): KernelRun;
  /** A program of chapters 01..ownChapter, built for `arch` (its ELF bytes). */
  program(name: string): Uint8Array;
  /** Build a program from source text: `name` is NAME.c (C) or NAME.s (assembly for `arch`). */
  compile(source: string, name: string): Uint8Array;
  /** A line to show with the log if the check fails. */
  log(text: string): void;
}

/** A check's failure with a message of its own (node:assert's errors work as well). */
export class CheckFailure extends Error {
  constructor(message: string) { super(message); this.name = "CheckFailure"; }
}

/** The last `n` lines of a console log (what a scorecard shows of a failure). */
export function tail(text: string, n = 20): string {
  const lines = text.replace(/\n$/, "").split("\n");
  return (lines.length > n ? [`... (${lines.length - n} lines before)`, ...lines.slice(-n)] : lines).join("\n");
}
