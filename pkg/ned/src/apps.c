/* The programs ned started. ned's main thread is a server (pkg/l4srv)
 * that holds one parent object per running program; a program's exit
 * signal arrives there, is reported ("ned: 'tag' exited with status N"),
 * and the program's task and memory are released at once. The Lua thread
 * starts programs, waits for them and kills them through the functions
 * below; one lock covers the apps and the parent pool. */
#include "ned.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <l4/re/env.h>
#include <l4/srv/srv.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;

static struct l4srv_server srv;
static struct l4srv_obj *objs[NED_MAX_RUNNING + 1];

/* The parent objects, registered before the server loop runs (the
 * registry belongs to the server thread). A parent is taken round-robin,
 * so that a stale signal of a killed program cannot meet the parent's
 * next user soon after. Under lock: used[], next, parents[].priv. */
static struct ldr_parent parents[NED_MAX_RUNNING];
static bool used[NED_MAX_RUNNING];
static unsigned next;

static struct ldr_parent *parent_get(void)
{
	for (unsigned n = 0; n < NED_MAX_RUNNING; n++) {
		unsigned i = (next + n) % NED_MAX_RUNNING;
		if (!used[i]) {
			used[i] = true;
			next = i + 1;
			return &parents[i];
		}
	}
	return NULL;
}

static void parent_put(struct ldr_parent *p)
{
	p->priv = NULL;
	used[p - parents] = false;
}

/* Under lock: frees app when nobody refers to it any more. */
static void app_unref(struct ned_app *app)
{
	if (--app->refs == 0)
		free(app);
}

/* Under lock: the program is gone (exit or kill): task, thread, region
 * map and memory are released, the parent object goes back. */
static void app_end(struct ned_app *app, enum ned_app_state state)
{
	ldr_app_kill(&app->ldr);
	app->state = state;
	parent_put(app->parent);
	app->parent = NULL;
	app_unref(app); /* the running program's reference */
	pthread_cond_broadcast(&changed);
}

/* The exit signal (server thread). The program waits for the answer; its
 * task is deleted first, which the loop's failed reply tolerates. The
 * report comes before a waiting script wakes up, so that what the script
 * prints next follows it. */
static void exited(struct ldr_parent *p)
{
	pthread_mutex_lock(&lock);
	struct ned_app *app = p->priv;
	if (app && app->state == NED_APP_RUNNING) {
		ned_msg("'%s' exited with status %ld", app->tag, p->status);
		app->exit_code = p->status;
		app_end(app, NED_APP_ZOMBIE);
	}
	pthread_mutex_unlock(&lock);
}

long ned_server_init(void)
{
	l4re_env_t *e = l4re_env();
	long r = l4srv_server_init(&srv, e->main_thread, e->factory, NULL, objs,
				   NED_MAX_RUNNING + 1);
	for (unsigned i = 0; r == 0 && i < NED_MAX_RUNNING; i++) {
		parents[i].on_exit = exited;
		r = ldr_parent_register(&parents[i], &srv, e->factory, L4_INVALID_CAP, NULL);
	}
	return r;
}

void ned_server_loop(void)
{
	l4srv_loop(&srv);
}

long ned_app_start(l4re_ds_t bin, struct ldr_opts *o, const char *tag, struct ned_app **out,
		   char *msg, size_t msg_size)
{
	struct ned_app *app = calloc(1, sizeof(*app));
	if (!app) {
		snprintf(msg, msg_size, "out of memory");
		return -L4_ENOMEM;
	}
	snprintf(app->tag, sizeof(app->tag), "%s", tag);
	/* Held across the start: an exit signal of the new program waits
	 * until its app is complete. */
	pthread_mutex_lock(&lock);
	app->parent = parent_get();
	if (!app->parent) {
		pthread_mutex_unlock(&lock);
		free(app);
		snprintf(msg, msg_size, "too many programs running (at most %d)", NED_MAX_RUNNING);
		return -L4_EAGAIN;
	}
	app->parent->priv = app;
	o->parent = app->parent;
	o->parent_cap = L4_INVALID_CAP;
	long r = ldr_app_start(&app->ldr, bin, o);
	if (r < 0) {
		snprintf(msg, msg_size, "%s", app->ldr.msg);
		parent_put(app->parent);
		pthread_mutex_unlock(&lock);
		free(app);
		return r;
	}
	app->state = NED_APP_RUNNING;
	app->refs = 2; /* the caller and the running program */
	pthread_mutex_unlock(&lock);
	*out = app;
	return 0;
}

enum ned_app_state ned_app_wait(struct ned_app *app)
{
	pthread_mutex_lock(&lock);
	while (app->state == NED_APP_RUNNING)
		pthread_cond_wait(&changed, &lock);
	enum ned_app_state s = app->state;
	pthread_mutex_unlock(&lock);
	return s;
}

enum ned_app_state ned_app_state(struct ned_app *app, long *exit_code)
{
	pthread_mutex_lock(&lock);
	enum ned_app_state s = app->state;
	*exit_code = app->exit_code;
	pthread_mutex_unlock(&lock);
	return s;
}

long ned_app_kill(struct ned_app *app)
{
	long r = -L4_EINVAL;
	pthread_mutex_lock(&lock);
	if (app->state == NED_APP_RUNNING) {
		app_end(app, NED_APP_KILLED);
		r = 0;
	}
	pthread_mutex_unlock(&lock);
	return r;
}

void ned_app_put(struct ned_app *app)
{
	pthread_mutex_lock(&lock);
	app_unref(app);
	pthread_mutex_unlock(&lock);
}
