/* Intrusive doubly linked circular lists. */
#pragma once

#include <kern/types.h>

struct list {
	struct list *next, *prev;
};

static inline void list_init(struct list *l) { l->next = l->prev = l; }
static inline bool list_empty(const struct list *l) { return l->next == l; }

static inline void list_insert_before(struct list *pos, struct list *n)
{
	n->next = pos;
	n->prev = pos->prev;
	pos->prev->next = n;
	pos->prev = n;
}
static inline void list_push_back(struct list *head, struct list *n) { list_insert_before(head, n); }
static inline void list_push_front(struct list *head, struct list *n) { list_insert_before(head->next, n); }

static inline void list_remove(struct list *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->next = n->prev = n;
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_for_each(it, head) for (struct list *it = (head)->next; it != (head); it = it->next)
