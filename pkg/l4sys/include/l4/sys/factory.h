/* Factory objects: create kernel objects, charged to the factory's kernel
 * memory quota. Protocol L4_PROTO_FACTORY; mr0 is the protocol of the
 * object to create, the arguments follow as typed variable arguments
 * (L4_VARG_TYPE_*), and the new capability arrives in the receive buffer
 * the caller set up (br[0] = target slot | L4_RCV_ITEM_SINGLE_CAP).
 * Names and layouts as in L4Re's l4/sys/factory.h; see doc/protocols.md
 * "Factory".
 *
 * Each operation comes as name_u(..., l4_utcb_t *utcb), which builds the
 * message in that UTCB, and as name(...), which uses l4_utcb(); the comment
 * above the pair documents both. */
#pragma once

#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/ipc.h>

L4_BEGIN_DECLS

/* Starts a create message: mr0 = obj (the protocol of the new object, 0
 * for an IPC gate), receive buffer for target_cap. Add arguments with
 * l4_factory_create_add_*_u(), send with l4_factory_create_commit_u().
 * \return the tag of the message so far (1 word) */
L4_INLINE l4_msgtag_t l4_factory_create_start_u(long obj, l4_cap_idx_t target_cap, l4_utcb_t *utcb)
{
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	l4_buf_regs_t *b = l4_utcb_br_u(utcb);
	v->mr[0] = (l4_umword_t)obj;
	b->bdr = 0;
	b->br[0] = target_cap | L4_RCV_ITEM_SINGLE_CAP;
	return l4_msgtag(L4_PROTO_FACTORY, 1, 0, 0);
}

/* Sets the word count of *tag to w. */
L4_INLINE void __l4_factory_create_set_words(l4_msgtag_t *tag, unsigned w)
{
	*tag = l4_msgtag(l4_msgtag_label(*tag), w, l4_msgtag_items(*tag), l4_msgtag_flags(*tag));
}

/* Appends a flexpage argument (2 words: L4_VARG_TYPE_FPAGE | 8 << 16, fpage).
 * \retval 1  added
 * \retval 0  no room left */
L4_INLINE int l4_factory_create_add_fpage_u(l4_fpage_t d, l4_msgtag_t *tag, l4_utcb_t *utcb)
{
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	unsigned w = l4_msgtag_words(*tag);
	if (w + 2 > L4_UTCB_GENERIC_DATA_SIZE)
		return 0;
	v->mr[w] = L4_VARG_TYPE_FPAGE | (sizeof(l4_fpage_t) << 16);
	v->mr[w + 1] = d.raw;
	__l4_factory_create_set_words(tag, w + 2);
	return 1;
}

/* Appends a signed word (L4_VARG_TYPE_MWORD | 8 << 16, value).
 * \retval 1  added
 * \retval 0  no room left */
L4_INLINE int l4_factory_create_add_int_u(l4_mword_t d, l4_msgtag_t *tag, l4_utcb_t *utcb)
{
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	unsigned w = l4_msgtag_words(*tag);
	if (w + 2 > L4_UTCB_GENERIC_DATA_SIZE)
		return 0;
	v->mr[w] = L4_VARG_TYPE_MWORD | (sizeof(l4_mword_t) << 16);
	v->mr[w + 1] = (l4_umword_t)d;
	__l4_factory_create_set_words(tag, w + 2);
	return 1;
}

/* Appends an unsigned word (L4_VARG_TYPE_UMWORD | 8 << 16, value).
 * \retval 1  added
 * \retval 0  no room left */
L4_INLINE int l4_factory_create_add_uint_u(l4_umword_t d, l4_msgtag_t *tag, l4_utcb_t *utcb)
{
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	unsigned w = l4_msgtag_words(*tag);
	if (w + 2 > L4_UTCB_GENERIC_DATA_SIZE)
		return 0;
	v->mr[w] = L4_VARG_TYPE_UMWORD | (sizeof(l4_umword_t) << 16);
	v->mr[w + 1] = d;
	__l4_factory_create_set_words(tag, w + 2);
	return 1;
}

/* Appends len bytes of s as a string argument (L4_VARG_TYPE_STRING |
 * len << 16, then the bytes padded to whole words).
 * \retval 1  added
 * \retval 0  no room left */
