/* ned: declarations shared by the init process's parts (start-up, the
 * server thread and the programs it follows, the Lua bindings of the L4
 * package, the interactive prompt). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <lua.h>
#include <lauxlib.h>
#include <l4/sys/types.h>
#include <l4/loader/loader.h>

/* --- options (options.c) ------------------------------------------------ */

#define NED_MAX_EXEC 16 /* -e statements */

struct ned_options {
	bool interactive;           /* -i, --interactive (or no script) */
	bool noexit;                /* --noexit (accepted; the console has no EOF) */
	const char *exec[NED_MAX_EXEC]; /* -e/--execute statements, in order */
	unsigned n_exec;
	const char *script;         /* first non-option argument, or NULL */
	int script_argc;            /* the script and its arguments */
	char *const *script_argv;
};

/* Parses ned's command line (argv[0] is ned's own name). Problems are
 * printed and skipped. */
void ned_options_parse(struct ned_options *o, int argc, char *const *argv);

/* --- messages ----------------------------------------------------------- */

/* Prints "ned: <text>\n" on ned's log in one write (any thread). */
__attribute__((format(printf, 1, 2))) void ned_msg(const char *fmt, ...);

/* --- the server thread and the programs ned started (server.c, apps.c) -- */

/* At most this many started programs at a time (each has a parent object
 * of ned's server until it exits or is killed). */
#define NED_MAX_RUNNING 64

enum ned_app_state {
	NED_APP_RUNNING,  /* started, no exit seen */
	NED_APP_ZOMBIE,   /* exited: exit_code valid, task already deleted */
	NED_APP_KILLED,   /* killed with :kill() */
};

/* A program ned started. Lives as long as the Lua task object or the
 * running program refers to it (refs, under the apps lock). */
struct ned_app {
	struct ldr_app ldr;
	struct ldr_parent *parent; /* while running */
	enum ned_app_state state;
	long exit_code;
	unsigned refs;
	char tag[32];              /* for the exit report */
};

/* Sets up the server (the calling thread serves) and the parent objects.
 * \retval 0 ok  \retval <0 L4 error */
long ned_server_init(void);
/* Serves parent objects for ever (the calling thread of ned_server_init). */
L4_NORETURN void ned_server_loop(void);

/* Starts bin with o (o->parent is filled in) as a new program reported
 * under tag. On success *out is the app with one reference (the caller's).
 * \retval 0 running  \retval -L4_EAGAIN no parent object free
 * \retval <0 ldr_app_start() failed: msg (size msg_size) says why */
long ned_app_start(l4re_ds_t bin, struct ldr_opts *o, const char *tag, struct ned_app **out,
		   char *msg, size_t msg_size);
/* Waits until app is no longer running; returns its state. */
enum ned_app_state ned_app_wait(struct ned_app *app);
/* Current state and exit code (valid for NED_APP_ZOMBIE). */
enum ned_app_state ned_app_state(struct ned_app *app, long *exit_code);
/* Kills a running app: 0; -L4_EINVAL if it is not running. */
long ned_app_kill(struct ned_app *app);
/* Drops the caller's reference. */
void ned_app_put(struct ned_app *app);

/* --- the L4 package (lua_*.c) -------------------------------------------- */

/* Chunk name of the embedded Lua part; frames of it are not blamed for errors. */
#define NED_LUA_CHUNK "@ned.lua"

/* Registry names: L4.Env as made at start-up; the capability metatable,
 * whose userdata is: */
#define NED_ENV_KEY "L4::Ned::Env"
#define NED_CAP_MT "L4::Cap"
struct ned_cap {
	l4_cap_idx_t cap;  /* the slot in ned's task */
	unsigned rights;   /* L4_CAP_FPAGE_RWSD bits; above: L4_FPAGE_C_* attributes */
};

/* Opens the L4 package into the table at the top of the stack. */
void ned_cap_open(lua_State *L);
void ned_env_open(lua_State *L);
void ned_factory_open(lua_State *L);
void ned_ns_open(lua_State *L);
void ned_pfc_open(lua_State *L);
void ned_info_open(lua_State *L);
void ned_exec_open(lua_State *L);
void ned_task_open(lua_State *L);

/* Pushes a task object for app (which takes over the caller's reference). */
void ned_task_push(lua_State *L, struct ned_app *app);

/* Capabilities: pushes a new capability object of the class registered
 * for proto (none: typed later through the meta protocol). */
struct ned_cap *ned_cap_push(lua_State *L, l4_cap_idx_t cap, unsigned rights, long proto);
struct ned_cap *ned_cap_check(lua_State *L, int idx);
struct ned_cap *ned_cap_test(lua_State *L, int idx);
/* Registers a class of capability methods under its protocol (0: none),
 * its L4Re C++ name, the mangled form of that and the meta protocol's
 * name (may be NULL). */
void ned_cap_add_class(lua_State *L, const char *name, long proto, const char *meta_name,
		       const luaL_Reg *methods);

/* Errors. ned_where pushes "<script>:<line>: " of the innermost script
 * frame that is not ned's own Lua part ("" if none). */
void ned_where(lua_State *L);
/* Raises a Lua error "<where><message>". */
__attribute__((format(printf, 2, 3))) int ned_error(lua_State *L, const char *fmt, ...);
/* Raises L4Re's error table { msg = "<where><what>: <error text> (<err>)",
 * code = err } (its __tostring gives msg). */
int ned_error_code(lua_State *L, long err, const char *what);
/* The message of an error value (string, error table or other). */
const char *ned_error_text(lua_State *L, int idx);

/* Runs the function on the stack's top (with nargs arguments below it)
 * protected; prints "ned: error: <message>" on failure.
 * \retval 0 ok (nret results on the stack)  \retval -1 failed (nothing) */
int ned_pcall(lua_State *L, int nargs, int nret);

/* --- script running and the prompt (script.c, prompt.c, console.c) ------ */

/* The Lua interpreter: state with the standard libraries and L4. NULL on
 * failure (printed). */
lua_State *ned_lua_new(void);
/* Runs -e statements, the script (with arg), then the prompt if asked. */
void ned_lua_run(lua_State *L, const struct ned_options *o);

/* The console (ned's log, the kernel Vcon): opened by the thread that
 * reads. \retval 0 ok  \retval <0 L4 error */
long ned_console_open(void);
/* Reads one edited line (without the newline) after printing prompt.
 * Returns its length (at most size - 1). */
size_t ned_console_readline(const char *prompt, char *buf, size_t size);
/* Writes a complete message line to the console (ned_msg uses it; a line
 * being edited at the prompt is shown again below it). */
void ned_console_msg(const char *s, size_t n);
/* The interactive prompt: returns only if the console cannot be read. */
void ned_prompt_run(lua_State *L);
