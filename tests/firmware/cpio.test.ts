// cpio newc archives (the initramfs format: cpio(5), Linux
// Documentation/driver-api/early-userspace/buffer-format.rst) against GNU
// cpio, both ways: GNU cpio lists and extracts what we write, and we read
// what `cpio -o -H newc` writes.
import { lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readCpio, writeCpio, type CpioEntry } from "../../machine/firmware/cpio";
import { oracleIt } from "../oracles";
import { run, scratch } from "./tools";

const enc = new TextEncoder();
const entries: CpioEntry[] = [
  { name: "bin", kind: "dir" },
  { name: "bin/hello", kind: "file", perm: 0o755, data: enc.encode("#!/bin/sh\necho hi\n"), mtime: 1_700_000_000 },
  { name: "etc", kind: "dir" },
  { name: "etc/motd", kind: "file", data: enc.encode("welcome to MinOS\n") },
  { name: "etc/empty", kind: "file" },
  { name: "etc/odd-length-name.txt", kind: "file", data: new Uint8Array([0, 1, 2, 255, 254]) },
  { name: "sh", kind: "symlink", target: "bin/hello" },
];

describe("cpio newc writer", () => {
  const a = writeCpio(entries);
  const text = new TextDecoder("latin1").decode(a);
  it("writes the 110-byte header: magic 070701 and 13 eight-digit hex fields", () => {
    // "bin": ino 1, mode 040755, uid 0, gid 0, nlink 2, mtime 0, filesize 0, dev 0/0, rdev 0/0, namesize 4, check 0
    expect(text.slice(0, 110)).toBe("070701" + ["1", "41ed", "0", "0", "2", "0", "0", "0", "0", "0", "0", "4", "0"].map((h) => h.padStart(8, "0")).join(""));
    expect(text.slice(110, 114)).toBe("bin\0");
    // 110 + 4 = 114 is not a multiple of 4: two NULs pad to 116, where the next header starts
    expect(text.slice(114, 122)).toBe("\x00\x00070701");
  });
  it("ends with a TRAILER!!! entry and a 4-byte aligned length", () => {
    expect(text).toContain("TRAILER!!!\0");
    expect(a.length % 4).toBe(0);
  });
  it("reads back its own archive", () => {
    const r = readCpio(a);
    expect(r.map((e) => [e.name, e.kind])).toEqual(entries.map((e) => [e.name, e.kind]));
    expect(new TextDecoder().decode(r[3].data)).toBe("welcome to MinOS\n");
    expect(r[1].perm).toBe(0o755);
    expect(r[1].mtime).toBe(1_700_000_000);
    expect(r[6].target).toBe("bin/hello");
    expect([...r[5].data]).toEqual([0, 1, 2, 255, 254]);
  });
  it("rejects bad archives and entries with a message", () => {
    expect(() => readCpio(enc.encode("070707" + "0".repeat(200)))).toThrow(/bad magic "070707".*older cpio format/);
    expect(() => readCpio(a.subarray(0, a.length - 120))).toThrow(/without a TRAILER!!!|past the archive's end/);
    expect(() => writeCpio([{ name: "x", kind: "symlink" }])).toThrow(/needs a target/);
    expect(() => writeCpio([{ name: "x", kind: "file", perm: 0o170000 }])).toThrow(/beyond 07777/);
  });
});

describe("cpio newc against GNU cpio", () => {
  const tmp = scratch("cpio");
  const cpioIt = oracleIt(["cpio"]);

  cpioIt("cpio -i --list lists our archive", () => {
    const r = run("cpio", ["-i", "--list", "--quiet"], { input: writeCpio(entries) });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split("\n")).toEqual(entries.map((e) => e.name));
  });

  cpioIt("cpio -idv extracts our files, permissions and symlinks", () => {
    const dir = path.join(tmp.dir, "out");
    mkdirSync(dir);
    const r = run("cpio", ["-idmv", "--no-absolute-filenames", "--quiet"], { input: writeCpio(entries), cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(path.join(dir, "etc/motd"), "utf8")).toBe("welcome to MinOS\n");
    expect([...readFileSync(path.join(dir, "etc/odd-length-name.txt"))]).toEqual([0, 1, 2, 255, 254]);
    expect(readFileSync(path.join(dir, "etc/empty")).length).toBe(0);
    expect(lstatSync(path.join(dir, "bin/hello")).mode & 0o777).toBe(0o755);
    expect(lstatSync(path.join(dir, "bin/hello")).mtimeMs).toBe(1_700_000_000_000);
    expect(readlinkSync(path.join(dir, "sh"))).toBe("bin/hello");
  });

  cpioIt("our reader reads an archive made by cpio -o -H newc", () => {
    const src = path.join(tmp.dir, "src");
    mkdirSync(path.join(src, "sub"), { recursive: true });
    writeFileSync(path.join(src, "a.txt"), "alpha\n");
    writeFileSync(path.join(src, "sub/b.bin"), new Uint8Array(1001).map((_, i) => i & 0xff));
    symlinkSync("a.txt", path.join(src, "link"));
    const r = run("sh", ["-c", "find . -print | LC_ALL=C sort | cpio -o -H newc --quiet"], { cwd: src });
    expect(r.status, r.stderr).toBe(0);
    expect(r.out.length % 512).toBe(0);                  // GNU cpio pads to its block size; we stop at the trailer
    const got = readCpio(new Uint8Array(r.out));
    expect(got.map((e) => [e.name, e.kind])).toEqual([
      // GNU cpio drops the leading "./" from the names find printed
      [".", "dir"], ["a.txt", "file"], ["link", "symlink"], ["sub", "dir"], ["sub/b.bin", "file"],
    ]);
    expect(new TextDecoder().decode(got[1].data)).toBe("alpha\n");
    expect(got[2].target).toBe("a.txt");
    expect([...got[4].data]).toEqual([...new Uint8Array(1001).map((_, i) => i & 0xff)]);
  });
});
