/* Shared facts of rt-file's tests: the boot module tests/conf/rt-file.txt. */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* 300 lines "line NNN: the walnut file layer reads boot modules\n". */
#define RT_FILE       "rom/rt-file.txt"
#define RT_LINES      300
#define RT_LINE_LEN   51
#define RT_SIZE       (RT_LINES * RT_LINE_LEN) /* 15300 */
#define RT_FNV1A      0xe6284cfbu              /* FNV-1a of the whole file (host) */

/* Line i as the file has it (with '\n'), NUL-terminated in buf (>= 64). */
void rt_line(unsigned i, char *buf);

/* The whole expected content (RT_SIZE bytes, static). */
const char *rt_content(void);

/* 32-bit FNV-1a. */
uint32_t rt_fnv1a(const void *p, size_t n, uint32_t h);
#define RT_FNV_INIT 0x811c9dc5u
