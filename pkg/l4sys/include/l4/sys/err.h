/* Error codes of the L4 API, with L4Re's names and values. Functions return
 * them negated (-L4_EINVAL); IPC errors are L4_EIPC_LO + the UTCB error code. */
#pragma once

#include <l4/sys/compiler.h>

enum l4_error_code_t {
	L4_EOK           = 0,
	L4_EPERM         = 1,    /* no permission */
	L4_ENOENT        = 2,    /* no such entity */
	L4_EIO           = 5,    /* I/O error */
	L4_ENXIO         = 6,    /* no such device or address */
	L4_E2BIG         = 7,    /* argument value too big */
	L4_EAGAIN        = 11,   /* try again */
	L4_ENOMEM        = 12,   /* no memory */
	L4_EACCESS       = 13,   /* permission denied */
	L4_EFAULT        = 14,   /* invalid memory address */
	L4_EBUSY         = 16,   /* object busy */
	L4_EEXIST        = 17,   /* already exists */
	L4_ENODEV        = 19,   /* no such thing */
	L4_EINVAL        = 22,   /* invalid argument */
	L4_ENOSPC        = 28,   /* no space left */
	L4_ERANGE        = 34,   /* range error */
	L4_ENAMETOOLONG  = 36,   /* name too long */
	L4_ENOSYS        = 38,   /* operation not supported */
	L4_EBADPROTO     = 39,   /* unsupported protocol */
	L4_EADDRNOTAVAIL = 99,   /* address not available */
	L4_ERRNOMAX      = 100,
	L4_ENOREPLY      = 1000, /* no reply */
	L4_EMSGTOOSHORT  = 1001, /* message too short */
	L4_EMSGTOOLONG   = 1002, /* message too long */
	L4_EMSGMISSARG   = 1003, /* message misses a capability argument */
	L4_EIPC_LO       = 2000, /* IPC error range (L4_EIPC_LO + L4_IPC_E*) */
	L4_EIPC_HI       = 2000 + 0x1f,
};

/* A short English description of an L4 error code (negative or positive,
 * IPC errors included); never NULL. L4Re has this as a library function. */
L4_INLINE char const *l4sys_errtostr(long err)
{
	if (err < 0)
		err = -err;
	if (err >= L4_EIPC_LO && err <= L4_EIPC_HI)
		return "IPC error";
	switch (err) {
	case L4_EOK: return "OK";
	case L4_EPERM: return "Operation not permitted";
	case L4_ENOENT: return "No such entity";
	case L4_EIO: return "I/O error";
	case L4_ENXIO: return "No such device or address";
	case L4_E2BIG: return "Argument too big";
	case L4_EAGAIN: return "Try again";
	case L4_ENOMEM: return "Out of memory";
	case L4_EACCESS: return "Permission denied";
	case L4_EFAULT: return "Invalid address";
	case L4_EBUSY: return "Object currently busy";
	case L4_EEXIST: return "Already exists";
	case L4_ENODEV: return "No such thing";
	case L4_EINVAL: return "Invalid argument";
	case L4_ENOSPC: return "No space left";
	case L4_ERANGE: return "Range error";
	case L4_ENAMETOOLONG: return "Name too long";
	case L4_ENOSYS: return "Operation not supported";
	case L4_EBADPROTO: return "Unsupported protocol";
	case L4_EADDRNOTAVAIL: return "Address not available";
	case L4_ENOREPLY: return "No reply";
	case L4_EMSGTOOSHORT: return "Message too short";
	case L4_EMSGTOOLONG: return "Message too long";
	case L4_EMSGMISSARG: return "Message misses a capability argument";
	default: return "Unknown error";
	}
}
