// Kernel stepping, part 6: the esbuild plugin that instruments the kernel's
// sources as they are bundled (instrument.ts), collecting every site with
// ids unique across the bundle. Files outside `filter` (the machine, the
// toolchain) are bundled as they are: only the chapter code a student reads
// is stepped.

import { readFileSync } from "node:fs";
import path from "node:path";
import type { Plugin } from "esbuild";
import { instrument, type Site } from "./instrument";

export function stepPlugin(filter: RegExp, sites: Site[], root: string): Plugin {
  return {
    name: "minos-kernel-stepping",
    setup(build) {
      build.onLoad({ filter }, (args) => {
        const text = readFileSync(args.path, "utf8");
        return { contents: stepTransform(path.relative(root, args.path), text, sites), loader: "ts" };
      });
    },
  };
}

/** Instrument one file, appending its sites to `sites` (for builds that have their own onLoad, e.g. the chapter build). */
export function stepTransform(file: string, text: string, sites: Site[]): string {
  const r = instrument(file.split(path.sep).join("/"), text, sites.length);
  sites.push(...r.sites);
  return r.code;
}
