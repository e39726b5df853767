/* Memory mappings (POSIX <sys/mman.h>; newlib has none): anonymous memory
 * and files, as dataspaces attached to the region map. Constants have
 * Linux's values. What is supported: doc/libc.md "mmap". */
#pragma once

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PROT_NONE  0x0
#define PROT_READ  0x1
#define PROT_WRITE 0x2
#define PROT_EXEC  0x4

#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20
#define MAP_ANON      MAP_ANONYMOUS
#define MAP_NORESERVE 0x4000 /* accepted: memory is always allocated on first touch */
#define MAP_POPULATE  0x8000 /* map every page at once */

#define MAP_FAILED ((void *)-1)

#define MS_ASYNC      1
#define MS_INVALIDATE 2
#define MS_SYNC       4

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int munmap(void *addr, size_t len);
int mprotect(void *addr, size_t len, int prot);
int msync(void *addr, size_t len, int flags);

#ifdef __cplusplus
}
#endif
