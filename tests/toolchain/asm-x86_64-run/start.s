# _start and system-call wrappers for the link-and-run test, in the Intel
# syntax our assembler reads. Linux x86-64 system calls: number in rax,
# arguments in rdi, rsi, rdx; `syscall` clobbers rcx and r11.
        .intel_syntax noprefix
        .text
        .globl _start
_start:
        mov     rdi, QWORD PTR [rsp]        # argc
        lea     rsi, [rsp+8]                # argv
        call    main
        mov     edi, eax
        mov     eax, 60                     # exit
        syscall
        ud2

        .globl write_str                    # write_str(const char *s): write(1, s, strlen(s))
        .type write_str, @function
write_str:
        mov     rsi, rdi
        xor     edx, edx
1:      cmp     BYTE PTR [rsi+rdx], 0
        je      2f
        inc     rdx
        jmp     1b
2:      mov     edi, 1
        mov     eax, 1                      # write
        syscall
        ret
        .size write_str, .-write_str

        .globl panic
panic:  call    write_str
        mov     edi, 99
        mov     eax, 60
        syscall

        .section .rodata
        .globl banner
banner: .asciz "minos-asm\n"
        .data
        .globl table_ptrs
        .p2align 3
table_ptrs:
        .quad banner, banner+6, 0

        .section .note.GNU-stack,"",@progbits   # no executable stack (else ld warns)
