/* Start-up interfaces inside libl4re: crt0's C part sets up the
 * environment and the capability allocator through these. */
#pragma once

#include <l4/re/env.h>

/* Capability index where the allocator of a boot task starts (slots
 * 0x100..0x7ff stay free for ktap's kt_cap_alloc() and similar). */
#define L4RE_BOOT_CAP_ALLOC_START 0x800UL

/* Installs the default environment of a boot task whose UTCB is utcb. */
void l4re_env_init_boot(void *utcb);

/* Reads the System V start stack at sp (argc, argv, envp, auxv) and
 * installs the environment it names (AT_L4_ENV). Returns 1, or 0 when
 * there was no AT_L4_ENV and the boot default was installed instead. */
int l4re_env_init_stack(long *sp, int *argc, char ***argv, char ***envp);

/* Makes the allocator hand out slots from first_free (a selector) on. */
void l4re_util_cap_alloc_init(l4_cap_idx_t first_free);
