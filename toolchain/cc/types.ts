// C types (C99 6.2.5) and their sizes on MinOS's two targets, both LP64:
// char 1, short 2, int 4, long and long long and pointers 8, each aligned to
// its size (System V AMD64 ABI 3.1.2; AAPCS64 5.1). The one difference a C
// program can see: plain `char` is signed on x86_64 and unsigned on AArch64.

export type TypeKind =
  | "void" | "bool" | "char" | "short" | "int" | "long" | "llong"
  | "enum" | "ptr" | "array" | "func" | "struct" | "union";

export interface Member {
  name: string;            // "" for an unnamed struct/union member (C11, GNU)
  type: Type;
  offset: number;
}

export interface Type {
  kind: TypeKind;
  size: number;
  align: number;
  unsigned: boolean;
  /** Pointee (ptr) or element (array) type. */
  base?: Type;
  /** Array length; -1 while incomplete (`int a[]`). */
  len?: number;
  /** Function types. */
  ret?: Type;
  params?: Type[];
  variadic?: boolean;
  /** `int f()` declares no prototype (old style): any arguments are accepted. */
  oldStyle?: boolean;
  /** Struct and union types. */
  members?: Member[];
  tag?: string;
  complete?: boolean;
  /** Qualifiers on this use of the type. */
  isConst?: boolean;
  /** For a qualified copy (`const struct s`): the unqualified type it copies. */
  origin?: Type;
}

function scalar(kind: TypeKind, size: number, unsigned = false): Type {
  return { kind, size, align: size, unsigned };
}

export const T = {
  void: { kind: "void", size: 1, align: 1, unsigned: false } as Type,
  bool: scalar("bool", 1, true),
  schar: scalar("char", 1),
  uchar: scalar("char", 1, true),
  short: scalar("short", 2),
  ushort: scalar("short", 2, true),
  int: scalar("int", 4),
  uint: scalar("int", 4, true),
  long: scalar("long", 8),
  ulong: scalar("long", 8, true),
  llong: scalar("llong", 8),
  ullong: scalar("llong", 8, true),
};

/** `const T`: a copy that remembers T, so it stays compatible with it. */
export function qualifiedConst(t: Type): Type {
  if (t.kind === "struct" || t.kind === "union") {
    // Inherit from the struct itself so its members, size and completeness
    // stay current even if it is completed after this use.
    return Object.create(t.origin ?? t, { isConst: { value: true, enumerable: true }, origin: { value: t.origin ?? t, enumerable: true } });
  }
  return { ...t, isConst: true, origin: t.origin ?? t };
}

export function pointerTo(base: Type): Type {
  return { kind: "ptr", size: 8, align: 8, unsigned: true, base };
}

export function arrayOf(base: Type, len: number): Type {
  return { kind: "array", size: len < 0 ? 0 : base.size * len, align: base.align, unsigned: false, base, len };
}

export function funcType(ret: Type, params: Type[], variadic: boolean, oldStyle = false): Type {
  return { kind: "func", size: 1, align: 1, unsigned: false, ret, params, variadic, oldStyle };
}

export function enumType(): Type {
  return { kind: "enum", size: 4, align: 4, unsigned: false, complete: true };
}

export function structType(kind: "struct" | "union", tag?: string): Type {
  return { kind, size: 0, align: 1, unsigned: false, members: [], tag, complete: false };
}

export const isInteger = (t: Type) => ["bool", "char", "short", "int", "long", "llong", "enum"].includes(t.kind);
export const isPointerLike = (t: Type) => t.kind === "ptr" || t.kind === "array";
export const isScalar = (t: Type) => isInteger(t) || t.kind === "ptr";
export const isAggregate = (t: Type) => t.kind === "struct" || t.kind === "union" || t.kind === "array";

/** Integer conversion rank (6.3.1.1): bool < char < short < int < long = long long here by size. */
function rank(t: Type): number {
  switch (t.kind) {
    case "bool": return 0;
    case "char": return 1;
    case "short": return 2;
    case "int": case "enum": return 3;
    case "long": return 4;
    default: return 5;
  }
}

/** Integer promotion (6.3.1.1p2): anything narrower than int becomes int. */
export function promote(t: Type): Type {
  if (t.kind === "enum") return T.int;
  return rank(t) < 3 ? T.int : t;
}

/** The usual arithmetic conversions (6.3.1.8) for two integer operands. */
export function commonType(a: Type, b: Type): Type {
  const x = promote(a), y = promote(b);
  if (x.kind === y.kind && x.unsigned === y.unsigned) return x;
  const [hi, lo] = rank(x) >= rank(y) ? [x, y] : [y, x];
  if (hi.unsigned === lo.unsigned) return hi;
  if (hi.unsigned) return hi;                              // the unsigned one has greater or equal rank
  // hi is signed with greater rank: it can hold every lo value only if wider.
  if (hi.size > lo.size) return hi;
  return hi.kind === "llong" ? T.ullong : hi.kind === "long" ? T.ulong : T.uint;
}

/** Same type for the purposes of redeclaration and pointer assignment (6.2.7, loosely). */
export function compatible(a: Type, b: Type): boolean {
  if (a === b || (a.origin ?? a) === (b.origin ?? b)) return true;
  if (a.kind === "enum" || b.kind === "enum") return (a.kind === "enum" ? T.int : a).kind === (b.kind === "enum" ? T.int : b).kind && a.unsigned === b.unsigned;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "ptr": return compatible(a.base!, b.base!);
    case "array": return compatible(a.base!, b.base!) && (a.len! < 0 || b.len! < 0 || a.len === b.len);
    case "func":
      if (!compatible(a.ret!, b.ret!)) return false;
      if (a.oldStyle || b.oldStyle) return true;
      return a.variadic === b.variadic && a.params!.length === b.params!.length && a.params!.every((p, i) => compatible(p, b.params![i]));
    case "struct": case "union": return a === b || (a.tag !== undefined && a.tag === b.tag && a.members === b.members);
    default: return a.unsigned === b.unsigned && a.size === b.size;
  }
}

/** A type as C would write it, for messages: `unsigned long`, `struct point *`, `int[4]`. */
export function typeName(t: Type): string {
  const c = t.isConst ? "const " : "";
  switch (t.kind) {
    case "void": return c + "void";
    case "bool": return c + "_Bool";
    case "char": return c + (t.unsigned ? "unsigned char" : "char");
    case "short": return c + (t.unsigned ? "unsigned short" : "short");
    case "int": return c + (t.unsigned ? "unsigned int" : "int");
    case "long": return c + (t.unsigned ? "long unsigned int" : "long int");
    case "llong": return c + (t.unsigned ? "long long unsigned int" : "long long int");
    case "enum": return c + `enum ${t.tag ?? "<anonymous>"}`;
    case "ptr": return t.base!.kind === "func" ? `${typeName(t.base!.ret!)} (*)(${paramList(t.base!)})` : `${typeName(t.base!)} *${t.isConst ? "const" : ""}`.trim();
    case "array": return `${typeName(t.base!)}[${t.len! >= 0 ? t.len : ""}]`;
    case "func": return `${typeName(t.ret!)}(${paramList(t)})`;
    default: return c + `${t.kind} ${t.tag ?? "<anonymous>"}`;
  }
}

function paramList(f: Type): string {
  const ps = f.params!.map(typeName);
  if (f.variadic) ps.push("...");
  return ps.length ? ps.join(", ") : f.oldStyle ? "" : "void";
}
