// A chapter's user programs: `chapters/NN-name/user/NAME.c` (one source for
// both arches) or `NAME.x86_64.s` / `NAME.arm64.s` (one per arch), built with
// the project's own toolchain and cached under .minos/cache/programs by a
// hash of the source, the arch and the toolchain itself (so a compiler fix
// rebuilds them). C programs are linked against MinOS's libc as static PIEs
// (toolchain/cc/driver.ts); assembly programs stand alone, linked at the
// linker's default address with their own `_start`, as chapter 01's are.

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Arch } from "../machine/core/cpu";
import { build } from "../toolchain/cc/driver";
import { assemble, formatError } from "../toolchain/asm/assemble";
import { link } from "../toolchain/ld/link";
import { projectRoot } from "../toolchain/util/root";
import { CourseError, listChapters } from "./chapters";

export interface Module { name: string; bytes: Uint8Array }

/** A program that does not build: the compiler's own messages, for the student. */
export class ProgramBuildError extends Error {
  constructor(readonly file: string, readonly messages: string[]) {
    super(`${file} does not build:\n${messages.join("\n")}`);
    this.name = "ProgramBuildError";
  }
}

export interface ProgramSource { name: string; file: string; chapter: number }

/** The programs of chapters 1..n available on `arch` (a later chapter's program of the same name wins). */
export function programSources(n: number, arch: Arch, root: string = projectRoot()): ProgramSource[] {
  const byName = new Map<string, ProgramSource>();
  for (const c of listChapters(root).filter((x) => x.n <= n)) {
    const dir = path.join(c.dir, "user");
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) {
      const m = /^([a-z0-9_-]+)(?:\.c|\.(x86_64|arm64)\.s)$/.exec(f);
      if (!m || (m[2] !== undefined && m[2] !== arch)) continue;
      byName.set(m[1], { name: m[1], file: path.join(dir, f), chapter: c.n });
    }
  }
  return [...byName.values()];
}

/** Every program of chapters 01..n for `arch`, built, as boot modules (name = the base name). */
export function chapterPrograms(n: number, arch: Arch, root: string = projectRoot()): Module[] {
  return programSources(n, arch, root).map((p) => ({ name: p.name, bytes: buildProgramFile(p.file, arch) }));
}

/** One program of chapters 01..n by name, built; an error lists the programs there are. */
export function chapterProgram(n: number, arch: Arch, name: string, root: string = projectRoot()): Uint8Array {
  const all = programSources(n, arch, root);
  const p = all.find((x) => x.name === name);
  if (!p) throw new CourseError(`no program '${name}' for ${arch} in chapters 01..${String(n).padStart(2, "0")} (there are: ${all.map((x) => x.name).join(", ") || "none"})`);
  return buildProgramFile(p.file, arch);
}

/** Build a program file (C or assembly) for `arch`, through the cache. */
export function buildProgramFile(file: string, arch: Arch): Uint8Array {
  let text: string;
  try { text = readFileSync(file, "utf8"); } catch { throw new ProgramBuildError(file, [`${file}: No such file or directory`]); }
  return buildProgram(path.basename(file), text, arch, [path.dirname(file)]);
}

/** Build source text named `name` (NAME.c or NAME.s) for `arch`, through the cache. */
export function buildProgram(name: string, text: string, arch: Arch, includeDirs: string[] = []): Uint8Array {
  const key = createHash("sha256").update(`${arch}\0${name}\0${text}\0${toolchainStamp()}\0${headers(includeDirs)}`).digest("hex").slice(0, 32);
  const cached = path.join(projectRoot(), ".minos", "cache", "programs", `${key}.elf`);
  try { return new Uint8Array(readFileSync(cached)); } catch { /* build it */ }
  const elf = name.endsWith(".c") ? compileC(name, text, arch, includeDirs) : assembleAlone(name, text, arch);
  try {
    mkdirSync(path.dirname(cached), { recursive: true });
    writeFileSync(cached, elf);
  } catch { /* a read-only checkout still works, just slower */ }
  return elf;
}

function compileC(name: string, text: string, arch: Arch, includeDirs: string[]): Uint8Array {
  const r = build([{ name, text }], { arch, linux: false, includeDirs, optimize: 1 });
  if (!r.ok || !r.exe) throw new ProgramBuildError(name, r.messages);
  return r.exe;
}

function assembleAlone(name: string, text: string, arch: Arch): Uint8Array {
  if (!/\.s$/i.test(name)) throw new ProgramBuildError(name, [`${name}: a program is NAME.c or NAME.s`]);
  const a = assemble(text, { arch, file: name });
  if (a.errors.length || !a.object) throw new ProgramBuildError(name, a.errors.map(formatError));
  const l = link([{ name: name.replace(/\.s$/i, ".o"), bytes: a.object }], { arch });
  if (!l.elf) throw new ProgramBuildError(name, l.errors.map((e) => `minos ld: ${e}`));
  return l.elf;
}

let stamp: string | undefined;

/** A hash of the toolchain's sources and libc: a compiler change invalidates every cached program. */
function toolchainStamp(): string {
  if (stamp) return stamp;
  const h = createHash("sha256");
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else { h.update(p); h.update(readFileSync(p)); }
    }
  };
  walk(path.join(projectRoot(), "toolchain"));
  return (stamp = h.digest("hex"));
}

/** The headers a program may include from its own folder (their text is part of the cache key). */
function headers(dirs: string[]): string {
  return dirs.flatMap((d) => {
    try { return readdirSync(d).filter((f) => f.endsWith(".h")).sort().map((f) => `${f}:${readFileSync(path.join(d, f), "utf8")}`); } catch { return []; }
  }).join(",");
}
