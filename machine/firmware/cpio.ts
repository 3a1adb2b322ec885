// cpio "newc" archives: the format of Linux's initramfs, and of our boot
// module (the initial ramdisk the kernel's first user programs come from).
// The format is defined by the SVR4 cpio "new ASCII" header, as documented
// in cpio(5) (libarchive) and Linux's Documentation/driver-api/early-userspace/
// buffer-format.rst:
//
//   c_magic "070701", then 13 fields of 8 ASCII hex digits each:
//   ino mode uid gid nlink mtime filesize devmajor devminor rdevmajor
//   rdevminor namesize check            (110 bytes in all)
//   the name, NUL-terminated (namesize counts the NUL), padded so that
//   header + name is a multiple of 4; then the data, padded to 4.
//   The archive ends with an entry named "TRAILER!!!".
// A symlink's data is its target. Hard links share an ino and only the last
// one carries data; this reader reports each entry as stored.

import { FormatError, hex, utf8 } from "./bytes";

export const CPIO_NEWC_MAGIC = "070701";
export const CPIO_TRAILER = "TRAILER!!!";
export const S_IFMT = 0o170000, S_IFREG = 0o100000, S_IFDIR = 0o040000, S_IFLNK = 0o120000;
const HEADER = 110;

export type CpioKind = "file" | "dir" | "symlink" | "other";

export interface CpioEntry {
  /** Path inside the archive, without a leading "/" (e.g. "bin/sh"). */
  name: string;
  kind: CpioKind;
  /** Permission bits (the low 12 bits of st_mode); defaults 0644 file, 0755 dir, 0777 symlink. */
  perm?: number;
  data?: Uint8Array;
  /** For a symlink: the path it points to (stored as its data). */
  target?: string;
  mtime?: number;
  uid?: number;
  gid?: number;
}

/** An entry as read: every header field, decoded. */
export interface CpioRead extends CpioEntry {
  ino: number; mode: number; nlink: number; perm: number; data: Uint8Array;
  rdevmajor: number; rdevminor: number;
}

const TYPE_BITS: Record<Exclude<CpioKind, "other">, number> = { file: S_IFREG, dir: S_IFDIR, symlink: S_IFLNK };
const DEFAULT_PERM = { file: 0o644, dir: 0o755, symlink: 0o777, other: 0o644 };

function field(v: number, what: string, name: string): string {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`cpio: ${what} ${v} of "${name}" does not fit 8 hex digits`);
  return v.toString(16).padStart(8, "0");
}

function header(name: string, fields: number[]): Uint8Array {
  const names = ["ino", "mode", "uid", "gid", "nlink", "mtime", "filesize", "devmajor", "devminor", "rdevmajor", "rdevminor", "namesize", "check"];
  return utf8(CPIO_NEWC_MAGIC + fields.map((f, i) => field(f, names[i], name)).join(""));
}

/** Encode entries (in order) as a newc archive ending in TRAILER!!!. */
export function writeCpio(entries: CpioEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  const push = (b: Uint8Array) => { parts.push(b); size += b.length; };
  const pad = () => { if (size % 4) push(new Uint8Array(4 - (size % 4))); };
  const entry = (name: string, ino: number, mode: number, nlink: number, e: Partial<CpioEntry>, data: Uint8Array) => {
    const nameBytes = utf8(name);
    push(header(name, [ino, mode, e.uid ?? 0, e.gid ?? 0, nlink, e.mtime ?? 0, data.length, 0, 0, 0, 0, nameBytes.length + 1, 0]));
    push(nameBytes); push(new Uint8Array(1)); pad();
    push(data); pad();
  };
  entries.forEach((e, i) => {
    if (e.kind === "other") throw new RangeError(`cpio: "${e.name}": the writer makes files, directories and symlinks only`);
    const name = e.name.replace(/^\/+/, "");
    if (name === "" || name === CPIO_TRAILER) throw new RangeError(`cpio: bad entry name "${e.name}"`);
    const perm = e.perm ?? DEFAULT_PERM[e.kind];
    if ((perm & ~0o7777) !== 0) throw new RangeError(`cpio: "${e.name}": permission ${perm.toString(8)} has bits beyond 07777`);
    const data = e.kind === "symlink" ? utf8(e.target ?? "") : e.kind === "dir" ? new Uint8Array(0) : e.data ?? new Uint8Array(0);
    if (e.kind === "symlink" && !e.target) throw new RangeError(`cpio: symlink "${e.name}" needs a target`);
    entry(name, i + 1, TYPE_BITS[e.kind] | perm, e.kind === "dir" ? 2 : 1, e, data);
  });
  entry(CPIO_TRAILER, 0, 0, 1, {}, new Uint8Array(0));
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

const dec = new TextDecoder();

function kindOf(mode: number): CpioKind {
  switch (mode & S_IFMT) {
    case S_IFREG: return "file";
    case S_IFDIR: return "dir";
    case S_IFLNK: return "symlink";
    default: return "other";
  }
}

/** Decode a newc archive up to its TRAILER!!! (bytes after it, such as block padding, are ignored). */
export function readCpio(b: Uint8Array): CpioRead[] {
  const out: CpioRead[] = [];
  let at = 0;
  for (;;) {
    if (at + HEADER > b.length) throw new FormatError(`cpio: archive ends at byte ${b.length} without a ${CPIO_TRAILER} entry`);
    const magic = dec.decode(b.subarray(at, at + 6));
    if (magic !== CPIO_NEWC_MAGIC) {
      const hint = magic === "070702" ? " (the \"crc\" variant; write newc)" : magic.startsWith("0707") ? " (an older cpio format; use -H newc)" : "";
      throw new FormatError(`cpio: bad magic "${magic}" at byte ${at}; expected ${CPIO_NEWC_MAGIC}${hint}`);
    }
    const f: number[] = [];
    for (let i = 0; i < 13; i++) {
      const s = dec.decode(b.subarray(at + 6 + i * 8, at + 14 + i * 8));
      if (!/^[0-9a-fA-F]{8}$/.test(s)) throw new FormatError(`cpio: header field ${i} at byte ${at} is "${s}", not 8 hex digits`);
      f.push(parseInt(s, 16));
    }
    const [ino, mode, uid, gid, nlink, mtime, filesize, , , rdevmajor, rdevminor, namesize] = f;
    const nameAt = at + HEADER;
    if (namesize < 1 || nameAt + namesize > b.length || b[nameAt + namesize - 1] !== 0) {
      throw new FormatError(`cpio: entry at byte ${at} has a bad name (namesize ${namesize})`);
    }
    const name = dec.decode(b.subarray(nameAt, nameAt + namesize - 1));
    const dataAt = (nameAt + namesize + 3) & ~3;
    if (dataAt + filesize > b.length) throw new FormatError(`cpio: "${name}" says ${filesize} bytes of data at ${hex(dataAt)}, past the archive's end`);
    if (name === CPIO_TRAILER) return out;
    const data = b.slice(dataAt, dataAt + filesize);
    const kind = kindOf(mode);
    const e: CpioRead = { name, kind, ino, mode, perm: mode & 0o7777, uid, gid, nlink, mtime, data, rdevmajor, rdevminor };
    if (kind === "symlink") e.target = dec.decode(data);
    out.push(e);
    at = (dataAt + filesize + 3) & ~3;
  }
}
