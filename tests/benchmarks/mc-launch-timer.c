/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * mc-launch-timer [--marks] [--settle SECONDS] [--timeout SECONDS] -- COMMAND [ARG…]
 *
 * Times one start of COMMAND on $DISPLAY the way testing.md says: with
 * SubstructureNotifyMask selected on the root window, it notes
 * CLOCK_MONOTONIC, forks and execs COMMAND, and waits for the X MapNotify of
 * its first toplevel (not override-redirect). With --marks, COMMAND gets a
 * pipe as MESSAGE_CREDITS_TRACE_FD and its marks (src/app/mc-trace.h) are
 * read from it; the "balance-shown" mark is then required. SECONDS (2) after
 * the balance shows (without --marks: after the first map), it reads VmRSS
 * from /proc, ends COMMAND with SIGTERM, and prints one JSON line:
 *
 *   {"map_ms":…,"first_frame_ms":…,"balance_ms":…,"rss_kib":…,"longest_stall_ms":…}
 *
 * Times are from just before fork(). It exits 1 (with "error" in the JSON)
 * when no toplevel maps, no balance-shown mark arrives, or COMMAND dies,
 * within --timeout SECONDS (30).
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <X11/Xatom.h>
#include <X11/Xlib.h>

typedef struct
{
  long long map_us;            /* -1 until seen */
  long long first_frame_us;
  long long balance_us;
  long long longest_stall_us;
  long      rss_kib;
  char      line[256];         /* a partial line from the pipe */
  size_t    line_length;
} Result;

static long long
now_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (long long) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int
ignore_x_error (Display     *display,
                XErrorEvent *event)
{
  (void) display;
  (void) event;
  /* A window that went away before we looked at it. */
  return 0;
}

/* The pid a toplevel says it belongs to (_NET_WM_PID), or 0 if it does not say. */
static long
window_pid (Display *display,
            Window   window)
{
  Atom pid_atom = XInternAtom (display, "_NET_WM_PID", False);
  Atom type = None;
  int format = 0;
  unsigned long items = 0, after = 0;
  unsigned char *data = NULL;
  long pid = 0;

  if (XGetWindowProperty (display, window, pid_atom, 0, 1, False, XA_CARDINAL, &type, &format,
                          &items, &after, &data) == Success &&
      data != NULL && type == XA_CARDINAL && format == 32 && items == 1)
    pid = *(long *) data;
  if (data != NULL)
    XFree (data);

  return pid;
}

static void
read_marks (int        fd,
            long long  start_us,
            Result    *result,
            int       *open_fd)
{
  char buffer[4096];
  ssize_t got;

  while ((got = read (fd, buffer, sizeof buffer)) != 0)
    {
      if (got < 0)
        {
          if (errno == EINTR)
            continue;
          if (errno != EAGAIN)
            *open_fd = 0;
          return;
        }

      for (ssize_t i = 0; i < got; i++)
        {
          char name[64];
          long long a, b;

          if (buffer[i] != '\n')
            {
              if (result->line_length < sizeof result->line - 1)
                result->line[result->line_length++] = buffer[i];
              continue;
            }
          result->line[result->line_length] = '\0';
          result->line_length = 0;

          if (sscanf (result->line, "mark %63s %lld", name, &a) == 2)
            {
              if (strcmp (name, "first-frame") == 0 && result->first_frame_us < 0)
                result->first_frame_us = a - start_us;
              else if (strcmp (name, "balance-shown") == 0 && result->balance_us < 0)
                result->balance_us = a - start_us;
            }
          else if (sscanf (result->line, "stall %lld %lld", &a, &b) == 2)
            {
              if (a > result->longest_stall_us)
                result->longest_stall_us = a;
            }
        }
    }

  /* End of file: the child closed it (or died). */
  *open_fd = 0;
}

static void
print_ms (const char *key,
          long long   us)
{
  if (us < 0)
    printf ("\"%s\":null,", key);
  else
    printf ("\"%s\":%.1f,", key, us / 1000.0);
}

static long
read_rss_kib (pid_t pid)
{
  char path[64];
  char line[256];
  long rss = -1;
  FILE *f;

  snprintf (path, sizeof path, "/proc/%d/status", (int) pid);
  f = fopen (path, "r");
  if (f == NULL)
    return -1;
  while (fgets (line, sizeof line, f) != NULL)
    if (sscanf (line, "VmRSS: %ld kB", &rss) == 1)
      break;
  fclose (f);

  return rss;
}

static int
end_child (pid_t pid)
{
  int status = 0;

  kill (pid, SIGTERM);
  for (int i = 0; i < 100; i++)
    {
      pid_t done = waitpid (pid, &status, WNOHANG);

      if (done == pid)
        return status;
      usleep (50000);
    }
  kill (pid, SIGKILL);
  waitpid (pid, &status, 0);

  return status;
}

static void
usage (void)
{
  fprintf (stderr, "usage: mc-launch-timer [--marks] [--settle SECONDS] [--timeout SECONDS] "
                   "-- COMMAND [ARG…]\n");
  exit (2);
}

