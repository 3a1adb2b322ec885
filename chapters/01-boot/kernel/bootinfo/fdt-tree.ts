// Reading a flattened devicetree (a "DTB"): the format an Arm boot loader
// uses to tell the kernel what the machine is (Devicetree Specification
// v0.4, chapter 5 "Flattened Devicetree (DTB) Format"). fdt.ts turns the
// tree this file builds into the kernel's BootInfo.
//
// The blob is big-endian and has four parts, found through its header:
//
//   header (40 bytes)  magic 0xd00dfeed, totalsize, off_dt_struct,
//                      off_dt_strings, off_mem_rsvmap, version,
//                      last_comp_version, boot_cpuid_phys,
//                      size_dt_strings, size_dt_struct            (5.2)
//   memory reservation block: (u64 address, u64 size) pairs, ending
//                      with a pair of zeros                        (5.3)
//   structure block:   a stream of 4-byte-aligned tokens           (5.4)
//       FDT_BEGIN_NODE 1, the node's name (NUL-terminated, padded)
//       FDT_PROP 3, u32 len, u32 nameoff, len bytes of value (padded)
//       FDT_END_NODE 2,  FDT_NOP 4,  FDT_END 9
//   strings block:     the property names, NUL-terminated          (5.5)
//
// Every offset and length is checked against totalsize before it is used:
// the DTB comes from outside the kernel, and a bad one must give a clear
// Error (the kernel panics with it), never a wrong memory map.

import type { KernelMode } from "../../../../machine/kernel-mode";

export const FDT_MAGIC = 0xd00dfeed;
const TOKEN = { beginNode: 1, endNode: 2, prop: 3, nop: 4, end: 9 } as const;
/** A DTB larger than this is not what a boot loader writes (ours are a few KiB). */
const MAX_SIZE = 1 << 20;
const HEADER_SIZE = 40;
/** Nodes nested deeper than this are refused (libfdt's own walkers stop at 32; real trees use about 5). */
const MAX_DEPTH = 64;

export interface FdtNode {
  /** The node's name with its unit address ("memory@40000000"); "" for the root. */
  name: string;
  props: Map<string, Uint8Array>;
  children: FdtNode[];
}

export interface FdtBlob {
  root: FdtNode;
  /** The memory reservation block's entries. */
  reserved: { address: number; size: number }[];
  totalSize: number;
}

/** A malformed devicetree: the message says what and where. */
export class FdtError extends Error {
  constructor(message: string) { super(`devicetree: ${message}`); }
}

const fail = (msg: string): never => { throw new FdtError(msg); };

// @snippet fdt-header
/** Read and check the header at `pa`, then the whole blob. */
export function readFdt(k: KernelMode, pa: number): FdtBlob {
  if (pa % 8 !== 0) fail(`the DTB at 0x${pa.toString(16)} is not 8-byte aligned (Linux arm64 boot protocol)`);
  const h = k.readBytes(pa, HEADER_SIZE);
  const head = new DataView(h.buffer, h.byteOffset, h.byteLength);
  const magic = head.getUint32(0);                            // getUint32 is big-endian by default: as the DTB is
  if (magic !== FDT_MAGIC) fail(`no devicetree at 0x${pa.toString(16)}: magic is 0x${magic.toString(16)}, not 0xd00dfeed`);
  const total = head.getUint32(4);
  if (total < HEADER_SIZE || total > MAX_SIZE) fail(`totalsize ${total} is not plausible`);
  const version = head.getUint32(20), lastComp = head.getUint32(24);
  if (version < 16 || lastComp > 17) fail(`version ${version} (compatible back to ${lastComp}) is not one this kernel reads (16 or 17)`);
  const blob = k.readBytes(pa, total);
  const v = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const section = (what: string, off: number, size: number): [number, number] => {
    if (off > total || size > total - off) fail(`the ${what} (offset ${off}, ${size} bytes) lies outside totalsize ${total}`);
    return [off, off + size];
  };
  const struct = section("structure block", v.getUint32(8), v.getUint32(36));
  const strings = section("strings block", v.getUint32(12), v.getUint32(32));
  return { root: readStructure(blob, v, struct, strings), reserved: readReserved(v, v.getUint32(16), total), totalSize: total };
}
// @end fdt-header

