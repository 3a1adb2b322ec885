// What `minos chapter` and `minos dashboard` share: reading the chapter, the
// arch, the seed, the RAM size and extra kernel command-line words from the
// flags; building the chapter's kernel into a signed image with its
// programs; and turning a course error into a message (never a stack trace).

import { parseArch } from "../machine/arches";
import type { Arch } from "../machine/core/cpu";
import { makeImage } from "../machine/firmware/secure-boot";
import { loadSigningKey } from "../machine/firmware/keys";
import { projectRoot } from "../toolchain/util/root";
import { buildChapter } from "../course/chapter-build";
import { chapter, courseErrorMessage, parseChapterArg, type ChapterInfo } from "../course/chapters";
import { chapterPrograms, type Module } from "../course/programs";
import { InputError, UsageError, type ParsedFlags } from "./command";

/** "2M", "64M", "1G", "512K", or a number of MiB, in bytes. */
export function parseRamSize(s: string): number {
  const m = /^(\d+)([KMG]?)(?:i?B)?$/i.exec(s.trim());
  if (!m) throw new UsageError(`--ram takes a size like 2M, 64M or 1G (or a number of MiB), not '${s}'`);
  const unit = { "": 1 << 20, K: 1 << 10, M: 1 << 20, G: 1 << 30 }[m[2].toUpperCase() as "" | "K" | "M" | "G"];
  const bytes = Number(m[1]) * unit;
  if (bytes < 1 << 20 || bytes > 2 ** 31 || bytes % 4096) throw new UsageError(`--ram must be a whole number of pages from 1M to 2G (got ${s})`);
  return bytes;
}

/** Run a course function; an error meant for the user becomes an InputError (message, exit 1, no stack). */
export async function courseStep<T>(fn: () => T | Promise<T>): Promise<T> {
  try { return await fn(); } catch (e) {
    const m = courseErrorMessage(e);
    if (m !== null) throw new InputError(m);
    throw e;
  }
}

/** The flags every chapter-running command takes. */
export const CHAPTER_FLAGS = ["--arch", "--seed", "--ram", "--cmdline"] as const;

export interface ChapterRun {
  n: number;
  info: ChapterInfo;
  arch: Arch;
  seed: string;
  ramSize: number;
  root: string;
  /** Extra kernel command-line words (--cmdline), e.g. "arg.spawner=spin=0:8,typist". */
  extra: string;
}

/** Read the chapter number and the shared flags; `what` names the command in messages. */
export async function chapterRun(f: ParsedFlags, what: string, root = projectRoot()): Promise<ChapterRun> {
  if (f.positionals.length !== 1) throw new UsageError(`name one chapter, e.g. minos ${what} 1`);
  const n = await courseStep(() => parseChapterArg(f.positionals[0]));
  let arch: Arch = "x86_64";
  if (f.values.has("--arch")) try { arch = parseArch(f.values.get("--arch")!); } catch (e) { throw new UsageError((e as Error).message); }
  const seed = f.values.get("--seed") ?? "1";
  if (!/^\d+$/.test(seed)) throw new UsageError("--seed takes a whole number");
  const ramSize = parseRamSize(f.values.get("--ram") ?? "64M");
  const extra = (f.values.get("--cmdline") ?? "").trim();
  if (/(^|\s)(seed|run)=/.test(extra)) throw new UsageError("--cmdline: give the seed with --seed and the program with --run (or the chapter's own list)");
  const info = await courseStep(() => chapter(n, root));
  return { n, info, arch, seed, ramSize, root, extra };
}

/** The kernel command line: the seed, the programs to run, then any extra words. */
export function kernelCmdline(r: ChapterRun, run: string[]): string {
  return [`seed=${r.seed}`, ...(run.length ? [`run=${run.join(",")}`] : []), ...(r.extra ? [r.extra] : [])].join(" ");
}

/** Chapter N's kernel as a signed image (bundle given, or built now) and the programs of chapters 01..N. */
export async function chapterImage(r: ChapterRun, built?: { bundle: string; buildId: string }): Promise<{ image: Uint8Array; modules: Module[] }> {
  const b = built ?? await courseStep(() => buildChapter(r.n, { root: r.root }));
  const key = await courseStep(() => loadSigningKey({ root: projectRoot() }));
  const image = makeImage({ arch: r.arch, chapter: r.n, entry: "main", buildId: b.buildId, payload: new TextEncoder().encode(b.bundle) }, key);
  const modules = await courseStep(() => chapterPrograms(r.n, r.arch, r.root));
  return { image, modules };
}

