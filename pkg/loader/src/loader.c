/* Starting a program: image check, task, region map, segments, stack,
 * initial capabilities, thread; waiting for its exit and killing it. */
#include "ldr_int.h"
#include <fmt.h>
#include <minrt_string.h>
#include <l4/re/consts.h>
#include <l4/re/protocols.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/sys/debugger.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/irq.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>

#define SLOT(i) ((l4_cap_idx_t)(i) << L4_CAP_SHIFT)

/* Records why the start failed and passes err on. */
__attribute__((format(printf, 3, 4)))
static long fail(struct ldr_app *app, long err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(app->msg, sizeof(app->msg), fmt, ap);
	va_end(ap);
	return err;
}

static long check_opts(struct ldr_app *app, const struct ldr_opts *o)
{
	if (l4_is_invalid_cap(o->factory) || l4_is_invalid_cap(o->mem) ||
	    l4_is_invalid_cap(o->rm_fab) || l4_is_invalid_cap(o->scheduler))
		return fail(app, -L4_EINVAL, "factory, mem, rm_fab and scheduler are required");
	if (!o->argv || !o->argv[0])
		return fail(app, -L4_EINVAL, "argv[0] (the program name) is required");
	if (o->n_caps > LDR_MAX_NAMED_CAPS || (o->n_caps && !o->caps))
		return fail(app, -L4_EINVAL, "too many named capabilities");
	for (unsigned i = 0; i < o->n_caps; i++) {
		size_t l = o->caps[i].name ? strlen(o->caps[i].name) : 0;
		if (l == 0 || l >= sizeof(((l4re_env_cap_entry_t *)0)->name))
			return fail(app, -L4_EINVAL, "bad capability name (1..15 characters)");
	}
	return 0;
}

/* Checks the image in bin; info describes it afterwards. */
static long check_image(struct ldr_app *app, l4re_ds_t bin, struct ldr_elf_info *info)
{
	l4re_ds_stats_t st;
	long r = l4re_ds_info(bin, &st);
	if (r < 0)
		return fail(app, r, "binary is not a dataspace (%ld)", r);
	if (st.size == 0 || st.size > (1UL << 30))
		return fail(app, -L4_EINVAL, "binary of %llu bytes", (unsigned long long)st.size);
	void *img;
	r = app->host->attach(app->host->ctx, bin, st.size, 0, &img);
	if (r < 0)
		return fail(app, r, "cannot read the binary (%ld)", r);
	app->elf_err = ldr_elf_parse(img, st.size, info);
	app->host->detach(app->host->ctx, img, st.size);
	if (app->elf_err == LDR_ELF_OK)
		return 0;
	if (info->bad_phdr >= 0)
		return fail(app, -L4_EINVAL, "invalid ELF: %s (program header %d)",
			    ldr_elf_strerror(app->elf_err), info->bad_phdr);
	return fail(app, -L4_EINVAL, "invalid ELF: %s", ldr_elf_strerror(app->elf_err));
}

static l4_cap_idx_t slot(struct ldr_app *app)
{
	return app->host->cap_alloc(app->host->ctx);
}

/* Names the task and thread after the program (without "rom/" and other
 * directories) so the kernel's fault reports and jdb say whose they are.
 * Best effort: the names are for people, nothing depends on them. */
static void name_objects(struct ldr_app *app, const char *prog)
{
	const char *base = prog;
	for (const char *p = prog; *p; p++)
		if (*p == '/')
			base = p + 1;
	l4_debugger_set_object_name(app->task, base);
	l4_debugger_set_object_name(app->thread, base);
}

