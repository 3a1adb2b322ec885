// A new program's first stack: what its _start finds at the stack pointer.
// MinOS uses the System V layout (AMD64 ABI 3.4.1 "Initial Stack and Register
// State"; AArch64 Linux the same), which toolchain/libc/arch/*/crt0.s reads:
//
//   sp ->  argc
//          argv[0] .. argv[argc-1]   pointers to the strings below
//          NULL
//          NULL                      envp: MinOS programs have no environment
//          AT_PAGESZ, 4096           the auxiliary vector, pairs of words,
//          AT_NULL, 0                ending with AT_NULL
//          ... the argument strings, NUL terminated, up to the stack top
//
// sp is 16-byte aligned (both ABIs require it at process entry; AArch64
// faults on a misaligned sp when SCTLR_EL1.SA0 is set).

const AT_NULL = 0, AT_PAGESZ = 6;

// @snippet user-stack
/**
 * The bytes of the initial stack for `argv`, to be copied so that they end
 * at `top`; returns them and the stack pointer to start with.
 */
export function buildUserStack(argv: string[], top: number): { sp: number; bytes: Uint8Array } {
  const enc = new TextEncoder();
  const strings = argv.map((a) => enc.encode(a + "\0"));
  const strBytes = strings.reduce((n, s) => n + s.length, 0);
  const words = 1 + argv.length + 1 + 1 + 4;                // argc, argv, NULL, envp NULL, auxv (2 pairs)
  const sp = Math.floor((top - strBytes - words * 8) / 16) * 16;
  const bytes = new Uint8Array(top - sp);
  const dv = new DataView(bytes.buffer);
  // The strings sit at the top, in order; their addresses go into argv[].
  let at = top - strBytes;
  const ptrs = strings.map((s) => { bytes.set(s, at - sp); const p = at; at += s.length; return p; });
  const vec = [argv.length, ...ptrs, 0, 0, AT_PAGESZ, 4096, AT_NULL, 0];
  vec.forEach((w, i) => dv.setBigUint64(i * 8, BigInt(w), true));
  return { sp, bytes };
}
// @end user-stack
