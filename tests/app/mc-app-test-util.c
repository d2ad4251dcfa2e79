/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "mc-app-test-util.h"

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

void
mc_test_wait_for_flag (const gboolean *done,
                       guint           timeout_ms,
                       const char     *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!*done && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);

  if (!*done)
    g_error ("Timed out after %u ms waiting for %s", timeout_ms, what);
}

void
mc_test_wait_for_null (gpointer   *pointer,
                       guint       timeout_ms,
                       const char *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (*pointer != NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);

  if (*pointer != NULL)
    g_error ("Timed out after %u ms waiting for %s to go", timeout_ms, what);
}

void
mc_test_wait_until (gboolean    (*done) (gpointer data),
                    gpointer      data,
                    guint         timeout_ms,
                    const char   *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!done (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);

  if (!done (data))
    g_error ("Timed out after %u ms waiting for %s", timeout_ms, what);
}

static void
collect_mnemonics (GtkWidget  *widget,
                   GHashTable *seen,
                   const char *taken)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_LABEL (widget))
    {
      guint keyval = gtk_label_get_mnemonic_keyval (GTK_LABEL (widget));

      if (keyval != GDK_KEY_VoidSymbol)
        {
          const char *label = gtk_label_get_label (GTK_LABEL (widget));
          const char *other;
          gunichar key = g_unichar_tolower (gdk_keyval_to_unicode (keyval));

          if (key != 0 && taken != NULL && g_utf8_strchr (taken, -1, key) != NULL)
            g_error ("“%s” takes Alt+%s, which is taken", label, gdk_keyval_name (keyval));
          other = g_hash_table_lookup (seen, GUINT_TO_POINTER (gdk_keyval_to_lower (keyval)));
          if (other != NULL)
            g_error ("“%s” and “%s” share Alt+%s", other, label, gdk_keyval_name (keyval));
          g_hash_table_insert (seen, GUINT_TO_POINTER (gdk_keyval_to_lower (keyval)),
                               (gpointer) label);
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_mnemonics (child, seen, taken);
}

void
mc_test_assert_mnemonics (GtkWidget  *root,
                          const char *taken)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  collect_mnemonics (root, seen, taken);
  g_assert_cmpuint (g_hash_table_size (seen), >, 0);
}

