/* Parent client (L4Re's C binding <l4/re/c/parent.h>): a program tells
 * its starter about changes of its state, above all its exit status.
 * Wire format: doc/protocols.md "Parent". */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/types.h>

EXTERN_C_BEGIN

/* Walnut: the protocol facts (L4Re::Parent's only RPC is signal, opcode 0;
 * signal 0 is the exit signal with the status as value). */
enum l4re_parent_proto {
	L4RE_PARENT_OP_SIGNAL   = 0,
	L4RE_PARENT_SIGNAL_EXIT = 0,
};

/* Sends signal sig with value val to the parent (a call: returns when the
 * parent answered). For the exit signal, val is the exit status (a long
 * cast to unsigned long); the parent may delete the caller's task instead
 * of answering.
 * \param parent  the parent capability (l4re_env()->parent)
 * \retval 0              the parent took the signal
 * \retval -L4_ENOSYS     the parent does not know sig
 * \retval -L4_EMSGTOOSHORT  (from the parent) malformed request
 * \retval <0             IPC errors (l4_error() codes, e.g. no parent) */
L4_CV long l4re_parent_signal(l4_cap_idx_t parent, unsigned long sig,
			      unsigned long val) L4_NOTHROW;

EXTERN_C_END
