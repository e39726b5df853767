/* Protocol numbers (IPC labels) of the L4Re objects: L4Re's values
 * (l4/re/protocols.h), plus the opcodes of the operations moe serves.
 * The wire format of each operation is in doc/runtime.md. */
#pragma once

enum L4re_protocols {
	L4RE_PROTO_DATASPACE  = 0x4000, /* dataspace */
	L4RE_PROTO_NAMESPACE  = 0x4001, /* namespace */
	L4RE_PROTO_PARENT     = 0x4002, /* parent */
	L4RE_PROTO_GOOS       = 0x4003, /* graphical console */
	L4RE_PROTO_RSVD_1     = 0x4004, /* L4Re's name for the old memory allocator id */
	L4RE_PROTO_MEM_ALLOC  = 0x4004, /* memory allocator (beside its factory protocol) */
	L4RE_PROTO_RM         = 0x4005, /* region map */
	L4RE_PROTO_EVENT      = 0x4006,
	L4RE_PROTO_INHIBITOR  = 0x4007,
	L4RE_PROTO_DMA_SPACE  = 0x4008,
	L4RE_PROTO_MMIO_SPACE = 0x4009,
	L4RE_PROTO_ITAS       = 0x400a,
	L4RE_PROTO_DEBUG      = ~0x7fffL, /* debugging requests (dump state) */
};

/* Dataspace opcodes (mr0), L4Re's order of L4Re::Dataspace's RPCs. */
enum L4re_dataspace_ops {
	L4RE_DS_OP_MAP      = 0,
	L4RE_DS_OP_CLEAR    = 1,
	L4RE_DS_OP_INFO     = 2, /* "stats": size and flags */
	L4RE_DS_OP_COPY_IN  = 3,
	L4RE_DS_OP_ALLOCATE = 4,
	L4RE_DS_OP_PHYS     = 0x10, /* Walnut: physical address of an offset */
};

/* Region-map opcodes (mr0), L4Re's order of L4Re::Rm's RPCs. */
enum L4re_rm_ops {
	L4RE_RM_OP_ATTACH       = 0,
	L4RE_RM_OP_DETACH       = 1,
	L4RE_RM_OP_FIND         = 2,
	L4RE_RM_OP_RESERVE_AREA = 3,
	L4RE_RM_OP_FREE_AREA    = 4,
	L4RE_RM_OP_GET_REGIONS  = 5,
	L4RE_RM_OP_GET_AREAS    = 6,
};

/* Memory-allocator opcodes (label L4RE_PROTO_MEM_ALLOC): L4Re's former
 * Mem_alloc protocol. Allocation itself is a factory create request. */
enum L4re_mem_alloc_ops {
	L4RE_MA_OP_ALLOC = 0,
	L4RE_MA_OP_FREE  = 1,
};

/* Debug opcodes (label L4RE_PROTO_DEBUG). */
enum L4re_debug_ops {
	L4RE_DEBUG_OP_DUMP = 0, /* the object prints its state on the console */
};
