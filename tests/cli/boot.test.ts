// minos sign and minos boot: a kernel bundle (esbuild, as the chapters build
// theirs) is signed and booted on each board; the firmware's secure boot
// starts it only if the signature is good, and the exit status says why not.
import { describe, expect, it, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildSync } from "esbuild";
import { makeImage } from "../../machine/firmware/secure-boot";

const dir = mkdtempSync(path.join(tmpdir(), "minos-boot-"));
const bundle = path.join(dir, "kernel.js");
const minos = (...args: string[]) => spawnSync(process.execPath, ["bin/minos", ...args], { encoding: "utf8" });

beforeAll(() => {
  buildSync({ entryPoints: ["tests/fixtures/poweroff-kernel.ts"], bundle: true, format: "cjs", platform: "neutral", outfile: bundle, logLevel: "silent" });
});

describe.each(["x86_64", "arm64"] as const)("minos boot (%s)", (arch) => {
  it("boots a signed kernel: the firmware verifies it, enters it, and the power-off status is the exit status", () => {
    const img = path.join(dir, `ok-${arch}.img`);
    expect(minos("sign", "--arch", arch, "-o", img, bundle).status).toBe(0);
    const r = minos("boot", img);
    expect(r.stdout).toMatch(/secure boot: kernel image for chapter 1 .* signed by SHA256:[0-9a-f]+: OK/);
    expect(r.stdout).toMatch(/firmware: entering the kernel/);
    expect(r.status).toBe(7);
  });

  it("refuses a damaged, an unsigned and a foreign image, each with its own status", () => {
    const good = readFileSync(path.join(dir, `ok-${arch}.img`));
    const bad = Uint8Array.from(good);
    bad[bad.length - 100] ^= 0x10;                                   // one bit of the payload
    writeFileSync(path.join(dir, "bad.img"), bad);
    const damaged = minos("boot", path.join(dir, "bad.img"));
    expect(damaged.status).toBe(4);
    expect(damaged.stdout).toMatch(/halted; the kernel was not started/);

    const payload = new Uint8Array(readFileSync(bundle));
    writeFileSync(path.join(dir, "unsigned.img"), makeImage({ arch, chapter: 1, entry: "main", buildId: "u", payload }));
    expect(minos("boot", path.join(dir, "unsigned.img")).status).toBe(3);

    const other = generateKeyPairSync("ed25519").privateKey;
    writeFileSync(path.join(dir, "foreign.img"), makeImage({ arch, chapter: 1, entry: "main", buildId: "f", payload }, other));
    const foreign = minos("boot", path.join(dir, "foreign.img"));
    expect(foreign.status).toBe(5);
    expect(foreign.stdout).toMatch(/halted; the kernel was not started/);

    // With secure boot off, the foreign image starts (and the console says the check was skipped).
    const insecure = minos("boot", "--insecure", path.join(dir, "foreign.img"));
    expect(insecure.stdout).toMatch(/secure boot: OFF/);
    expect(insecure.status).toBe(7);
  });
});
