// AArch64 relocation types this backend needs that toolchain/elf/constants.ts
// does not list (yet). Values from the ELF for the Arm 64-bit Architecture
// (AArch64) psABI, table "GOT-relative instruction relocations".
export const R_AARCH64_ADR_GOT_PAGE = 311;
export const R_AARCH64_LD64_GOT_LO12_NC = 312;