/** The memory reservation block (5.3): 8-byte-aligned pairs of u64, ended by 0, 0. */
function readReserved(v: DataView, off: number, total: number): FdtBlob["reserved"] {
  if (off % 8 !== 0) fail(`the memory reservation block at offset ${off} is not 8-byte aligned`);
  const out: FdtBlob["reserved"] = [];
  for (let at = off; ; at += 16) {
    if (at + 16 > total) fail("the memory reservation block has no terminating (0, 0) entry");
    const address = v.getBigUint64(at), size = v.getBigUint64(at + 8);
    if (address === 0n && size === 0n) return out;
    if (address + size > 1n << 48n) fail(`reserved region 0x${address.toString(16)}+0x${size.toString(16)} is beyond physical memory`);
    out.push({ address: Number(address), size: Number(size) });
  }
}

/** A NUL-terminated string starting at `at`, which must end before `end`. */
function cString(blob: Uint8Array, at: number, end: number, what: string): string {
  const nul = blob.indexOf(0, at);
  if (nul < 0 || nul >= end) fail(`${what} at offset ${at} has no terminating NUL`);
  let s = "";
  for (let i = at; i < nul; i++) s += String.fromCharCode(blob[i]);
  return s;
}

const align4 = (n: number) => (n + 3) & ~3;

// @snippet fdt-structure
/** Walk the token stream (5.4), keeping a stack of open nodes. */
function readStructure(blob: Uint8Array, v: DataView, [start, end]: [number, number], [sStart, sEnd]: [number, number]): FdtNode {
  if (start % 4 !== 0) fail(`the structure block at offset ${start} is not 4-byte aligned`);
  const stack: FdtNode[] = [];
  let root: FdtNode | null = null;
  for (let at = start; ;) {
    if (at + 4 > end) fail("the structure block ends without an FDT_END token");
    const token = v.getUint32(at);
    at += 4;
    if (token === TOKEN.beginNode) {
      const name = cString(blob, at, end, "a node name");
      at = align4(at + name.length + 1);
      const node: FdtNode = { name, props: new Map(), children: [] };
      if (stack.length > 0) stack[stack.length - 1].children.push(node);
      else if (root === null) root = node;
      else fail("a second root node after the first one ended");
      if (stack.length >= MAX_DEPTH) fail(`nodes nested more than ${MAX_DEPTH} deep at offset ${at}`);
      stack.push(node);
    } else if (token === TOKEN.prop) {
      if (stack.length === 0) fail(`a property outside any node at offset ${at - 4}`);
      if (at + 8 > end) fail("a property header runs past the structure block");
      const len = v.getUint32(at), nameoff = v.getUint32(at + 4);
      if (len > end - at - 8) fail(`a property of ${len} bytes runs past the structure block`);
      if (nameoff >= sEnd - sStart) fail(`a property name offset ${nameoff} is outside the strings block`);
      const name = cString(blob, sStart + nameoff, sEnd, "a property name");
      stack[stack.length - 1].props.set(name, blob.slice(at + 8, at + 8 + len));
      at = align4(at + 8 + len);
    } else if (token === TOKEN.endNode) {
      if (stack.pop() === undefined) fail(`FDT_END_NODE with no open node at offset ${at - 4}`);
    } else if (token === TOKEN.end) {
      if (stack.length > 0) fail(`FDT_END while node '${stack[stack.length - 1].name}' is still open`);
      if (root === null) fail("the structure block has no root node");
      return root!;
    } else if (token !== TOKEN.nop) {
      fail(`unknown token 0x${token.toString(16)} at offset ${at - 4} of the structure block`);
    }
  }
}
// @end fdt-structure

// ---- Reading property values (2.2.4 "Property values") ----

/** A property as big-endian u32 cells. */
export function cells(value: Uint8Array | undefined): number[] {
  if (value === undefined) return [];
  if (value.length % 4 !== 0) fail(`a property of ${value.length} bytes is not a list of 32-bit cells`);
  const v = new DataView(value.buffer, value.byteOffset, value.byteLength);
  return Array.from({ length: value.length / 4 }, (_, i) => v.getUint32(i * 4));
}

/** A property as a list of NUL-terminated strings (compatible = "arm,pl011", "arm,primecell"). */
export function strings(value: Uint8Array | undefined): string[] {
  if (value === undefined || value.length === 0) return [];
  if (value[value.length - 1] !== 0) fail("a string property is not NUL-terminated");
  let s = "";
  for (let i = 0; i < value.length - 1; i++) s += String.fromCharCode(value[i]);
  return s.split("\0");
}

/** A number made of `n` cells starting at cells[i] (1 cell: 32 bits, 2 cells: 64 bits). */
export function cellNumber(c: number[], i: number, n: number): number {
  let v = 0n;
  for (let j = 0; j < n; j++) v = (v << 32n) | BigInt(c[i + j]);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) fail(`the value 0x${v.toString(16)} is too large for an address or a size here`);
  return Number(v);
}
