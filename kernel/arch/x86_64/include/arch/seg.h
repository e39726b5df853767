/* GDT selectors. The order is fixed by syscall/sysret: STAR makes sysret load
 * CS = base+16 and SS = base+8 from the user base 0x18. */
#pragma once

#define SEL_KCODE  0x08
#define SEL_KDATA  0x10
#define SEL_UCODE32 0x18
#define SEL_UDATA  (0x20 | 3)
#define SEL_UCODE  (0x28 | 3)
#define SEL_TSS    0x30
#define GDT_ENTRIES 8 /* null, kcode, kdata, ucode32, udata, ucode, tss(2) */
