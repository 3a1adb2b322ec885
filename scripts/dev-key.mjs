#!/usr/bin/env node
// Makes the development Ed25519 key pair that signs kernel images (secure
// boot), in .minos/keys/ (git-ignored: a private key is never committed).
// Run by `npm install`; safe to run again: an existing pair is kept unless
// --force is given. A course uses its own key instead: see
// machine/firmware/README.md.
//
//   node scripts/dev-key.mjs           make the pair if it is missing
//   node scripts/dev-key.mjs --force   replace it (images signed before stop booting)
//   node scripts/dev-key.mjs --dir D   use directory D instead of .minos/keys
import { createHash, createPublicKey, generateKeyPairSync } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const at = process.argv.indexOf("--dir");
const dir = at > 0 && process.argv[at + 1] ? path.resolve(process.argv[at + 1]) : path.join(root, ".minos", "keys");
const priv = path.join(dir, "dev-ed25519.key.pem");
const pub = path.join(dir, "dev-ed25519.pub.pem");
const force = process.argv.includes("--force");

function fingerprint(publicPem) {
  const x = createPublicKey(publicPem).export({ format: "jwk" }).x;
  return "SHA256:" + createHash("sha256").update(Buffer.from(x, "base64url")).digest("hex").slice(0, 16);
}

try {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!force && existsSync(priv)) {
    if (!existsSync(pub)) writeFileSync(pub, createPublicKey(readFileSync(priv, "utf8")).export({ type: "spki", format: "pem" }));
    console.log(`dev-key: keeping the development key ${path.relative(process.cwd(), priv)} (${fingerprint(readFileSync(pub, "utf8"))})`);
  } else {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    writeFileSync(priv, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    chmodSync(priv, 0o600);
    const pubPem = publicKey.export({ type: "spki", format: "pem" });
    writeFileSync(pub, pubPem);
    console.log(`dev-key: made a development signing key ${path.relative(process.cwd(), priv)} (${fingerprint(pubPem)})`);
  }
} catch (e) {
  console.error(`dev-key: could not make the development key in ${dir}: ${e.message}`);
  process.exit(1);
}
