// The lesson pane's text for a chapter: its README.md with every
// `<!-- snippet: NAME -->` replaced by the code between the matching
// `// @snippet NAME` ... `// @end NAME` markers in the chapter's sources
// (course/lesson.ts does the replacing; the course build checks that every
// snippet exists, so here a problem only leaves the marker line out).

import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { findRegions, type Region } from "../../course/markers";
import { renderLesson } from "../../course/lesson";

const SOURCE = /\.(ts|tsx|c|h|s|S)$/;

function sourcesUnder(dir: string, out: string[] = [], depth = 0): string[] {
  if (depth > 6) return out;
  let names: string[];
  try { names = readdirSync(dir); } catch { return out; }
  for (const n of names) {
    if (n === "node_modules" || n.startsWith(".")) continue;
    const p = path.join(dir, n);
    let st;
    try { st = statSync(p); } catch { continue; }
    if (st.isDirectory()) sourcesUnder(p, out, depth + 1);
    else if (SOURCE.test(n)) out.push(p);
  }
  return out;
}

/** The chapter's lesson as markdown, or a one-line note saying why there is none. */
export function loadLesson(readmePath: string): string {
  let readme: string;
  try { readme = readFileSync(readmePath, "utf8"); } catch {
    return `# No lesson\n\nThe lesson file ${readmePath} could not be read.`;
  }
  const dir = path.dirname(readmePath);
  const regions: Region[] = [];
  for (const file of sourcesUnder(dir)) {
    try { regions.push(...findRegions(path.relative(dir, file), readFileSync(file, "utf8"))); } catch { /* a marker error is the course build's to report */ }
  }
  return renderLesson(readme, regions).markdown;
}
