/* Fixed-size integer types of the L4 API (l4_uint32_t, l4_umword_t, l4_addr_t, ...). */
#pragma once

#include <stdint.h>

typedef int8_t   l4_int8_t;
typedef uint8_t  l4_uint8_t;
typedef int16_t  l4_int16_t;
typedef uint16_t l4_uint16_t;
typedef int32_t  l4_int32_t;
typedef uint32_t l4_uint32_t;
typedef int64_t  l4_int64_t;
typedef uint64_t l4_uint64_t;

typedef unsigned long l4_umword_t; /* machine word, unsigned */
typedef long          l4_mword_t;  /* machine word, signed */
typedef unsigned long l4_addr_t;   /* address */
typedef unsigned long l4_size_t;
typedef long          l4_ssize_t;
typedef l4_uint64_t   l4_cpu_time_t;
typedef l4_uint64_t   l4_kernel_clock_t; /* microseconds */

#define L4_MWORD_BITS (sizeof(l4_umword_t) * 8)
