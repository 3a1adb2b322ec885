// The flattened devicetree (DTB): how an Arm boot loader tells the kernel
// what hardware the board has. Devicetree Specification v0.4, chapter 5
// "Flattened Devicetree (DTB) Format".
//
// A DTB is four parts, all big-endian:
//   header (5.2)            40 bytes: magic 0xd00dfeed, sizes and offsets
//   memory reservation (5.3) pairs of u64 (address, size) ending in (0, 0):
//                           physical memory the kernel must not use
//   structure block (5.4)   a token stream: BEGIN_NODE name, PROP len nameoff
//                           value, END_NODE, ..., END. Tokens are 4-byte aligned
//   strings block (5.5)     every property name once, NUL-terminated; a PROP
//                           token names its property by offset into this block
// A tree is described in JS as nested FdtNode objects; property values take
// the shapes the spec's section 2.2.4 "Property values" names.

import { ByteSink } from "./bytes";

export const FDT_MAGIC = 0xd00dfeed;
export const FDT_BEGIN_NODE = 0x1, FDT_END_NODE = 0x2, FDT_PROP = 0x3, FDT_NOP = 0x4, FDT_END = 0x9;
/** The version we write, and the oldest version a reader of ours must understand (5.2). */
export const FDT_VERSION = 17, FDT_LAST_COMP_VERSION = 16;
export const FDT_HEADER_SIZE = 40;

/**
 * A property value: `true` is an empty property (a flag such as
 * `interrupt-controller`), a string is a NUL-terminated <string>, a string[]
 * a <stringlist>, a number[] a list of u32 cells (<prop-encoded-array>), and
 * a Uint8Array raw bytes.
 */
export type FdtValue = true | string | string[] | number[] | Uint8Array;

export interface FdtNode {
  /** Node name with unit address, e.g. "memory@40000000"; "" for the root. */
  name: string;
  props?: Record<string, FdtValue>;
  children?: FdtNode[];
}

export interface FdtReserve { address: bigint; size: bigint }

export interface FdtTree {
  root: FdtNode;
  memReserve?: FdtReserve[];
  bootCpuidPhys?: number;
}

/** Two u32 cells (high, low) for one 64-bit number: what #address-cells = 2 expects. */
export function cells64(v: number | bigint): number[] {
  const b = BigInt(v);
  if (b < 0n || b >= 1n << 64n) throw new RangeError(`devicetree: ${v} does not fit in two cells`);
  return [Number(b >> 32n), Number(b & 0xffffffffn)];
}

/** The bytes of a property value, as the structure block stores them. */
export function encodeValue(v: FdtValue, what: string): Uint8Array {
  if (v === true) return new Uint8Array(0);
  if (typeof v === "string") return encodeValue([v], what);
  if (v instanceof Uint8Array) return v;
  const out = new ByteSink();
  for (const x of v as (string | number)[]) {
    if (typeof x === "string") out.cstring(x);
    else if (Number.isInteger(x) && x >= 0 && x <= 0xffffffff) out.u32be(x);
    else throw new RangeError(`devicetree: property ${what}: cell ${x} is not a u32`);
  }
  return out.finish();
}

// The strings block: each name once; a PROP token stores the offset.
class Strings {
  readonly sink = new ByteSink();
  private readonly offsets = new Map<string, number>();
  offset(name: string): number {
    let off = this.offsets.get(name);
    if (off === undefined) {
      off = this.sink.length;
      this.sink.cstring(name);
      this.offsets.set(name, off);
    }
    return off;
  }
}

function writeNode(n: FdtNode, path: string, st: ByteSink, strings: Strings): void {
  if (path !== "/" && !/^[A-Za-z0-9,._+-]+(@[A-Za-z0-9,._+-]+)?$/.test(n.name)) {
    throw new RangeError(`devicetree: bad node name "${n.name}" under ${path} (spec 2.2.1 allows letters, digits and ,._+-@)`);
  }
  st.u32be(FDT_BEGIN_NODE);
  st.cstring(n.name);
  st.align(4);
  for (const [name, value] of Object.entries(n.props ?? {})) {
    const bytes = encodeValue(value, `${path} ${name}`);
    st.u32be(FDT_PROP);
    st.u32be(bytes.length);
    st.u32be(strings.offset(name));
    st.bytes(bytes);
    st.align(4);
  }
  const names = new Set<string>();
  for (const c of n.children ?? []) {
    if (names.has(c.name)) throw new RangeError(`devicetree: two nodes named "${c.name}" under ${path}`);
    names.add(c.name);
    writeNode(c, path === "/" ? `/${c.name}` : `${path}/${c.name}`, st, strings);
  }
  st.u32be(FDT_END_NODE);
}

/** Encode a tree as a DTB blob (version 17), laid out as dtc does: header, reservations, structure, strings. */
export function writeFdt(tree: FdtTree): Uint8Array {
  if (tree.root.name !== "") throw new RangeError(`devicetree: the root node's name must be "" (got "${tree.root.name}")`);
  const st = new ByteSink(), strings = new Strings();
  writeNode(tree.root, "/", st, strings);
  st.u32be(FDT_END);
  const rsv = new ByteSink();
  for (const r of tree.memReserve ?? []) {
    if (r.address < 0n || r.size <= 0n || r.address + r.size > 1n << 64n) {
      throw new RangeError(`devicetree: memory reservation ${r.address}+${r.size} is not a non-empty 64-bit range`);
    }
    rsv.u64be(r.address); rsv.u64be(r.size);
  }
  rsv.u64be(0n); rsv.u64be(0n);

  const offRsv = FDT_HEADER_SIZE;                 // already 8-byte aligned (5.3)
  const offStruct = offRsv + rsv.length;          // a multiple of 8, so 4-aligned (5.4)
  const offStrings = offStruct + st.length;
  const total = offStrings + strings.sink.length;
  const out = new ByteSink();
  for (const w of [FDT_MAGIC, total, offStruct, offStrings, offRsv, FDT_VERSION, FDT_LAST_COMP_VERSION,
    tree.bootCpuidPhys ?? 0, strings.sink.length, st.length]) out.u32be(w);
  out.bytes(rsv.finish());
  out.bytes(st.finish());
  out.bytes(strings.sink.finish());
  return out.finish();
}

