/* ned, the init process: moe starts it with the scenario's script
 * (roottask moe rom/<scenario>.cfg). The main thread serves the parent
 * objects of the programs ned starts; a second thread, with a stack large
 * enough for Lua, runs the script and then the prompt if asked for. */
#include "ned.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

enum { LUA_STACK_SIZE = 512 * 1024 };

void ned_msg(const char *fmt, ...)
{
	char buf[512];
	int n = snprintf(buf, sizeof(buf), "ned: ");
	va_list ap;
	va_start(ap, fmt);
	int m = vsnprintf(buf + n, sizeof(buf) - n - 1, fmt, ap);
	va_end(ap);
	if (m < 0)
		m = 0;
	n += m < (int)(sizeof(buf) - n - 1) ? m : (int)(sizeof(buf) - n - 2);
	buf[n++] = '\n';
	ned_console_msg(buf, (size_t)n);
}

static void *lua_thread(void *arg)
{
	const struct ned_options *o = arg;
	lua_State *L = ned_lua_new();
	if (L)
		ned_lua_run(L, o);
	/* The state stays: the programs' task objects live in it. */
	return NULL;
}

static int start_lua_thread(struct ned_options *o)
{
	pthread_attr_t a;
	pthread_t t;
	int r = pthread_attr_init(&a);
	if (r == 0)
		r = pthread_attr_setstacksize(&a, LUA_STACK_SIZE);
	if (r == 0)
		r = pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	if (r == 0)
		r = pthread_create(&t, &a, lua_thread, o);
	pthread_attr_destroy(&a);
	return r;
}

int main(int argc, char **argv)
{
	static struct ned_options o;
	ned_msg("Walnut ned, %s", LUA_RELEASE);
	ned_options_parse(&o, argc, argv);
	long r = ned_server_init();
	if (r < 0) {
		ned_msg("cannot set up the server (%ld)", r);
		return 1;
	}
	int e = start_lua_thread(&o);
	if (e) {
		ned_msg("cannot start the Lua thread (error %d)", e);
		return 1;
	}
	ned_server_loop();
}
