/*
 * check_notes.c — the presenter's socket: strict step messages, a private
 * folder or nothing, a listener following the steps, a stale socket
 * replaced, a second presenter refused, the presenter's end seen.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "notes.h"
#include "suites.h"
#include "util.h"

static char dir[64];

static void
setup(void)
{
	strcpy(dir, "/tmp/lockstep-notes-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	setenv("XDG_RUNTIME_DIR", dir, 1);
}

START_TEST(parse_strict)
{
	static const char *const bad[] = {
		"", "step", "step gil", "step gil ", "step  gil s1", "step gil s1 x",
		"step Gil s1", "step gil s_1", "step ../x s1", "steps gil s1",
		"step gil s1\x1b[2J", "step 0123456789012345678901234567890123456789x s1",
	};
	char l[NOTES_ID_MAX], s[NOTES_ID_MAX];

	ck_assert_int_eq(notes_parse("step race-lock lost", l, s), 0);
	ck_assert_str_eq(l, "race-lock");
	ck_assert_str_eq(s, "lost");
	for (size_t i = 0; i < nitems(bad); i++)
		ck_assert_msg(notes_parse(bad[i], l, s) == -1, "accepted '%s'", bad[i]);
}
END_TEST

START_TEST(private_folder)
{
	char path[108], err[256], sub[128];

	setup();
	ck_assert_int_eq(notes_socket_path(path, sizeof path, err, sizeof err), 0);
	xsnprintf(sub, sizeof sub, "%s/lockstep/present.sock", dir);
	ck_assert_str_eq(path, sub);
	/* A folder others may enter is refused. */
	xsnprintf(sub, sizeof sub, "%s/lockstep", dir);
	ck_assert_int_eq(chmod(sub, 0755), 0);
	ck_assert_int_eq(notes_socket_path(path, sizeof path, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "not a private folder"));
	/* So is a link to one. */
	rmdir(sub);
	ck_assert_int_eq(symlink("/tmp", sub), 0);
	ck_assert_int_eq(notes_socket_path(path, sizeof path, err, sizeof err), -1);
	unlink(sub);
	/* Without XDG_RUNTIME_DIR: a private folder under $TMPDIR. */
	unsetenv("XDG_RUNTIME_DIR");
	setenv("TMPDIR", dir, 1);
	ck_assert_int_eq(notes_socket_path(path, sizeof path, err, sizeof err), 0);
	xsnprintf(sub, sizeof sub, "%s/lockstep-%u/present.sock", dir, (unsigned)getuid());
	ck_assert_str_eq(path, sub);
	unsetenv("TMPDIR");
}
END_TEST

/* Poll the client until it reports something other than 0 (or gives up). */
static int
wait_msg(struct notes_server *s, struct notes_client *c, char *l, char *st)
{
	for (int i = 0; i < 200; i++) {
		int rc;

		notes_server_poll(s);
		if ((rc = notes_client_poll(c, l, st)) != 0)
			return rc;
		sleep_ns(5000000);
	}
	return 0;
}

START_TEST(follow_steps)
{
	struct notes_server s, s2;
	struct notes_client c;
	char path[108], err[256], l[NOTES_ID_MAX], st[NOTES_ID_MAX];
	struct stat sb;

	setup();
	ck_assert_int_eq(notes_socket_path(path, sizeof path, err, sizeof err), 0);
	notes_client_init(&c);
	ck_assert_int_eq(notes_client_connect(&c, path), -1);	/* no presenter yet */
	ck_assert_int_eq(notes_server_open(&s, path, err, sizeof err), 0);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 077, 0);
	notes_server_send(&s, "gil", "convoy");
	ck_assert_int_eq(notes_client_connect(&c, path), 0);
	/* A new listener is told where the presenter is. */
	ck_assert_int_eq(wait_msg(&s, &c, l, st), 1);
	ck_assert_str_eq(l, "gil");
	ck_assert_str_eq(st, "convoy");
	notes_server_send(&s, "gil", "free");
	ck_assert_int_eq(wait_msg(&s, &c, l, st), 1);
	ck_assert_str_eq(st, "free");
	/* What a listener would refuse is never sent. */
	notes_server_send(&s, "gil", "bad step");
	ck_assert_int_eq(wait_msg(&s, &c, l, st), 0);
	/* A second presenter is refused while the first runs. */
	ck_assert_int_eq(notes_server_open(&s2, path, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "already running"));
	/* The presenter quits: the listener sees it. */
	notes_server_close(&s);
	ck_assert_int_eq(notes_client_poll(&c, l, st), -1);
	ck_assert_int_eq(c.fd, -1);
	ck_assert_int_eq(access(path, F_OK), -1);
	notes_client_close(&c);
}
END_TEST

START_TEST(stale_socket)
{
	struct notes_server s;
	struct notes_client c;
	struct sockaddr_un sa;
	char path[108], err[256], l[NOTES_ID_MAX], st[NOTES_ID_MAX];
	int fd;

	setup();
	ck_assert_int_eq(notes_socket_path(path, sizeof path, err, sizeof err), 0);
	/* A crashed presenter's socket: bound, never listened to again. */
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	close(fd);
	ck_assert_int_eq(access(path, F_OK), 0);
	ck_assert_int_eq(notes_server_open(&s, path, err, sizeof err), 0);
	notes_server_send(&s, "race-lock", "lost");
	notes_client_init(&c);
	ck_assert_int_eq(notes_client_connect(&c, path), 0);
	ck_assert_int_eq(wait_msg(&s, &c, l, st), 1);
	ck_assert_str_eq(l, "race-lock");
	notes_client_close(&c);
	notes_server_close(&s);
}
END_TEST

START_TEST(junk_from_server)
{
	struct notes_client c;
	char l[NOTES_ID_MAX], st[NOTES_ID_MAX];
	int sv[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	notes_client_init(&c);
	c.fd = sv[0];
	ck_assert_int_eq(write(sv[1], "step gil s1\nrm -rf /\n", 21), 21);
	/* The good line is taken, the junk closes the line. */
	ck_assert_int_eq(notes_client_poll(&c, l, st), -1);
	ck_assert_int_eq(c.fd, -1);
	close(sv[1]);
}
END_TEST

Suite *
notes_suite(void)
{
	Suite *s = suite_create("notes");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, parse_strict);
	tcase_add_test(tc, private_folder);
	tcase_add_test(tc, follow_steps);
	tcase_add_test(tc, stale_socket);
	tcase_add_test(tc, junk_from_server);
	suite_add_tcase(s, tc);
	return s;
}
