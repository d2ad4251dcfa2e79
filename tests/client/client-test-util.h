/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Runs the thread-default main context until an async call completes. */
typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
  guint         timeout_id;
} McTestWaiter;

void          mc_test_waiter_init     (McTestWaiter *waiter);
void          mc_test_waiter_clear    (McTestWaiter *waiter);
void          mc_test_waiter_cb       (GObject      *source,
                                       GAsyncResult *result,
                                       gpointer      user_data);
GAsyncResult *mc_test_waiter_wait     (McTestWaiter *waiter);

/* Runs the main context until @done returns TRUE, failing the test after @seconds. */
gboolean      mc_test_run_until       (gboolean    (*done) (gpointer data),
                                       gpointer      data,
                                       guint         seconds);
void          mc_test_iterate         (guint         msec);

/* A "notify" handler that counts in the guint at @count. */
void          mc_test_count_notify_cb (GObject      *object,
                                       GParamSpec   *pspec,
                                       guint        *count);

/* The names in a folder, sorted, as one string "a,b,c" ("" when empty). */
char         *mc_test_list_folder     (const char   *path);

G_END_DECLS

G_BEGIN_DECLS

/* Removes a folder and everything in it. */
void          mc_test_remove_tree     (const char   *path);

G_END_DECLS

G_BEGIN_DECLS

/* Lets GLib's idle worker threads exit before the process does. LeakSanitizer
 * (GCC 12, glibc 2.36) sometimes crashes reading the dynamic TLS of a worker
 * that touched a dlopen()ed GIO module; with only the long-lived threads left
 * its scan is reliable. Call at the end of main(). */
void          mc_test_quiesce_threads (void);

G_END_DECLS
