// C and assembly inputs for the disassembler comparison (disasm.test.ts).
// The C is compiled with gcc 12 at -O0 and -O2 with the flags MinOS user
// programs use; the assembly lists encodings gcc rarely emits but the CPU
// implements. Expected text always comes from objdump, never from us.

export const C_SOURCE = String.raw`
typedef unsigned long u64; typedef long i64; typedef unsigned int u32; typedef unsigned short u16; typedef unsigned char u8;
struct big { long a[12]; };
struct pt { short x; signed char y; u8 z; int w; };
static volatile int sink;
__thread int tls_counter;
long gl = 5; int garr[64]; char gbuf[256]; struct big gbig;

__attribute__((noinline)) i64 arith(i64 a, i64 b, int c, u8 d, short e) {
  i64 s = a * b + (a / (b | 1)) - (a % 7) + (u64)a / 3u;
  s ^= (s >> 13) | ((u64)s << 7);
  s += (unsigned)c >> (d & 31);
  s -= (int)c << 3;
  s += (i64)((__int128)a * b >> 64);
  s += (u64)(((unsigned __int128)(u64)a * (u64)b) >> 64);
  s += e * 3 + (signed char)d;
  s += c < 0 ? -c : c;
  return s + (a < b) + (a <= (i64)d) + ((u64)a > (u64)b);
}
__attribute__((noinline)) int bits(u64 x, u32 y) {
  int r = __builtin_clzll(x | 1) + __builtin_ctzll(x | 256) + __builtin_clz(y | 1) + __builtin_ctz(y | 2);
  r += __builtin_bswap32(y) & 0xff; r += (int)(__builtin_bswap64(x) >> 56);
  r += (int)((y << 5) | (y >> 27)); r += (int)((x >> 11) | (x << 53));
  r += (x >> 40) & 1 ? 3 : 4; r += __builtin_parity(y);
  u16 h = (u16)y; r += (u16)(h << 3 | h >> 13);
  return r;
}
__attribute__((noinline)) int sw(int k, int v) {
  switch (k) { case 0: return v + 1; case 1: return v * 3; case 2: return v - 9; case 3: return v << 2;
    case 4: return v ^ 0x55; case 5: return v / 5; case 6: return -v; case 7: return ~v; case 9: return v & 7; default: return 0; }
}
__attribute__((noinline)) void mem(char *d, const char *s, long n, struct big *b) {
  for (long i = 0; i < n; i++) d[i] = s[i];
  for (long i = 0; i < n; i++) gbuf[i] = 0;
  *b = gbig;
  struct pt p = { (short)n, (signed char)n, (u8)n, (int)n }; sink = p.x + p.y + p.z + p.w;
  if (sink == 12345) tls_counter++;   /* never runs: no TLS block without a libc; kept for the disassembly */
}
__attribute__((noinline)) long strl(const char *s) { long n = 0; while (s[n]) n++; return n; }
__attribute__((noinline)) long fp(long (*f)(const char *), const char *s) { return f(s) + f(s + 1); }
__attribute__((noinline)) int cmpx(long *p, long o, long n) { return __sync_bool_compare_and_swap(p, o, n) + __sync_fetch_and_add((int *)p, 3); }
__attribute__((noinline)) long cond(long a, long b) { long r = a > b ? a : b; r += a == b; r += (u64)a < (u64)b ? 5 : 9; return r; }
__attribute__((noinline)) u8 bytes(u8 *p, int n) { u8 acc = 0; for (int i = 0; i < n; i++) { acc += p[i] * 3; acc ^= p[i] >> 1; } return acc; }
__attribute__((noinline)) long rec(long n) { return n < 2 ? n : rec(n - 1) + rec(n - 2); }
void _start(void) {
  long r = arith(3, 4, 5, 6, 7) + bits(9, 10) + sw(3, 4) + strl("abc") + fp(strl, "hello") + cond(1, 2) + rec(10);
  mem(gbuf, "xyz", 3, &gbig); r += cmpx(&gl, 5, 6) + bytes((u8 *)gbuf, 10);
  __asm__ volatile("mov %0, %%rdi; mov $60, %%eax; syscall" :: "r"(r) : "rdi", "rax");
  for (;;) {}
}
`;

