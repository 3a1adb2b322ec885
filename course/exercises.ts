// Exercises: regions of the reference code marked `// @exercise NAME POINTS "hint"`.
// `minos exercises start N` replaces each region's body with a stub that
// fails loudly, naming the exercise, so a student who runs the chapter sees
// at once which exercise is not done, and where. The reference solution is
// the code between the markers; the markers stay, so the tooling can find
// the region again (to grade it, or to restore the solution).

import { findRegions, type Region } from "./markers";

/** The stub a student starts from, in the language of the file. */
export function stubFor(r: Region): string[] {
  const hint = r.hint ? ` ${r.hint}` : "";
  if (r.file.endsWith(".ts") || r.file.endsWith(".tsx")) {
    return [`${r.indent}throw new Error(${JSON.stringify(`exercise '${r.name}' is not done yet (${r.file}).${hint}`)});`];
  }
  if (r.file.endsWith(".c")) {
    return [`${r.indent}__minos_exercise_not_done(${JSON.stringify(r.name)}, ${JSON.stringify(r.file)});`];
  }
  throw new Error(`${r.file}: exercises in this kind of file cannot be turned into stubs`);
}

/**
 * The file with exercise regions' bodies replaced by their stubs (markers
 * kept): every exercise, or only those named in `only`. `exercises` lists
 * every exercise region of the file; `stubbed` the ones replaced.
 */
export function stubFile(file: string, text: string, only?: ReadonlySet<string>, opts: { keepLines?: boolean } = {}):
  { text: string; exercises: Region[]; stubbed: Region[] } {
  const exercises = findRegions(file, text).filter((r) => r.kind === "exercise");
  const stubbed = exercises.filter((r) => only === undefined || only.has(r.name));
  const lines = text.split("\n");
  // Replace from the bottom up so earlier line numbers stay valid.
  for (const r of [...stubbed].sort((a, b) => b.startLine - a.startLine)) {
    lines.splice(r.startLine, r.endLine - r.startLine - 1, ...(opts.keepLines ? padded(stubFor(r), r.endLine - r.startLine - 1) : stubFor(r)));
  }
  return { text: lines.join("\n"), exercises, stubbed };
}

/**
 * A stub padded with blank lines to the solution's length (keepLines: the
 * builds of `exercises verify`), so every line after the region keeps its
 * number: a stack trace or a stepping site points at the student's line.
 */
function padded(stub: string[], bodyLines: number): string[] {
  return bodyLines > stub.length ? [...stub, ...Array<string>(bodyLines - stub.length).fill("")] : stub;
}

/** Is this region still the stub (the student has not written it)? */
export function isStub(r: Region): boolean {
  const body = r.body.map((l) => l.trim()).filter((l) => l);
  return body.length === 1 && (body[0].includes(`exercise '${r.name}' is not done yet`) || body[0].startsWith(`__minos_exercise_not_done("${r.name}"`));
}
