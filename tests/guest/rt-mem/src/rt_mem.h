/* Helpers shared by the rt-mem tests. */
#pragma once

#include <ktap.h>
#include <l4/re/env.h>
#include <l4/re/c/dataspace.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/err.h>

/* A new dataspace of size bytes (L4_INVALID_CAP on failure, reported). */
l4re_ds_t rt_ds(long size, unsigned long flags, unsigned long align);
/* Attaches all of ds somewhere (RW), NULL on failure (reported). */
void *rt_attach(l4re_ds_t ds, unsigned long size, unsigned flags);
void rt_free(l4re_ds_t ds);
