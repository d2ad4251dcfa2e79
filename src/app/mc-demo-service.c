/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "mc-demo-service.h"
#include "mc-util.h"

#define SERVICE_NAME "message-credits-service"

/* How long `serve` may take to print its address. */
#define START_TIMEOUT_SECONDS 30
/* A child that dies this often within CRASH_WINDOW is given up. */
#define MAX_CRASHES 5
#define CRASH_WINDOW_USEC (60 * G_USEC_PER_SEC)

struct _McDemoService
{
  GObject           parent_instance;

  char             *binary;
  char             *data_dir;
  char             *db_path;
  char             *url;
  char             *token;
  guint16           port;

  GSubprocess      *serve;
  GDataInputStream *serve_stdout;
  GCancellable     *cancellable;      /* lives as long as the running child */
  GQueue            crashes;          /* monotonic times of unexpected exits */
  guint             restart_id;
  gboolean          stopping;
  gboolean          starting;         /* waiting for the first line */
};

G_DEFINE_FINAL_TYPE (McDemoService, mc_demo_service, G_TYPE_OBJECT)

enum {
  RESTARTED,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void spawn_serve (McDemoService *self,
                         guint16        port,
                         GTask         *task);

static void
child_setup (gpointer user_data)
{
  pid_t parent = GPOINTER_TO_INT (user_data);

  /* Only async-signal-safe calls here: the child dies with the app, and if
   * the app already died between fork and prctl, it goes at once. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  if (getppid () != parent)
    _exit (1);
}

static GSubprocessLauncher *
new_launcher (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, child_setup,
                                         GINT_TO_POINTER (getpid ()), NULL);
  /* Never hand a token on, even if main() had not cleared it. */
  g_subprocess_launcher_unsetenv (launcher, "MESSAGE_CREDITS_TOKEN");

  return launcher;
}

/**
 * mc_demo_service_find_binary:
 *
 * Where `message-credits-service` is: `$MESSAGE_CREDITS_SERVICE`, else the
 * build tree next to this executable (`../service/`) or the same folder,
 * else `BINDIR`.
 *
 * Returns: (transfer full): a path
 */
char *
mc_demo_service_find_binary (void)
{
  const char *env = g_getenv ("MESSAGE_CREDITS_SERVICE");
  g_autofree char *exe = NULL;

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  exe = g_file_read_link ("/proc/self/exe", NULL);
  if (exe != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (exe);
      const char * const candidates[] = {
        "../service/" SERVICE_NAME,
        SERVICE_NAME,
      };

      for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
        {
          g_autofree char *path = g_build_filename (dir, candidates[i], NULL);

          if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
            return g_canonicalize_filename (path, NULL);
        }
    }

  return g_build_filename (BINDIR, SERVICE_NAME, NULL);
}

typedef struct
{
  gboolean  db_exists;
  char     *account_id;
  guint     timeout_id;
} StartData;

static void
start_data_free (StartData *data)
{
  g_clear_handle_id (&data->timeout_id, g_source_remove);
  g_free (data->account_id);
  g_free (data);
}

static void drain (McDemoService *self);

static void
drain_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(McDemoService) self = user_data;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result,
                                                    NULL, NULL);
  if (line == NULL || G_DATA_INPUT_STREAM (object) != self->serve_stdout)
    return;

  drain (self);
}

/* Later lines are not part of the contract; keep the pipe from filling. */
static void
drain (McDemoService *self)
{
  g_data_input_stream_read_line_async (self->serve_stdout, G_PRIORITY_LOW, self->cancellable,
                                       drain_cb, g_object_ref (self));
}

static gboolean
restart_cb (gpointer user_data)
{
  McDemoService *self = user_data;

  self->restart_id = 0;
  spawn_serve (self, self->port, NULL);

  return G_SOURCE_REMOVE;
}

