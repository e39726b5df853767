/* The in-kernel console object. */
#pragma once

#include <kern/obj.h>

extern struct kobj vcon_obj;
void vcon_init(void);