/** Encodings assembled with GNU as (Intel syntax); one per line. */
export const ASM_SOURCE = String.raw`
rep stosq
rep stosb
rep movsb
rep movsq
repz cmpsb
repnz scasb
lodsb
lodsq
movsd
stosw
scasd
cmpsq
lock cmpxchg [rdi], ecx
lock xadd [rdi], rax
lock add DWORD PTR [rax], 1
xchg [rdi], rax
xchg r8, rax
xchg ecx, eax
pause
push 0x10
push -1
push 0x12345
push QWORD PTR [rax]
pop QWORD PTR [rax]
push r12
pop r15
shl eax, 1
shl eax, cl
sar rax, 1
shr BYTE PTR [rax], 3
rcl eax, 1
rcr BYTE PTR [rax], 3
rol ax, cl
ror r9d, 7
shld eax, ecx, 3
shrd rax, rdx, cl
bt eax, 3
bt [rax], ecx
btc eax, 5
bts QWORD PTR [rax], 63
btr rdx, rcx
mov eax, fs:[0]
mov rax, fs:0x28
mov rax, gs:[rbx+8]
mov al, [0x1234]
movabs al, [0x123456789]
movabs [0x123456789], rax
mov BYTE PTR [rax], -1
mov QWORD PTR [rax], -1
mov WORD PTR [rax+rbx*2-0x10], 0x1234
add eax, -5
add rax, -5
add ax, -5
add al, -5
adc r10b, 0x7f
sbb sil, dil
and rsp, -16
or DWORD PTR [rip+0x10], 0x100
xor ah, bh
cmp BYTE PTR [rsi+rcx*1], 0x2f
test al, 1
test rax, rax
test DWORD PTR [rax], ecx
test BYTE PTR [rdi], 0x80
imul eax, ecx, -3
imul rax, QWORD PTR [rbx], 0x1000
imul r8, r9
mul rcx
div DWORD PTR [rax]
idiv cl
imul BYTE PTR [rax]
neg eax
not BYTE PTR [rax]
inc eax
dec QWORD PTR [rax]
inc r11w
enter 0x10, 0
leave
ret 8
ret
int3
ud2
endbr64
hlt
cdqe
cwde
cbw
cwd
cdq
cqo
nop DWORD PTR [rax+rax*1+0x0]
nop WORD PTR [rax+rax*1+0x0]
nop DWORD PTR [rax]
nop
xchg ax, ax
setne al
setne ah
setne sil
setg BYTE PTR [rax]
cmovne eax, ecx
cmovl rax, QWORD PTR [rbp-8]
bswap eax
bswap rax
bswap r12
xadd [rax], ecx
jmp rax
jmp QWORD PTR [rax*8+0x402000]
call QWORD PTR [rax+8]
call rax
call r11
lea rax, [rip+0x100]
lea eax, [rax+rax*4]
lea r8, [r13+0]
lea rcx, [rcx*4+0]
mov eax, [rip+0x100]
mov rax, [rip-0x10]
movzx eax, WORD PTR [rsi]
movzx eax, ah
movzx r9d, BYTE PTR [r10]
movsx rax, BYTE PTR [rsi]
movsx eax, ax
movsx ax, al
movsxd rax, DWORD PTR [rcx]
movsxd rax, eax
lzcnt eax, ecx
tzcnt rax, QWORD PTR [rdi]
bsr eax, ecx
bsf rdx, rax
popcnt rax, rcx
movbe eax, [rcx]
movbe [rcx], rax
cpuid
rdtsc
syscall
lahf
sahf
pushf
popf
cld
std
stc
clc
cmc
mov eax, [r12]
mov eax, [r13]
mov eax, [rsp]
mov eax, [rsp+rax*2+4]
mov eax, [ebx]
mov eax, [0x10]
mov eax, [rax-0x80]
mov eax, [rax*8-0x10]
mov eax, [r12+r13*1]
mov r10b, 0x4
mov ax, 5
mov r15, 0x1122334455667788
mov spl, bpl
prefetcht0 [rax]
prefetchw [rax]
movq xmm0, r11
movq rax, xmm15
movd xmm2, esi
movd DWORD PTR [rax], xmm1
punpcklqdq xmm0, xmm2
punpckhqdq xmm9, XMMWORD PTR [rip+0x20]
movaps XMMWORD PTR [rsp-0x10], xmm0
movaps xmm1, xmm2
movups xmm1, [rax]
movdqa xmm1, XMMWORD PTR [rsp-0x18]
movdqu [r8], xmm7
movq xmm3, QWORD PTR [rax]
movq QWORD PTR [rax], xmm3
pxor xmm0, xmm0
xorps xmm1, xmm1
mfence
lfence
sfence
cli
sti
in al, dx
in eax, dx
in ax, dx
out dx, al
out dx, eax
in al, 0x60
out 0x80, al
in eax, 0x71
rdmsr
wrmsr
wbinvd
invd
clts
mov rax, cr3
mov cr3, rax
mov cr8, r9
mov rbx, cr0
insb
outsd
sysretq
.byte 0x48, 0x50
.byte 0x48, 0x90
.byte 0x40, 0x90
.byte 0x48, 0xc3
.byte 0x42, 0x8b, 0x00
.byte 0x40, 0x0f, 0xb6, 0xc0
.byte 0x40, 0x0f, 0xb6, 0xc4
.byte 0x44, 0x0f, 0x05
.byte 0x41, 0x04, 0x01
.byte 0x48, 0x0f, 0x94, 0xc0
.byte 0x49, 0x8b, 0x05, 0, 0, 0, 0
.byte 0x4a, 0x8d, 0x04, 0x25, 0, 0, 0, 0
`;
