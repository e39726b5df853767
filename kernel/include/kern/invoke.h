/* Decoding helpers for kernel object invocations: message words, typed
 * capability arguments, results. All bounds are checked against the tag. */
#pragma once

#include <kern/obj.h>
#include <kern/obj_space.h>
#include <kern/syscall.h>
#include <l4/sys/types.h>

struct cap_slot;

/* A sentinel an unbound gate's waiter gets when it should try again. */
#define GATE_RETRY_TAG (~0ull)

static inline l4_msgtag_t inv_tag(const struct invocation *inv)
{
	return (l4_msgtag_t){ (l4_mword_t)inv->tag };
}
static inline long inv_label(const struct invocation *inv) { return l4_msgtag_label(inv_tag(inv)); }
static inline unsigned inv_words(const struct invocation *inv) { return l4_msgtag_words(inv_tag(inv)); }
static inline unsigned inv_items(const struct invocation *inv) { return l4_msgtag_items(inv_tag(inv)); }
/* Message word i of the request (callers check i < inv_words first). */
static inline u64 inv_mr(const struct invocation *inv, unsigned i)
{
	return thread_mrs(inv->caller)->mr[i];
}
/* Result word i of the reply. */
static inline void inv_set_mr(const struct invocation *inv, unsigned i, u64 v)
{
	thread_mrs(inv->caller)->mr[i] = v;
}
/* The capability named by the object send item at message word i (two
 * words: control, object flexpage) in the caller's task, or NULL when the
 * item is missing, not an object item, or names an empty slot. */
struct cap_slot *inv_cap_item(const struct invocation *inv, unsigned i);
/* Answers L4_PROTO_META from the object type's list of protocols. */
u64 kobj_meta_invoke(struct invocation *inv);
/* The capability named by selector sel in the caller's task, or NULL. */
struct cap_slot *inv_cap_sel(const struct invocation *inv, u64 sel);
