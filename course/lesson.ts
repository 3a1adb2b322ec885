// Rendering a chapter's lesson: its README.md with every
// `<!-- snippet: NAME -->` line replaced by that snippet's code, taken from
// the chapter's sources, as a fenced block captioned with the file and line.
// The prose never copies code, so the two cannot drift; an unknown snippet
// name, or a snippet no lesson uses, fails the build (like Crafting
// Interpreters' book build).

import { dedent, type Region } from "./markers";

export interface LessonProblem { line?: number; message: string }

const INCLUDE = /^<!--\s*snippet:\s*([a-z0-9][a-z0-9-]*)\s*-->\s*$/;

export function renderLesson(readme: string, snippets: Region[], langOf: (file: string) => string = langFor):
  { markdown: string; problems: LessonProblem[]; used: Set<string> } {
  const byName = new Map(snippets.filter((r) => r.kind === "snippet").map((r) => [r.name, r]));
  const used = new Set<string>();
  const problems: LessonProblem[] = [];
  const out: string[] = [];
  readme.split("\n").forEach((line, i) => {
    const m = INCLUDE.exec(line.trim());
    if (!m) { out.push(line); return; }
    const r = byName.get(m[1]);
    if (!r) { problems.push({ line: i + 1, message: `README.md:${i + 1}: unknown snippet '${m[1]}' (no // @snippet ${m[1]} in this chapter's sources)` }); return; }
    used.add(r.name);
    out.push(`\`\`\`${langOf(r.file)}`, ...dedent(r.body), "```", `<sub>${r.file}, line ${r.startLine + 1}</sub>`);
  });
  for (const name of byName.keys()) {
    if (!used.has(name)) problems.push({ message: `snippet '${name}' (${byName.get(name)!.file}:${byName.get(name)!.startLine}) is not used by the lesson: include it or remove the marker` });
  }
  return { markdown: out.join("\n"), problems, used };
}

function langFor(file: string): string {
  if (file.endsWith(".ts")) return "ts";
  if (file.endsWith(".c") || file.endsWith(".h")) return "c";
  if (file.endsWith(".s") || file.endsWith(".S")) return "asm";
  return "";
}
