/* A small stack-based virtual machine: an assembler from text mnemonics to
 * bytecode (with labels resolved in a second pass), an interpreter loop with
 * a switch dispatch and a call stack, and programs for factorial, gcd,
 * primes and a recursive Fibonacci run on it. A trace counts executed ops. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

enum Op { PUSH, POP, DUP, SWAP, OVER, ADD, SUB, MUL, DIV, MOD, LT, EQ, JMP, JZ, JNZ, CALL, RET, LOAD, STORE, PRINT, HALT, NOPS };
static const char *const names[NOPS] = { "push", "pop", "dup", "swap", "over", "add", "sub", "mul", "div", "mod", "lt",
                                         "eq", "jmp", "jz", "jnz", "call", "ret", "load", "store", "print", "halt" };
static int has_arg(enum Op op) { return op == PUSH || op == JMP || op == JZ || op == JNZ || op == CALL || op == LOAD || op == STORE; }

typedef struct { long code[512]; int len; char labels[32][16]; int label_at[32]; int nlabels; } Asm;

static int label_index(Asm *a, const char *name) {
  for (int i = 0; i < a->nlabels; i++) if (!strcmp(a->labels[i], name)) return i;
  strcpy(a->labels[a->nlabels], name);
  a->label_at[a->nlabels] = -1;
  return a->nlabels++;
}

/* Two passes: the first records label addresses, the second emits code. */
static int assemble(Asm *a, const char *src) {
  for (int pass = 0; pass < 2; pass++) {
    a->len = 0;
    const char *p = src;
    while (*p) {
      char word[16], arg[16];
      int n = 0;
      while (*p == ' ' || *p == '\n' || *p == ';') p++;
      if (!*p) break;
      while (*p && *p != ' ' && *p != '\n' && *p != ';') { if (n < 15) word[n++] = *p; p++; }
      word[n] = 0;
      if (word[n - 1] == ':') { word[n - 1] = 0; a->label_at[label_index(a, word)] = a->len; continue; }
      int op = -1;
      for (int i = 0; i < NOPS; i++) if (!strcmp(names[i], word)) op = i;
      if (op < 0) { printf("unknown mnemonic '%s'\n", word); return 0; }
      a->code[a->len++] = op;
      if (has_arg((enum Op)op)) {
        while (*p == ' ') p++;
        n = 0;
        while (*p && *p != ' ' && *p != '\n' && *p != ';') { if (n < 15) arg[n++] = *p; p++; }
        arg[n] = 0;
        if ((arg[0] >= '0' && arg[0] <= '9') || arg[0] == '-') a->code[a->len++] = atol(arg);
        else a->code[a->len++] = pass ? a->label_at[label_index(a, arg)] : 0;
      }
    }
  }
  return 1;
}

typedef struct { long stack[256]; int sp; int rstack[64]; int rsp; long mem[16]; long steps; long counts[NOPS]; } Vm;

static int run(Vm *vm, const long *code, long max_steps) {
  int pc = 0;
  vm->sp = vm->rsp = 0;
  for (;;) {
    if (++vm->steps > max_steps) { printf("step limit\n"); return -1; }
    enum Op op = (enum Op)code[pc++];
    vm->counts[op]++;
    long a, b;
    switch (op) {
    case PUSH: vm->stack[vm->sp++] = code[pc++]; break;
    case POP: vm->sp--; break;
    case DUP: vm->stack[vm->sp] = vm->stack[vm->sp - 1]; vm->sp++; break;
    case SWAP: a = vm->stack[vm->sp - 1]; vm->stack[vm->sp - 1] = vm->stack[vm->sp - 2]; vm->stack[vm->sp - 2] = a; break;
    case OVER: vm->stack[vm->sp] = vm->stack[vm->sp - 2]; vm->sp++; break;
    case ADD: case SUB: case MUL: case DIV: case MOD: case LT: case EQ:
      b = vm->stack[--vm->sp];
      a = vm->stack[--vm->sp];
      if ((op == DIV || op == MOD) && b == 0) { printf("division by zero at %d\n", pc - 1); return -1; }
      vm->stack[vm->sp++] = op == ADD ? a + b : op == SUB ? a - b : op == MUL ? a * b : op == DIV ? a / b : op == MOD ? a % b : op == LT ? a < b : a == b;
      break;
    case JMP: pc = (int)code[pc]; break;
    case JZ: pc = vm->stack[--vm->sp] == 0 ? (int)code[pc] : pc + 1; break;
    case JNZ: pc = vm->stack[--vm->sp] != 0 ? (int)code[pc] : pc + 1; break;
    case CALL: vm->rstack[vm->rsp++] = pc + 1; pc = (int)code[pc]; break;
    case RET: if (vm->rsp == 0) return 0; pc = vm->rstack[--vm->rsp]; break;
    case LOAD: vm->stack[vm->sp++] = vm->mem[code[pc++]]; break;
    case STORE: vm->mem[code[pc++]] = vm->stack[--vm->sp]; break;
    case PRINT: printf("%ld ", vm->stack[--vm->sp]); break;
    case HALT: return 0;
    default: printf("bad opcode %d\n", op); return -1;
    }
  }
}

static void demo(const char *title, const char *src) {
  static Asm a;
  static Vm vm;
  memset(&a, 0, sizeof a);
  memset(&vm, 0, sizeof vm);
  if (!assemble(&a, src)) return;
  printf("%s (%d words): ", title, a.len);
  int r = run(&vm, a.code, 200000);
  printf("| status %d, %ld steps, stack depth %d;", r, vm.steps, vm.sp);
  for (int i = 0; i < NOPS; i++) if (vm.counts[i] > 0 && vm.counts[i] * 10 > vm.steps) printf(" %s=%ld", names[i], vm.counts[i]);
  printf("\n");
}

int main(void) {
  demo("factorials", "push 1; store 0; push 1; store 1;"
                     "loop: load 1; load 0; mul; dup; print; store 1; load 0; push 1; add; dup; store 0; push 13; lt; jnz loop; halt");
  demo("gcd", "push 1071; push 462; call gcd; print; push 270; push 192; call gcd; print; halt;"
              "gcd: dup; jz done; dup; store 2; mod; load 2; swap; jmp gcd; done: pop; ret");
  demo("primes", "push 2; store 0;"
                 "next: push 2; store 1;"
                 "try: load 1; load 1; mul; load 0; swap; lt; jnz prime;"
                 "     load 0; load 1; mod; jz composite; load 1; push 1; add; store 1; jmp try;"
                 "prime: load 0; print;"
                 "composite: load 0; push 1; add; dup; store 0; push 40; lt; jnz next; halt");
  demo("fib", "push 0; store 3; loop: load 3; call fib; print; load 3; push 1; add; dup; store 3; push 11; lt; jnz loop; halt;"
              "fib: dup; push 2; lt; jnz base; dup; push 1; sub; call fib; swap; push 2; sub; call fib; add; ret; base: ret");
  demo("divzero", "push 1; push 0; div; halt");
  demo("bad", "push 1; frobnicate; halt");
  return 0;
}
