/* The program loader: starts a static ELF64 program from a dataspace in a
 * new task with the L4Re initial environment (stack with argc/argv/envp/
 * auxv, l4re_env_t, named capabilities), and follows it to its exit
 * through the parent protocol. Used by moe (init), tests and ned. */
#pragma once

#include <l4/sys/types.h>
#include <l4/re/c/dataspace.h>
#include <l4/srv/srv.h>
#include <l4/loader/elf.h>

L4_BEGIN_DECLS

/* --- host interface -----------------------------------------------------
 * The loader reads the ELF image and writes the start stack in its own
 * address space. How a dataspace becomes visible there depends on the
 * starter: ordinary programs attach it to their region map
 * (ldr_host_rm); moe, which has no region map of its own, maps it into a
 * scratch window with l4re_ds_map_region(). Capability slots come from the
 * host too, so that a second thread of a server can load without racing
 * the server's own slot allocator. */
struct ldr_host {
	/* Makes bytes [0, size) of ds visible at *addr, writable if rw.
	 * Returns 0 or -L4_E*. At most one attachment at a time is asked for. */
	long (*attach)(void *ctx, l4re_ds_t ds, unsigned long size, int rw, void **addr);
	/* Undoes attach (addr, size as attach gave/was given). */
	void (*detach)(void *ctx, void *addr, unsigned long size);
	/* A free capability slot or L4_INVALID_CAP; give a slot back (empty). */
	l4_cap_idx_t (*cap_alloc)(void *ctx);
	void (*cap_free)(void *ctx, l4_cap_idx_t cap);
	void *ctx;
};

/* The default host: l4re_rm_attach() in l4re_env()->rm,
 * l4re_util_cap_alloc()/l4re_util_cap_free(). */
extern const struct ldr_host ldr_host_rm;

/* --- the parent object --------------------------------------------------
 * A server object (pkg/l4srv, protocol L4RE_PROTO_PARENT) a starter
 * registers with its server and hands to a child as its parent. When the
 * child signals exit, the object records the status and triggers an Irq
 * bound to the waiting thread (ldr_app_wait() receives on it), and calls
 * on_exit if set (from the server thread). */
struct ldr_parent {
	struct l4srv_obj obj;          /* first: the registry's part */
	volatile int exited;           /* set by the exit signal */
	volatile long status;          /* the child's exit status */
	l4_cap_idx_t irq;              /* wakes the waiter; L4_INVALID_CAP: none */
	void (*on_exit)(struct ldr_parent *p); /* may be NULL */
	void *priv;                    /* for on_exit */
};

/* The l4srv type of parent objects (for l4srv_get_cap() checks). */
extern const struct l4srv_type ldr_parent_type;

/* Registers p (zeroed by the caller, on_exit/priv set) with srv. With a
 * valid waiter, creates an Irq with factory and binds it to the thread
 * waiter, which is then the thread that may call ldr_app_wait().
 * \retval 0 ok  \retval -L4_ENOMEM no slot, registry full, Irq creation failed
 * \retval <0 errors of binding the Irq */
long ldr_parent_register(struct ldr_parent *p, struct l4srv_server *srv,
			 l4_cap_idx_t factory, l4_cap_idx_t waiter, const struct ldr_host *host);

/* Unregisters p and deletes its Irq. */
void ldr_parent_unregister(struct ldr_parent *p, struct l4srv_server *srv,
			   const struct ldr_host *host);

/* --- starting programs -------------------------------------------------- */

#define LDR_MAX_NAMED_CAPS  32          /* child slots 0x20..0x3f */
#define LDR_STACK_SIZE      0x10000UL   /* default stack dataspace */
#define LDR_STACK_HINT      0x7ff000000000UL /* stack searched from here up */
#define LDR_UTCB_AREA       0x7fffffe00000UL /* children's UTCB area, order 16 */

/* Capability slots of a started program (index << L4_CAP_SHIFT). */
enum ldr_child_slots {
	LDR_SLOT_TASK = 1, LDR_SLOT_FACTORY = 2, LDR_SLOT_THREAD = 3, LDR_SLOT_RM = 4,
	LDR_SLOT_LOG = 5, LDR_SLOT_SCHEDULER = 7, LDR_SLOT_PARENT = 0x10,
	LDR_SLOT_MEM = 0x11, LDR_SLOT_NAMED = 0x20, LDR_SLOT_FIRST_FREE = 0x40,
};