static long create_objects(struct ldr_app *app, const struct ldr_opts *o)
{
	app->task = slot(app);
	app->thread = slot(app);
	app->rm = slot(app);
	if (l4_is_invalid_cap(app->task) || l4_is_invalid_cap(app->thread) ||
	    l4_is_invalid_cap(app->rm))
		return fail(app, -L4_ENOMEM, "out of capability slots");
	long r = l4_error(l4_factory_create_task(o->factory, app->task,
						 l4_fpage(LDR_UTCB_AREA, 16, L4_FPAGE_RW)));
	if (r < 0)
		return fail(app, r, "cannot create the task (%ld)", r);
	r = l4_error(l4_factory_create_thread(o->factory, app->thread));
	if (r < 0)
		return fail(app, r, "cannot create the thread (%ld)", r);
	r = l4_error(l4_factory_create(o->rm_fab, L4RE_PROTO_RM, app->rm));
	if (r < 0)
		return fail(app, r, "cannot create the region map (%ld)", r);
	name_objects(app, o->argv[0]);
	return 0;
}

static unsigned rm_rights(unsigned pf)
{
	return (pf & LDR_ELF_PF_W ? L4RE_RM_F_W : 0) | (pf & LDR_ELF_PF_X ? L4RE_RM_F_X : 0) |
	       L4RE_RM_F_R;
}

/* A fresh (zero-filled) dataspace per segment: the file bytes are copied
 * in at the segment's offset in its first page, the rest stays zero. */
static long load_segment(struct ldr_app *app, l4re_ds_t bin, const struct ldr_elf_seg *s,
			 unsigned i)
{
	unsigned long size = ldr_elf_seg_size(s);
	l4_cap_idx_t ds = slot(app);
	if (l4_is_invalid_cap(ds))
		return fail(app, -L4_ENOMEM, "out of capability slots");
	app->ds[app->n_ds++] = ds;
	long r = l4re_ma_alloc_align_srv(app->mem, (long)size, ds, 0, 0);
	if (r < 0)
		return fail(app, r, "segment %u: cannot allocate %lu bytes (%ld)", i, size, r);
	if (s->filesz) {
		r = l4re_ds_copy_in(ds, s->vaddr & (L4_PAGESIZE - 1), bin, s->offset, s->filesz);
		if (r < 0)
			return fail(app, r, "segment %u: copy failed (%ld)", i, r);
	}
	void *at = (void *)(l4_addr_t)ldr_elf_seg_start(s);
	r = l4re_rm_attach_srv(app->rm, &at, size, rm_rights(s->flags), ds, 0, 0);
	if (r < 0)
		return fail(app, r, "segment %u: attach at %p failed (%ld)", i, at, r);
	return 0;
}

static long setup_stack(struct ldr_app *app, const struct ldr_opts *o)
{
	unsigned long size = l4_round_page(o->stack_size ? o->stack_size : LDR_STACK_SIZE);
	l4_cap_idx_t ds = slot(app);
	if (l4_is_invalid_cap(ds))
		return fail(app, -L4_ENOMEM, "out of capability slots");
	app->ds[app->n_ds++] = ds;
	long r = l4re_ma_alloc_align_srv(app->mem, (long)size, ds, 0, 0);
	if (r < 0)
		return fail(app, r, "stack: cannot allocate %lu bytes (%ld)", size, r);
	void *at = (void *)LDR_STACK_HINT;
	r = l4re_rm_attach_srv(app->rm, &at, size, L4RE_RM_F_RW | L4RE_RM_F_SEARCH_ADDR, ds, 0, 0);
	if (r < 0)
		return fail(app, r, "stack: attach failed (%ld)", r);
	app->stack_top = (l4_addr_t)at + size;

	struct ldr_stack_args a = { .argv = o->argv, .envp = o->envp, .caps = o->caps,
				    .n_caps = o->n_caps };
	l4re_env_t *e = &a.env;
	e->parent = l4_is_valid_cap(app->parent ? app->parent->obj.gate : o->parent_cap)
			    ? SLOT(LDR_SLOT_PARENT) : L4_INVALID_CAP;
	e->rm = SLOT(LDR_SLOT_RM);
	e->mem_alloc = SLOT(LDR_SLOT_MEM);
	e->log = l4_is_valid_cap(o->log) ? SLOT(LDR_SLOT_LOG) : L4_INVALID_CAP;
	e->main_thread = SLOT(LDR_SLOT_THREAD);
	e->factory = SLOT(LDR_SLOT_FACTORY);
	e->scheduler = SLOT(LDR_SLOT_SCHEDULER);
	e->first_free_cap = SLOT(LDR_SLOT_FIRST_FREE);
	e->utcb_area = l4_fpage(LDR_UTCB_AREA, 16, 0);
	e->first_free_utcb = LDR_UTCB_AREA + L4_UTCB_OFFSET;

	void *loc;
	r = app->host->attach(app->host->ctx, ds, size, 1, &loc);
	if (r < 0)
		return fail(app, r, "stack: cannot write it (%ld)", r);
	r = ldr_stack_build(&a, loc, (l4_addr_t)at, size, &app->sp);
	app->host->detach(app->host->ctx, loc, size);
	if (r < 0)
		return fail(app, r, "arguments do not fit into the %lu-byte stack", size);
	return 0;
}

