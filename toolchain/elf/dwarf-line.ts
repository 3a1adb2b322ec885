// The DWARF line table (.debug_line): which source line each machine
// instruction came from, so objdump -l, gdb and MinOS's debugger can show C
// source next to the code. The compiler tells the assembler `.file N "x.c"`
// and `.loc N LINE COL` before the instructions of each line; the assembler
// turns the rows into this section.
//
// Reference: DWARF Debugging Information Format, Version 4, section 6.2
// "Line Number Information" (the header 6.2.4, the opcodes 6.2.5). We write
// version 4 with 32-bit offsets: every reader in use (binutils, gdb, lldb)
// accepts it.

export interface LineRow {
  /** Offset of the instruction in the code section. */
  address: number;
  /** 1-based index into `files`. */
  file: number;
  line: number;
  column: number;
}

export interface LineTable {
  bytes: Uint8Array;
  /** Per sequence, where the section needs that code section's address (8 bytes, absolute). */
  addressRelocs: number[];
}

/** The rows of one code section (a DWARF "sequence"), and the section's size. */
export interface LineSequence { rows: LineRow[]; codeSize: number }

// Parameters of the line program (6.2.4): special opcodes cover line steps
// -5..8 and address steps up to 17 bytes.
const LINE_BASE = -5, LINE_RANGE = 14, OPCODE_BASE = 13;
const STD_LENGTHS = [0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1];
const DW_LNS_copy = 1, DW_LNS_advance_pc = 2, DW_LNS_advance_line = 3, DW_LNS_set_file = 4, DW_LNS_set_column = 5;
const DW_LNE_end_sequence = 1, DW_LNE_set_address = 2;

/**
 * Encode a line table with one sequence per code section. `files` are the
 * names given by `.file` (index 1 first); `dirs` their directories (index 0
 * is the compilation directory).
 */
export function encodeLineTable(files: { name: string; dir: number }[], dirs: string[], sequences: LineSequence[]): LineTable {
  const out = new ByteWriter();
  const lengthAt = out.u32(0);                          // unit_length, patched at the end
  out.u16(4);                                           // version
  const headerLengthAt = out.u32(0);                    // header_length, patched below
  const headerStart = out.length;
  out.u8(1);                                            // minimum_instruction_length
  out.u8(1);                                            // maximum_operations_per_instruction
  out.u8(1);                                            // default_is_stmt
  out.u8(LINE_BASE & 0xff);
  out.u8(LINE_RANGE);
  out.u8(OPCODE_BASE);
  for (const n of STD_LENGTHS) out.u8(n);
  for (const d of dirs.slice(1)) out.cstring(d);        // include_directories (0 is implicit in v4)
  out.u8(0);
  for (const f of files) { out.cstring(f.name); out.uleb(f.dir); out.uleb(0); out.uleb(0); }
  out.u8(0);
  out.patch32(headerLengthAt, out.length - headerStart);

  const relocs: number[] = [];
  for (const seq of sequences) relocs.push(encodeSequence(out, seq));
  out.patch32(lengthAt, out.length - 4);
  return { bytes: out.bytes(), addressRelocs: relocs };
}

/** One sequence: rows of one code section, from its start to its end. Returns the set_address field's offset. */
function encodeSequence(out: ByteWriter, { rows, codeSize }: LineSequence): number {
  // DW_LNE_set_address: the start of the code section (the linker fills it in).
  out.u8(0); out.uleb(9); out.u8(DW_LNE_set_address);
  const at = out.length;
  out.u32(0); out.u32(0);
  let address = 0, file = 1, line = 1, column = 0;
  for (const r of [...rows].sort((a, b) => a.address - b.address)) {
    if (r.file !== file) { out.u8(DW_LNS_set_file); out.uleb(r.file); file = r.file; }
    if (r.column !== column) { out.u8(DW_LNS_set_column); out.uleb(r.column); column = r.column; }
    const dLine = r.line - line, dAddr = r.address - address;
    const special = dLine - LINE_BASE + LINE_RANGE * dAddr + OPCODE_BASE;
    if (dLine >= LINE_BASE && dLine < LINE_BASE + LINE_RANGE && special <= 255) {
      out.u8(special);                                  // one byte: advance both, then append a row
    } else {
      if (dLine !== 0) { out.u8(DW_LNS_advance_line); out.sleb(dLine); }
      if (dAddr !== 0) { out.u8(DW_LNS_advance_pc); out.uleb(dAddr); }
      out.u8(DW_LNS_copy);
    }
    address = r.address; line = r.line;
  }
  if (codeSize > address) { out.u8(DW_LNS_advance_pc); out.uleb(codeSize - address); }
  out.u8(0); out.uleb(1); out.u8(DW_LNE_end_sequence);
  return at;
}

/** A growing little-endian byte buffer with LEB128 (DWARF 4, 7.6). */
class ByteWriter {
  private buf: number[] = [];
  get length(): number { return this.buf.length; }
  u8(v: number): number { this.buf.push(v & 0xff); return this.buf.length - 1; }
  u16(v: number): number { const at = this.buf.length; this.u8(v); this.u8(v >> 8); return at; }
  u32(v: number): number { const at = this.buf.length; for (let i = 0; i < 4; i++) this.u8(v >>> (8 * i)); return at; }
  patch32(at: number, v: number): void { for (let i = 0; i < 4; i++) this.buf[at + i] = (v >>> (8 * i)) & 0xff; }
  cstring(s: string): void { for (const b of new TextEncoder().encode(s)) this.u8(b); this.u8(0); }
  uleb(v: number): void {
    do {
      let byte = v & 0x7f;
      v = Math.floor(v / 128);
      if (v !== 0) byte |= 0x80;
      this.u8(byte);
    } while (v !== 0);
  }
  sleb(v: number): void {
    for (;;) {
      const byte = v & 0x7f;
      v = Math.floor(v / 128);
      const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
      this.u8(done ? byte : byte | 0x80);
      if (done) return;
    }
  }
  bytes(): Uint8Array { return Uint8Array.from(this.buf); }
}