int
main (int   argc,
      char *argv[])
{
  Result result = { -1, -1, -1, 0, -1, "", 0 };
  const char *error = NULL;
  double settle_s = 2.0, timeout_s = 30.0;
  int marks = 0;
  int pipe_fds[2] = { -1, -1 };
  int pipe_open = 0;
  long long start_us, settle_from_us = -1, deadline_us;
  Display *display;
  Window root;
  pid_t pid;
  int status, exited = 0;
  int i;

  for (i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--marks") == 0)
        marks = 1;
      else if (strcmp (argv[i], "--settle") == 0 && i + 1 < argc)
        settle_s = atof (argv[++i]);
      else if (strcmp (argv[i], "--timeout") == 0 && i + 1 < argc)
        timeout_s = atof (argv[++i]);
      else if (strcmp (argv[i], "--") == 0)
        {
          i++;
          break;
        }
      else
        usage ();
    }
  if (i >= argc || settle_s < 0 || timeout_s <= 0)
    usage ();

  display = XOpenDisplay (NULL);
  if (display == NULL)
    {
      fprintf (stderr, "mc-launch-timer: cannot open display %s\n", getenv ("DISPLAY"));
      return 2;
    }
  XSetErrorHandler (ignore_x_error);
  root = DefaultRootWindow (display);
  XSelectInput (display, root, SubstructureNotifyMask);
  XSync (display, False);

  if (marks)
    {
      char value[16];

      if (pipe (pipe_fds) != 0)
        {
          perror ("mc-launch-timer: pipe");
          return 2;
        }
      fcntl (pipe_fds[0], F_SETFD, FD_CLOEXEC);
      fcntl (pipe_fds[0], F_SETFL, O_NONBLOCK);
      snprintf (value, sizeof value, "%d", pipe_fds[1]);
      setenv ("MESSAGE_CREDITS_TRACE_FD", value, 1);
      pipe_open = 1;
    }
  else
    {
      unsetenv ("MESSAGE_CREDITS_TRACE_FD");
    }

  fflush (NULL);
  start_us = now_us ();
  pid = fork ();
  if (pid < 0)
    {
      perror ("mc-launch-timer: fork");
      return 2;
    }
  if (pid == 0)
    {
      /* The X connection is close-on-exec (Xlib sets it). */
      execvp (argv[i], argv + i);
      fprintf (stderr, "mc-launch-timer: cannot run %s: %s\n", argv[i], strerror (errno));
      _exit (127);
    }
  if (marks)
    close (pipe_fds[1]);

  deadline_us = start_us + (long long) (timeout_s * 1e6);
  for (;;)
    {
      struct pollfd fds[2];
      int nfds = 0;
      long long now, wake_us;
      int wait_ms;

      while (XPending (display) > 0)
        {
          XEvent event;

          XNextEvent (display, &event);
          if (event.type == MapNotify && result.map_us < 0 &&
              event.xmap.event == root && !event.xmap.override_redirect)
            {
              long long seen = now_us ();
              long owner = window_pid (display, event.xmap.window);

              if (owner == 0 || owner == pid)
                result.map_us = seen - start_us;
            }
        }

      if (pipe_open)
        read_marks (pipe_fds[0], start_us, &result, &pipe_open);

      if (settle_from_us < 0)
        {
          if (marks && result.balance_us >= 0)
            settle_from_us = start_us + result.balance_us;
          else if (!marks && result.map_us >= 0)
            settle_from_us = start_us + result.map_us;
          if (settle_from_us >= 0)
            deadline_us = settle_from_us + (long long) (settle_s * 1e6);
        }

      if (!exited && waitpid (pid, &status, WNOHANG) == pid)
        {
          exited = 1;
          error = "the program ended before it was measured";
          break;
        }

      now = now_us ();
      if (now >= deadline_us)
        {
          if (settle_from_us < 0)
            error = result.map_us < 0 ? "no toplevel window was mapped" :
                                        "no balance-shown mark arrived";
          else if (marks && result.map_us < 0)
            error = "no toplevel window was mapped";
          break;
        }

      /* Wake at the deadline, or every 50 ms to notice the child's end. */
      wake_us = deadline_us - now;
      wait_ms = (int) (wake_us / 1000) + 1;
      if (wait_ms > 50)
        wait_ms = 50;
      fds[nfds].fd = ConnectionNumber (display);
      fds[nfds].events = POLLIN;
      nfds++;
      if (pipe_open)
        {
          fds[nfds].fd = pipe_fds[0];
          fds[nfds].events = POLLIN;
          nfds++;
        }
      poll (fds, nfds, wait_ms);
    }

  if (error == NULL)
    result.rss_kib = read_rss_kib (pid);
  if (!exited)
    status = end_child (pid);
  if (pipe_open)
    read_marks (pipe_fds[0], start_us, &result, &pipe_open);

  printf ("{");
  print_ms ("map_ms", result.map_us);
  print_ms ("first_frame_ms", result.first_frame_us);
  print_ms ("balance_ms", result.balance_us);
  if (marks)
    print_ms ("longest_stall_ms", result.longest_stall_us);
  if (result.rss_kib >= 0)
    printf ("\"rss_kib\":%ld,", result.rss_kib);
  else
    printf ("\"rss_kib\":null,");
  if (WIFSIGNALED (status))
    printf ("\"signal\":%d", WTERMSIG (status));
  else
    printf ("\"exit\":%d", WEXITSTATUS (status));
  if (error != NULL)
    printf (",\"error\":\"%s\"", error);
  printf ("}\n");

  XCloseDisplay (display);

  return error == NULL ? 0 : 1;
}
