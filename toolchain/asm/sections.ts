// Section bookkeeping for the assembler: the default attributes GNU as gives
// a section from its name, and parsing `.section name, "flags", @type`.

import {
  SHF_ALLOC, SHF_EXECINSTR, SHF_MERGE, SHF_STRINGS, SHF_TLS, SHF_WRITE, SHT_FINI_ARRAY, SHT_INIT_ARRAY, SHT_NOBITS,
  SHT_NOTE, SHT_PREINIT_ARRAY, SHT_PROGBITS,
} from "../elf/constants";
import { EncodeError } from "./backend";
import { splitArgs } from "./data";

export interface SectionAttrs { name: string; type: number; flags: number; entsize: number }

/** Attributes gas assumes when a section is named without flags (gas obj-elf.c, special sections). */
export function defaultAttrs(name: string): SectionAttrs {
  const has = (p: string) => name === p || name.startsWith(p + ".");
  if (has(".text")) return { name, type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_EXECINSTR, entsize: 0 };
  if (has(".bss")) return { name, type: SHT_NOBITS, flags: SHF_ALLOC | SHF_WRITE, entsize: 0 };
  if (has(".tbss")) return { name, type: SHT_NOBITS, flags: SHF_ALLOC | SHF_WRITE | SHF_TLS, entsize: 0 };
  if (has(".tdata")) return { name, type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_WRITE | SHF_TLS, entsize: 0 };
  if (has(".data")) return { name, type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_WRITE, entsize: 0 };
  // Constructor/destructor tables have their own section types (gABI "Special Sections").
  if (has(".init_array")) return { name, type: SHT_INIT_ARRAY, flags: SHF_ALLOC | SHF_WRITE, entsize: 8 };
  if (has(".fini_array")) return { name, type: SHT_FINI_ARRAY, flags: SHF_ALLOC | SHF_WRITE, entsize: 8 };
  if (has(".preinit_array")) return { name, type: SHT_PREINIT_ARRAY, flags: SHF_ALLOC | SHF_WRITE, entsize: 8 };
  if (has(".rodata")) return { name, type: SHT_PROGBITS, flags: SHF_ALLOC, entsize: 0 };
  if (name.startsWith(".note")) return { name, type: SHT_NOTE, flags: 0, entsize: 0 };
  return { name, type: SHT_PROGBITS, flags: 0, entsize: 0 };
}

/** Parse the arguments of `.section`. */
export function parseSection(args: string, col: number): SectionAttrs {
  const parts = splitArgs(args);
  if (parts.length === 0 || parts[0][0] === "") throw new EncodeError(".section needs a name", col);
  let name = parts[0][0];
  if (name.startsWith('"')) name = name.slice(1, -1);
  const attrs = defaultAttrs(name);
  if (parts.length < 2) return attrs;
  const [flagText, flagCol] = parts[1];
  if (!/^"[^"]*"$/.test(flagText)) throw new EncodeError(`expected section flags in quotes, like "ax"`, col + flagCol);
  let flags = 0;
  for (const f of flagText.slice(1, -1)) {
    switch (f) {
      case "a": flags |= SHF_ALLOC; break;
      case "w": flags |= SHF_WRITE; break;
      case "x": flags |= SHF_EXECINSTR; break;
      case "M": flags |= SHF_MERGE; break;
      case "S": flags |= SHF_STRINGS; break;
      case "T": flags |= SHF_TLS; break;
      default: throw new EncodeError(`unknown section flag '${f}'`, col + flagCol);
    }
  }
  attrs.flags = flags;
  if (parts.length >= 3) {
    const t = parts[2][0].replace(/^[@%]/, "");
    if (t === "progbits") attrs.type = SHT_PROGBITS;
    else if (t === "nobits") attrs.type = SHT_NOBITS;
    else if (t === "note") attrs.type = SHT_NOTE;
    else if (t === "init_array") attrs.type = SHT_INIT_ARRAY;
    else if (t === "fini_array") attrs.type = SHT_FINI_ARRAY;
    else if (t === "preinit_array") attrs.type = SHT_PREINIT_ARRAY;
    else throw new EncodeError(`unknown section type '${parts[2][0]}'`, col + parts[2][1]);
  }
  if (flags & SHF_MERGE) {
    const e = parts[3]?.[0];
    if (!e || !/^\d+$/.test(e)) throw new EncodeError("SHF_MERGE section ('M' flag) needs an entity size", col);
    attrs.entsize = Number(e);
  }
  return attrs;
}
