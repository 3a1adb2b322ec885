// The MinOS kernel image: the bytes the firmware loads, checks and enters.
// The kernel is TypeScript, so its "code" is an esbuild bundle (JavaScript);
// the image wraps it in a small binary container that a firmware can check
// before trusting it, the way a UEFI or U-Boot FIT image is checked.
//
//   offset size  field (little-endian)
//   0x00   8     magic "MINOSIMG"
//   0x08   2     format version (1)
//   0x0A   2     arch: the ELF e_machine number, 62 (EM_X86_64) or 183 (EM_AARCH64)
//   0x0C   4     header size (64)
//   0x10   4     manifest length  M
//   0x14   4     payload length   P
//   0x18   4     signature length S: 0 (unsigned) or 64 (Ed25519)
//   0x1C   4     flags (0; reserved)
//   0x20   32    signer's Ed25519 public key (RFC 8032 section 5.1.5), zero if unsigned
//   0x40   M     manifest: UTF-8 JSON (see ImageManifest)
//   0x40+M P     payload: the kernel bundle
//   ...    S     signature: Ed25519 (RFC 8032, "pure" mode) over bytes [0, 0x40+M+P)
// The file is exactly 0x40+M+P+S bytes. The signature covers the header
// (lengths, arch and the signer's key included), so changing any of it is
// caught; the embedded key only tells a wrong key from a damaged image, it
// is never trusted by itself (see verify.ts).

import { createHash } from "node:crypto";
import { FormatError } from "./bytes";

export const IMAGE_MAGIC = "MINOSIMG";
export const IMAGE_VERSION = 1;
export const IMAGE_HEADER_SIZE = 0x40;
export const ED25519_SIG_SIZE = 64, ED25519_KEY_SIZE = 32;
export const EM_X86_64 = 62, EM_AARCH64 = 183;

export type ImageArch = "x86_64" | "arm64";
const ARCH_CODE: Record<ImageArch, number> = { x86_64: EM_X86_64, arm64: EM_AARCH64 };

/** What the manifest says about the payload. Every field is covered by the signature. */
export interface ImageManifest {
  format: "minos-kernel-image";
  arch: ImageArch;
  /** The chapter whose kernel this is (1..6). */
  chapter: number;
  /** The name the payload module exports for the firmware to call. */
  entry: string;
  /** Identifies the build (e.g. a git commit and a hash of the sources). */
  buildId: string;
  /** SHA-256 of the payload, lowercase hex. */
  payloadSha256: string;
  payloadType: "application/javascript";
}

export interface ImageParts {
  version: number;
  arch: ImageArch;
  flags: number;
  signerKey: Uint8Array;       // 32 bytes, all zero if unsigned
  manifestBytes: Uint8Array;
  payload: Uint8Array;
  signature: Uint8Array;       // empty if unsigned
  /** The bytes the signature covers: header + manifest + payload. */
  signed: Uint8Array;
}

export function sha256hex(b: Uint8Array): string { return createHash("sha256").update(b).digest("hex"); }

/** The header + manifest + payload of a new image, ready to sign. `signerKey` is 32 raw bytes or absent. */
export function imageBody(arch: ImageArch, manifest: ImageManifest, payload: Uint8Array, signerKey?: Uint8Array): Uint8Array {
  if (signerKey && signerKey.length !== ED25519_KEY_SIZE) throw new RangeError(`image: signer key must be ${ED25519_KEY_SIZE} bytes`);
  const m = new TextEncoder().encode(JSON.stringify(manifest));
  const out = new Uint8Array(IMAGE_HEADER_SIZE + m.length + payload.length);
  const v = new DataView(out.buffer);
  out.set(new TextEncoder().encode(IMAGE_MAGIC), 0);
  v.setUint16(0x08, IMAGE_VERSION, true);
  v.setUint16(0x0a, ARCH_CODE[arch], true);
  v.setUint32(0x0c, IMAGE_HEADER_SIZE, true);
  v.setUint32(0x10, m.length, true);
  v.setUint32(0x14, payload.length, true);
  v.setUint32(0x18, signerKey ? ED25519_SIG_SIZE : 0, true);
  v.setUint32(0x1c, 0, true);
  if (signerKey) out.set(signerKey, 0x20);
  out.set(m, IMAGE_HEADER_SIZE);
  out.set(payload, IMAGE_HEADER_SIZE + m.length);
  return out;
}

