/* Memory descriptors of the KIP (L4Re's l4/sys/memdesc.h): in Walnut they
 * are part of <l4/sys/kip.h> (l4_kernel_info_mem_desc_t,
 * l4_kernel_info_get_mem_descs(), enum l4_mem_type_t). */
#pragma once

#include <l4/sys/kip.h>
