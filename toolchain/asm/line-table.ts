// `.file N "name"` and `.loc N LINE COL` become the object's DWARF line table
// (.debug_line, toolchain/elf/dwarf-line.ts): one sequence per code section
// that has rows, each starting at its section's address, which the linker
// fills in through an absolute 64-bit relocation against the section.
// A one-entry .debug_info (a compile unit naming the line table) comes with
// it, because objdump -l and gdb find line tables through compile units
// (DWARF 4, 3.1.1 "Full and Partial Compilation Unit Entries").

import { encodeLineTable } from "../elf/dwarf-line";
import type { ObjectWriter } from "../elf/object";
import { SHT_PROGBITS } from "../elf/constants";
import type { AsmState } from "./state";

export function addLineTable(w: ObjectWriter, st: AsmState, secIndex: Map<string, number>, sizes: Map<string, number>): void {
  if (st.locs.length === 0) return;
  // Files by .file number; their directories go into include_directories.
  const maxFile = Math.max(0, ...st.locFiles.keys(), ...st.locs.map((l) => l.file));
  const dirs = ["."];
  const files = [];
  for (let n = 1; n <= maxFile; n++) {
    const full = st.locFiles.get(n) ?? `<file ${n}>`;
    const slash = full.lastIndexOf("/");
    let dir = 0;
    if (slash > 0) {
      const d = full.slice(0, slash);
      dir = dirs.indexOf(d);
      if (dir < 0) { dirs.push(d); dir = dirs.length - 1; }
    }
    files.push({ name: slash > 0 ? full.slice(slash + 1) : full, dir });
  }
  const sections = [...new Set(st.locs.map((l) => l.section))].filter((s) => secIndex.has(s));
  const table = encodeLineTable(files, dirs, sections.map((s) => ({
    codeSize: sizes.get(s) ?? 0,
    rows: st.locs.filter((l) => l.section === s).map((l) => ({ address: l.offset, file: l.file, line: l.line, column: l.col })),
  })));
  const line = w.addSection({ name: ".debug_line", type: SHT_PROGBITS, flags: 0, align: 1, data: table.bytes });
  const abs64 = st.backend.dataReloc(8, false)!, abs32 = st.backend.dataReloc(4, false)!;
  table.addressRelocs.forEach((offset, i) => {
    w.addReloc(line, { offset, type: abs64, symbol: w.sectionSymbol(secIndex.get(sections[i])!), addend: 0n });
  });
  addCompileUnit(w, files[0]?.name ?? "<asm>", sections[0], sizes.get(sections[0]) ?? 0, secIndex, line, abs32, abs64);
}

const DW_TAG_compile_unit = 0x11, DW_AT_name = 0x03, DW_AT_producer = 0x25, DW_AT_language = 0x13,
  DW_AT_stmt_list = 0x10, DW_AT_low_pc = 0x11, DW_AT_high_pc = 0x12, DW_FORM_string = 0x08, DW_FORM_data2 = 0x05,
  DW_FORM_sec_offset = 0x17, DW_FORM_addr = 0x01, DW_FORM_data8 = 0x07, DW_LANG_C99 = 0x0c;

/** .debug_abbrev and .debug_info holding one compile unit for the line table. */
function addCompileUnit(w: ObjectWriter, name: string, code: string, size: number, secIndex: Map<string, number>,
                        line: number, abs32: number, abs64: number): void {
  const abbrev = Uint8Array.from([1, DW_TAG_compile_unit, 0,
    DW_AT_name, DW_FORM_string, DW_AT_producer, DW_FORM_string, DW_AT_language, DW_FORM_data2,
    DW_AT_stmt_list, DW_FORM_sec_offset, DW_AT_low_pc, DW_FORM_addr, DW_AT_high_pc, DW_FORM_data8, 0, 0, 0]);
  const abbrevSec = w.addSection({ name: ".debug_abbrev", type: SHT_PROGBITS, flags: 0, align: 1, data: abbrev });
  const enc = new TextEncoder();
  const strings = [...enc.encode(name), 0, ...enc.encode("MinOS cc"), 0];
  const body = [1, ...strings, DW_LANG_C99, 0, 0, 0, 0, 0, ...new Array(16).fill(0)];
  const info = new Uint8Array(11 + body.length);
  const v = new DataView(info.buffer);
  v.setUint32(0, info.length - 4, true);                 // unit_length
  v.setUint16(4, 4, true);                               // version 4
  info[10] = 8;                                          // address_size (the abbrev offset at 6 is relocated)
  info.set(body, 11);
  const stmtAt = 11 + 1 + strings.length + 2, lowAt = stmtAt + 4;
  v.setBigUint64(lowAt + 8, BigInt(size), true);         // DW_AT_high_pc: the length of the code
  const infoSec = w.addSection({ name: ".debug_info", type: SHT_PROGBITS, flags: 0, align: 1, data: info });
  w.addReloc(infoSec, { offset: 6, type: abs32, symbol: w.sectionSymbol(abbrevSec), addend: 0n });
  w.addReloc(infoSec, { offset: stmtAt, type: abs32, symbol: w.sectionSymbol(line), addend: 0n });
  w.addReloc(infoSec, { offset: lowAt, type: abs64, symbol: w.sectionSymbol(secIndex.get(code)!), addend: 0n });
}
