// The whole firmware sequence: secure boot, placement, copying, entry state,
// console lines, and refusal without a stack trace. The payload is a real
// esbuild bundle, and after the firmware has checked it, it is imported and
// its entry called, as the board will do.
import { generateKeyPairSync } from "node:crypto";
import { buildSync } from "esbuild";
import { describe, expect, it } from "vitest";
import { PhysMem } from "../../machine/core/physmem";
import { MiB, pcBoard, virtBoard } from "../../machine/firmware/boards";
import { writeCpio } from "../../machine/firmware/cpio";
import { runFirmware } from "../../machine/firmware/firmware";
import { parseMultiboot2 } from "../../machine/firmware/multiboot2-parse";
import { readFdt } from "../../machine/firmware/fdt-read";
import { makeImage } from "../../machine/firmware/secure-boot";

const keys = generateKeyPairSync("ed25519");
const other = generateKeyPairSync("ed25519");
const bundle = buildSync({
  stdin: { contents: "export function kmain(boot: { answer: number }): number { return boot.answer * 2; }", loader: "ts" },
  bundle: true, format: "esm", write: false, logLevel: "silent",
}).outputFiles[0].contents;
const initrd = writeCpio([{ name: "init", kind: "file", perm: 0o755, data: new Uint8Array(3000).fill(7) }]);
const image = (arch: "x86_64" | "arm64", key = keys.privateKey) =>
  makeImage({ arch, chapter: 1, entry: "kmain", buildId: "t1", payload: bundle }, key);

describe("runFirmware", () => {
  it("boots the PC: checks the signature, loads everything, and prints what it did", async () => {
    const mem = new PhysMem(8 * MiB);
    const r = runFirmware(mem, { board: pcBoard(), ramSize: 8 * MiB, image: image("x86_64"), modules: [{ name: "initrd", bytes: initrd }], cmdline: "quiet", trustedKey: keys.publicKey });
    expect(r.ok, r.console.join("\n")).toBe(true);
    if (!r.ok) return;
    expect(r.console[0]).toBe("firmware: pc board, 8 MiB RAM");
    expect(r.console[1]).toMatch(/^secure boot: .*: OK$/);
    expect(r.console[2]).toMatch(/^firmware: kernel image 0x00100000-0x00100fff \(\d+ KiB\)$/);
    expect(r.console.at(-1)).toBe(`firmware: entering the kernel: eax=0x36d76289 ebx=0x${r.plan.entry.ebx.toString(16).padStart(8, "0")}`);
    const mb = parseMultiboot2(mem.bytes.subarray(r.plan.entry.ebx));
    expect(mb.modules![0].string).toBe("initrd");
    expect(new TextDecoder().decode(mem.bytes.subarray(0x100000, 0x100008))).toBe("MINOSIMG");
    // The verified payload is the bundle: import it and call the manifest's entry.
    const mod = await import(`data:text/javascript;base64,${Buffer.from(r.payload).toString("base64")}`);
    expect(mod[r.manifest.entry]({ answer: 21 })).toBe(42);
  });

  it("boots virt with 1 MiB of RAM at 0x40000000", () => {
    const ram = new Uint8Array(1 * MiB);
    const r = runFirmware({ load: (pa, d) => ram.set(d, pa - 0x40000000) },
      { board: virtBoard(), ramSize: 1 * MiB, image: image("arm64"), modules: [{ name: "initrd", bytes: initrd }], cmdline: "", trustedKey: keys.publicKey });
    expect(r.ok, r.console.join("\n")).toBe(true);
    if (!r.ok) return;
    expect(r.console.at(-1)).toMatch(/entering the kernel: x0=0x4000.... x1=0x00000000/);
    expect(readFdt(ram.subarray(r.plan.entry.x0 - 0x40000000)).root.children.some((c) => c.name === "chosen")).toBe(true);
  });

  it("refuses, with a console line and no exception, what secure boot rejects", () => {
    const base = { board: pcBoard(), ramSize: 4 * MiB, modules: [], cmdline: "", trustedKey: keys.publicKey };
    const mem = new PhysMem(4 * MiB);
    const tampered = image("x86_64"); tampered[tampered.length - 100] ^= 1;
    const cases: [Uint8Array, string][] = [
      [image("x86_64"), "ok"],
      [makeImage({ arch: "x86_64", chapter: 1, entry: "kmain", buildId: "u", payload: bundle }), "unsigned"],
      [tampered, "bad-signature"],
      [image("x86_64", other.privateKey), "wrong-key"],
      [image("arm64"), "malformed"],
    ];
    for (const [img, status] of cases) {
      const r = runFirmware(mem, { ...base, image: img });
      expect(r.verify?.status).toBe(status);
      expect(r.ok).toBe(status === "ok");
      if (!r.ok) expect(r.console.at(-1)).toBe("firmware: halted; the kernel was not started");
    }
    expect(runFirmware(mem, { ...base, image: image("x86_64"), trustedKey: undefined }).console[1]).toMatch(/no trusted key/);
  });

  it("with secure boot off, boots unsigned and foreign-signed images but never damaged ones", () => {
    const base = { board: pcBoard(), ramSize: 4 * MiB, modules: [], cmdline: "", secureBoot: false };
    const mem = new PhysMem(4 * MiB);
    expect(runFirmware(mem, { ...base, image: makeImage({ arch: "x86_64", chapter: 1, entry: "kmain", buildId: "u", payload: bundle }) }).ok).toBe(true);
    const r = runFirmware(mem, { ...base, image: image("x86_64", other.privateKey) });
    expect(r.console[1]).toMatch(/secure boot: OFF/);
    const damaged = image("x86_64"); damaged[damaged.length - 100] ^= 1;   // inside the payload: its sha256 no longer matches
    const d = runFirmware(mem, { ...base, image: damaged });
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.error).toMatch(/payloadSha256/);
  });

  it("reports too little RAM as a console line", () => {
    const big = makeImage({ arch: "x86_64", chapter: 1, entry: "kmain", buildId: "b", payload: new Uint8Array(900 * 1024) }, keys.privateKey);
    const r = runFirmware(new PhysMem(1 * MiB), { board: pcBoard(), ramSize: 1 * MiB, image: big, modules: [], cmdline: "", trustedKey: keys.publicKey });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^firmware: pc board with 1024 KiB of RAM: no room for the kernel image/);
  });
});
