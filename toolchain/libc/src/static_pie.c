/* Relocating a static PIE at start-up, for the Linux runtime only.
 *
 * A static position-independent program (minos cc -pie, the default for
 * MinOS programs) is linked at address 0 and loaded anywhere. Its code is
 * PC-relative and runs as is; the pointers stored in its data (string
 * tables, function pointer tables) hold link-time addresses, and the linker
 * lists each one as a RELATIVE relocation: "write base + addend here".
 *
 * Under MinOS the kernel's program loader applies them before the program
 * starts (chapter 02, program.ts), so here there is nothing to do. Linux (and
 * qemu-user) apply none for a static program: glibc's static-pie start-up
 * code does it itself, and so does this, called by crt0 before anything
 * reads a pointer from data. It may use only PC-relative addresses: the
 * linker's symbols __ehdr_start (our own ELF header, so the load base) and
 * __rela_dyn_start/__rela_dyn_end (the relocation table; equal when the
 * program is not a PIE). */

#ifdef __MINOS_LINUX_ABI__
extern char __ehdr_start[];
extern unsigned long __rela_dyn_start[];
extern unsigned long __rela_dyn_end[];

#if defined(__x86_64__)
#define R_RELATIVE 8      /* R_X86_64_RELATIVE */
#else
#define R_RELATIVE 1027   /* R_AARCH64_RELATIVE */
#endif

void __relocate_static_pie(void) {
  unsigned long base = (unsigned long)__ehdr_start;
  /* Each Elf64_Rela is three words: r_offset, r_info, r_addend. */
  for (unsigned long *r = __rela_dyn_start; r < __rela_dyn_end; r += 3)
    if ((r[1] & 0xffffffffUL) == R_RELATIVE) *(unsigned long *)(base + r[0]) = base + r[2];
}
#else
void __relocate_static_pie(void) {}
#endif
