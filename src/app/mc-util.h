/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The GSettings schema id: the app id, so it ends in .Devel in the
 * development profile (its path, /io/github/messagecredits/MessageCredits/,
 * stays). APP_ID comes from config.h, which every .c includes first. */
#define MC_SETTINGS_SCHEMA APP_ID

/**
 * mc_get_data_dir:
 *
 * Returns: (transfer full): the app's folder under `$XDG_DATA_HOME`:
 *   `~/.local/share/message-credits`
 */
char    *mc_get_data_dir                  (void);

/**
 * mc_widget_set_accessible_label:
 * @widget: a widget, usually a button with a mnemonic
 * @label: the plain words it should be known by (no underscore)
 *
 * Gives @widget an explicit accessible label and drops the labelled-by
 * relation GTK adds for mnemonics, so that assistive technology reads
 * "Add Credits" and not "_Add Credits Add Credits" (GTK 4.8).
 */
void     mc_widget_set_accessible_label   (GtkWidget  *widget,
                                           const char *label);

/**
 * mc_format_date_time:
 * @time: (nullable): a time
 *
 * Returns: (transfer full): @time in local time for people,
 *   "26 Nov 2026, 15:04", or "—" for %NULL
 */
char    *mc_format_date_time              (GDateTime *time);

/**
 * mc_format_age:
 * @time: a time in the past
 * @now: (nullable): the present (%NULL for the wall clock)
 *
 * Returns: (transfer full): how long ago @time was, in words: "just now",
 *   "5 minutes ago", "3 hours ago", "2 days ago"
 */
char    *mc_format_age                    (GDateTime *time,
                                           GDateTime *now);

/**
 * mc_widget_after_paint:
 * @widget: a widget whose change is to be seen first
 * @func: what to do then, called as `func (object, data)`
 * @object: the object passed to @func (kept until then)
 * @data: (nullable): passed to @func as it is
 *
 * Calls @func once the next frame of @widget is painted, or at once if
 * @widget is not mapped: at start-up, what the balance does not need waits
 * until the balance is on screen (network replies come before redraws in
 * the main loop).
 */
void     mc_widget_after_paint            (GtkWidget  *widget,
                                           GFunc       func,
                                           gpointer    object,
                                           gpointer    data);

G_END_DECLS
