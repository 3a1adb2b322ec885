/* A dense switch compiles to a jump table (x86: an indirect JMP through a
 * table of addresses; AArch64: ADR + LDRB/LDRH offset table + BR), a sparse
 * one to a compare tree. A tiny bytecode interpreter drives both. */
#include "rt.h"

enum { OP_PUSH, OP_ADD, OP_SUB, OP_MUL, OP_DUP, OP_SWAP, OP_DROP, OP_JNZ, OP_DEC, OP_PRINT, OP_HALT, OP_XOR, OP_SHL, OP_OVER };

static long run(const int *code) {
  long stack[32];
  int sp = 0, pc = 0, steps = 0;
  for (;;) {
    steps++;
    switch (code[pc++]) {
      case OP_PUSH: stack[sp++] = code[pc++]; break;
      case OP_ADD: sp--; stack[sp - 1] += stack[sp]; break;
      case OP_SUB: sp--; stack[sp - 1] -= stack[sp]; break;
      case OP_MUL: sp--; stack[sp - 1] *= stack[sp]; break;
      case OP_DUP: stack[sp] = stack[sp - 1]; sp++; break;
      case OP_SWAP: { long t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; break; }
      case OP_DROP: sp--; break;
      case OP_JNZ: { int target = code[pc++]; if (stack[--sp]) pc = target; break; }
      case OP_DEC: stack[sp - 1]--; break;
      case OP_PRINT: printf("  print %ld\n", stack[sp - 1]); break;
      case OP_HALT: printf("  halted after %d steps\n", steps); return sp ? stack[sp - 1] : 0;
      case OP_XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
      case OP_SHL: sp--; stack[sp - 1] <<= stack[sp] & 63; break;
      case OP_OVER: stack[sp] = stack[sp - 2]; sp++; break;
      default: printf("  bad opcode %d\n", code[pc - 1]); return -1;
    }
  }
}

static const char *sparse(int x) {
  switch (x) {
    case -1000: return "minus-thousand";
    case 3: return "three";
    case 17: return "seventeen";
    case 255: return "byte-max";
    case 4096: return "page";
    case 65535: return "u16-max";
    case 1 << 30: return "gig";
    default: return "other";
  }
}

static int dense(unsigned x) {
  switch (x) {
    case 0: return 11; case 1: return 23; case 2: return 5; case 3: return 99; case 4: return -4;
    case 5: return 1000; case 6: return 6; case 7: return 70; case 8: return 800; case 9: return -9;
    case 10: return 12; case 11: return 13; case 12: return 0; case 13: return 42; case 14: return 7;
    default: return -1;
  }
}

int main(void) {
  /* factorial of 10 with a loop: acc n -> acc*n n-1 */
  static const int fact[] = { OP_PUSH, 1, OP_PUSH, 10, /*4*/ OP_DUP, OP_PRINT, OP_DROP, OP_SWAP, OP_OVER, OP_MUL, OP_SWAP,
    OP_DEC, OP_DUP, OP_JNZ, 4, OP_DROP, OP_HALT };
  printf("fact %ld\n", run(fact));
  static const int mix[] = { OP_PUSH, 5, OP_PUSH, 3, OP_SUB, OP_PUSH, 40, OP_SHL, OP_PUSH, 12345, OP_XOR, OP_PRINT, OP_HALT };
  printf("mix %ld\n", run(mix));
  static const int bad[] = { OP_PUSH, 1, 77 };
  printf("bad %ld\n", run(bad));
  static const int probes[] = { -1000, 0, 3, 17, 18, 255, 256, 4096, 65535, 1 << 30, -1 };
  for (unsigned i = 0; i < sizeof probes / sizeof probes[0]; i++) printf("sparse %d %s\n", probes[i], sparse(OPAQUE(probes[i])));
  int sum = 0;
  for (unsigned i = 0; i < 20; i++) { int d = dense(OPAQUE(i)); sum = sum * 3 + d; printf("dense %u %d\n", i, d); }
  printf("sum %d %x\n", sum, (unsigned)sum);
  return 0;
}
