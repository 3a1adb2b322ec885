// Assembly sources for the disassembler and decoder tests: one line per
// instruction form, covering each class of the A64 encoding tables (Arm ARM
// C4.1) and the preferred-alias rules of C6.2. Assembled by GNU as; what
// objdump prints for them is the expected text.

/** Instruction classes: data processing, loads/stores, branches, system. */
export const CLASS_SOURCE = `
mov x0, #16
mov w1, #-2
mov x2, #0x12340000
movk x3, #0x1234, lsl #16
movn x4, #0
mov x5, #-1
mov w6, #0xffff0000
orr x7, xzr, #0x5555555555555555
mov x8, sp
add x9, x1, #0x10
add x9, x1, #0x1, lsl #12
cmp x0, #5
cmn w0, #5
cmp x0, x1
cmp x0, x1, lsl #3
negs x0, x1
subs xzr, xzr, x1
neg w0, w1
add x0, sp, w1, uxtw #2
add x0, x1, w1, sxtw
add sp, sp, x1
add x0, x1, x2, uxtx #0
add x0, sp, x1
ubfx x0, x1, #3, #5
lsl x0, x1, #3
lsr w0, w1, #3
asr x0, x1, #63
sxtw x0, w1
sxtb w0, w1
uxtb w0, w1
uxth w0, w1
sbfiz x0, x1, #3, #5
bfi x0, x1, #3, #5
bfxil x0, x1, #3, #5
bfm x0, xzr, #61, #3
ror x0, x1, #3
extr x0, x1, x2, #3
cset w0, eq
csetm x0, ne
cinc x0, x1, lt
cneg x0, x1, ge
csel x0, x1, x2, hi
csinc x0, x1, x2, ls
ccmp x0, #3, #4, ne
ccmn w0, w1, #0, eq
mul x0, x1, x2
mneg x0, x1, x2
smull x0, w1, w2
umulh x0, x1, x2
umaddl x0, w1, w2, x3
lsl x0, x1, x2
tst x0, #0xff
tst x0, x1
mvn x0, x1
mov x0, x1
mov w0, wzr
bics x0, x1, x2, ror #3
eon x0, x1, x2
adc x0, x1, x2
ngc x0, x1
ngcs x0, x1
sbcs x0, x1, x2
rev x0, x1
rev32 x0, x1
rev16 w0, w1
rbit x0, x1
clz w0, w1
cls x0, x1
sdiv x0, x1, x2
ldr x0, [x1]
ldr x0, [x1, #8]
ldr x0, [x1, #8]!
ldr x0, [x1], #8
ldur x0, [x1, #-8]
ldrb w0, [x1, x2]
ldrsb x0, [x1, w2, sxtw]
ldr x0, [x1, x2, lsl #3]
ldrsh w0, [x1, w2, uxtw #1]
ldrsw x0, [sp, #12]
ldtr x0, [x1, #8]
prfm pldl1keep, [x0]
prfm pstl1strm, [x0, #64]
stp x29, x30, [sp, #-16]!
ldp x29, x30, [sp], #16
ldpsw x0, x1, [x2, #8]
stnp x0, x1, [x2]
ldxr x0, [x1]
stxr w2, x0, [x1]
ldaxrb w0, [x1]
stlxrh w3, w0, [x1]
ldxp x0, x1, [x2]
stlxp w3, x0, x1, [x2]
ldar x0, [x1]
stlr w0, [x1]
svc #0
brk #1000
hlt #0
udf #0
nop
yield
bti c
paciasp
autiasp
hint #0x22
dmb ish
dsb sy
isb
clrex
wfi
wfe
mrs x0, nzcv
msr nzcv, x0
mrs x0, fpcr
msr fpsr, x1
mrs x0, tpidr_el0
msr tpidr_el0, x0
mrs x0, tpidrro_el0
mrs x0, cntvct_el0
mrs x0, cntfrq_el0
mrs x0, ctr_el0
mrs x0, dczid_el0
mrs x0, midr_el1
dc zva, x0
dc cvau, x1
dc cvac, x2
dc civac, x3
dc cvap, x4
ic ivau, x5
ret
ret x1
br x2
blr x3
b .
b.eq .
b.ne .
b.cs .
b.cc .
b.mi .
b.pl .
b.vs .
b.vc .
b.hi .
b.ls .
b.ge .
b.lt .
b.gt .
b.le .
b.al .
b.nv .
cbz w0, .
tbnz x0, #40, .
tbz w0, #3, .
adr x0, .
adrp x0, .
ldr x0, .
ldrsw x0, .
prfm pldl1keep, .
.inst 0x00000001
.inst 0xffffffff
sxth x0, w1
uxtw x0, w1
mov x0, #0x10000
mov w0, #0x10000
mov x0, #0x1234
movz x0, #0, lsl #16
movn w0, #0, lsl #16
subs x0, x1, #4
sub sp, sp, #0x10
`;

