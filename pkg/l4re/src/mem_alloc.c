/* Memory-allocator client: dataspaces through the allocator's factory
 * protocol, freeing through L4RE_PROTO_MEM_ALLOC (doc/runtime.md). */
#include <l4/re/c/mem_alloc.h>
#include <l4/re/protocols.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/utcb.h>

long l4re_ma_alloc_align_srv(l4_cap_idx_t srv, long size, l4re_ds_t const mem,
			     unsigned long flags, unsigned long align)
{
	l4_utcb_t *u = l4_utcb();
	l4_msgtag_t tag = l4_factory_create_start_u(L4RE_PROTO_DATASPACE, mem, u);
	l4_factory_create_add_int_u(size, &tag, u);
	l4_factory_create_add_uint_u(flags, &tag, u);
	l4_factory_create_add_uint_u(align, &tag, u);
	return l4_error_u(l4_factory_create_commit_u(srv, tag, u), u);
}

long l4re_ma_free_srv(l4_cap_idx_t srv, l4re_ds_t const mem)
{
	l4_utcb_t *u = l4_utcb();
	l4_msg_regs_t *mr = l4_utcb_mr_u(u);
	mr->mr[0] = L4RE_MA_OP_FREE;
	mr->mr[1] = l4_map_obj_control(0, 0);
	mr->mr[2] = l4_obj_fpage(mem, 0, L4_CAP_FPAGE_RWS).raw;
	return l4_error_u(l4_ipc_call(srv, u, l4_msgtag(L4RE_PROTO_MEM_ALLOC, 1, 1, 0),
				      L4_IPC_NEVER), u);
}
