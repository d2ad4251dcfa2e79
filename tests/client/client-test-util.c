/* SPDX-License-Identifier: GPL-3.0-or-later */

#include <glib/gstdio.h>

#include "client-test-util.h"

static gboolean
waiter_timeout_cb (gpointer user_data)
{
  g_error ("An async call did not complete within 30 s");
  return G_SOURCE_REMOVE;
}

void
mc_test_waiter_init (McTestWaiter *waiter)
{
  waiter->loop = g_main_loop_new (NULL, FALSE);
  waiter->result = NULL;
  waiter->timeout_id = 0;
}

void
mc_test_waiter_clear (McTestWaiter *waiter)
{
  g_clear_object (&waiter->result);
  g_clear_pointer (&waiter->loop, g_main_loop_unref);
  g_clear_handle_id (&waiter->timeout_id, g_source_remove);
}

void
mc_test_waiter_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  McTestWaiter *waiter = user_data;

  g_assert_null (waiter->result);
  waiter->result = g_object_ref (result);
  g_main_loop_quit (waiter->loop);
}

GAsyncResult *
mc_test_waiter_wait (McTestWaiter *waiter)
{
  g_clear_object (&waiter->result);
  waiter->timeout_id = g_timeout_add_seconds (30, waiter_timeout_cb, NULL);
  while (waiter->result == NULL)
    g_main_loop_run (waiter->loop);
  g_clear_handle_id (&waiter->timeout_id, g_source_remove);

  return waiter->result;
}

void
mc_test_count_notify_cb (GObject    *object,
                         GParamSpec *pspec,
                         guint      *count)
{
  (*count)++;
}

static gboolean
set_flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
mc_test_run_until (gboolean (*done) (gpointer data),
                   gpointer   data,
                   guint      seconds)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_seconds (seconds, set_flag_cb, &expired);

  while (!done (data) && !expired)
    g_main_context_iteration (NULL, TRUE);

  if (!expired)
    g_source_remove (id);

  return !expired;
}

void
mc_test_iterate (guint msec)
{
  gboolean expired = FALSE;

  g_timeout_add (msec, set_flag_cb, &expired);
  while (!expired)
    g_main_context_iteration (NULL, TRUE);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

char *
mc_test_list_folder (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (",", (char **) names->pdata);
}

void
mc_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        mc_test_remove_tree (child);
      else
        g_remove (child);
    }

  g_rmdir (path);
}

static guint
count_threads (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  guint n = 0;

  if (dir == NULL)
    return 0;
  while (g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

void
mc_test_quiesce_threads (void)
{
  guint last = count_threads ();
  guint stable = 0;

  /* An idle worker of a shared pool parks itself as "unused" after half a
   * second; then it can be told to stop. */
  g_thread_pool_set_max_unused_threads (0);
  for (guint i = 0; i < 60 && stable < 14; i++)
    {
      guint now;

      g_thread_pool_stop_unused_threads ();
      g_usleep (50 * 1000);
      now = count_threads ();
      stable = now == last ? stable + 1 : 0;
      last = now;
    }
}
