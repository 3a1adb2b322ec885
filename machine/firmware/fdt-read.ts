// A reader for flattened devicetree blobs (Devicetree Specification v0.4,
// chapter 5): the test oracle's twin of writeFdt, and what the firmware uses
// to inspect a blob dtc made. It checks the header's offsets and every token
// against the blob, so a corrupt blob gives a FormatError naming the problem.

import { FormatError, readCString } from "./bytes";
import {
  FDT_BEGIN_NODE, FDT_END, FDT_END_NODE, FDT_HEADER_SIZE, FDT_LAST_COMP_VERSION, FDT_MAGIC, FDT_NOP, FDT_PROP,
  type FdtReserve,
} from "./fdt";

/** A node as read: property values stay raw bytes; decode them with the helpers below. */
export interface FdtReadNode {
  name: string;
  props: Map<string, Uint8Array>;
  children: FdtReadNode[];
}

export interface FdtRead {
  version: number;
  lastCompVersion: number;
  bootCpuidPhys: number;
  memReserve: FdtReserve[];
  root: FdtReadNode;
}

export function readFdt(b: Uint8Array): FdtRead {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length < FDT_HEADER_SIZE) throw new FormatError(`devicetree: ${b.length} bytes is too short for a DTB header`);
  const h = (i: number) => v.getUint32(i * 4, false);
  if (h(0) !== FDT_MAGIC) throw new FormatError(`devicetree: bad magic 0x${h(0).toString(16)} (expected 0xd00dfeed)`);
  const [total, offStruct, offStrings, offRsv, version, lastComp, bootCpu, sizeStrings, sizeStruct] =
    [h(1), h(2), h(3), h(4), h(5), h(6), h(7), h(8), h(9)];
  if (total > b.length) throw new FormatError(`devicetree: totalsize ${total} is larger than the ${b.length} bytes given`);
  if (lastComp > 17 || version < FDT_LAST_COMP_VERSION) {
    throw new FormatError(`devicetree: version ${version} (compatible with ${lastComp}) is not one we read (16..17)`);
  }
  const inside = (off: number, len: number, what: string) => {
    if (off + len > total) throw new FormatError(`devicetree: ${what} [${off}, ${off + len}) runs past totalsize ${total}`);
  };
  inside(offStruct, sizeStruct, "structure block");
  inside(offStrings, sizeStrings, "strings block");
  const memReserve = readReserve(v, offRsv, total);
  const walker = new Walker(b, v, offStruct, offStruct + sizeStruct, offStrings, sizeStrings);
  const root = walker.tree();
  return { version, lastCompVersion: lastComp, bootCpuidPhys: bootCpu, memReserve, root };
}

function readReserve(v: DataView, off: number, total: number): FdtReserve[] {
  if (off % 8 !== 0) throw new FormatError(`devicetree: memory reservation block at ${off} is not 8-byte aligned`);
  const out: FdtReserve[] = [];
  for (let at = off; ; at += 16) {
    if (at + 16 > total) throw new FormatError("devicetree: memory reservation block has no (0, 0) terminator");
    const address = v.getBigUint64(at, false), size = v.getBigUint64(at + 8, false);
    if (address === 0n && size === 0n) return out;
    out.push({ address, size });
  }
}

// Walks the structure block's token stream, building nodes.
class Walker {
  private at: number;
  constructor(private b: Uint8Array, private v: DataView, start: number, private end: number,
    private strOff: number, private strSize: number) { this.at = start; }

  private token(): number {
    while (true) {
      if (this.at + 4 > this.end) throw new FormatError(`devicetree: structure block ends without FDT_END`);
      const t = this.v.getUint32(this.at, false);
      this.at += 4;
      if (t !== FDT_NOP) return t;
    }
  }

  tree(): FdtReadNode {
    const t = this.token();
    if (t !== FDT_BEGIN_NODE) throw new FormatError(`devicetree: structure block starts with token ${t}, not FDT_BEGIN_NODE`);
    const root = this.node();
    if (this.token() !== FDT_END) throw new FormatError("devicetree: something follows the root node other than FDT_END");
    return root;
  }

  // Called after FDT_BEGIN_NODE; consumes through the matching FDT_END_NODE.
  private node(): FdtReadNode {
    const name = readCString(this.b, this.at, this.end, "devicetree node name");
    this.at = (this.b.indexOf(0, this.at) + 1 + 3) & ~3;   // past the NUL, then to the next 4-byte boundary
    const n: FdtReadNode = { name, props: new Map(), children: [] };
    for (;;) {
      const t = this.token();
      if (t === FDT_END_NODE) return n;
      if (t === FDT_BEGIN_NODE) { n.children.push(this.node()); continue; }
      if (t !== FDT_PROP) throw new FormatError(`devicetree: unexpected token ${t} at offset ${this.at - 4} in node "${name}"`);
      if (n.children.length) throw new FormatError(`devicetree: property after a child node in "${name}" (5.4.2 forbids it)`);
      this.prop(n);
    }
  }

  private prop(n: FdtReadNode): void {
    if (this.at + 8 > this.end) throw new FormatError(`devicetree: truncated FDT_PROP in "${n.name}"`);
    const len = this.v.getUint32(this.at, false), nameoff = this.v.getUint32(this.at + 4, false);
    this.at += 8;
    if (this.at + len > this.end) throw new FormatError(`devicetree: property in "${n.name}" of ${len} bytes runs past the structure block`);
    if (nameoff >= this.strSize) throw new FormatError(`devicetree: property name offset ${nameoff} is outside the strings block`);
    const pname = readCString(this.b, this.strOff + nameoff, this.strOff + this.strSize, "devicetree property name");
    n.props.set(pname, this.b.slice(this.at, this.at + len));
    this.at = (this.at + len + 3) & ~3;
  }
}

// ---- Decoding property values (spec 2.2.4) ----

const dec = new TextDecoder();

/** A <stringlist> (or a <string>, as a one-element list). */
export function propStrings(v: Uint8Array): string[] {
  if (v.length === 0 || v[v.length - 1] !== 0) throw new FormatError("devicetree: string property is not NUL-terminated");
  return dec.decode(v.subarray(0, v.length - 1)).split("\0");
}

export function propString(v: Uint8Array): string { return propStrings(v)[0]; }

/** A list of u32 cells. */
export function propCells(v: Uint8Array): number[] {
  if (v.length % 4 !== 0) throw new FormatError(`devicetree: ${v.length}-byte property is not a list of u32 cells`);
  const dv = new DataView(v.buffer, v.byteOffset, v.byteLength);
  const out: number[] = [];
  for (let i = 0; i < v.length; i += 4) out.push(dv.getUint32(i, false));
  return out;
}

/** The node at an absolute path such as "/cpus/cpu@0", or undefined. */
export function findNode(root: FdtReadNode, path: string): FdtReadNode | undefined {
  let n: FdtReadNode | undefined = root;
  for (const part of path.split("/").filter(Boolean)) {
    n = n.children.find((c) => c.name === part);
    if (!n) return undefined;
  }
  return n;
}
