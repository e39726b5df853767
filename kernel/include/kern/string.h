/* Memory and string functions for the kernel (gcc may call memcpy/memset
 * itself); implemented once in pkg/minrt/src/string.c for kernel and user. */
#pragma once

#include <minrt_string.h>
