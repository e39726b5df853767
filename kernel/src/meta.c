/* The Meta protocol (L4_PROTO_META): which protocols a kernel object speaks. */
#include <kern/invoke.h>
#include <kern/string.h>
#include <kern/thread.h>
#include <l4/sys/err.h>
#include <l4/sys/meta.h>

static unsigned meta_count(const struct kobj_meta *m)
{
	unsigned n = 0;
	while (m[n].name)
		n++;
	return n;
}

u64 kobj_meta_invoke(struct invocation *inv)
{
	const struct kobj_meta *m = inv->obj->ops->meta;
	unsigned n = meta_count(m);
	if (!inv_words(inv))
		return syscall_error_tag(-L4_EMSGTOOSHORT);
	switch (inv_mr(inv, 0)) {
	case L4_META_NUM_INTERFACES_OP:
		return syscall_ok_tag(n, 0);
	case L4_META_INTERFACE_OP: {
		if (inv_words(inv) < 2)
			return syscall_error_tag(-L4_EMSGTOOSHORT);
		u64 idx = inv_mr(inv, 1);
		if (idx >= n)
			return syscall_error_tag(-L4_ERANGE);
		size_t len = strlen(m[idx].name) + 1;
		inv_set_mr(inv, 0, (u64)m[idx].proto);
		inv_set_mr(inv, 1, len);
		memcpy(&thread_mrs(inv->caller)->mr[2], m[idx].name, len);
		return syscall_ok_tag(0, 2 + (unsigned)((len + 7) / 8));
	}
	case L4_META_SUPPORTS_OP: {
		if (inv_words(inv) < 2)
			return syscall_error_tag(-L4_EMSGTOOSHORT);
		long proto = (long)inv_mr(inv, 1);
		bool yes = proto == L4_PROTO_META;
		for (unsigned i = 0; i < n; i++)
			yes |= m[i].proto == proto;
		return syscall_ok_tag(yes, 0);
	}
	default:
		return syscall_error_tag(-L4_ENOSYS);
	}
}