/* rights: L4_CAP_FPAGE_* in the flexpage; the object attributes above
 * them (L4_FPAGE_C_*, e.g. L4_FPAGE_C_IPCGATE_SVR) go to the control word. */
static long map_cap(struct ldr_app *app, l4_cap_idx_t cap, unsigned rights, unsigned idx)
{
	if (l4_is_invalid_cap(cap))
		return 0;
	l4_umword_t ctl = l4_map_obj_control(SLOT(idx), L4_MAP_ITEM_MAP) |
			  (rights & LDR_CAP_ATTRS);
	long r = l4_error(l4_task_map(app->task, L4RE_THIS_TASK_CAP,
				      l4_obj_fpage(cap, 0, rights & L4_CAP_FPAGE_RWSD), ctl));
	if (r < 0)
		return fail(app, r, "cannot map capability to slot %#x (%ld)", idx, r);
	return 0;
}

static long map_caps(struct ldr_app *app, const struct ldr_opts *o)
{
	l4_cap_idx_t parent = app->parent ? app->parent->obj.gate : o->parent_cap;
	const struct { l4_cap_idx_t cap; unsigned rights, idx; } m[] = {
		{ app->task, L4_CAP_FPAGE_RWS, LDR_SLOT_TASK },
		{ o->factory, L4_CAP_FPAGE_RWS, LDR_SLOT_FACTORY },
		{ app->thread, L4_CAP_FPAGE_RWS, LDR_SLOT_THREAD },
		{ app->rm, L4_CAP_FPAGE_RWS, LDR_SLOT_RM },
		{ o->log, L4_CAP_FPAGE_RWS, LDR_SLOT_LOG },
		{ o->scheduler, L4_CAP_FPAGE_RWS, LDR_SLOT_SCHEDULER },
		{ parent, L4_CAP_FPAGE_RWS, LDR_SLOT_PARENT },
		{ o->mem, L4_CAP_FPAGE_RWS, LDR_SLOT_MEM },
	};
	long r = 0;
	for (unsigned i = 0; r == 0 && i < sizeof(m) / sizeof(m[0]); i++)
		r = map_cap(app, m[i].cap, m[i].rights, m[i].idx);
	for (unsigned i = 0; r == 0 && i < o->n_caps; i++)
		r = map_cap(app, o->caps[i].cap, o->caps[i].rights, LDR_SLOT_NAMED + i);
	return r;
}

static long start_thread(struct ldr_app *app, const struct ldr_opts *o)
{
	l4_thread_control_start();
	l4_thread_control_pager(SLOT(LDR_SLOT_RM));
	l4_thread_control_exc_handler(SLOT(LDR_SLOT_RM));
	l4_thread_control_bind((l4_utcb_t *)LDR_UTCB_AREA, app->task);
	long r = l4_error(l4_thread_control_commit(app->thread));
	if (r < 0)
		return fail(app, r, "thread control failed (%ld)", r);
	r = l4_error(l4_thread_ex_regs(app->thread, app->entry, app->sp, 0));
	if (r < 0)
		return fail(app, r, "ex_regs failed (%ld)", r);
	l4_sched_param_t sp = l4_sched_param(o->prio ? o->prio : L4RE_MAIN_THREAD_PRIO, 0);
	r = l4_error(l4_scheduler_run_thread(o->scheduler, app->thread, &sp));
	if (r < 0)
		return fail(app, r, "run_thread failed (%ld)", r);
	return 0;
}

