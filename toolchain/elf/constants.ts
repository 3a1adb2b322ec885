// ELF64 constants, named as in the System V gABI and the psABI supplements
// (elf.h spells them the same way, so a student can grep for them).

export const ELFCLASS64 = 2;
export const ELFDATA2LSB = 1;
export const EV_CURRENT = 1;
export const ELFOSABI_SYSV = 0;

export const ET_REL = 1;
export const ET_EXEC = 2;
export const ET_DYN = 3;

export const EM_X86_64 = 62;
export const EM_AARCH64 = 183;

export const EHDR_SIZE = 64;
export const PHDR_SIZE = 56;
export const SHDR_SIZE = 64;
export const SYM_SIZE = 24;
export const RELA_SIZE = 24;

// Program header types and flags
export const PT_NULL = 0;
export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;
export const PT_NOTE = 4;
export const PT_PHDR = 6;
export const PT_TLS = 7;
export const PT_GNU_EH_FRAME = 0x6474e550;
export const PT_GNU_STACK = 0x6474e551;
export const PT_GNU_RELRO = 0x6474e552;
export const PT_GNU_PROPERTY = 0x6474e553;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

// Section header types and flags
export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_RELA = 4;
export const SHT_NOBITS = 8;
export const SHT_NOTE = 7;
export const SHT_INIT_ARRAY = 14;
export const SHT_FINI_ARRAY = 15;
export const SHT_PREINIT_ARRAY = 16;
export const SHF_WRITE = 1;
export const SHF_ALLOC = 2;
export const SHF_EXECINSTR = 4;
export const SHF_MERGE = 0x10;
export const SHF_STRINGS = 0x20;
export const SHF_INFO_LINK = 0x40;
export const SHF_TLS = 0x400;
export const SHN_UNDEF = 0;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;

// Symbols
export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;
export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STT_FILE = 4;
export const STT_TLS = 6;
export const STV_DEFAULT = 0;
export const STV_INTERNAL = 1;
export const STV_HIDDEN = 2;
export const STV_PROTECTED = 3;

// Relocations: x86-64 psABI 4.4 and AArch64 ELF ABI (AAELF64) 5.7
export const R_X86_64_NONE = 0;
export const R_X86_64_64 = 1;
export const R_X86_64_PC32 = 2;
export const R_X86_64_PLT32 = 4;
export const R_X86_64_32 = 10;
export const R_X86_64_32S = 11;
export const R_X86_64_16 = 12;
export const R_X86_64_PC16 = 13;
export const R_X86_64_8 = 14;
export const R_X86_64_PC8 = 15;
export const R_X86_64_PC64 = 24;
export const R_X86_64_GOTPCREL = 9;
export const R_X86_64_GOTPCRELX = 41;
export const R_X86_64_REX_GOTPCRELX = 42;
export const R_X86_64_TLSGD = 19;
export const R_X86_64_TLSLD = 20;
export const R_X86_64_DTPOFF32 = 21;
export const R_X86_64_GOTTPOFF = 22;
export const R_X86_64_TPOFF32 = 23;

export const R_AARCH64_NONE = 0;
export const R_AARCH64_ABS64 = 257;
export const R_AARCH64_ABS32 = 258;
export const R_AARCH64_ABS16 = 259;
export const R_AARCH64_PREL64 = 260;
export const R_AARCH64_PREL32 = 261;
export const R_AARCH64_PREL16 = 262;
export const R_AARCH64_MOVW_UABS_G0 = 263;
export const R_AARCH64_MOVW_UABS_G0_NC = 264;
export const R_AARCH64_MOVW_UABS_G1 = 265;
export const R_AARCH64_MOVW_UABS_G1_NC = 266;
export const R_AARCH64_MOVW_UABS_G2 = 267;
export const R_AARCH64_MOVW_UABS_G2_NC = 268;
export const R_AARCH64_MOVW_UABS_G3 = 269;
export const R_AARCH64_LD_PREL_LO19 = 273;
export const R_AARCH64_ADR_PREL_LO21 = 274;
export const R_AARCH64_ADR_PREL_PG_HI21 = 275;
export const R_AARCH64_ADD_ABS_LO12_NC = 277;
export const R_AARCH64_LDST8_ABS_LO12_NC = 278;
export const R_AARCH64_TSTBR14 = 279;
export const R_AARCH64_CONDBR19 = 280;
export const R_AARCH64_JUMP26 = 282;
export const R_AARCH64_CALL26 = 283;
export const R_AARCH64_LDST16_ABS_LO12_NC = 284;
export const R_AARCH64_LDST32_ABS_LO12_NC = 285;
export const R_AARCH64_LDST64_ABS_LO12_NC = 286;
export const R_AARCH64_LDST128_ABS_LO12_NC = 299;

// Dynamic section (gABI "Dynamic Section"): what a static-PIE executable
// carries so its loader can find its relocations.
export const SHT_DYNAMIC = 6;
export const DYN_SIZE = 16;
export const DT_NULL = 0;
export const DT_RELA = 7;
export const DT_RELASZ = 8;
export const DT_RELAENT = 9;
export const DT_TEXTREL = 22;
export const DT_FLAGS_1 = 0x6ffffffb;
export const DT_RELACOUNT = 0x6ffffff9;
export const DF_1_PIE = 0x08000000;
/** B + A: the one relocation a static PIE needs (x86-64 psABI table 4.9; AAELF64 5.7.11). */
export const R_X86_64_RELATIVE = 8;
export const R_AARCH64_RELATIVE = 1027;