/** Conditions, hints, barriers, prefetch operations and alias edge cases. */
export const ALIAS_SOURCE = `
csel x0, x1, x2, eq
csel x0, x1, x2, ne
csel x0, x1, x2, cs
csel x0, x1, x2, cc
csel x0, x1, x2, mi
csel x0, x1, x2, pl
csel x0, x1, x2, vs
csel x0, x1, x2, vc
csel x0, x1, x2, hi
csel x0, x1, x2, ls
csel x0, x1, x2, ge
csel x0, x1, x2, lt
csel x0, x1, x2, gt
csel x0, x1, x2, le
csel x0, x1, x2, al
csel x0, x1, x2, nv
hint #0
hint #1
hint #2
hint #3
hint #4
hint #5
hint #6
hint #7
hint #8
hint #9
hint #10
hint #11
hint #12
hint #13
hint #14
hint #15
hint #16
hint #17
hint #18
hint #19
hint #20
hint #21
hint #22
hint #23
hint #24
hint #25
hint #26
hint #27
hint #28
hint #29
hint #30
hint #31
hint #32
hint #33
hint #34
hint #35
hint #36
hint #37
hint #38
hint #39
hint #40
hint #41
hint #42
hint #43
hint #44
hint #45
hint #46
hint #47
hint #48
hint #49
hint #50
hint #51
hint #52
hint #53
hint #54
hint #55
hint #56
hint #57
hint #58
hint #59
hint #60
hint #61
hint #62
hint #63
hint #64
hint #65
hint #66
hint #67
hint #68
hint #69
hint #70
hint #71
hint #72
hint #73
hint #74
hint #75
hint #76
hint #77
hint #78
hint #79
hint #80
hint #81
hint #82
hint #83
hint #84
hint #85
hint #86
hint #87
hint #88
hint #89
hint #90
hint #91
hint #92
hint #93
hint #94
hint #95
hint #96
hint #97
hint #98
hint #99
hint #100
hint #101
hint #102
hint #103
hint #104
hint #105
hint #106
hint #107
hint #108
hint #109
hint #110
hint #111
hint #112
hint #113
hint #114
hint #115
hint #116
hint #117
hint #118
hint #119
hint #120
hint #121
hint #122
hint #123
hint #124
hint #125
hint #126
hint #127
dmb #0
dsb #0
isb #0
clrex #0
dmb #1
dsb #1
isb #1
clrex #1
dmb #2
dsb #2
isb #2
clrex #2
dmb #3
dsb #3
isb #3
clrex #3
dmb #4
dsb #4
isb #4
clrex #4
dmb #5
dsb #5
isb #5
clrex #5
dmb #6
dsb #6
isb #6
clrex #6
dmb #7
dsb #7
isb #7
clrex #7
dmb #8
dsb #8
isb #8
clrex #8
dmb #9
dsb #9
isb #9
clrex #9
dmb #10
dsb #10
isb #10
clrex #10
dmb #11
dsb #11
isb #11
clrex #11
dmb #12
dsb #12
isb #12
clrex #12
dmb #13
dsb #13
isb #13
clrex #13
dmb #14
dsb #14
isb #14
clrex #14
dmb #15
dsb #15
isb #15
clrex #15
prfm #0, [x0]
prfm #1, [x0]
prfm #2, [x0]
prfm #3, [x0]
prfm #4, [x0]
prfm #5, [x0]
prfm #6, [x0]
prfm #7, [x0]
prfm #8, [x0]
prfm #9, [x0]
prfm #10, [x0]
prfm #11, [x0]
prfm #12, [x0]
prfm #13, [x0]
prfm #14, [x0]
prfm #15, [x0]
prfm #16, [x0]
prfm #17, [x0]
prfm #18, [x0]
prfm #19, [x0]
prfm #20, [x0]
prfm #21, [x0]
prfm #22, [x0]
prfm #23, [x0]
prfm #24, [x0]
prfm #25, [x0]
prfm #26, [x0]
prfm #27, [x0]
prfm #28, [x0]
prfm #29, [x0]
prfm #30, [x0]
prfm #31, [x0]
ldrb w0, [x1, x2, lsl #0]
ldr x0, [x1, #0]!
movn w0, #0xffff
sub x0, x1, x2, lsr #0
cmp sp, x1
add w0, wsp, w1
adds w0, wsp, w1, uxtw #2
cmp w1, w2, uxtb
cmp x1, w2, sxtw #2
cneg x0, xzr, eq
add x0, x1, #0, lsl #12
orr w0, wzr, #0xffff
orr w0, wzr, #0x1ffff
orr w0, wzr, #0x55555555
orr w0, wzr, #0x7fffffff
orr x0, xzr, #0xffff
orr x0, xzr, #0x1ffff
orr x0, xzr, #0x3fffffffffffffff
orr w0, wzr, #0xff00ff00
orr x0, xzr, #0xffffffff
orr w0, wzr, #0x1fffe
orr w0, wzr, #0xffff8000
orr wsp, wzr, #0xffff
orr sp, xzr, #0xffff
mov x10, #0x10
mov x10, #-1
ldr x0, [sp]
ldurb w0, [x0, #1]
sturh w0, [x0, #-1]
prfum pldl1keep, [x0, #1]
ldtrsw x0, [x1]
ubfm x0, x1, #0, #7
bfxil w0, w1, #0, #1
ldnp x0, x1, [x2, #-16]
ldp w0, w1, [x2, #0]
stp w0, w1, [x2], #-8
mrs x0, s3_3_c15_c2_0
msr tpidrro_el0, x0
mrs x0, cntpct_el0
mrs x0, currentel
ccmp w0, #31, #15, al
csinc x0, xzr, xzr, nv
csinc x0, x1, x1, nv
tbz x0, #0, .
movz w0, #0
movn x0, #0x1234, lsl #48
mov w0, #-65536
adrp x0, .+0x100000000
and sp, x1, #0xff
eor w0, w1, #0x80000000
and x0, x1, x2, asr #0
smnegl x0, w1, w2
umnegl x0, w1, w2
smaddl x0, w1, w2, x3
neg x0, x1, lsl #3
mvn w0, w1, ror #2
cmn x1, #0x1, lsl #12
ldpsw x0, x1, [sp, #-8]!
ldaxp x0, x1, [x2]
stlxrb w0, w1, [sp]
ldaxrh w0, [x1]
stlrb w0, [x1]
ldarh w0, [x1]
ror w0, w1, w2
ngc w0, w1
sbc x0, xzr, xzr
`;

