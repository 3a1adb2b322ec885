// The lesson pane's text for a chapter: README.md with each snippet include
// replaced by the marked code from the chapter's sources (course/markers.ts
// finds the regions; the pane must show exactly their lines).
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findRegions } from "../../course/markers";
import { loadLesson } from "../../tui/kernel/lesson";
import { markdownLines } from "../../tui/lines/lesson";
import { lineText } from "../../tui/lines/line";

const root = path.resolve(import.meta.dirname, "../..");
const sources = (dir: string): string[] => readdirSync(dir).flatMap((n) => {
  const p = path.join(dir, n);
  return statSync(p).isDirectory() ? sources(p) : /\.(ts|c|h|s)$/.test(n) ? [p] : [];
});

describe("the lesson pane", () => {
  it("shows chapter 01's README with its snippets filled in from the sources", () => {
    const readme = path.join(root, "chapters/01-boot/README.md");
    const includes = [...readFileSync(readme, "utf8").matchAll(/<!--\s*snippet:\s*([a-z0-9-]+)\s*-->/g)].map((m) => m[1]);
    expect(includes.length).toBeGreaterThan(0);
    const md = loadLesson(readme);
    expect(md).not.toMatch(/<!--\s*snippet:/);
    // Every included snippet's code, as the markers delimit it in the sources, is on the pane.
    const regions = sources(path.join(root, "chapters/01-boot")).flatMap((f) => findRegions(f, readFileSync(f, "utf8")));
    const shown = markdownLines(md, 300).map(lineText).join("\n");
    for (const name of includes) {
      const r = regions.find((x) => x.kind === "snippet" && x.name === name);
      expect(r, `snippet ${name}`).toBeDefined();
      for (const line of r!.body.map((l) => l.trim()).filter(Boolean)) expect(shown).toContain(line);
    }
  });

  it("says so when the lesson file cannot be read", () => {
    expect(loadLesson("/nonexistent/README.md")).toMatch(/could not be read/);
  });
});
