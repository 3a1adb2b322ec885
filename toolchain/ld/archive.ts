// Reading `ar` archives (static libraries such as libc.a or libgcc.a): the
// global header "!<arch>\n", then members, each with a 60-byte header
// (name/16, date/12, uid/6, gid/6, mode/8, size/10, "`\n") and data padded
// to an even size. GNU ar adds two special members: "/" (the symbol index)
// and "//" (long names, referred to as "/offset").

export interface ArchiveMember { name: string; data: Uint8Array }

export function isArchive(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && new TextDecoder().decode(bytes.subarray(0, 8)) === "!<arch>\n";
}

export function readArchive(bytes: Uint8Array, what: string): ArchiveMember[] {
  if (!isArchive(bytes)) throw new Error(`${what} is not an ar archive`);
  const dec = new TextDecoder();
  const members: ArchiveMember[] = [];
  let longNames = "";
  for (let o = 8; o + 60 <= bytes.length;) {
    const header = dec.decode(bytes.subarray(o, o + 60));
    if (header.slice(58, 60) !== "`\n") throw new Error(`${what}: member header at offset ${o} is corrupt`);
    const size = parseInt(header.slice(48, 58).trim(), 10);
    if (!(size >= 0) || o + 60 + size > bytes.length) throw new Error(`${what}: member at offset ${o} runs past the end`);
    const data = bytes.subarray(o + 60, o + 60 + size);
    let name = header.slice(0, 16).trim();
    if (name === "//") longNames = dec.decode(data);
    else if (name !== "/" && name !== "/SYM64/") {
      if (name.startsWith("/")) {
        const at = parseInt(name.slice(1), 10);
        name = longNames.slice(at, longNames.indexOf("/\n", at));
      } else if (name.endsWith("/")) name = name.slice(0, -1);
      members.push({ name, data });
    }
    o += 60 + size + (size & 1);
  }
  return members;
}

/**
 * Write an `ar` archive of `members` in the GNU format readArchive reads
 * (names longer than 15 characters go in the "//" table). No symbol index:
 * our linker reads each member's symbol table itself; GNU ld wants one
 * (`ar s` or ranlib adds it).
 */
export function writeArchive(members: ArchiveMember[]): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [enc.encode("!<arch>\n")];
  let longNames = "";
  const names = members.map((m) => {
    if (m.name.length <= 15 && !m.name.includes("/")) return `${m.name}/`;
    const at = longNames.length;
    longNames += `${m.name}/\n`;
    return `/${at}`;
  });
  const header = (name: string, size: number) =>
    enc.encode(`${name.padEnd(16)}${"0".padEnd(12)}${"0".padEnd(6)}${"0".padEnd(6)}${"644".padEnd(8)}${String(size).padEnd(10)}\`\n`);
  const add = (name: string, data: Uint8Array) => {
    parts.push(header(name, data.length), data);
    if (data.length & 1) parts.push(enc.encode("\n"));
  };
  if (longNames !== "") add("//", enc.encode(longNames));
  members.forEach((m, i) => add(names[i], m.data));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}
