// Loading a chapter's checks (chapters/NN-name/checks.ts) from TypeScript at
// run time: esbuild bundles the file (with whatever chapter code it imports)
// into CommonJS, which runs with Node's own `require` for node:assert and
// friends. The same path serves `minos check` (a plain Node process) and the
// tests, so what CI grades is what a student's command grades.

import { createRequire } from "node:module";
import path from "node:path";
import { buildSync } from "esbuild";
import type { ChapterInfo } from "./chapters";
import { CourseError } from "./chapters";
import type { Check } from "./checks";

/** The checks of a chapter (none if it has no checks.ts); a malformed list is a CourseError naming the problem. */
export function loadChecks(c: ChapterInfo): Check[] {
  if (!c.hasChecks) return [];
  const file = path.join(c.dir, "checks.ts");
  let code: string;
  try {
    code = buildSync({
      entryPoints: [file], bundle: true, write: false, format: "cjs", platform: "node", target: "node20",
      packages: "external", logLevel: "silent", sourcemap: "inline",
    }).outputFiles[0].text;
  } catch (e) {
    const errs = (e as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors ?? [];
    throw new CourseError(`${file} does not build:\n${errs.map((x) => `  ${x.location ? `${x.location.file}:${x.location.line}: ` : ""}${x.text}`).join("\n")}`);
  }
  const mod = { exports: {} as Record<string, unknown> };
  new Function("module", "exports", "require", "__filename", "__dirname", code)(mod, mod.exports, createRequire(file), file, path.dirname(file));
  const checks = mod.exports.checks;
  if (!Array.isArray(checks)) throw new CourseError(`${file} must export \`checks\`, a list of checks (course/checks.ts)`);
  const seen = new Set<string>();
  for (const [i, ch] of checks.entries()) {
    const c = ch as Partial<Check>;
    const what = `${file}: checks[${i}]${typeof c.name === "string" ? ` ('${c.name}')` : ""}`;
    if (typeof c.name !== "string" || !/^[a-z0-9][a-z0-9-]*$/.test(c.name)) throw new CourseError(`${what} needs a kebab-case name`);
    if (seen.has(c.name)) throw new CourseError(`${what}: two checks are named '${c.name}'`);
    seen.add(c.name);
    if (typeof c.points !== "number" || !(c.points >= 0)) throw new CourseError(`${what} needs points (a number, 0 or more)`);
    if (typeof c.run !== "function") throw new CourseError(`${what} needs a run(ctx) function`);
  }
  return checks as Check[];
}
