/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "mc-util.h"

void
mc_widget_set_accessible_label (GtkWidget  *widget,
                                const char *label)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (label != NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

char *
mc_format_date_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup ("—");

  local = g_date_time_to_local (time);
  /* Translators: a date and time as strftime() writes it: "26 Nov 2026, 15:04" */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

char *
mc_format_age (GDateTime *time,
               GDateTime *now)
{
  g_autoptr(GDateTime) wall = NULL;
  GTimeSpan span;
  gint64 n;

  g_return_val_if_fail (time != NULL, NULL);

  if (now == NULL)
    now = wall = g_date_time_new_now_utc ();

  span = g_date_time_difference (now, time);
  if (span < G_TIME_SPAN_MINUTE)
    return g_strdup (_("just now"));

  if (span < G_TIME_SPAN_HOUR)
    {
      n = span / G_TIME_SPAN_MINUTE;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", n),
                              (int) n);
    }

  if (span < G_TIME_SPAN_DAY)
    {
      n = span / G_TIME_SPAN_HOUR;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", n),
                              (int) n);
    }

  n = span / G_TIME_SPAN_DAY;
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", n), (int) n);
}

char *
mc_get_data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "message-credits", NULL);
}

typedef struct
{
  GFunc    func;
  gpointer object;
  gpointer data;
} AfterPaint;

static void
after_paint_free (gpointer data,
                  GClosure *closure)
{
  AfterPaint *after = data;

  g_object_unref (after->object);
  g_free (after);
}

static void
after_paint_cb (GdkFrameClock *clock,
                AfterPaint    *after)
{
  GFunc func = after->func;
  gpointer data = after->data;
  g_autoptr(GObject) object = g_object_ref (after->object);

  /* Frees after. */
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, after);
  func (object, data);
}

void
mc_widget_after_paint (GtkWidget *widget,
                       GFunc      func,
                       gpointer   object,
                       gpointer   data)
{
  GdkFrameClock *clock;
  AfterPaint *after;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (func != NULL);
  g_return_if_fail (G_IS_OBJECT (object));

  clock = gtk_widget_get_mapped (widget) ? gtk_widget_get_frame_clock (widget) : NULL;
  if (clock == NULL)
    {
      func (object, data);
      return;
    }

  after = g_new0 (AfterPaint, 1);
  after->func = func;
  after->object = g_object_ref (object);
  after->data = data;
  g_signal_connect_data (clock, "after-paint", G_CALLBACK (after_paint_cb), after,
                         after_paint_free, 0);
  gtk_widget_queue_draw (widget);
}
