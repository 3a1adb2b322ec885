// A private copy of the fixture course tree (tests/course/fixtures/) in a
// temporary folder, for tests that edit it (exercises start, a broken
// solution). Relative imports that leave the tree are made absolute.
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { projectRoot } from "../../../toolchain/util/root";

export const FIXTURE = path.join(projectRoot(), "tests", "course", "fixtures");

export function copyFixture(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "minos-course-"));
  cpSync(FIXTURE, dir, { recursive: true });
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith(".ts")) {
        const text = readFileSync(p, "utf8").replace(/"((?:\.\.\/)+)(chapters|course|machine)\//g, (m, ups: string, top: string) => {
          const target = path.resolve(path.dirname(p.replace(dir, FIXTURE)), ups, top);
          return target.startsWith(FIXTURE) ? m : `"${target}/`;
        });
        writeFileSync(p, text);
      }
    }
  };
  walk(dir);
  return dir;
}

/** Replace text in a file of a tree (the test's "student" edits a file). */
export function edit(root: string, file: string, from: string, to: string): void {
  const p = path.join(root, file);
  const text = readFileSync(p, "utf8");
  if (!text.includes(from)) throw new Error(`${file} has no '${from}'`);
  writeFileSync(p, text.replace(from, to));
}
