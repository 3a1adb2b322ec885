// Kernel stepping, part 7: the instrumented build of a chapter. The same
// chapter build `minos chapter N` uses (course/chapter-build.ts), with the
// instrumenter (plugin.ts stepTransform) as its transform: every chapter
// source gets its step calls, every site its id, in the order esbuild loads
// the files. The worker's Stepper gets this same `sites` array, so an id in
// the bundle and an id in the debugger always name the same statement.

import { buildChapter, type ChapterBuildOptions } from "../../course/chapter-build";
import type { Site } from "./instrument";
import { stepTransform } from "./plugin";

export interface SteppableChapter {
  /** CommonJS bundle: evaluate with module, exports, __minosStep, __minosEnter, __minosLeave (worker.ts). */
  bundle: string;
  sites: Site[];
  buildId: string;
}

export async function buildSteppableChapter(n: number, opts: Omit<ChapterBuildOptions, "transform"> = {}): Promise<SteppableChapter> {
  const sites: Site[] = [];
  const b = await buildChapter(n, { ...opts, transform: (file, text) => stepTransform(file, text, sites) });
  return { bundle: b.bundle, sites, buildId: b.buildId };
}
