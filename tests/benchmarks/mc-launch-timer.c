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
 *   {"map_ms":…,"first_frame_ms":…,"balance_ms":…,"cpu_map_ms":…,"cpu_balance_ms":…,
 *    "longest_stall_ms":…,"rss_kib":…,"rss_anon_kib":…,"rss_file_kib":…,"rss_shmem_kib":…}
 *
 * (rss_shmem_kib is mostly cairo's MIT-SHM pool for uploading frames to the
 * X server, which grows with the area repainted.)
 *
 * Times are from just before fork(). cpu_* is the CPU time COMMAND had used
 * (all its threads, /proc/PID/task/TID/schedstat) when the map or the mark
 * was seen: on a loaded machine it says more about our work than the clock.
 * A window counts if its _NET_WM_PID is COMMAND's or a descendant's (COMMAND
 * may be a wrapper: perf, heaptrack), but CPU time and RSS are COMMAND's own.
 *
 * It exits 1 (with "error" in the JSON) when no toplevel maps, no
 * balance-shown mark arrives, or COMMAND dies, within --timeout SECONDS (30).
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

#include <dirent.h>

#include <X11/Xatom.h>
#include <X11/Xlib.h>

typedef struct
{
  long long map_us;            /* -1 until seen */
  long long first_frame_us;
  long long balance_us;
  long long longest_stall_us;
  long long cpu_map_us;
  long long cpu_balance_us;
  long      rss_kib;
  long      rss_parts_kib[3];  /* RssAnon, RssFile, RssShmem */
  pid_t     pid;
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

/* Whether process is pid or started by it (COMMAND may be a wrapper: perf,
 * heaptrack, valgrind). */
static int
is_from (long  process,
         pid_t pid)
{
  for (int depth = 0; depth < 16 && process > 1; depth++)
    {
      char path[64];
      char line[512];
      char *close_paren;
      long parent = 0;
      FILE *f;

      if (process == pid)
        return 1;
      snprintf (path, sizeof path, "/proc/%ld/stat", process);
      f = fopen (path, "r");
      if (f == NULL)
        return 0;
      close_paren = fgets (line, sizeof line, f) != NULL ? strrchr (line, ')') : NULL;
      fclose (f);
      /* "PID (COMM) STATE PPID …" */
      if (close_paren == NULL || sscanf (close_paren + 1, " %*c %ld", &parent) != 1)
        return 0;
      process = parent;
    }

  return 0;
}

/* CPU time used so far by every thread of pid, in µs, or -1. */
static long long
cpu_time_us (pid_t pid)
{
  char path[64];
  struct dirent *entry;
  long long total = 0;
  DIR *dir;

  snprintf (path, sizeof path, "/proc/%d/task", (int) pid);
  dir = opendir (path);
  if (dir == NULL)
    return -1;
  while ((entry = readdir (dir)) != NULL)
    {
      char stat_path[384];
      unsigned long long ns;
      FILE *f;

      if (entry->d_name[0] == '.')
        continue;
      snprintf (stat_path, sizeof stat_path, "%s/%s/schedstat", path, entry->d_name);
      f = fopen (stat_path, "r");
      if (f == NULL)
        continue;
      if (fscanf (f, "%llu", &ns) == 1)
        total += (long long) (ns / 1000);
      fclose (f);
    }
  closedir (dir);

  return total;
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
                {
                  result->balance_us = a - start_us;
                  result->cpu_balance_us = cpu_time_us (result->pid);
                }
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

static void
read_rss_kib (pid_t   pid,
              Result *result)
{
  char path[64];
  char line[256];
  FILE *f;

  snprintf (path, sizeof path, "/proc/%d/status", (int) pid);
  f = fopen (path, "r");
  if (f == NULL)
    return;
  while (fgets (line, sizeof line, f) != NULL)
    {
      sscanf (line, "VmRSS: %ld kB", &result->rss_kib);
      sscanf (line, "RssAnon: %ld kB", &result->rss_parts_kib[0]);
      sscanf (line, "RssFile: %ld kB", &result->rss_parts_kib[1]);
      sscanf (line, "RssShmem: %ld kB", &result->rss_parts_kib[2]);
    }
  fclose (f);
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
  Result result = { -1, -1, -1, 0, -1, -1, -1, { -1, -1, -1 }, 0, "", 0 };
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
  result.pid = pid;
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

              if (owner == 0 || is_from (owner, pid))
                {
                  result.map_us = seen - start_us;
                  result.cpu_map_us = cpu_time_us (pid);
                }
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
    read_rss_kib (pid, &result);
  if (!exited)
    status = end_child (pid);
  if (pipe_open)
    read_marks (pipe_fds[0], start_us, &result, &pipe_open);

  printf ("{");
  print_ms ("map_ms", result.map_us);
  print_ms ("first_frame_ms", result.first_frame_us);
  print_ms ("balance_ms", result.balance_us);
  print_ms ("cpu_map_ms", result.cpu_map_us);
  if (marks)
    {
      print_ms ("cpu_balance_ms", result.cpu_balance_us);
      print_ms ("longest_stall_ms", result.longest_stall_us);
    }
  if (result.rss_kib >= 0)
    printf ("\"rss_kib\":%ld,\"rss_anon_kib\":%ld,\"rss_file_kib\":%ld,\"rss_shmem_kib\":%ld,",
            result.rss_kib, result.rss_parts_kib[0], result.rss_parts_kib[1],
            result.rss_parts_kib[2]);
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
