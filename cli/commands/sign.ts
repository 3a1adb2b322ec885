// `minos sign`: wrap a kernel bundle in a signed kernel image (the format
// machine/firmware/README.md describes), as a course's build does before
// the firmware's secure boot will start it.

import { readFile, writeFile } from "node:fs/promises";
import { parseArch } from "../../machine/arches";
import { makeImage } from "../../machine/firmware/secure-boot";
import { loadSigningKey } from "../../machine/firmware/keys";
import { sha256hex } from "../../machine/firmware/image";
import { projectRoot } from "../../toolchain/util/root";
import { evaluateBundle } from "../../course/load-kernel";
import { InputError, parseFlags, UsageError, type Command } from "../command";

export const signCommand: Command = {
  name: "sign",
  summary: "wrap a kernel bundle (CommonJS JavaScript) in a signed kernel image for secure boot",
  help: `usage: minos sign --arch x86_64|arm64 [--entry NAME] [--chapter N] [--key KEY.pem] -o IMAGE BUNDLE.js

Makes a kernel image from a CommonJS bundle (esbuild --format=cjs; the
firmware's loader evaluates it afresh on every boot): a header, a manifest (arch, chapter, entry function,
build id, the payload's SHA-256), the bundle, and an Ed25519 signature over
all of it. The key is --key, else $MINOS_SIGNING_KEY, else the development
key made by npm install (.minos/keys/).

options:
  --arch ARCH      the board the kernel is for (required)
  --entry NAME     the bundle's exported entry function (default main)
  --chapter N      the chapter (1..6) recorded in the manifest (default 1)
  --key FILE       the Ed25519 private key (PEM)
  -o IMAGE         where to write the image (required)`,

  async run(args) {
    const f = parseFlags(args, { values: ["--arch", "--entry", "--chapter", "--key", "-o"] });
    if (!f.values.has("--arch")) throw new UsageError("say which board the kernel is for: --arch x86_64 or --arch arm64");
    if (!f.values.has("-o")) throw new UsageError("say where the image goes: -o IMAGE");
    if (f.positionals.length !== 1) throw new UsageError("name one kernel bundle (a CommonJS script) to sign");
    let arch;
    try { arch = parseArch(f.values.get("--arch")!); } catch (e) { throw new UsageError((e as Error).message); }
    const chapter = Number(f.values.get("--chapter") ?? "1");
    if (!Number.isInteger(chapter) || chapter < 1 || chapter > 6) throw new UsageError("--chapter takes a chapter number from 1 to 6");
    let payload: Uint8Array;
    try { payload = new Uint8Array(await readFile(f.positionals[0])); } catch { throw new InputError(`${f.positionals[0]}: No such file or directory`); }
    // Sign only what the firmware's loader can start: a CommonJS bundle exporting the entry.
    const entry = f.values.get("--entry") ?? "main";
    let exported: Record<string, unknown>;
    try { exported = evaluateBundle(payload); } catch (e) { throw new InputError(`${f.positionals[0]}: ${(e as Error).message}`); }
    if (typeof exported[entry] !== "function") throw new InputError(`${f.positionals[0]} does not export a function '${entry}' (build it with esbuild --format=cjs; --entry names another export)`);
    let key;
    try { key = loadSigningKey({ path: f.values.get("--key"), root: projectRoot() }); } catch (e) { throw new InputError((e as Error).message); }
    const image = makeImage({ arch, chapter, entry, buildId: sha256hex(payload).slice(0, 16), payload }, key);
    await writeFile(f.values.get("-o")!, image);
    return 0;
  },
};
