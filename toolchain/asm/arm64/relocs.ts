// AArch64 relocation types this backend needs that toolchain/elf/constants.ts
// does not list (yet). Values from the ELF for the Arm 64-bit Architecture
// (AArch64) psABI, tables "GOT-relative instruction relocations" and
// "Local Exec TLS relocations".
export const R_AARCH64_ADR_GOT_PAGE = 311;
export const R_AARCH64_LD64_GOT_LO12_NC = 312;
export const R_AARCH64_LD64_GOTPAGE_LO15 = 313;
export const R_AARCH64_TLSLE_ADD_TPREL_HI12 = 549;
export const R_AARCH64_TLSLE_ADD_TPREL_LO12 = 550;
export const R_AARCH64_TLSLE_ADD_TPREL_LO12_NC = 551;