void
mc_test_run_for (guint ms)
{
  gboolean timed_out = FALSE;

  g_timeout_add (ms, timeout_cb, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
}

static char *
run_cli (McTestService *service,
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

void
mc_test_service_refresh_account (McTestService *service)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(McAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  mc_client_get_account_async (service->client, NULL, mc_test_result_cb, &result);
  account = mc_client_get_account_finish (service->client,
                                          mc_test_wait_result (&result, "the account"), &error);
  g_assert_no_error (error);
}

static void
resynced_cb (McEventStream *stream,
             gboolean      *done)
{
  *done = TRUE;
}

static void
die_with_test (gpointer user_data)
{
  /* A failed assertion must not leave the service holding the test's pipes. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  if (getppid () != GPOINTER_TO_INT (user_data))
    _exit (1);
}

static McTestService *
service_new (const char *currency,
             gboolean    demo)
{
  McTestService *service = g_new0 (McTestService, 1);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  JsonObject *object;
  gboolean synced = FALSE;
  gulong handler;

  service->binary = g_build_filename (g_getenv ("MC_BUILD_DIR"), "src", "service",
                                      "message-credits-service", NULL);
  service->dir = g_dir_make_tmp ("mc-app-test-XXXXXX", &error);
  g_assert_no_error (error);
  service->db = g_build_filename (service->dir, "credits.db", NULL);

  if (demo)
    json = run_cli (service, "demo", "--db", service->db, NULL);
  else
    json = run_cli (service, "account", "create", "--db", service->db,
                    "--name", "Acme Traders", "--email", "owner@acme.example",
                    "--currency", currency, NULL);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  service->account_id = g_strdup (json_object_get_string_member (object, "id"));
  service->token = g_strdup (json_object_get_string_member (object, "token"));

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_test, GINT_TO_POINTER (getpid ()), NULL);
  service->serve = g_subprocess_launcher_spawn (launcher, &error, service->binary, "serve",
                                                "--db", service->db,
                                                "--listen", "127.0.0.1:0",
                                                "--support-phone", "+91 80 4000 0000",
                                                "--support-email", "support@provider.example",
                                                "--sandbox-gateway", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (service->serve));
  service->url = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (service->url);
  g_strstrip (service->url);

  service->client = mc_client_new (service->url, service->token, MC_CLIENT_FLAGS_NONE, &error);
  g_assert_no_error (error);
  mc_test_service_refresh_account (service);
  g_assert_true (mc_account_get_loaded (mc_client_get_account (service->client)));

  /* Live events keep the payment objects the widgets hold up to date. */
  service->stream = mc_event_stream_new (service->client);
  handler = g_signal_connect (service->stream, "resynced", G_CALLBACK (resynced_cb), &synced);
  mc_event_stream_start (service->stream);
  mc_test_wait_for_flag (&synced, 10000, "the event stream");
  g_signal_handler_disconnect (service->stream, handler);

  return service;
}

McTestService *
mc_test_service_new (const char *currency)
{
  return service_new (currency, FALSE);
}

McTestService *
mc_test_service_new_demo (void)
{
  return service_new (NULL, TRUE);
}

static gboolean
session_online (gpointer data)
{
  McSession *session = data;

  return mc_session_get_state (session) == MC_SESSION_STATE_ONLINE &&
         mc_account_get_loaded (mc_session_get_account (session));
}

/**
 * mc_test_service_session:
 *
 * Returns: (transfer none): a started session on the service's client, as
 *   the app makes one, once it is online (made on first use)
 */
McSession *
mc_test_service_session (McTestService *service)
{
  if (service->session == NULL)
    {
      service->session = mc_session_new (service->client, FALSE);
      mc_session_start (service->session);
      mc_test_wait_until (session_online, service->session, 15000,
                          "the session to come online");
    }

  return service->session;
}

void
mc_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        mc_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
mc_test_result_cb (GObject      *object,
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

GAsyncResult *
mc_test_wait_result (GAsyncResult **slot,
                     const char    *what)
{
  mc_test_wait_until (has_result, slot, 15000, what);
  return *slot;
}

void
mc_test_service_free (McTestService *service)
{
  if (service->session != NULL)
    mc_session_stop (service->session);
  g_clear_object (&service->session);
  if (service->stream != NULL)
    mc_event_stream_stop (service->stream);
  g_clear_object (&service->stream);
  g_clear_object (&service->client);

  if (service->serve != NULL)
    {
      g_subprocess_send_signal (service->serve, SIGTERM);
      g_subprocess_wait (service->serve, NULL, NULL);
      g_clear_object (&service->serve);
    }

  if (service->dir != NULL)
    mc_test_remove_tree (service->dir);

  g_free (service->dir);
  g_free (service->db);
  g_free (service->binary);
  g_free (service->account_id);
  g_free (service->token);
  g_free (service->url);
  g_free (service);
}

McPayment *
mc_test_service_create_payment (McTestService *service,
                                gint64         amount)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = mc_client_new_idempotency_key ();
  McPayment *payment;

  mc_client_create_payment_async (service->client, amount, key, NULL, mc_test_result_cb, &result);
  payment = mc_client_payment_finish (service->client,
                                      mc_test_wait_result (&result, "a new payment"), NULL, &error);
  g_assert_no_error (error);

  return payment;
}

McPayment *
mc_test_service_get_payment (McTestService *service,
                             const char    *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  McPayment *payment;

  mc_client_get_payment_async (service->client, id, NULL, mc_test_result_cb, &result);
  payment = mc_client_payment_finish (service->client, mc_test_wait_result (&result, "a payment"),
                                      NULL, &error);
  g_assert_no_error (error);

  return payment;
}

/* Pays on the checkout page, as the person would in the browser. */
void
mc_test_service_pay (McTestService *service,
                     McPayment     *payment)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(McPayment) paid = NULL;
  g_autoptr(GError) error = NULL;

  mc_client_sandbox_checkout_async (service->client, payment, TRUE, NULL, mc_test_result_cb,
                                    &result);
  paid = mc_client_sandbox_checkout_finish (service->client,
                                            mc_test_wait_result (&result, "the checkout page"),
                                            &error);
  g_assert_no_error (error);
}

/* An operator's adjustment through the service's CLI, as in production. */
void
mc_test_service_adjust (McTestService *service,
                        const char    *amount)
{
  g_autofree char *out = run_cli (service, "account", "adjust", "--db", service->db,
                                  "--account", service->account_id,
                                  "--amount", amount, "--reason", "Test adjustment", NULL);

  g_assert_nonnull (out);
  mc_test_service_refresh_account (service);
}

/**
 * mc_test_find_button:
 * @root: where to look
 * @label: the button's label as set, mnemonic included ("_Add Credits")
 *
 * Returns: (transfer none) (nullable): the first visible button with @label
 */
GtkWidget *
mc_test_find_button (GtkWidget  *root,
                     const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && gtk_widget_get_visible (child) &&
          g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;

      found = mc_test_find_button (child, label);
      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
mc_test_find_label (GtkWidget  *root,
                    const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      /* Hidden, or a stack page not shown. */
      if (!gtk_widget_get_visible (child) || !gtk_widget_get_child_visible (child))
        continue;
      if (GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), text) == 0)
        return child;

      found = mc_test_find_label (child, text);
      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
mc_test_find_widget (GtkWidget *root,
                     GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (!gtk_widget_get_visible (child) || !gtk_widget_get_child_visible (child))
        continue;

      found = mc_test_find_widget (child, type);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
clicked_cb (GtkButton *button,
            gboolean  *done)
{
  *done = TRUE;
}

void
mc_test_click (GtkWidget *button)
{
  gboolean done = FALSE;
  gulong id;

  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));

  /* GtkButton shows itself pressed for a moment before "clicked". */
  id = g_signal_connect (button, "clicked", G_CALLBACK (clicked_cb), &done);
  g_object_ref (button);
  gtk_widget_activate (button);
  mc_test_wait_for_flag (&done, 5000, "a click");
  g_signal_handler_disconnect (button, id);
  g_object_unref (button);
}

