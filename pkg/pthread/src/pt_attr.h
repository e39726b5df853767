/* Attribute objects: the marker pthread_*attr_init() sets, the defaults. */
#pragma once

#include <pthread.h>
#include <stdbool.h>

enum {
	PT_ATTR_MAGIC = 0x70746861,       /* "ptha": an initialised object */
	PT_STACK_DEFAULT = 128 * 1024,
	PT_GUARD_DEFAULT = 4096,          /* one page */
};

static inline bool pt_attr_valid(const pthread_attr_t *a)
{
	return a && a->__magic == PT_ATTR_MAGIC;
}
