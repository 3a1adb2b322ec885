# badptr: passes write() a buffer that is not its own (address 16, the
# first page, never a program's), then exits with 100 + (-result), so the
# error the kernel returned shows in the exit status: -EFAULT (14) -> 114.
        .intel_syntax noprefix
        .text
        .globl _start
_start:
        mov     eax, 1                  # write(1, 16, 8)
        mov     edi, 1
        mov     esi, 16
        mov     edx, 8
        syscall
        neg     rax                     # -result
        lea     rdi, [rax + 100]
        mov     eax, 0                  # exit(100 + errno)
        syscall
        ud2
