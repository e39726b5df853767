/* Task objects, what L4.exec (and so ldr:start) returns, with L4Re's
 * methods: t:state() ("running", "zombie"), t:exit_code(), t:wait()
 * (blocks the script until the program exits; other programs go on) and
 * t:kill(). wait and kill end the object's use: afterwards every method
 * answers nil, as in L4Re. */
#include "ned.h"

#define TASK_MT "L4_NED_APP_TASK"

struct ned_task {
	struct ned_app *app; /* NULL once waited for or killed */
};

static struct ned_task *check_task(lua_State *L)
{
	return luaL_checkudata(L, 1, TASK_MT);
}

static void zap(struct ned_task *t)
{
	ned_app_put(t->app);
	t->app = NULL;
}

static int task_state(lua_State *L)
{
	struct ned_task *t = check_task(L);
	long code;
	if (!t->app) {
		lua_pushnil(L);
		return 1;
	}
	switch (ned_app_state(t->app, &code)) {
	case NED_APP_RUNNING: lua_pushliteral(L, "running"); break;
	case NED_APP_ZOMBIE: lua_pushliteral(L, "zombie"); break;
	default: lua_pushliteral(L, "dead"); break;
	}
	return 1;
}

/* The exit code of a program that exited; nil while it runs. */
static int task_exit_code(lua_State *L)
{
	struct ned_task *t = check_task(L);
	long code;
	if (t->app && ned_app_state(t->app, &code) == NED_APP_ZOMBIE)
		lua_pushinteger(L, code);
	else
		lua_pushnil(L);
	return 1;
}

static int task_wait(lua_State *L)
{
	struct ned_task *t = check_task(L);
	long code;
	if (!t->app) {
		lua_pushnil(L);
		return 1;
	}
	ned_app_wait(t->app);
	if (ned_app_state(t->app, &code) == NED_APP_ZOMBIE)
		lua_pushinteger(L, code);
	else
		lua_pushnil(L);
	zap(t);
	return 1;
}

/* Kills a running program ("killed"); for one that exited, its exit code. */
static int task_kill(lua_State *L)
{
	struct ned_task *t = check_task(L);
	long code;
	if (!t->app) {
		lua_pushnil(L);
		return 1;
	}
	if (ned_app_kill(t->app) == 0)
		lua_pushliteral(L, "killed");
	else if (ned_app_state(t->app, &code) == NED_APP_ZOMBIE)
		lua_pushinteger(L, code);
	else
		lua_pushnil(L);
	zap(t);
	return 1;
}

static int task_gc(lua_State *L)
{
	struct ned_task *t = check_task(L);
	if (t->app)
		zap(t);
	return 0;
}

static int task_tostring(lua_State *L)
{
	struct ned_task *t = check_task(L);
	if (t->app)
		lua_pushfstring(L, "L4::Task<%s>[%p]", t->app->tag, (void *)t->app);
	else
		lua_pushliteral(L, "L4::Task<>::Done");
	return 1;
}

static struct ned_app *other(lua_State *L)
{
	struct ned_task *t = luaL_checkudata(L, 2, TASK_MT);
	return t->app;
}

static int task_eq(lua_State *L)
{
	lua_pushboolean(L, check_task(L)->app == other(L));
	return 1;
}

static int task_lt(lua_State *L)
{
	lua_pushboolean(L, check_task(L)->app < other(L));
	return 1;
}

static int task_le(lua_State *L)
{
	lua_pushboolean(L, check_task(L)->app <= other(L));
	return 1;
}

void ned_task_push(lua_State *L, struct ned_app *app)
{
	struct ned_task *t = lua_newuserdatauv(L, sizeof(*t), 0);
	t->app = app;
	luaL_setmetatable(L, TASK_MT);
}

static const luaL_Reg task_methods[] = {
	{ "state", task_state },
	{ "exit_code", task_exit_code },
	{ "wait", task_wait },
	{ "kill", task_kill },
	{ NULL, NULL },
};

static const luaL_Reg task_meta[] = {
	{ "__gc", task_gc },
	{ "__eq", task_eq },
	{ "__lt", task_lt },
	{ "__le", task_le },
	{ "__tostring", task_tostring },
	{ NULL, NULL },
};

void ned_task_open(lua_State *L)
{
	luaL_newmetatable(L, TASK_MT);
	luaL_setfuncs(L, task_meta, 0);
	lua_newtable(L);
	luaL_setfuncs(L, task_methods, 0);
	lua_setfield(L, -2, "__index");
	lua_pop(L, 1);
}