L4_INLINE int l4_factory_create_add_lstr_u(char const *s, unsigned len, l4_msgtag_t *tag,
					   l4_utcb_t *utcb)
{
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	unsigned w = l4_msgtag_words(*tag);
	if (w + 1 + l4_bytes_to_mwords(len) > L4_UTCB_GENERIC_DATA_SIZE)
		return 0;
	v->mr[w] = L4_VARG_TYPE_STRING | ((l4_umword_t)len << 16);
	char *c = (char *)&v->mr[w + 1];
	for (unsigned i = 0; i < len; i++)
		c[i] = s[i];
	__l4_factory_create_set_words(tag, w + 1 + l4_bytes_to_mwords(len));
	return 1;
}

/* Appends the NUL-terminated string s (the NUL included).
 * \retval 1  added
 * \retval 0  no room left */
L4_INLINE int l4_factory_create_add_str_u(char const *s, l4_msgtag_t *tag, l4_utcb_t *utcb)
{
	return l4_factory_create_add_lstr_u(s, (unsigned)__builtin_strlen(s) + 1, tag, utcb);
}

/* Appends a nil argument (one word L4_VARG_TYPE_NIL).
 * \retval 1  added
 * \retval 0  no room left */
L4_INLINE int l4_factory_create_add_nil_u(l4_msgtag_t *tag, l4_utcb_t *utcb)
{
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	unsigned w = l4_msgtag_words(*tag);
	if (w + 1 > L4_UTCB_GENERIC_DATA_SIZE)
		return 0;
	v->mr[w] = L4_VARG_TYPE_NIL;
	__l4_factory_create_set_words(tag, w + 1);
	return 1;
}

/* Sends a create message built with l4_factory_create_start_u().
 * \param factory  needs L4_CAP_FPAGE_S
 * \retval 0             created; the new capability (rights RWSD) is in
 *                       the target slot; the answer has 1 typed item
 * \retval -L4_EPERM     factory lacks L4_CAP_FPAGE_S
 * \retval -L4_ENOMEM    out of kernel memory or out of the factory's quota
 * \retval -L4_ENODEV    the kernel cannot create that kind of object
 * \retval -L4_EINVAL    bad arguments (see the object's create function)
 * \retval -L4_EMSGTOOSHORT, -L4_EMSGTOOLONG  wrong number of arguments
 * \retval IPC error L4_IPC_REMAPFAILED  no or a bad receive buffer */
L4_INLINE l4_msgtag_t l4_factory_create_commit_u(l4_cap_idx_t factory, l4_msgtag_t tag,
						 l4_utcb_t *utcb)
{
	return l4_ipc_call(factory, utcb, tag, L4_IPC_NEVER);
}

/* Creates an object of protocol obj without arguments in target.
 * \retval see l4_factory_create_commit_u() */
L4_INLINE l4_msgtag_t l4_factory_create_u(l4_cap_idx_t factory, long obj, l4_cap_idx_t target,
					  l4_utcb_t *utcb)
{
	l4_msgtag_t t = l4_factory_create_start_u(obj, target, utcb);
	return l4_factory_create_commit_u(factory, t, utcb);
}
L4_INLINE l4_msgtag_t l4_factory_create(l4_cap_idx_t factory, long obj, l4_cap_idx_t target)
{
	return l4_factory_create_u(factory, obj, target, l4_utcb());
}

/* Creates a task.
 * \param factory     needs L4_CAP_FPAGE_S
 * \param target_cap  slot for the new task capability
 * \param utcb_area   kernel-user memory for the task's UTCBs (a memory
 *                    flexpage, order 12..16, in the new task's address
 *                    space), or l4_fpage_invalid() for none yet
 * \retval 0            created
 * \retval -L4_EINVAL   utcb_area not a valid area
 * \retval -L4_ENOMEM, -L4_EPERM, IPC error  see l4_factory_create_commit_u() */
L4_INLINE l4_msgtag_t l4_factory_create_task_u(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
					       l4_fpage_t utcb_area, l4_utcb_t *utcb)
{
	l4_msgtag_t t = l4_factory_create_start_u(L4_PROTO_TASK, target_cap, utcb);
	l4_factory_create_add_fpage_u(utcb_area, &t, utcb);
	return l4_factory_create_commit_u(factory, t, utcb);
}
L4_INLINE l4_msgtag_t l4_factory_create_task(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
					     l4_fpage_t utcb_area)
{
	return l4_factory_create_task_u(factory, target_cap, utcb_area, l4_utcb());
}

