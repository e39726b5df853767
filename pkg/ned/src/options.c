/* ned's command line, as L4Re's ned takes it:
 *   [-i|--interactive] [--noexit] [-e|--execute STMT]... [-c|--cmdcap CAP]
 *   [--] <script> [arguments for the script]
 * Options end at the first non-option word, which names the script. */
#include "ned.h"

#include <string.h>

static void add_exec(struct ned_options *o, const char *stmt)
{
	if (o->n_exec == NED_MAX_EXEC) {
		ned_msg("too many -e statements (at most %d): '%s' ignored", NED_MAX_EXEC, stmt);
		return;
	}
	o->exec[o->n_exec++] = stmt;
}

/* The argument of an option that takes one: "--opt=value", "-ovalue" or
 * the next word. Advances *i past what it used; NULL if there is none. */
static const char *opt_arg(int argc, char *const *argv, int *i, const char *rest)
{
	if (rest && *rest)
		return rest;
	if (*i + 1 < argc)
		return argv[++*i];
	return NULL;
}

/* One option word at argv[*i]; returns 1 at "--" (options end). */
static int parse_one(struct ned_options *o, int argc, char *const *argv, int *i)
{
	const char *w = argv[*i];
	if (!strcmp(w, "--"))
		return 1;
	if (!strcmp(w, "-i") || !strcmp(w, "--interactive")) {
		o->interactive = true;
	} else if (!strcmp(w, "--noexit")) {
		o->noexit = true;
	} else if (!strncmp(w, "-e", 2) || !strncmp(w, "--execute", 9)) {
		const char *rest = w[1] == 'e' ? w + 2 : w + 9;
		if (w[1] == '-' && *rest && *rest != '=')
			goto unknown;
		const char *stmt = opt_arg(argc, argv, i, *rest == '=' ? rest + 1 : rest);
		if (stmt)
			add_exec(o, stmt);
		else
			ned_msg("option '%s' needs a Lua statement", w);
	} else if (!strncmp(w, "-c", 2) || !strncmp(w, "--cmdcap", 8)) {
		const char *rest = w[1] == 'c' ? w + 2 : w + 8;
		const char *cap = opt_arg(argc, argv, i, *rest == '=' ? rest + 1 : rest);
		ned_msg("option '%s': the command channel (L4Re::Ned::Cmd_control) is not "
			"supported; '%s' ignored", w, cap ? cap : "");
	} else {
unknown:
		ned_msg("unknown option '%s' ignored", w);
	}
	return 0;
}

void ned_options_parse(struct ned_options *o, int argc, char *const *argv)
{
	memset(o, 0, sizeof(*o));
	int i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++)
		if (parse_one(o, argc, argv, &i)) {
			i++;
			break;
		}
	if (i < argc) {
		o->script = argv[i];
		o->script_argc = argc - i;
		o->script_argv = argv + i;
	} else {
		/* No script: the prompt, as in L4Re. */
		o->interactive = true;
	}
}