static void
serve_exited_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(McDemoService) self = user_data;
  GSubprocess *proc = G_SUBPROCESS (object);
  gint64 now = g_get_monotonic_time ();
  guint delay_ms;

  if (!g_subprocess_wait_finish (proc, result, NULL))
    return;

  /* While starting, the failed first line reports it instead. */
  if (proc != self->serve || self->stopping || self->starting || self->url == NULL)
    return;

  g_warning ("The demo service stopped unexpectedly (%s %d)",
             g_subprocess_get_if_signaled (proc) ? "signal" : "status",
             g_subprocess_get_if_signaled (proc) ? g_subprocess_get_term_sig (proc)
                                                 : g_subprocess_get_exit_status (proc));

  g_clear_object (&self->serve);
  g_clear_object (&self->serve_stdout);

  while (!g_queue_is_empty (&self->crashes) &&
         now - *(gint64 *) g_queue_peek_head (&self->crashes) > CRASH_WINDOW_USEC)
    g_free (g_queue_pop_head (&self->crashes));
  g_queue_push_tail (&self->crashes, g_memdup2 (&now, sizeof now));

  if (g_queue_get_length (&self->crashes) >= MAX_CRASHES)
    {
      g_signal_emit (self, signals[FAILED], 0,
                     _("The demo service keeps stopping, so it was not restarted again."));
      return;
    }

  /* Back off a little more after each crash. */
  delay_ms = 250u << g_queue_get_length (&self->crashes);
  g_clear_handle_id (&self->restart_id, g_source_remove);
  self->restart_id = g_timeout_add (delay_ms, restart_cb, self);
}

static void
restarted_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  McDemoService *self = MC_DEMO_SERVICE (object);
  g_autoptr(GError) error = NULL;
  guint16 wanted = GPOINTER_TO_UINT (user_data);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->stopping)
        return;

      if (wanted != 0)
        {
          /* The old port was taken meanwhile: any free one will do. */
          g_debug ("Restart on port %u failed (%s); trying another port", wanted, error->message);
          spawn_serve (self, 0, NULL);
          return;
        }

      g_signal_emit (self, signals[FAILED], 0, error->message);
      return;
    }

  g_signal_emit (self, signals[RESTARTED], 0, self->url);
}

static gboolean
start_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  StartData *data = g_task_get_task_data (task);
  McDemoService *self = g_task_get_source_object (task);

  data->timeout_id = 0;
  if (self->serve != NULL)
    g_subprocess_force_exit (self->serve);

  return G_SOURCE_REMOVE;
}

static void
first_line_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  McDemoService *self = g_task_get_source_object (task);
  StartData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GUri) uri = NULL;

  g_clear_handle_id (&data->timeout_id, g_source_remove);
  self->starting = FALSE;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result,
                                                    NULL, &error);
  if (line == NULL)
    {
      /* Whatever its exit looks like, this attempt is over. */
      if (error != NULL && self->serve != NULL)
        g_subprocess_force_exit (self->serve);
      g_clear_object (&self->serve_stdout);
      g_clear_object (&self->serve);

      if (error != NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The demo service stopped while starting. Is another copy "
                                 "of Message Credits running the demo?"));
      return;
    }

  g_strstrip (line);
  uri = g_uri_parse (line, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 || g_uri_get_port (uri) <= 0)
    {
      if (self->serve != NULL)
        g_subprocess_force_exit (self->serve);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The demo service did not say where it listens."));
      return;
    }

  g_free (self->url);
  self->url = g_steal_pointer (&line);
  self->port = g_uri_get_port (uri);
  g_debug ("The demo service listens at %s", self->url);

  drain (self);
  g_task_return_boolean (task, TRUE);
}

/* With @task %NULL this is a restart, reported through signals. */
static void
spawn_serve (McDemoService *self,
             guint16        port,
             GTask         *task)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GTask) owned = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", port);
  StartData *data;

  if (task == NULL)
    {
      owned = g_task_new (self, self->cancellable, restarted_cb, GUINT_TO_POINTER (port));
      g_task_set_source_tag (owned, spawn_serve);
      g_task_set_task_data (owned, g_new0 (StartData, 1), (GDestroyNotify) start_data_free);
      task = owned;
    }

  g_clear_object (&self->serve);
  g_clear_object (&self->serve_stdout);

  launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  self->serve = g_subprocess_launcher_spawn (launcher, &error, self->binary,
                                             "serve",
                                             "--db", self->db_path,
                                             "--listen", listen,
                                             "--sandbox-gateway",
                                             NULL);
  if (self->serve == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->starting = TRUE;
  self->serve_stdout = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->serve));
  g_subprocess_wait_async (self->serve, NULL, serve_exited_cb, g_object_ref (self));

  data = g_task_get_task_data (task);
  g_clear_handle_id (&data->timeout_id, g_source_remove);
  data->timeout_id = g_timeout_add_seconds (START_TIMEOUT_SECONDS, start_timeout_cb, task);

  g_data_input_stream_read_line_async (self->serve_stdout, G_PRIORITY_DEFAULT,
                                       g_task_get_cancellable (task), first_line_cb,
                                       g_object_ref (task));
}