/* Creates a thread (unbound, not running; see l4_thread_control_bind(),
 * l4_scheduler_run_thread()).
 * \retval see l4_factory_create_commit_u() */
L4_INLINE l4_msgtag_t l4_factory_create_thread_u(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
						 l4_utcb_t *utcb)
{
	return l4_factory_create_u(factory, L4_PROTO_THREAD, target_cap, utcb);
}
L4_INLINE l4_msgtag_t l4_factory_create_thread(l4_cap_idx_t factory, l4_cap_idx_t target_cap)
{
	return l4_factory_create_thread_u(factory, target_cap, l4_utcb());
}

/* Creates a factory whose quota of limit bytes is taken from factory's.
 * \retval -L4_ENOMEM  factory's quota has less than limit (plus the new
 *                     factory's own size) left
 * \retval see l4_factory_create_commit_u() */
L4_INLINE l4_msgtag_t l4_factory_create_factory_u(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
						  unsigned long limit, l4_utcb_t *utcb)
{
	l4_msgtag_t t = l4_factory_create_start_u(L4_PROTO_FACTORY, target_cap, utcb);
	l4_factory_create_add_uint_u(limit, &t, utcb);
	return l4_factory_create_commit_u(factory, t, utcb);
}
L4_INLINE l4_msgtag_t l4_factory_create_factory(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
						unsigned long limit)
{
	return l4_factory_create_factory_u(factory, target_cap, limit, l4_utcb());
}

/* Creates an IPC gate, bound to thread_cap with label if thread_cap is
 * valid, unbound (bind later with l4_rcv_ep_bind_thread()) otherwise.
 * \param thread_cap  a thread with L4_CAP_FPAGE_S, or L4_INVALID_CAP
 * \param label       the gate's label (two low bits should be 0)
 * \retval 0           created
 * \retval -L4_ENOENT  thread_cap is empty or not a thread
 * \retval -L4_EPERM   factory or thread_cap lacks L4_CAP_FPAGE_S
 * \retval -L4_ENOMEM  out of memory or quota */
L4_INLINE l4_msgtag_t l4_factory_create_gate_u(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
					       l4_cap_idx_t thread_cap, l4_umword_t label,
					       l4_utcb_t *utcb)
{
	l4_msgtag_t t = l4_factory_create_start_u(0, target_cap, utcb);
	l4_factory_create_add_uint_u(label, &t, utcb);
	unsigned items = 0;
	if (!l4_is_invalid_cap(thread_cap)) {
		l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
		unsigned w = l4_msgtag_words(t); /* 3 */
		v->mr[w] = l4_map_obj_control(0, L4_MAP_ITEM_MAP);
		v->mr[w + 1] = l4_obj_fpage(thread_cap, 0, L4_CAP_FPAGE_RWS).raw;
		items = 1;
	}
	t = l4_msgtag(l4_msgtag_label(t), l4_msgtag_words(t), items, l4_msgtag_flags(t));
	return l4_factory_create_commit_u(factory, t, utcb);
}
L4_INLINE l4_msgtag_t l4_factory_create_gate(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
					     l4_cap_idx_t thread_cap, l4_umword_t label)
{
	return l4_factory_create_gate_u(factory, target_cap, thread_cap, label, l4_utcb());
}

/* Creates an IRQ object (software-triggerable; bind hardware lines to it
 * with l4_icu_bind()).
 * \retval see l4_factory_create_commit_u() */
L4_INLINE l4_msgtag_t l4_factory_create_irq_u(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
					      l4_utcb_t *utcb)
{
	return l4_factory_create_u(factory, L4_PROTO_IRQ_SENDER, target_cap, utcb);
}
L4_INLINE l4_msgtag_t l4_factory_create_irq(l4_cap_idx_t factory, l4_cap_idx_t target_cap)
{
	return l4_factory_create_irq_u(factory, target_cap, l4_utcb());
}

/* Creates a virtual machine (a task for a hardware-virtualized guest).
 * \retval -L4_ENODEV  Walnut has no VM objects yet */
L4_INLINE l4_msgtag_t l4_factory_create_vm_u(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
					     l4_utcb_t *utcb)
{
	return l4_factory_create_u(factory, L4_PROTO_VM, target_cap, utcb);
}
L4_INLINE l4_msgtag_t l4_factory_create_vm(l4_cap_idx_t factory, l4_cap_idx_t target_cap)
{
	return l4_factory_create_vm_u(factory, target_cap, l4_utcb());
}

L4_END_DECLS
