// The chapter build: chapter N's kernel as one esbuild bundle of the layers
// of chapters 01..N and nothing later (ARCHITECTURE.md, "How chapters build
// on each other"). The entry is generated:
//
//   import { buildKernel } from "./chapters/01-boot/kernel/builder";
//   import { install as layer1 } from "./chapters/01-boot/kernel/index";
//   import { install as layer2 } from "./chapters/02-memory/kernel/index";
//   export const { main, current, tables } = buildKernel([layer1, layer2]);
//
// The bundle is CommonJS: course/load-kernel.ts evaluates it with
// `new Function`, so every boot gets a fresh module instance (an ES module
// imported from a data: URL is cached by its URL, and two boots would share
// the kernel's module-level state).
//
// One onLoad plugin sees every chapter source the bundle takes in and does,
// in order: read -> stub the exercises asked for (course/exercises.ts) ->
// `transform` (kernel stepping's instrumenter) -> hand it to esbuild. The
// student's files on disk are never touched.

import { readFileSync } from "node:fs";
import path from "node:path";
import { build, type Metafile, type Plugin } from "esbuild";
import { sha256hex } from "../machine/firmware/image";
import { projectRoot } from "../toolchain/util/root";
import { CourseError, kernelChapters } from "./chapters";
import { stubFile } from "./exercises";

export interface ChapterBuildOptions {
  /** Recorded in the result; the bundle itself holds both arches' HALs. */
  arch?: "x86_64" | "arm64";
  /** Exercises to replace by their stubs for this build: names, or "all". */
  stub?: readonly string[] | "all";
  /** The course tree (default: this checkout). */
  root?: string;
  /** Applied to each chapter source after stubbing (file relative to root, with "/"). */
  transform?: (file: string, text: string) => string;
  /** Text put first in the bundle (esbuild's banner). */
  banner?: string;
}

export interface ChapterBuild {
  /** The kernel bundle: CommonJS, exports main, current, tables. */
  bundle: string;
  metafile: Metafile;
  /** The first 16 hex digits of the bundle's SHA-256: the image's build id. */
  buildId: string;
  /** Every exercise region in the chapters built, and which of them were stubbed. */
  exercises: { name: string; file: string; points: number; stubbed: boolean }[];
}

export async function buildChapter(n: number, opts: ChapterBuildOptions = {}): Promise<ChapterBuild> {
  const root = path.resolve(opts.root ?? projectRoot());
  const layers = kernelChapters(n, root);
  if (layers[0].n !== 1) throw new CourseError(`chapter ${layers[0].n} cannot be built without chapter 01's kernel (its builder.ts is where every kernel starts)`);
  const rel = (d: string) => "./" + path.relative(root, d).split(path.sep).join("/");
  const entry = [
    `import { buildKernel } from "${rel(layers[0].dir)}/kernel/builder";`,
    ...layers.map((c) => `import { install as layer${c.n} } from "${rel(c.dir)}/kernel/index";`),
    `export const { main, current, tables } = buildKernel([${layers.map((c) => `layer${c.n}`).join(", ")}]);`,
  ].join("\n");

  const exercises: ChapterBuild["exercises"] = [];
  const only = opts.stub === undefined || opts.stub === "all" ? undefined : new Set(opts.stub);
  const stubbing = opts.stub !== undefined && (opts.stub === "all" || opts.stub.length > 0);
  const chaptersDir = path.join(root, "chapters") + path.sep;
  const plugin: Plugin = {
    name: "minos-chapter-sources",
    setup(b) {
      b.onLoad({ filter: /\.tsx?$/ }, (args) => {
        if (!args.path.startsWith(chaptersDir)) return undefined;       // the machine's code: as it is
        const file = path.relative(root, args.path).split(path.sep).join("/");
        let text = readFileSync(args.path, "utf8");
        const s = stubFile(file, text, only, { keepLines: true });
        for (const r of s.exercises) exercises.push({ name: r.name, file, points: r.points ?? 0, stubbed: stubbing && s.stubbed.includes(r) });
        if (stubbing) text = s.text;
        if (opts.transform) text = opts.transform(file, text);
        return { contents: text, loader: args.path.endsWith("x") ? "tsx" : "ts" };
      });
    },
  };

  let result;
  try {
    result = await build({
      stdin: { contents: entry, resolveDir: root, sourcefile: `chapter-${n}-kernel.ts`, loader: "ts" },
      absWorkingDir: root, bundle: true, write: false, metafile: true, format: "cjs", platform: "neutral", target: "es2022",
      mainFields: ["module", "main"], logLevel: "silent", plugins: [plugin], sourcemap: false,
      banner: opts.banner === undefined ? undefined : { js: opts.banner },
    });
  } catch (e) {
    // esbuild's errors name the file and line: that is what a student needs, not our stack.
    const errs = (e as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }).errors;
    if (!errs) throw e;
    throw new CourseError(`chapter ${n}'s kernel does not build:\n` + errs.map((x) =>
      x.location ? `  ${x.location.file}:${x.location.line}:${x.location.column}: ${x.text}` : `  ${x.text}`).join("\n"));
  }
  if (only) {
    const missing = [...only].filter((name) => !exercises.some((x) => x.name === name));
    if (missing.length) throw new CourseError(`no exercise named ${missing.map((m) => `'${m}'`).join(", ")} in chapters 01..${String(n).padStart(2, "0")}`);
  }
  exercises.sort((a, b) => a.file.localeCompare(b.file));     // esbuild loads files in parallel: give a stable order
  const bundle = result.outputFiles[0].text;
  return { bundle, metafile: result.metafile, buildId: sha256hex(new TextEncoder().encode(bundle)).slice(0, 16), exercises };
}

/** The chapter folders of the tree built (e.g. "02-memory") whose modules a build's metafile includes. */
export function chaptersInBundle(metafile: Metafile): string[] {
  const seen = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {        // relative to the tree's root (absWorkingDir)
    const m = /^chapters\/(\d\d-[a-z0-9-]+)\//.exec(input);
    if (m) seen.add(m[1]);
  }
  return [...seen].sort();
}
