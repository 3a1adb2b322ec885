// Secure boot: signing a kernel image at build time, and the firmware's
// check before it enters the kernel. Ed25519 (RFC 8032) through node:crypto:
// `sign(null, data, key)` / `verify(null, data, key, sig)` (Ed25519 hashes
// internally, so no digest is named).
//
// The firmware trusts exactly one public key (the course's). Verification
// has five outcomes, each with a line for the console:
//   ok             signed by the trusted key, manifest consistent
//   unsigned       no signature at all
//   bad-signature  the signature does not match the bytes: the image was
//                  changed after signing (one flipped bit is enough)
//   wrong-key      a valid signature, but by a key this machine does not trust
//   malformed      not an image, damaged lengths, or an inconsistent manifest
// The image carries its signer's public key. A signature that verifies under
// that key but the key is not the trusted one is "wrong-key"; one that does
// not verify under it is "bad-signature". The embedded key is never trusted
// itself: only equality with the trusted key leads to "ok".

import { createHash, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { FormatError } from "./bytes";
import {
  checkManifest, ED25519_KEY_SIZE, imageBody, parseImage, sha256hex, type ImageArch, type ImageManifest,
} from "./image";

export type VerifyResult =
  | { status: "ok"; message: string; manifest: ImageManifest; payload: Uint8Array; signer: string }
  | { status: "unsigned"; message: string }
  | { status: "bad-signature"; message: string }
  | { status: "wrong-key"; message: string; signer: string }
  | { status: "malformed"; message: string };

/** The 32 raw bytes of an Ed25519 public key (from a public or private KeyObject). */
export function rawPublicKey(key: KeyObject): Uint8Array {
  const pub = key.type === "private" ? createPublicKey(key) : key;
  if (pub.asymmetricKeyType !== "ed25519") throw new TypeError(`secure boot uses Ed25519 keys; this is a ${pub.asymmetricKeyType} key`);
  const x = pub.export({ format: "jwk" }).x;
  if (!x) throw new TypeError("Ed25519 key without a public part");
  return new Uint8Array(Buffer.from(x, "base64url"));
}

/** A public key from its 32 raw bytes. */
export function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  if (raw.length !== ED25519_KEY_SIZE) throw new RangeError(`an Ed25519 public key is ${ED25519_KEY_SIZE} bytes, not ${raw.length}`);
  return createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(raw).toString("base64url") }, format: "jwk" });
}

/** A short name for a key, shown on the console: "SHA256:" + 16 hex digits of the raw key's hash. */
export function keyFingerprint(raw: Uint8Array): string {
  return "SHA256:" + createHash("sha256").update(raw).digest("hex").slice(0, 16);
}

export interface ImageSpec {
  arch: ImageArch;
  chapter: number;
  entry: string;
  buildId: string;
  payload: Uint8Array;
}

/** Build a kernel image; signed with `key` (an Ed25519 private KeyObject) if given, else unsigned. */
export function makeImage(spec: ImageSpec, key?: KeyObject): Uint8Array {
  const manifest: ImageManifest = {
    format: "minos-kernel-image", arch: spec.arch, chapter: spec.chapter, entry: spec.entry,
    buildId: spec.buildId, payloadSha256: sha256hex(spec.payload), payloadType: "application/javascript",
  };
  if (key && key.type !== "private") throw new TypeError("makeImage signs with a private key; got a public one");
  const body = imageBody(spec.arch, manifest, spec.payload, key ? rawPublicKey(key) : undefined);
  if (!key) return body;
  const sig = sign(null, body, key);
  const out = new Uint8Array(body.length + sig.length);
  out.set(body);
  out.set(sig, body.length);
  return out;
}

/** The firmware's check. `trusted` is the one public key this machine accepts; `arch` the board's. */
export function verifyImage(img: Uint8Array, trusted: KeyObject, arch?: ImageArch): VerifyResult {
  const malformed = (e: unknown): VerifyResult => {
    if (e instanceof FormatError) return { status: "malformed", message: `secure boot: ${e.message}` };
    throw e;
  };
  let parts;
  try { parts = parseImage(img); } catch (e) { return malformed(e); }
  if (parts.signature.length === 0) {
    return { status: "unsigned", message: "secure boot: the kernel image is not signed; sign it (minos build signs with your key) or boot with secure boot off" };
  }
  const trustedRaw = rawPublicKey(trusted);
  const signer = keyFingerprint(parts.signerKey);
  let signerKey: KeyObject | undefined;
  try { signerKey = publicKeyFromRaw(parts.signerKey); } catch { signerKey = undefined; }
  const valid = signerKey !== undefined && safeVerify(parts.signed, signerKey, parts.signature);
  if (!valid) {
    return { status: "bad-signature", message: "secure boot: bad signature: the kernel image was changed after it was signed, or is damaged; rebuild it" };
  }
  if (!equal(parts.signerKey, trustedRaw)) {
    return {
      status: "wrong-key", signer,
      message: `secure boot: the image is signed by key ${signer}, but this machine trusts ${keyFingerprint(trustedRaw)}; ` +
        "sign with the trusted key, or point MINOS_TRUSTED_KEY at the signer's public key",
    };
  }
  let manifest: ImageManifest;
  try { manifest = checkManifest(parts); } catch (e) { return malformed(e); }
  if (arch && manifest.arch !== arch) {
    return { status: "malformed", message: `secure boot: the image is for ${manifest.arch}, but this board is ${arch}` };
  }
  return {
    status: "ok", manifest, payload: parts.payload, signer,
    message: `secure boot: kernel image for chapter ${manifest.chapter} (${manifest.arch}, build ${manifest.buildId}) signed by ${signer}: OK`,
  };
}

// node:crypto throws (rather than returning false) on some malformed keys; both mean "does not verify".
function safeVerify(data: Uint8Array, key: KeyObject, sig: Uint8Array): boolean {
  try { return verify(null, data, key, sig); } catch { return false; }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
