/* Factories: kernel objects that create kernel objects against a quota. */
#pragma once

#include <kern/obj.h>
#include <kern/quota.h>

struct factory {
	struct kobj obj;
	struct quota quota; /* what objects made here may use, in bytes */
	struct quota *parent; /* where quota.limit is reserved (NULL: root) */
};

extern struct factory root_factory;
extern const struct kobj_ops factory_ops;

/* A factory with limit bytes, charged (with everything it makes) to parent. */
struct factory *factory_create(struct quota *parent, u64 limit);
void factory_init_root(void);
