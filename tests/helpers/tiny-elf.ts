// A minimal static ELF64 executable around a few bytes of machine code, for
// tests that need a program without a compiler: one PT_LOAD segment (R+X)
// at 0x400000 holding the headers and the code, entry at the code.
// Layout per the System V gABI ("ELF Header", "Program Header").

export function tinyElf(arch: "x86_64" | "arm64", code: Uint8Array | number[]): Uint8Array {
  const base = 0x400000, codeOff = 0x78;                     // 64-byte header + one 56-byte phdr
  const out = new Uint8Array(codeOff + code.length);
  const dv = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);            // magic, ELFCLASS64, LSB, EV_CURRENT
  dv.setUint16(16, 2, true);                                 // ET_EXEC
  dv.setUint16(18, arch === "x86_64" ? 62 : 183, true);      // EM_X86_64 / EM_AARCH64
  dv.setUint32(20, 1, true);                                 // e_version
  dv.setBigUint64(24, BigInt(base + codeOff), true);         // e_entry
  dv.setBigUint64(32, 64n, true);                            // e_phoff
  dv.setUint16(52, 64, true);                                // e_ehsize
  dv.setUint16(54, 56, true);                                // e_phentsize
  dv.setUint16(56, 1, true);                                 // e_phnum
  dv.setUint16(58, 64, true);                                // e_shentsize
  dv.setUint32(64, 1, true);                                 // PT_LOAD
  dv.setUint32(68, 5, true);                                 // PF_R | PF_X
  dv.setBigUint64(80, BigInt(base), true);                   // p_vaddr
  dv.setBigUint64(88, BigInt(base), true);                   // p_paddr
  dv.setBigUint64(96, BigInt(out.length), true);             // p_filesz
  dv.setBigUint64(104, BigInt(out.length), true);            // p_memsz
  dv.setBigUint64(112, 0x1000n, true);                       // p_align
  out.set(code, codeOff);
  return out;
}

/** A64 instructions are little-endian 32-bit words. */
export function a64(...words: number[]): number[] {
  return words.flatMap((w) => [w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24]);
}
