/* L4.exec(env, prog, args..., [posix_env]): starts a program, as L4Re's
 * ned does for App_env:start. env (an App_env or any table) gives the
 * program's capabilities: factory, mem, rm_fab, log, scheduler (each a
 * capability or a function returning one; nil: ned's own) and caps (name
 * -> capability); prog is the binary's path in a namespace ("rom/hello":
 * the program's own caps.rom if it has one, else ned's); the arguments are
 * strings (nil skipped); a final table is the POSIX environment. Returns a
 * task object (lua_task.c). */
#include "ned.h"

#include <stdio.h>
#include <string.h>
#include <l4/re/c/namespace.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>

enum { MAX_ARGS = 64, MAX_ENV = 64 };

struct exec {
	struct ldr_opts o;
	struct ldr_named_cap caps[LDR_MAX_NAMED_CAPS];
	char names[LDR_MAX_NAMED_CAPS][16];
	const char *argv[MAX_ARGS + 1];
	const char *envp[MAX_ENV + 1];
	char tag[32];
};

/* env[field], calling functions (with env) until a value comes out.
 * Pushes nothing for nil; returns the capability or NULL. */
static struct ned_cap *cfg_cap(lua_State *L, int env, const char *field)
{
	lua_getfield(L, env, field);
	while (lua_isfunction(L, -1)) {
		lua_pushvalue(L, env);
		lua_call(L, 1, 1);
	}
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		return NULL;
	}
	struct ned_cap *c = ned_cap_test(L, -1);
	if (!c)
		ned_error(L, "'%s' must be a capability, got %s", field, luaL_typename(L, -1));
	lua_pop(L, 1); /* the slot stays: ned never releases its capabilities */
	return c;
}

static l4_cap_idx_t cap_or(lua_State *L, int env, const char *field, l4_cap_idx_t def)
{
	struct ned_cap *c = cfg_cap(L, env, field);
	return c ? c->cap : def;
}

/* Integer fields L4Re's loader reads (l4re_dbg, ldr_flags): accepted and
 * checked; Walnut has no l4re kernel in the program to hand them to. */
static void cfg_integer(lua_State *L, int env, const char *field)
{
	int t = lua_getfield(L, env, field);
	if (t != LUA_TNIL && !lua_isinteger(L, -1))
		ned_error(L, "'%s' must be an integer, got %s", field, luaL_typename(L, -1));
	lua_pop(L, 1);
}