/* Deletes everything app holds (any stage of loading). */
static void release_all(struct ldr_app *app)
{
	const struct ldr_host *h = app->host;
	l4_cap_idx_t kobj[2] = { app->thread, app->task };
	for (unsigned i = 0; i < 2; i++)
		if (l4_is_valid_cap(kobj[i])) {
			l4_task_delete_obj(L4RE_THIS_TASK_CAP, kobj[i]);
			h->cap_free(h->ctx, kobj[i]);
		}
	if (l4_is_valid_cap(app->rm)) {
		/* moe destroys a region map on free through its factory;
		 * releasing the capability covers other servers. */
		l4re_ma_free_srv(app->rm_fab, app->rm);
		l4_task_release_cap(L4RE_THIS_TASK_CAP, app->rm);
		h->cap_free(h->ctx, app->rm);
	}
	for (unsigned i = 0; i < app->n_ds; i++) {
		l4re_ma_free_srv(app->mem, app->ds[i]);
		l4_task_release_cap(L4RE_THIS_TASK_CAP, app->ds[i]);
		h->cap_free(h->ctx, app->ds[i]);
	}
	app->task = app->thread = app->rm = L4_INVALID_CAP;
	app->n_ds = 0;
}

long ldr_app_start(struct ldr_app *app, l4re_ds_t bin, const struct ldr_opts *o)
{
	memset(app, 0, sizeof(*app));
	app->task = app->thread = app->rm = L4_INVALID_CAP;
	app->host = o->host ? o->host : &ldr_host_rm;
	app->mem = o->mem;
	app->rm_fab = o->rm_fab;
	app->parent = o->parent;
	app->state = LDR_APP_INITIALIZING;
	struct ldr_elf_info info;
	long r = check_opts(app, o);
	if (r == 0)
		r = check_image(app, bin, &info);
	if (r < 0)
		return r;
	app->entry = info.entry;
	r = create_objects(app, o);
	for (unsigned i = 0; r == 0 && i < info.n_segs; i++)
		r = load_segment(app, bin, &info.segs[i], i);
	if (r == 0)
		r = setup_stack(app, o);
	if (r == 0)
		r = map_caps(app, o);
	if (r == 0 && app->parent)
		app->parent->exited = 0;
	if (r == 0)
		r = start_thread(app, o);
	if (r < 0) {
		release_all(app);
		return r;
	}
	app->state = LDR_APP_RUNNING;
	return 0;
}

long ldr_app_wait(struct ldr_app *app, l4_timeout_t timeout)
{
	struct ldr_parent *p = app->parent;
	if (!p || l4_is_invalid_cap(p->irq) || app->state != LDR_APP_RUNNING)
		return -L4_EINVAL;
	while (!p->exited) {
		l4_msgtag_t tag = l4_irq_receive(p->irq, timeout);
		l4_umword_t err = l4_ipc_error(tag, l4_utcb());
		if (err == L4_IPC_RETIMEOUT)
			return -L4_EAGAIN;
		if (err)
			return l4_error(tag);
	}
	app->exit_code = p->status;
	app->exited = 1;
	app->state = LDR_APP_ZOMBIE;
	return 0;
}

long ldr_app_kill(struct ldr_app *app)
{
	if (app->state != LDR_APP_RUNNING && app->state != LDR_APP_ZOMBIE)
		return -L4_EINVAL;
	release_all(app);
	app->state = LDR_APP_DEAD;
	return 0;
}
