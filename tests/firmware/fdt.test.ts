// The DTB writer and reader against the Devicetree Specification v0.4,
// chapter 5, with the reference implementation (dtc/libfdt: dtc, fdtget,
// fdtdump from Debian's device-tree-compiler) as the oracle both ways.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cells64, writeFdt, type FdtTree } from "../../machine/firmware/fdt";
import { findNode, propCells, propString, propStrings, readFdt } from "../../machine/firmware/fdt-read";
import { oracleIt } from "../oracles";
import { run, scratch } from "./tools";

const sample: FdtTree = {
  root: {
    name: "",
    props: { "#address-cells": [2], "#size-cells": [2], compatible: ["acme,board", "acme,family"], model: "test" },
    children: [
      { name: "memory@40000000", props: { device_type: "memory", reg: [...cells64(0x40000000), ...cells64(0x2000000)] } },
      { name: "chosen", props: { bootargs: "console=ttyAMA0 quiet", "linux,initrd-start": cells64(0x41000000) } },
      { name: "flag-node", props: { "an-empty-flag": true, bytes: new Uint8Array([1, 2, 3]) } },
    ],
  },
  memReserve: [{ address: 0x40000000n, size: 0x10000n }],
  bootCpuidPhys: 0,
};

describe("DTB writer (spec 5.2-5.5)", () => {
  const blob = writeFdt(sample);
  const v = new DataView(blob.buffer);
  it("writes the 40-byte header, big-endian, with version 17/16", () => {
    // 5.2: magic, totalsize, off_dt_struct, off_dt_strings, off_mem_rsvmap, version, last_comp_version
    expect(v.getUint32(0)).toBe(0xd00dfeed);
    expect(v.getUint32(4)).toBe(blob.length);
    expect(v.getUint32(16)).toBe(40);                    // reservation block right after the header
    expect(v.getUint32(20)).toBe(17);
    expect(v.getUint32(24)).toBe(16);
    expect(v.getUint32(8) % 4).toBe(0);                   // 5.4: structure block 4-byte aligned
    expect(v.getUint32(16) % 8).toBe(0);                  // 5.3: reservation block 8-byte aligned
    expect(v.getUint32(8) + v.getUint32(36)).toBe(v.getUint32(12));
    expect(v.getUint32(12) + v.getUint32(32)).toBe(blob.length);
  });
  it("starts the structure block with FDT_BEGIN_NODE for the root (empty name) and ends with FDT_END", () => {
    const s = v.getUint32(8), size = v.getUint32(36);
    expect(v.getUint32(s)).toBe(1);
    expect(v.getUint32(s + 4)).toBe(0);                   // "" padded to 4 bytes
    expect(v.getUint32(s + size - 4)).toBe(9);
  });
  it("reads back what it wrote", () => {
    const t = readFdt(blob);
    expect(t.memReserve).toEqual([{ address: 0x40000000n, size: 0x10000n }]);
    expect(propStrings(t.root.props.get("compatible")!)).toEqual(["acme,board", "acme,family"]);
    expect(propCells(findNode(t.root, "/memory@40000000")!.props.get("reg")!)).toEqual([0, 0x40000000, 0, 0x2000000]);
    expect(propString(findNode(t.root, "/chosen")!.props.get("bootargs")!)).toBe("console=ttyAMA0 quiet");
    expect(findNode(t.root, "/flag-node")!.props.get("an-empty-flag")!.length).toBe(0);
    expect([...findNode(t.root, "/flag-node")!.props.get("bytes")!]).toEqual([1, 2, 3]);
  });
  it("rejects bad input with a message", () => {
    expect(() => readFdt(new Uint8Array(40))).toThrow(/bad magic/);
    expect(() => readFdt(blob.subarray(0, 60))).toThrow(/totalsize/);
    expect(() => writeFdt({ root: { name: "", children: [{ name: "a b" }] } })).toThrow(/bad node name/);
    expect(() => writeFdt({ root: { name: "", props: { x: [-1] } } })).toThrow(/not a u32/);
    expect(() => writeFdt({ root: { name: "" }, memReserve: [{ address: 0x1000n, size: 0n }] })).toThrow(/memory reservation/);
  });
  it("skips FDT_NOP tokens (5.4.1)", () => {
    const b = writeFdt({ root: { name: "", children: [{ name: "a", props: { p: [7] } }] } });
    const bv = new DataView(b.buffer);
    const s = bv.getUint32(8);
    // Overwrite the whole child node "a" (BEGIN_NODE .. END_NODE) with NOP tokens: a reader must skip them.
    const childEnd = s + bv.getUint32(36) - 8;            // before the root's END_NODE and FDT_END
    for (let at = s + 8; at < childEnd; at += 4) bv.setUint32(at, 4);
    expect(readFdt(b).root.children).toEqual([]);
  });
});

