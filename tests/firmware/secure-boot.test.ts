// The signed kernel image and its verification (machine/firmware/README.md
// "Signed kernel image"), with OpenSSL as the oracle for Ed25519 (RFC 8032):
// `openssl pkeyutl -verify -rawin` must accept our signatures with our public
// key exported as PEM, and a signature OpenSSL makes with our private key
// must be the one we make (Ed25519 signing is deterministic, RFC 8032 5.1.6).
import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { IMAGE_HEADER_SIZE, imageBody, parseImage, type ImageManifest } from "../../machine/firmware/image";
import { KeyError, loadSigningKey, loadTrustedKey } from "../../machine/firmware/keys";
import { keyFingerprint, makeImage, rawPublicKey, verifyImage } from "../../machine/firmware/secure-boot";
import { oracleIt } from "../oracles";
import { run, scratch } from "./tools";

const keyA = generateKeyPairSync("ed25519");
const keyB = generateKeyPairSync("ed25519");
const payload = new TextEncoder().encode(`export function kmain(boot) { boot.console.write("hello"); }\n`);
const spec = { arch: "x86_64" as const, chapter: 1, entry: "kmain", buildId: "test-build-1", payload };

describe("kernel image format", () => {
  it("lays out header, manifest, payload and signature as documented", () => {
    const img = makeImage(spec, keyA.privateKey);
    const v = new DataView(img.buffer);
    expect(new TextDecoder().decode(img.subarray(0, 8))).toBe("MINOSIMG");
    expect(v.getUint16(8, true)).toBe(1);
    expect(v.getUint16(10, true)).toBe(62);              // EM_X86_64 (System V ABI, ELF e_machine)
    const mlen = v.getUint32(16, true), plen = v.getUint32(20, true);
    expect(v.getUint32(24, true)).toBe(64);
    expect(img.length).toBe(IMAGE_HEADER_SIZE + mlen + plen + 64);
    expect([...img.subarray(32, 64)]).toEqual([...rawPublicKey(keyA.publicKey)]);
    const m = JSON.parse(new TextDecoder().decode(img.subarray(64, 64 + mlen)));
    expect(m).toMatchObject({ arch: "x86_64", chapter: 1, entry: "kmain", buildId: "test-build-1" });
    expect(new TextDecoder().decode(img.subarray(64 + mlen, 64 + mlen + plen))).toBe(new TextDecoder().decode(payload));
    expect(new DataView(makeImage({ ...spec, arch: "arm64" }).buffer).getUint16(10, true)).toBe(183); // EM_AARCH64
  });
});

describe("verifyImage", () => {
  const img = makeImage(spec, keyA.privateKey);
  it("accepts an image signed by the trusted key", () => {
    const r = verifyImage(img, keyA.publicKey, "x86_64");
    expect(r.status).toBe("ok");
    if (r.status !== "ok") return;
    expect(r.manifest.entry).toBe("kmain");
    expect([...r.payload]).toEqual([...payload]);
    expect(r.message).toMatch(/chapter 1 .*OK/);
  });
  it("says unsigned for an image without a signature", () => {
    expect(verifyImage(makeImage(spec), keyA.publicKey).status).toBe("unsigned");
  });
  it("says wrong-key for a valid signature by another key, naming both fingerprints", () => {
    const r = verifyImage(img, keyB.publicKey);
    expect(r.status).toBe("wrong-key");
    expect(r.message).toContain(keyFingerprint(rawPublicKey(keyA.publicKey)));
    expect(r.message).toContain(keyFingerprint(rawPublicKey(keyB.publicKey)));
  });
  it("never accepts an image with any single bit flipped", () => {
    const counts: Record<string, number> = {};
    // Every bit of the 64-byte header; past it, one bit per byte (rotating through the 8 positions).
    for (let byte = 0; byte < img.length; byte++) {
      for (let bit = 0; bit < 8; bit++) {
        if (byte >= 0x40 && bit !== byte % 8) continue;
        const t = img.slice();
        t[byte] ^= 1 << bit;
        const s = verifyImage(t, keyA.publicKey).status;
        counts[s] = (counts[s] ?? 0) + 1;
        // Past the fixed fields (signer key, manifest, payload, signature) a flip is always a bad signature;
        // in the magic/lengths/version fields it may instead make the container malformed.
        if (byte >= 0x20) expect(s, `bit ${bit} of byte ${byte}`).toBe("bad-signature");
        else expect(["malformed", "bad-signature", "unsigned"], `bit ${bit} of byte ${byte}`).toContain(s);
      }
    }
    expect(counts.ok).toBeUndefined();
  });
  it("says malformed for non-images, bad lengths, inconsistent manifests and the wrong arch", () => {
    expect(verifyImage(new TextEncoder().encode("#!/usr/bin/env node\n".repeat(5)), keyA.publicKey).message).toMatch(/not a MinOS kernel image/);
    expect(verifyImage(img.subarray(0, 10), keyA.publicKey).status).toBe("malformed");
    expect(verifyImage(img.subarray(0, img.length - 1), keyA.publicKey).message).toMatch(/do not match its size/);
    // A correctly signed image whose manifest lies about the payload: signed, yet inconsistent.
    const m: ImageManifest = { format: "minos-kernel-image", arch: "x86_64", chapter: 1, entry: "kmain", buildId: "x",
      payloadSha256: "0".repeat(64), payloadType: "application/javascript" };
    const body = imageBody("x86_64", m, payload, rawPublicKey(keyA.publicKey));
    const lying = new Uint8Array([...body, ...sign(null, body, keyA.privateKey)]);
    const r = verifyImage(lying, keyA.publicKey);
    expect(r.status).toBe("malformed");
    expect(r.message).toMatch(/payloadSha256/);
    expect(verifyImage(img, keyA.publicKey, "arm64").message).toMatch(/for x86_64, but this board is arm64/);
  });
});

