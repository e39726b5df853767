/* Cache maintenance on a virtual address range [start, end). As in L4Re's
 * l4/sys/cache.h; the architecture part <l4/sys/cache-arch.h> implements
 * them (x86_64: caches are coherent, all are no-ops returning 0). */
#pragma once

#include <l4/sys/compiler.h>

L4_BEGIN_DECLS

#define L4_SYS_CACHE_H_INSIDE
#include <l4/sys/cache-arch.h>
#undef L4_SYS_CACHE_H_INSIDE

L4_END_DECLS
