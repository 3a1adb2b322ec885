// Where the signing key (build side) and the trusted key (firmware side)
// come from. In order:
//   1. an explicit path (a command-line flag: --signing-key / --trusted-key)
//   2. the environment: MINOS_SIGNING_KEY (private key, PEM PKCS#8) and
//      MINOS_TRUSTED_KEY (public key, PEM SPKI; a private key also works)
//   3. the development key pair scripts/dev-key.mjs makes on `npm install`,
//      in .minos/keys/ (git-ignored: a private key is never committed)
// A course makes its own pair once (see machine/firmware/README.md) and
// points both variables at it.

import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export const DEV_KEY_DIR = ".minos/keys";
export const DEV_PRIVATE_KEY = `${DEV_KEY_DIR}/dev-ed25519.key.pem`;
export const DEV_PUBLIC_KEY = `${DEV_KEY_DIR}/dev-ed25519.pub.pem`;

/** A key that could not be found or used; the message says what to do. */
export class KeyError extends Error {
  override name = "KeyError";
}

function pick(explicit: string | undefined, envName: string, fallback: string, root: string): { file: string; from: string } {
  if (explicit) return { file: path.resolve(root, explicit), from: "the command line" };
  const env = process.env[envName];
  if (env) return { file: path.resolve(root, env), from: `$${envName}` };
  return { file: path.join(root, fallback), from: "the development key (scripts/dev-key.mjs)" };
}

function readPem(file: string, from: string): string {
  if (!existsSync(file)) {
    throw new KeyError(`no key at ${file} (from ${from}). Run \`node scripts/dev-key.mjs\` to make the development key, ` +
      "or set MINOS_SIGNING_KEY / MINOS_TRUSTED_KEY to your course's key files");
  }
  return readFileSync(file, "utf8");
}

function mustBeEd25519(k: KeyObject, file: string): KeyObject {
  if (k.asymmetricKeyType !== "ed25519") {
    throw new KeyError(`${file} holds a ${k.asymmetricKeyType} key; MinOS signs with Ed25519 ` +
      "(make one with `openssl genpkey -algorithm ed25519 -out course.key.pem`)");
  }
  return k;
}

/** The private key the build signs kernel images with. */
export function loadSigningKey(opts: { path?: string; root?: string } = {}): KeyObject {
  const { file, from } = pick(opts.path, "MINOS_SIGNING_KEY", DEV_PRIVATE_KEY, opts.root ?? process.cwd());
  let k: KeyObject;
  try { k = createPrivateKey(readPem(file, from)); } catch (e) {
    if (e instanceof KeyError) throw e;
    throw new KeyError(`${file} (from ${from}) is not a PEM private key: ${(e as Error).message}`);
  }
  return mustBeEd25519(k, file);
}

/** The public key the firmware trusts. */
export function loadTrustedKey(opts: { path?: string; root?: string } = {}): KeyObject {
  const { file, from } = pick(opts.path, "MINOS_TRUSTED_KEY", DEV_PUBLIC_KEY, opts.root ?? process.cwd());
  let k: KeyObject;
  try { k = createPublicKey(readPem(file, from)); } catch (e) {
    if (e instanceof KeyError) throw e;
    throw new KeyError(`${file} (from ${from}) is not a PEM public key: ${(e as Error).message}`);
  }
  return mustBeEd25519(k, file);
}
