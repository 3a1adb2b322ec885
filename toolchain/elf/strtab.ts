// An ELF string table (.strtab, .shstrtab): NUL-terminated names back to
// back; offset 0 is the empty string. Equal names share one entry.

export class StrTab {
  private parts: Uint8Array[] = [new Uint8Array(1)];
  private size = 1;
  private seen = new Map<string, number>();

  /** The offset of `s` in the table, adding it if new. */
  add(s: string): number {
    if (s === "") return 0;
    const old = this.seen.get(s);
    if (old !== undefined) return old;
    const bytes = new TextEncoder().encode(s + "\0");
    const off = this.size;
    this.parts.push(bytes);
    this.size += bytes.length;
    this.seen.set(s, off);
    return off;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let o = 0;
    for (const p of this.parts) { out.set(p, o); o += p.length; }
    return out;
  }
}
