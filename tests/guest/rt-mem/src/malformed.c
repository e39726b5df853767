/* Malformed requests to dataspaces, region maps and the allocator: wrong
 * word counts, unknown opcodes and protocols, bad offsets and sizes. */
#include "rt_mem.h"

#include <l4/re/protocols.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>

static long raw(l4_cap_idx_t obj, long label, unsigned words, const l4_umword_t *w)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	for (unsigned i = 0; i < words; i++)
		mr->mr[i] = w[i];
	return l4_error(l4_ipc_call(obj, l4_utcb(), l4_msgtag(label, words, 0, 0), L4_IPC_NEVER));
}

KTEST(malformed_dataspace)
{
	l4re_ds_t ds = rt_ds(L4_PAGESIZE, 0, 0);
	KASSERT(l4_is_valid_cap(ds));
	l4_umword_t w[8] = { 0 };
	KCHECK_EQ(raw(ds, L4RE_PROTO_DATASPACE, 0, w), -L4_EMSGTOOSHORT);
	w[0] = L4RE_DS_OP_MAP;
	KCHECK_EQ(raw(ds, L4RE_PROTO_DATASPACE, 2, w), -L4_EMSGTOOSHORT);
	w[0] = L4RE_DS_OP_CLEAR;
	KCHECK_EQ(raw(ds, L4RE_PROTO_DATASPACE, 5, w), -L4_EMSGTOOLONG);
	w[0] = L4RE_DS_OP_INFO;
	KCHECK_EQ(raw(ds, L4RE_PROTO_DATASPACE, 2, w), -L4_EMSGTOOLONG);
	w[0] = 0x77;
	KCHECK_EQ(raw(ds, L4RE_PROTO_DATASPACE, 1, w), -L4_ENOSYS);
	KCHECK_EQ(raw(ds, L4RE_PROTO_RM, 1, w), -L4_EBADPROTO);
	/* copy_in without the source capability. */
	w[0] = L4RE_DS_OP_COPY_IN;
	KCHECK_EQ(raw(ds, L4RE_PROTO_DATASPACE, 4, w), -L4_EMSGMISSARG);
	/* Offsets that wrap around. */
	KCHECK_EQ(l4re_ds_clear(ds, ~0UL, 2), -L4_ERANGE);
	KCHECK_EQ(l4re_ds_allocate(ds, 16, ~0UL), -L4_ERANGE);
	KCHECK_EQ(l4re_ds_copy_in(ds, 8, ds, 0, ~0UL - 4), -L4_ERANGE);
	l4_addr_t phys;
	l4_size_t c;
	KCHECK_EQ(l4re_ds_phys(ds, L4_PAGESIZE, &phys, &c), -L4_ERANGE);
	rt_free(ds);
}