/** The SIMD&FP forms libgcc's __popcountdi2 uses (all that this CPU implements of SIMD&FP). */
export const SIMD_SOURCE = `
fmov d0, x0
fmov x3, d7
fmov s1, w2
fmov w0, s0
fmov s31, wzr
cnt v0.8b, v0.8b
cnt v3.16b, v30.16b
addv b0, v0.8b
addv b2, v9.16b
`;

/** FEAT_LSE atomics and FEAT_LRCPC LDAPR (assembled with -march=armv8.3-a). */
export const ATOMIC_SOURCE = `
ldadd w0, w1, [x2]
ldaddal x3, x4, [sp]
staddlb w5, [x6]
ldclrah w7, w8, [x9]
ldeorl x10, x11, [x12]
ldset w1, wzr, [x2]
ldsmax x1, x2, [x3]
ldsminab w1, w2, [x3]
ldumaxh w1, w2, [x3]
ldumin x1, x2, [x3]
swp w1, w2, [x3]
swpal x1, xzr, [x3]
cas w1, w2, [x3]
casal x1, x2, [sp]
casab w1, w2, [x3]
caslh w1, w2, [x3]
casp x0, x1, x2, x3, [x4]
caspal w4, w5, w6, w7, [x8]
ldapr w0, [x1]
ldaprb w0, [x1]
ldaddab w1, wzr, [x2]
stsmax x1, [x2]
`;
