/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <signal.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "app2-test-util.h"

static gboolean
timed_out_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until @done says so; fails the test after @timeout_ms. */
void
mc_app2_wait (gboolean    (*done) (gpointer data),
              gpointer      data,
              guint         timeout_ms,
              const char   *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timed_out_cb, &timed_out);

  while (!done (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);
  if (!done (data))
    g_error ("Timed out after %u ms waiting for %s", timeout_ms, what);
}

void
mc_app2_result_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

/* Waits for mc_app2_result_cb() to fill @slot. */
GAsyncResult *
mc_app2_wait_result (GAsyncResult **slot,
                     const char    *what)
{
  mc_app2_wait (has_result, slot, 15000, what);
  return *slot;
}

static char *
run_cli (McApp2Service *service,
         const char    *first_arg,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list args;

  g_ptr_array_add (argv, service->binary);
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (proc))
    g_error ("%s %s failed: %s", service->binary, first_arg, err);

  return g_steal_pointer (&out);
}

static gboolean
online (gpointer data)
{
  McSession *session = data;

  return mc_session_get_state (session) == MC_SESSION_STATE_ONLINE &&
         mc_account_get_loaded (mc_session_get_account (session));
}

McApp2Service *
mc_app2_service_new (gboolean demo)
{
  McApp2Service *service = g_new0 (McApp2Service, 1);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McClient) client = NULL;
  g_autofree char *json = NULL;
  g_autofree char *url = NULL;
  JsonObject *object;

  service->binary = g_build_filename (g_getenv ("MC_BUILD_DIR"), "src", "service",
                                      "message-credits-service", NULL);
  service->dir = g_dir_make_tmp ("mc-app2-test-XXXXXX", &error);
  g_assert_no_error (error);
  service->db = g_build_filename (service->dir, "credits.db", NULL);

  if (demo)
    json = run_cli (service, "demo", "--db", service->db, NULL);
  else
    json = run_cli (service, "account", "create", "--db", service->db,
                    "--name", "Acme Traders", "--email", "owner@acme.example",
                    "--currency", "INR", NULL);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  service->account_id = g_strdup (json_object_get_string_member (object, "id"));
  service->token = g_strdup (json_object_get_string_member (object, "token"));

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  service->serve = g_subprocess_launcher_spawn (launcher, &error, service->binary, "serve",
                                                "--db", service->db,
                                                "--listen", "127.0.0.1:0",
                                                "--support-phone", "+91 80 4000 0000",
                                                "--support-email", "support@provider.example",
                                                "--sandbox-gateway", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (service->serve));
  url = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (url);
  g_strstrip (url);

  client = mc_client_new (url, service->token, MC_CLIENT_FLAGS_NONE, &error);
  g_assert_no_error (error);
  service->session = mc_session_new (client, FALSE);
  mc_session_start (service->session);
  mc_app2_wait (online, service->session, 15000, "the session to come online");

  return service;
}

McClient *
mc_app2_service_client (McApp2Service *service)
{
  return mc_session_get_client (service->session);
}

/* An operator's adjustment through the CLI; the live account follows. */
void
mc_app2_service_adjust (McApp2Service *service,
                        const char    *amount)
{
  g_autofree char *out = run_cli (service, "account", "adjust", "--db", service->db,
                                  "--account", service->account_id,
                                  "--amount", amount, "--reason", "Test adjustment", NULL);
  GAsyncResult *result = NULL;
  g_autoptr(McAccount) account = NULL;

  g_assert_nonnull (out);
  mc_client_get_account_async (mc_app2_service_client (service), NULL, mc_app2_result_cb, &result);
  mc_app2_wait_result (&result, "the account");
  account = mc_client_get_account_finish (mc_app2_service_client (service), result, NULL);
  g_assert_nonnull (account);
  g_object_unref (result);
}

void
mc_app2_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        mc_app2_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
mc_app2_service_free (McApp2Service *service)
{
  if (service->session != NULL)
    mc_session_stop (service->session);
  g_clear_object (&service->session);

  if (service->serve != NULL)
    {
      g_subprocess_send_signal (service->serve, SIGTERM);
      g_subprocess_wait (service->serve, NULL, NULL);
      g_clear_object (&service->serve);
    }

  if (service->dir != NULL)
    mc_app2_remove_tree (service->dir);

  g_free (service->dir);
  g_free (service->db);
  g_free (service->binary);
  g_free (service->account_id);
  g_free (service->token);
  g_free (service);
}