/* The named capabilities of env.caps. */
static void cfg_caps(lua_State *L, int env, struct exec *x)
{
	if (lua_getfield(L, env, "caps") == LUA_TNIL) {
		lua_pop(L, 1);
		return;
	}
	int tab = lua_gettop(L);
	if (!lua_istable(L, tab))
		ned_error(L, "'caps' must be a table, got %s", luaL_typename(L, tab));
	lua_pushnil(L);
	while (lua_next(L, tab)) {
		if (lua_type(L, -2) != LUA_TSTRING)
			ned_error(L, "caps: names must be strings, got %s", luaL_typename(L, -2));
		const char *name = lua_tostring(L, -2);
		size_t len = strlen(name);
		if (len == 0 || len >= sizeof(x->names[0]))
			ned_error(L, "capability name '%s' %s (1..15 characters)", name,
				  len ? "too long" : "empty");
		while (lua_isfunction(L, -1)) {
			lua_pushvalue(L, tab);
			lua_call(L, 1, 1);
		}
		struct ned_cap *c = ned_cap_test(L, -1);
		if (!c && lua_isnil(L, -1))
			ned_error(L, "caps.%s: no capability (its query found nothing)", name);
		if (!c)
			ned_error(L, "caps.%s: capability expected, got %s", name,
				  luaL_typename(L, -1));
		if (x->o.n_caps == LDR_MAX_NAMED_CAPS)
			ned_error(L, "too many capabilities in caps (at most %d)", LDR_MAX_NAMED_CAPS);
		unsigned i = x->o.n_caps++;
		memcpy(x->names[i], name, len + 1);
		x->caps[i] = (struct ldr_named_cap){ x->names[i], c->cap, c->rights };
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	x->o.caps = x->caps;
}

/* The namespace capability a program path starts with: the program's own
 * caps[name] if it has one, else ned's L4.Env[name]. */
static l4_cap_idx_t path_ns(lua_State *L, int env, const char *name)
{
	l4_cap_idx_t ns = L4_INVALID_CAP;
	if (lua_getfield(L, env, "caps") == LUA_TTABLE) {
		lua_getfield(L, -1, name);
		struct ned_cap *c = ned_cap_test(L, -1);
		if (c)
			ns = c->cap;
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	if (l4_is_valid_cap(ns))
		return ns;
	lua_getfield(L, LUA_REGISTRYINDEX, NED_ENV_KEY);
	lua_pushstring(L, name);
	lua_rawget(L, -2);
	struct ned_cap *c = ned_cap_test(L, -1);
	if (c)
		ns = c->cap;
	lua_pop(L, 2);
	return ns;
}

/* The binary's dataspace (a fresh slot) for a path "ns/name". */
static l4_cap_idx_t find_binary(lua_State *L, int env, const char *path)
{
	const char *slash = strchr(path, '/');
	if (!slash || slash == path || !slash[1] || slash - path > 15)
		ned_error(L, "could not start '%s': the program must be named by a path in a "
			  "namespace, e.g. 'rom/<name>'", path);
	char ns_name[16];
	memcpy(ns_name, path, (size_t)(slash - path));
	ns_name[slash - path] = 0;
	l4_cap_idx_t ns = path_ns(L, env, ns_name);
	if (l4_is_invalid_cap(ns))
		ned_error(L, "could not start '%s': no namespace '%s' (neither in caps nor in L4.Env)",
			  path, ns_name);
	l4_cap_idx_t bin = l4re_util_cap_alloc();
	if (l4_is_invalid_cap(bin))
		ned_error(L, "could not start '%s': out of capability slots", path);
	long r = l4re_ns_query_srv(ns, slash + 1, bin);
	if (r < 0) {
		l4re_util_cap_free(bin);
		ned_error(L, "could not start '%s': no '%s' in '%s' (%s, %d)", path, slash + 1,
			  ns_name, l4sys_errtostr(r), (int)r);
	}
	return bin;
}

/* argv from the arguments first..last (nil skipped). */
static void exec_args(lua_State *L, int first, int last, struct exec *x)
{
	unsigned n = 0;
	for (int i = first; i <= last; i++) {
		if (lua_isnil(L, i))
			continue;
		if (lua_type(L, i) != LUA_TSTRING && lua_type(L, i) != LUA_TNUMBER)
			ned_error(L, "program argument %d: string expected, got %s", i - first,
				  luaL_typename(L, i));
		if (n == MAX_ARGS)
			ned_error(L, "too many program arguments (at most %d)", MAX_ARGS);
		x->argv[n++] = lua_tostring(L, i); /* numbers become strings in place */
	}
	x->argv[n] = NULL;
	x->o.argv = x->argv;
}

/* envp from the table at idx ("key=value" strings, anchored in a table
 * left on the stack). */
static void exec_env(lua_State *L, int idx, struct exec *x)
{
	unsigned n = 0;
	lua_newtable(L);
	int anchor = lua_gettop(L);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		if (lua_type(L, -2) != LUA_TSTRING ||
		    (lua_type(L, -1) != LUA_TSTRING && lua_type(L, -1) != LUA_TNUMBER))
			ned_error(L, "POSIX environment: string keys and string values expected "
				  "(got %s = %s)", luaL_typename(L, -2), luaL_typename(L, -1));
		if (n == MAX_ENV)
			ned_error(L, "too many environment variables (at most %d)", MAX_ENV);
		lua_pushfstring(L, "%s=%s", lua_tostring(L, -2), lua_tostring(L, -1));
		x->envp[n++] = lua_tostring(L, -1);
		lua_rawseti(L, anchor, (lua_Integer)n);
		lua_pop(L, 1);
	}
	x->envp[n] = NULL;
	x->o.envp = x->envp;
}

/* The tag for exit reports: env.log_args[1] (the log tag), else the
 * program's file name. */
static void exec_tag(lua_State *L, int env, const char *prog, struct exec *x)
{
	int top = lua_gettop(L);
	const char *tag = NULL;
	if (lua_getfield(L, env, "log_args") == LUA_TTABLE && lua_rawgeti(L, -1, 1) == LUA_TSTRING)
		tag = lua_tostring(L, -1);
	if (!tag) {
		const char *slash = strrchr(prog, '/');
		tag = slash ? slash + 1 : prog;
	}
	snprintf(x->tag, sizeof(x->tag), "%s", tag);
	lua_settop(L, top);
}

static int l4_exec(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	const char *prog = luaL_checkstring(L, 2);
	int last = lua_gettop(L);
	int env_tab = last > 2 && lua_istable(L, last) ? last : 0;
	struct exec *x = lua_newuserdatauv(L, sizeof(*x), 0); /* freed by the GC */
	memset(x, 0, sizeof(*x));
	const l4re_env_t *e = l4re_env();
	cfg_integer(L, 1, "l4re_dbg");
	cfg_integer(L, 1, "ldr_flags");
	x->o.factory = cap_or(L, 1, "factory", e->factory);
	x->o.mem = cap_or(L, 1, "mem", e->mem_alloc);
	x->o.rm_fab = cap_or(L, 1, "rm_fab", e->mem_alloc);
	x->o.scheduler = cap_or(L, 1, "scheduler", e->scheduler);
	x->o.log = cap_or(L, 1, "log", e->log);
	cfg_caps(L, 1, x);
	exec_args(L, 2, env_tab ? env_tab - 1 : last, x);
	if (env_tab)
		exec_env(L, env_tab, x);
	exec_tag(L, 1, prog, x);
	l4_cap_idx_t bin = find_binary(L, 1, prog);
	struct ned_app *app;
	char msg[128];
	long r = ned_app_start(bin, &x->o, x->tag, &app, msg, sizeof(msg));
	l4re_util_cap_free_um(bin); /* the loader copied what it needs */
	if (r < 0)
		return ned_error(L, "could not start '%s': %s (%s, %d)", prog, msg, l4sys_errtostr(r),
				 (int)r);
	ned_task_push(L, app);
	return 1;
}

void ned_exec_open(lua_State *L)
{
	lua_pushcfunction(L, l4_exec);
	lua_setfield(L, -2, "exec");
}