describe("Ed25519 against OpenSSL", () => {
  const tmp = scratch("sig");
  const opensslIt = oracleIt(["openssl"]);
  const pem = (k: KeyObject, type: "spki" | "pkcs8") => k.export({ type, format: "pem" }) as string;

  opensslIt("openssl pkeyutl -verify accepts our signature with our public key as PEM", () => {
    const img = makeImage(spec, keyA.privateKey);
    const p = parseImage(img);
    const pub = tmp.file("a.pub.pem", pem(keyA.publicKey, "spki"));
    const data = tmp.file("signed.bin", p.signed), sig = tmp.file("sig.bin", p.signature);
    const ok = run("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", pub, "-rawin", "-in", data, "-sigfile", sig]);
    expect(ok.stdout.trim()).toBe("Signature Verified Successfully");
    expect(ok.status).toBe(0);
    const bad = p.signed.slice(); bad[100] ^= 4;
    const no = run("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", pub, "-rawin", "-in", tmp.file("bad.bin", bad), "-sigfile", sig]);
    expect(no.status).not.toBe(0);
    expect(no.stdout).toContain("Signature Verification Failure");
  });

  opensslIt("openssl makes the same signature with our private key, and our verifier accepts an OpenSSL key pair", () => {
    const img = makeImage(spec, keyA.privateKey);
    const p = parseImage(img);
    const key = tmp.file("a.key.pem", pem(keyA.privateKey, "pkcs8"));
    const r = run("openssl", ["pkeyutl", "-sign", "-inkey", key, "-rawin", "-in", tmp.file("s.bin", p.signed)]);
    expect(r.status, r.stderr).toBe(0);
    expect([...r.out]).toEqual([...p.signature]);
    // A course key made by openssl genpkey, loaded through keys.ts
    const course = tmp.file("course.key.pem");
    expect(run("openssl", ["genpkey", "-algorithm", "ed25519", "-out", course]).status).toBe(0);
    const coursePub = tmp.file("course.pub.pem");
    expect(run("openssl", ["pkey", "-in", course, "-pubout", "-out", coursePub]).status).toBe(0);
    const signed = makeImage(spec, loadSigningKey({ path: course }));
    expect(verifyImage(signed, loadTrustedKey({ path: coursePub })).status).toBe("ok");
    expect(verifyImage(signed, keyA.publicKey).status).toBe("wrong-key");
  });
});

describe("key files", () => {
  const tmp = scratch("keys");
  it("loads keys from a flag, then MINOS_SIGNING_KEY / MINOS_TRUSTED_KEY, then the development key", () => {
    const priv = tmp.file("k.pem", keyB.privateKey.export({ type: "pkcs8", format: "pem" }));
    const pub = tmp.file("k.pub.pem", keyB.publicKey.export({ type: "spki", format: "pem" }));
    const old = { s: process.env.MINOS_SIGNING_KEY, t: process.env.MINOS_TRUSTED_KEY };
    try {
      process.env.MINOS_SIGNING_KEY = priv;
      process.env.MINOS_TRUSTED_KEY = pub;
      const img = makeImage(spec, loadSigningKey({ root: tmp.dir }));
      expect(verifyImage(img, loadTrustedKey({ root: tmp.dir })).status).toBe("ok");
      delete process.env.MINOS_SIGNING_KEY;
      delete process.env.MINOS_TRUSTED_KEY;
      expect(() => loadSigningKey({ root: tmp.dir })).toThrow(KeyError);
      expect(() => loadSigningKey({ root: tmp.dir })).toThrow(/scripts\/dev-key\.mjs/);
    } finally {
      if (old.s === undefined) delete process.env.MINOS_SIGNING_KEY; else process.env.MINOS_SIGNING_KEY = old.s;
      if (old.t === undefined) delete process.env.MINOS_TRUSTED_KEY; else process.env.MINOS_TRUSTED_KEY = old.t;
    }
  });
  it("rejects a key that is not Ed25519, and a file that is not a key, with a message", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const f = tmp.file("rsa.pem", rsa.privateKey.export({ type: "pkcs8", format: "pem" }));
    expect(() => loadSigningKey({ path: f })).toThrow(/rsa key; MinOS signs with Ed25519/);
    expect(() => loadTrustedKey({ path: tmp.file("junk.pem", "hello") })).toThrow(/not a PEM public key/);
  });
  it("scripts/dev-key.mjs makes a private (0600) and public key pair once, and keeps it", () => {
    const dir = path.join(tmp.dir, "dev");
    const script = path.resolve("scripts/dev-key.mjs");
    const a = run(process.execPath, [script, "--dir", dir]);
    expect(a.status, a.stderr).toBe(0);
    const priv = path.join(dir, "dev-ed25519.key.pem");
    expect(statSync(priv).mode & 0o777).toBe(0o600);
    const first = readFileSync(priv, "utf8");
    const b = run(process.execPath, [script, "--dir", dir]);
    expect(b.stdout).toMatch(/keeping/);
    expect(readFileSync(priv, "utf8")).toBe(first);
    const k = createPrivateKey(first);
    const img = makeImage(spec, k);
    expect(verifyImage(img, loadTrustedKey({ path: path.join(dir, "dev-ed25519.pub.pem") })).status).toBe("ok");
  });
});