static gboolean
parse_account_json (const char  *text,
                    char       **out_id,
                    char       **out_token,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  const char *id;
  const char *token;

  if (!json_parser_load_from_data (parser, text, -1, error))
    return FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    goto bad;

  object = json_node_get_object (json_parser_get_root (parser));
  id = json_object_get_string_member_with_default (object, "id", NULL);
  token = json_object_get_string_member_with_default (object, "token", NULL);
  if (id == NULL || token == NULL || *token == '\0')
    goto bad;

  *out_id = g_strdup (id);
  *out_token = g_strdup (token);
  return TRUE;

bad:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("The demo service did not print the demo account."));
  return FALSE;
}

static void
token_saved_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  McDemoService *self = g_task_get_source_object (task);
  StartData *data = g_task_get_task_data (task);
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;

  if (mc_token_store_save_finish (result, &error) == MC_TOKEN_STORE_NONE)
    {
      /* The token works for this run even if it could not be kept. */
      g_warning ("Could not keep the demo token: %s", error->message);
    }

  settings = g_settings_new (MC_SETTINGS_SCHEMA);
  g_settings_set_string (settings, "demo-account-id", data->account_id);

  spawn_serve (self, 0, task);
}

static void
account_printed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  McDemoService *self = g_task_get_source_object (task);
  StartData *data = g_task_get_task_data (task);
  GSubprocess *proc = G_SUBPROCESS (object);
  g_autofree char *out = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_communicate_utf8_finish (proc, result, &out, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!g_subprocess_get_successful (proc))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("Could not set up the demo account (the service ended with "
                                 "status %d)."),
                               g_subprocess_get_exit_status (proc));
      return;
    }

  g_clear_pointer (&self->token, g_free);
  if (!parse_account_json (out, &id, &self->token, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_free (data->account_id);
  data->account_id = g_steal_pointer (&id);
  mc_token_store_save_async (MC_TOKEN_SLOT_DEMO, self->token, g_task_get_cancellable (task),
                             token_saved_cb, g_object_ref (task));
}

static void
run_account_command (McDemoService *self,
                     GTask         *task,
                     gboolean       create)
{
  StartData *data = g_task_get_task_data (task);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  if (create)
    proc = g_subprocess_launcher_spawn (launcher, &error, self->binary,
                                        "demo", "--db", self->db_path, NULL);
  else
    proc = g_subprocess_launcher_spawn (launcher, &error, self->binary,
                                        "account", "rotate-token",
                                        "--db", self->db_path,
                                        "--account", data->account_id,
                                        NULL);
  if (proc == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_subprocess_communicate_utf8_async (proc, NULL, g_task_get_cancellable (task),
                                       account_printed_cb, g_object_ref (task));
}

static void
set_aside_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  McDemoService *self = source_object;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *aside = g_strdup_printf ("%s.%s.old", self->db_path, stamp);

  /* A database whose account nobody can sign in to any more is kept aside,
   * never deleted. */
  if (g_rename (self->db_path, aside) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               "%s", g_strerror (saved));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
set_aside_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  McDemoService *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  run_account_command (self, task, TRUE);
}

static void
token_found_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  McDemoService *self = g_task_get_source_object (task);
  StartData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  token = mc_token_store_lookup_finish (result, &error);
  if (error != NULL)
    g_warning ("Could not read the demo token: %s", error->message);

  if (!data->db_exists)
    {
      run_account_command (self, task, TRUE);
      return;
    }

  if (token != NULL)
    {
      g_free (self->token);
      self->token = g_steal_pointer (&token);
      spawn_serve (self, 0, task);
      return;
    }

  if (data->account_id != NULL && *data->account_id != '\0')
    {
      /* The database is there but its token was lost: issue a new one. */
      run_account_command (self, task, FALSE);
      return;
    }

  {
    g_autoptr(GTask) inner = g_task_new (self, g_task_get_cancellable (task), set_aside_cb,
                                         g_object_ref (task));

    g_task_set_source_tag (inner, set_aside_thread);
    g_task_run_in_thread (inner, set_aside_thread);
  }
}

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  McDemoService *self = source_object;

  if (g_mkdir_with_parents (self->data_dir, 0700) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("Could not create the folder %s: %s"),
                               self->data_dir, g_strerror (saved));
      return;
    }

  g_task_return_boolean (task, g_file_test (self->db_path, G_FILE_TEST_EXISTS));
}