KTEST(malformed_region_map)
{
	l4_cap_idx_t rm = l4re_env()->rm;
	l4_umword_t w[8] = { 0 };
	w[0] = L4RE_RM_OP_ATTACH;
	KCHECK_EQ(raw(rm, L4RE_PROTO_RM, 3, w), -L4_EMSGTOOSHORT);
	/* attach without a dataspace, size 0, huge sizes, a misaligned offset */
	w[1] = 0x70000000, w[2] = L4_PAGESIZE, w[3] = L4RE_RM_F_R;
	KCHECK_EQ(raw(rm, L4RE_PROTO_RM, 7, w), -L4_EINVAL);
	l4re_ds_t ds = rt_ds(L4_PAGESIZE, 0, 0);
	KASSERT(l4_is_valid_cap(ds));
	void *a = (void *)0x70000000UL;
	KCHECK_EQ(l4re_rm_attach(&a, 0, L4RE_RM_F_R, ds, 0, 0), -L4_EINVAL);
	KCHECK_EQ(l4re_rm_attach(&a, ~0UL - 100, L4RE_RM_F_R, ds, 0, 0), -L4_EINVAL);
	KCHECK_EQ(l4re_rm_attach(&a, 1UL << 50, L4RE_RM_F_R, ds, 0, 0), -L4_EADDRNOTAVAIL);
	KCHECK_EQ(l4re_rm_attach(&a, L4_PAGESIZE, L4RE_RM_F_R, ds, 100, 0), -L4_EINVAL);
	KCHECK_EQ(l4re_rm_attach(&a, L4_PAGESIZE, L4RE_RM_F_R, ds, L4_PAGESIZE, 0), -L4_ERANGE);
	void *k = (void *)0x7fffffff0000UL; /* the KIP, above the managed range */
	KCHECK_EQ(l4re_rm_attach(&k, L4_PAGESIZE, L4RE_RM_F_R, ds, 0, 0), -L4_EADDRNOTAVAIL);
	void *z = (void *)0;
	KCHECK_EQ(l4re_rm_attach(&z, L4_PAGESIZE, L4RE_RM_F_R, ds, 0, 0), -L4_EADDRNOTAVAIL);
	KCHECK_EQ(l4re_rm_attach(&a, L4_PAGESIZE, L4RE_RM_F_R | L4RE_RM_F_SEARCH_ADDR, ds, 0, 60),
		  -L4_EINVAL);
	/* An allocator is not a dataspace. */
	KCHECK_EQ(l4re_rm_attach(&a, L4_PAGESIZE, L4RE_RM_F_R, l4re_env()->mem_alloc, 0, 0),
		  -L4_EINVAL);
	KCHECK_EQ(l4re_rm_detach((void *)0x70000000UL), -L4_ENOENT);
	KCHECK_EQ(l4re_rm_free_area(0x70000000UL), -L4_ENOENT);
	l4_addr_t s = 0;
	KCHECK_EQ(l4re_rm_reserve_area(&s, 0, L4RE_RM_F_SEARCH_ADDR, 0), -L4_EINVAL);
	KCHECK_EQ(l4re_rm_reserve_area(&s, L4_PAGESIZE, 0x1000000, 0), -L4_EINVAL);
	/* A page-fault message from a client, not the kernel. */
	KCHECK_EQ(raw(rm, L4_PROTO_PAGE_FAULT, 1, w), -L4_EMSGTOOSHORT);
	rt_free(ds);
}

KTEST(malformed_allocator)
{
	l4_cap_idx_t ma = l4re_env()->mem_alloc;
	l4_umword_t w[4] = { L4RE_MA_OP_FREE, 0, 0, 0 };
	KCHECK_EQ(raw(ma, L4RE_PROTO_MEM_ALLOC, 1, w), -L4_EMSGMISSARG);
	KCHECK_EQ(raw(ma, L4RE_PROTO_MEM_ALLOC, 2, w), -L4_EMSGTOOLONG);
	w[0] = L4RE_MA_OP_ALLOC;
	KCHECK_EQ(raw(ma, L4RE_PROTO_MEM_ALLOC, 1, w), -L4_ENOSYS);
	/* A factory request for something moe does not make. */
	l4_cap_idx_t slot = l4re_util_cap_alloc();
	KCHECK_EQ(l4_error(l4_factory_create(ma, L4_PROTO_THREAD, slot)), -L4_ENODEV);
	/* A dataspace request with a string where the size belongs. */
	l4_msgtag_t t = l4_factory_create_start_u(L4RE_PROTO_DATASPACE, slot, l4_utcb());
	l4_factory_create_add_str_u("x", &t, l4_utcb());
	KCHECK_EQ(l4_error(l4_factory_create_commit_u(ma, t, l4_utcb())), -L4_EINVAL);
	t = l4_factory_create_start_u(L4RE_PROTO_DATASPACE, slot, l4_utcb());
	KCHECK_EQ(l4_error(l4_factory_create_commit_u(ma, t, l4_utcb())), -L4_EMSGTOOSHORT);
	l4re_util_cap_free(slot);
}