describe("DTB against dtc/libfdt", () => {
  const tmp = scratch("fdt");
  const dtcIt = oracleIt(["dtc"]);
  const fdtIt = oracleIt(["fdtget", "fdtdump"]);

  dtcIt("dtc -I dtb -O dts decodes our blob without warnings", () => {
    const f = tmp.file("sample.dtb", writeFdt(sample));
    const r = run("dtc", ["-I", "dtb", "-O", "dts", f]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("/memreserve/\t0x0000000040000000 0x0000000000010000;");
    expect(r.stdout).toContain('compatible = "acme,board\\0acme,family";');
    expect(r.stdout).toContain("reg = <0x00 0x40000000 0x00 0x2000000>;");
    expect(r.stdout).toContain('bootargs = "console=ttyAMA0 quiet";');
    expect(r.stdout).toContain("an-empty-flag;");
    expect(r.stdout).toContain("bytes = [01 02 03];");
  });

  dtcIt("dtc -I dtb -O dtb reproduces our blob byte for byte (same block order, padding and strings)", () => {
    const ours = writeFdt(sample);
    const f = tmp.file("sample3.dtb", ours), out = tmp.file("sample3-dtc.dtb");
    const r = run("dtc", ["-I", "dtb", "-O", "dtb", "-o", out, f]);
    expect(r.status, r.stderr).toBe(0);
    expect([...readFileSync(out)]).toEqual([...ours]);
  });

  fdtIt("fdtget and fdtdump read the properties we wrote", () => {
    const f = tmp.file("sample2.dtb", writeFdt(sample));
    expect(run("fdtget", ["-t", "s", f, "/chosen", "bootargs"]).stdout.trim()).toBe("console=ttyAMA0 quiet");
    expect(run("fdtget", ["-t", "x", f, "/memory@40000000", "reg"]).stdout.trim()).toBe("0 40000000 0 2000000");
    expect(run("fdtget", ["-l", f, "/"]).stdout.trim().split("\n")).toEqual(["memory@40000000", "chosen", "flag-node"]);
    const d = run("fdtdump", [f]);
    expect(d.status).toBe(0);
    expect(d.stdout).toContain("// version:\t\t17");
    expect(d.stdout).toContain("// last_comp_version:\t16");
  });

  dtcIt("our reader reads a blob dtc compiled from source", () => {
    const src = `/dts-v1/;
/memreserve/ 0x48000000 0x2000;
/ {
  #address-cells = <2>; #size-cells = <2>;
  compatible = "x,y";
  uart@9000000 { reg = <0 0x9000000 0 0x1000>; clock-names = "uartclk", "apb_pclk"; status = "okay"; };
  chosen { bootargs = "a b c"; };
};`;
    const dts = tmp.file("in.dts", src), out = tmp.file("out.dtb");
    const r = run("dtc", ["-I", "dts", "-O", "dtb", "-o", out, dts]);
    expect(r.status, r.stderr).toBe(0);
    const t = readFdt(new Uint8Array(readFileSync(out)));
    expect(t.version).toBe(17);
    expect(t.memReserve).toEqual([{ address: 0x48000000n, size: 0x2000n }]);
    const uart = findNode(t.root, "/uart@9000000")!;
    expect(propCells(uart.props.get("reg")!)).toEqual([0, 0x9000000, 0, 0x1000]);
    expect(propStrings(uart.props.get("clock-names")!)).toEqual(["uartclk", "apb_pclk"]);
    expect(propString(findNode(t.root, "/chosen")!.props.get("bootargs")!)).toBe("a b c");
  });
});