/* A conversation opening, as the messaging platform reports it: a live debit
 * of the category's rate through the running service. */
void
mc_test_service_converse (McTestService *service,
                          const char    *category)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (service->url, "/v1/conversations", NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", service->token, NULL);
  g_autofree char *body = NULL;
  g_autofree char *external_id = g_uuid_string_random ();

  body = g_strdup_printf ("{\"external_id\": \"wamid-%s\", \"category\": \"%s\", "
                          "\"wa_id\": \"919876543210\"}", external_id, category);
  message = soup_message_new ("POST", url);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", auth);
  request = g_bytes_new (body, strlen (body));
  soup_message_set_request_body_from_bytes (message, "application/json", request);
  reply = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 201);
}

void
mc_test_service_set_threshold (McTestService *service,
                               gint64         threshold)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(McAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  mc_client_set_low_balance_threshold_async (service->client, threshold, NULL, mc_test_result_cb,
                                             &result);
  account = mc_client_get_account_finish (service->client,
                                          mc_test_wait_result (&result, "the new threshold"),
                                          &error);
  g_assert_no_error (error);
}

/**
 * mc_test_service_create_broadcast:
 * @recipients: how many (`recipient_count`)
 * @scheduled_at: (nullable): when it is due; %NULL sends it now
 *
 * Returns: (transfer full): the broadcast as the service answered it
 */
McBroadcast *
mc_test_service_create_broadcast (McTestService *service,
                                  const char    *name,
                                  guint          recipients,
                                  GDateTime     *scheduled_at)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  McBroadcast *broadcast;

  mc_client_create_broadcast_async (service->client, name, NULL, recipients, scheduled_at, NULL,
                                    NULL, mc_test_result_cb, &result);
  broadcast = mc_client_broadcast_finish (service->client,
                                          mc_test_wait_result (&result, "a new broadcast"),
                                          NULL, &error);
  g_assert_no_error (error);

  return broadcast;
}

/**
 * mc_test_service_list_notifications:
 *
 * Returns: (transfer full): the account's notices (#McNotification) as the
 *   service lists them now, newest first
 */
GListModel *
mc_test_service_list_notifications (McTestService *service,
                                    gboolean       unread_only)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *list;

  mc_client_list_notifications_async (service->client, unread_only, 100, NULL, NULL,
                                      mc_test_result_cb, &result);
  list = mc_client_list_finish (service->client, mc_test_wait_result (&result, "the notices"),
                                NULL, &error);
  g_assert_no_error (error);

  return list;
}

/**
 * mc_test_service_has_unread:
 *
 * Returns: whether the service lists an unread notice of @kind
 */
gboolean
mc_test_service_has_unread (McTestService      *service,
                            McNotificationKind  kind)
{
  g_autoptr(GListModel) unread = mc_test_service_list_notifications (service, TRUE);

  for (guint i = 0; i < g_list_model_get_n_items (unread); i++)
    {
      g_autoptr(McNotification) notice = g_list_model_get_item (unread, i);

      if (mc_notification_get_kind (notice) == kind)
        return TRUE;
    }

  return FALSE;
}
