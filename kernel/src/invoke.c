/* Decoding helpers for kernel object invocations (see kern/invoke.h). */
#include <kern/invoke.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <l4/sys/__l4_fpage.h>
#include <l4/sys/consts.h>

struct cap_slot *inv_cap_sel(const struct invocation *inv, u64 sel)
{
	if (sel & L4_INVALID_CAP_BIT)
		return NULL;
	return task_cap(inv->caller->task, cap_idx(sel >> L4_CAP_SHIFT));
}

struct cap_slot *inv_cap_item(const struct invocation *inv, unsigned i)
{
	/* Items follow the untyped words; word i must be the first of one. */
	unsigned words = inv_words(inv), items = inv_items(inv);
	if (i < words || i + 1 >= words + 2 * items || (i - words) % 2)
		return NULL;
	l4_fpage_t fp = { .raw = inv_mr(inv, i + 1) };
	if (!(inv_mr(inv, i) & L4_ITEM_MAP) || l4_fpage_type(fp) != L4_FPAGE_OBJ)
		return NULL;
	return task_cap(inv->caller->task, cap_idx(l4_fpage_obj(fp) >> L4_CAP_SHIFT));
}