static void
prepared_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StartData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  data->db_exists = g_task_propagate_boolean (G_TASK (result), &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  mc_token_store_lookup_async (MC_TOKEN_SLOT_DEMO, g_task_get_cancellable (task),
                               token_found_cb, g_object_ref (task));
}

/**
 * mc_demo_service_start_async:
 * @self: a demo service
 * @cancellable: (nullable): a cancellable
 * @callback: called once the service listens
 * @user_data: data for @callback
 *
 * Creates the demo account on first run (keeping its token in the keyring
 * or a private file), starts the service and waits for its address.
 */
void
mc_demo_service_start_async (McDemoService       *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) prepare = NULL;
  g_autoptr(GSettings) settings = NULL;
  StartData *data;

  g_return_if_fail (MC_IS_DEMO_SERVICE (self));

  self->stopping = FALSE;
  g_queue_clear_full (&self->crashes, g_free);
  g_clear_handle_id (&self->restart_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_demo_service_start_async);

  settings = g_settings_new (MC_SETTINGS_SCHEMA);
  data = g_new0 (StartData, 1);
  data->account_id = g_settings_get_string (settings, "demo-account-id");
  g_task_set_task_data (task, data, (GDestroyNotify) start_data_free);

  prepare = g_task_new (self, cancellable, prepared_cb, g_object_ref (task));
  g_task_set_source_tag (prepare, prepare_thread);
  g_task_run_in_thread (prepare, prepare_thread);
}

gboolean
mc_demo_service_start_finish (McDemoService  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * mc_demo_service_stop:
 * @self: a demo service
 *
 * Asks the child to end (SIGTERM) and does not restart it.
 */
void
mc_demo_service_stop (McDemoService *self)
{
  g_return_if_fail (MC_IS_DEMO_SERVICE (self));

  self->stopping = TRUE;
  g_clear_handle_id (&self->restart_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);

  if (self->serve != NULL)
    g_subprocess_send_signal (self->serve, SIGTERM);

  g_clear_object (&self->serve_stdout);
  g_clear_object (&self->serve);
}

const char *
mc_demo_service_get_url (McDemoService *self)
{
  g_return_val_if_fail (MC_IS_DEMO_SERVICE (self), NULL);

  return self->url;
}

const char *
mc_demo_service_get_token (McDemoService *self)
{
  g_return_val_if_fail (MC_IS_DEMO_SERVICE (self), NULL);

  return self->token;
}

const char *
mc_demo_service_get_database (McDemoService *self)
{
  g_return_val_if_fail (MC_IS_DEMO_SERVICE (self), NULL);

  return self->db_path;
}

/**
 * mc_demo_service_get_pid:
 *
 * Returns: the child's process id, or 0 when none runs
 */
GPid
mc_demo_service_get_pid (McDemoService *self)
{
  const char *id;

  g_return_val_if_fail (MC_IS_DEMO_SERVICE (self), 0);

  if (self->serve == NULL)
    return 0;

  id = g_subprocess_get_identifier (self->serve);
  return id != NULL ? (GPid) g_ascii_strtoll (id, NULL, 10) : 0;
}

static void
mc_demo_service_dispose (GObject *object)
{
  McDemoService *self = MC_DEMO_SERVICE (object);

  mc_demo_service_stop (self);

  G_OBJECT_CLASS (mc_demo_service_parent_class)->dispose (object);
}

static void
mc_demo_service_finalize (GObject *object)
{
  McDemoService *self = MC_DEMO_SERVICE (object);

  g_queue_clear_full (&self->crashes, g_free);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->binary, g_free);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->token, g_free);

  G_OBJECT_CLASS (mc_demo_service_parent_class)->finalize (object);
}

static void
mc_demo_service_class_init (McDemoServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_demo_service_dispose;
  object_class->finalize = mc_demo_service_finalize;

  signals[RESTARTED] = g_signal_new ("restarted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
mc_demo_service_init (McDemoService *self)
{
  g_queue_init (&self->crashes);
  self->cancellable = g_cancellable_new ();
  self->binary = mc_demo_service_find_binary ();
  self->data_dir = mc_get_data_dir ();
  self->db_path = g_build_filename (self->data_dir, "demo.db", NULL);
}

McDemoService *
mc_demo_service_new (void)
{
  return g_object_new (MC_TYPE_DEMO_SERVICE, NULL);
}
