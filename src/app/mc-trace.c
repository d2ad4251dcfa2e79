/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "mc-trace.h"
#include "mc-util.h"

#define WATCH_INTERVAL_MS 5
#define STALL_REPORT_US   8000

static int trace_fd = -1;
static gint64 watch_due;

static void
write_line (const char *line)
{
  gsize length = strlen (line);

  while (length > 0)
    {
      gssize written = write (trace_fd, line, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        {
          /* The reader went away: stop tracing rather than fail. */
          trace_fd = -1;
          return;
        }
      line += written;
      length -= (gsize) written;
    }
}

static gboolean
watch_cb (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 late = now - watch_due;

  if (trace_fd < 0)
    return G_SOURCE_REMOVE;

  if (late > STALL_REPORT_US)
    {
      char line[64];

      g_snprintf (line, sizeof line, "stall %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", late, now);
      write_line (line);
    }
  watch_due = now + WATCH_INTERVAL_MS * 1000;

  return G_SOURCE_CONTINUE;
}

void
mc_trace_init (void)
{
  const char *value = g_getenv ("MESSAGE_CREDITS_TRACE_FD");
  gint64 fd;
  char *end = NULL;

  if (value == NULL || trace_fd >= 0)
    return;

  fd = g_ascii_strtoll (value, &end, 10);
  /* Children (the demo service, a browser) get neither the variable nor
   * the descriptor. */
  g_unsetenv ("MESSAGE_CREDITS_TRACE_FD");
  if (end == value || *end != '\0' || fd < 3 || fd > G_MAXINT || fcntl ((int) fd, F_GETFD) < 0)
    return;

  trace_fd = (int) fd;
  fcntl (trace_fd, F_SETFD, FD_CLOEXEC);

  watch_due = g_get_monotonic_time () + WATCH_INTERVAL_MS * 1000;
  g_timeout_add_full (G_PRIORITY_DEFAULT, WATCH_INTERVAL_MS, watch_cb, NULL, NULL);
}

gboolean
mc_trace_enabled (void)
{
  return trace_fd >= 0;
}

void
mc_trace_mark (const char *name)
{
  char line[128];

  if (trace_fd < 0)
    return;

  g_snprintf (line, sizeof line, "mark %s %" G_GINT64_FORMAT "\n", name, g_get_monotonic_time ());
  write_line (line);
}

static void
mark_cb (gpointer widget,
         gpointer name)
{
  mc_trace_mark (name);
}

static void
map_cb (GtkWidget *widget,
        gpointer   name)
{
  g_signal_handlers_disconnect_by_func (widget, map_cb, name);
  mc_widget_after_paint (widget, mark_cb, widget, name);
}

/**
 * mc_trace_mark_after_paint:
 * @widget: a widget whose new content is what the mark is about
 * @name: (not nullable): the mark, a string that lives as long as the app
 *   (a literal)
 *
 * Marks @name once the frame that draws @widget as it is now has been
 * painted (once @widget is mapped, if it is not yet).
 */
void
mc_trace_mark_after_paint (GtkWidget  *widget,
                           const char *name)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (name != NULL);

  if (trace_fd < 0)
    return;

  if (gtk_widget_get_mapped (widget))
    map_cb (widget, (gpointer) name);
  else
    g_signal_connect (widget, "map", G_CALLBACK (map_cb), (gpointer) name);
}
