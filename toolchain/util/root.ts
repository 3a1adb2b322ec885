// Where the MinOS checkout is, for code that reads files shipped with it
// (libc sources and headers, benchmark workloads). Works the same from the
// TypeScript sources (tests) and from the esbuild bundle in dist/.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

export function projectRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, "utf8")).name === "minos") return (cached = dir);
    const up = path.dirname(dir);
    if (up === dir) throw new Error("cannot find the MinOS checkout (package.json named minos) above " + fileURLToPath(import.meta.url));
    dir = up;
  }
}