/* A named capability for the child (env->caps): name (1..15 characters,
 * stored NUL-terminated in l4re_env_cap_entry_t), the capability in the
 * starter's task and the rights the child gets (L4_CAP_FPAGE_*), or-ed
 * with object attributes (LDR_CAP_ATTRS: L4_FPAGE_C_NO_REF_CNT,
 * L4_FPAGE_C_OBJ_RIGHT1..3, e.g. L4_FPAGE_C_IPCGATE_SVR for a server's
 * IPC gate), which the map's control word carries. */
#define LDR_CAP_ATTRS 0xf0u
struct ldr_named_cap {
	const char *name;
	l4_cap_idx_t cap;
	unsigned rights;
};

/* What to start a program with. Capabilities are selectors in the
 * starter's task; L4_INVALID_CAP leaves the child's slot empty (except
 * where said). */
struct ldr_opts {
	l4_cap_idx_t factory;   /* kernel factory: creates task and thread; child's factory (required) */
	l4_cap_idx_t mem;       /* memory allocator: segments, stack; child's mem_alloc (required) */
	l4_cap_idx_t rm_fab;    /* factory of the child's region map, create(L4RE_PROTO_RM) (required) */
	l4_cap_idx_t log;       /* child's log */
	l4_cap_idx_t scheduler; /* runs the thread (required); child's scheduler */
	struct ldr_parent *parent; /* registered parent object: child's parent, ldr_app_wait() */
	l4_cap_idx_t parent_cap;   /* else: this capability is the child's parent */
	const struct ldr_named_cap *caps; /* n_caps entries */
	unsigned n_caps;
	const char *const *argv; /* NULL-terminated, argv[0] = program name (required) */
	const char *const *envp; /* NULL-terminated or NULL */
	unsigned prio;           /* main thread's priority at scheduler; 0: L4RE_MAIN_THREAD_PRIO */
	unsigned long stack_size;/* 0: LDR_STACK_SIZE */
	const struct ldr_host *host; /* NULL: &ldr_host_rm */
};

enum ldr_app_state {
	LDR_APP_INITIALIZING, /* being loaded (or loading failed) */
	LDR_APP_RUNNING,      /* started, no exit seen */
	LDR_APP_ZOMBIE,       /* exited (exit_code valid), task not yet deleted */
	LDR_APP_DEAD,         /* killed: task and objects deleted */
};

/* A started program. All fields are the loader's; read state, exit_code,
 * elf_err and msg. */
struct ldr_app {
	enum ldr_app_state state;
	long exit_code;         /* valid in ZOMBIE (and DEAD after an exit) */
	int exited;             /* an exit was seen (else DEAD means killed) */
	int elf_err;            /* LDR_ELF_* of a refused image, else 0 */
	char msg[96];           /* why ldr_app_start() failed ("" if not) */
	l4_addr_t entry, stack_top, sp;
	l4_cap_idx_t task, thread, rm, mem, rm_fab;
	l4_cap_idx_t ds[LDR_ELF_MAX_SEGS + 1]; /* segment dataspaces, stack */
	unsigned n_ds;
	struct ldr_parent *parent;
	const struct ldr_host *host;
};

/* Loads the program in bin and starts it. On failure nothing is left
 * behind (every object made so far is deleted) and app->msg says why.
 * \retval 0 running  \retval -L4_EINVAL bad options or a refused ELF image
 * (app->elf_err, ldr_elf_strerror())  \retval -L4_ERANGE arguments and
 * environment do not fit into the stack  \retval -L4_ENOMEM no slot or
 * memory (quota)  \retval <0 errors of the objects used */
long ldr_app_start(struct ldr_app *app, l4re_ds_t bin, const struct ldr_opts *o);

/* Waits (timeout: L4_IPC_NEVER, or e.g. l4_timeout(L4_IPC_TIMEOUT_NEVER,
 * l4util_micros2l4to(us))) until the program signalled exit; then
 * app->state is LDR_APP_ZOMBIE and app->exit_code the status. Only the
 * parent object's waiter thread may call it.
 * \retval 0 exited  \retval -L4_EAGAIN timeout  \retval -L4_EINVAL no
 * parent object or not running  \retval <0 IPC errors */
long ldr_app_wait(struct ldr_app *app, l4_timeout_t timeout);

/* Deletes the program's task and thread and frees its region map and
 * dataspaces (running or zombie); state becomes LDR_APP_DEAD.
 * \retval 0 ok  \retval -L4_EINVAL already dead or never started */
long ldr_app_kill(struct ldr_app *app);

L4_END_DECLS