/** Split an image into its parts, checking the container (not the signature). */
export function parseImage(img: Uint8Array): ImageParts {
  if (img.length < IMAGE_HEADER_SIZE) throw new FormatError(`image is ${img.length} bytes, shorter than the ${IMAGE_HEADER_SIZE}-byte header`);
  const magic = new TextDecoder("latin1").decode(img.subarray(0, 8));
  if (magic !== IMAGE_MAGIC) throw new FormatError(`not a MinOS kernel image: magic is "${magic.replace(/[^\x20-\x7e]/g, "?")}", expected "${IMAGE_MAGIC}"`);
  const v = new DataView(img.buffer, img.byteOffset, img.byteLength);
  const version = v.getUint16(0x08, true), code = v.getUint16(0x0a, true), hsize = v.getUint32(0x0c, true);
  const mlen = v.getUint32(0x10, true), plen = v.getUint32(0x14, true), slen = v.getUint32(0x18, true), flags = v.getUint32(0x1c, true);
  if (version !== IMAGE_VERSION) throw new FormatError(`image format version ${version}; this firmware reads version ${IMAGE_VERSION}`);
  const arch = (Object.keys(ARCH_CODE) as ImageArch[]).find((a) => ARCH_CODE[a] === code);
  if (!arch) throw new FormatError(`image arch code ${code} is neither ${EM_X86_64} (x86_64) nor ${EM_AARCH64} (arm64)`);
  if (hsize !== IMAGE_HEADER_SIZE) throw new FormatError(`image header size ${hsize}, expected ${IMAGE_HEADER_SIZE}`);
  if (slen !== 0 && slen !== ED25519_SIG_SIZE) throw new FormatError(`image signature length ${slen}: must be 0 (unsigned) or ${ED25519_SIG_SIZE} (Ed25519)`);
  if (flags !== 0) throw new FormatError(`image flags 0x${flags.toString(16)}: no flags are defined in version ${IMAGE_VERSION}`);
  const total = IMAGE_HEADER_SIZE + mlen + plen + slen;
  if (total !== img.length) {
    throw new FormatError(`image lengths (header ${IMAGE_HEADER_SIZE} + manifest ${mlen} + payload ${plen} + signature ${slen} = ${total}) do not match its size ${img.length}`);
  }
  const pstart = IMAGE_HEADER_SIZE + mlen, send = pstart + plen;
  return {
    version, arch, flags,
    signerKey: img.slice(0x20, 0x40),
    manifestBytes: img.slice(IMAGE_HEADER_SIZE, pstart),
    payload: img.slice(pstart, send),
    signature: img.slice(send),
    signed: img.subarray(0, send),
  };
}

/** Decode and check the manifest against the header and the payload. */
export function checkManifest(p: ImageParts): ImageManifest {
  let m: ImageManifest;
  try {
    m = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(p.manifestBytes)) as ImageManifest;
  } catch (e) {
    throw new FormatError(`image manifest is not UTF-8 JSON: ${(e as Error).message}`);
  }
  const bad = (why: string) => new FormatError(`image manifest: ${why}`);
  if (typeof m !== "object" || m === null || m.format !== "minos-kernel-image") throw bad(`format is not "minos-kernel-image"`);
  if (m.arch !== p.arch) throw bad(`arch "${m.arch}" does not match the header's ${p.arch}`);
  if (!Number.isInteger(m.chapter) || m.chapter < 1) throw bad(`chapter ${m.chapter} is not a positive integer`);
  if (typeof m.entry !== "string" || !/^[A-Za-z_$][\w$]*$/.test(m.entry)) throw bad(`entry "${m.entry}" is not an identifier`);
  if (typeof m.buildId !== "string") throw bad("buildId is missing");
  if (m.payloadType !== "application/javascript") throw bad(`payloadType "${m.payloadType}" is not application/javascript`);
  const h = sha256hex(p.payload);
  if (m.payloadSha256 !== h) throw bad(`payloadSha256 ${m.payloadSha256} does not match the payload's ${h}`);
  return m;
}
