/* SPDX-License-Identifier: GPL-3.0-or-later */

/* McClient against the real message-credits-service, started per fixture on
 * a free loopback port with a fresh database. Routes that another part of the
 * project has not built yet answer 404 for the route itself; only then is a
 * test skipped (api.md gives none of these routes a 404 of its own). */

#include <signal.h>
#include <sys/prctl.h>
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "client-test-util.h"
#include "mc-client.h"
#include "mc-core.h"

typedef struct
{
  char          *tmpdir;
  char          *db;
  char          *account_id;
  char          *token;
  char          *url;
  char          *listen;
  GSubprocess   *service;
  McClient      *client;
  SoupSession   *raw;
  McTestWaiter   waiter;
} Fixture;

static char *
service_path (void)
{
  const char *bin = g_getenv ("MC_SERVICE_BIN");

  if (bin != NULL)
    return g_strdup (bin);

  return g_build_filename (g_getenv ("MC_BUILD_DIR"), "src", "service", "message-credits-service", NULL);
}

static void
run_service_command (Fixture     *f,
                     const char  *first,
                     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonObject *object;
  int status;
  va_list args;

  g_ptr_array_add (argv, service_path ());
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\n%s", (char *) argv->pdata[1], error->message, err);

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  /* create and rotate-token print the token; adjust prints the account. */
  if (!json_object_has_member (object, "token"))
    return;
  g_free (f->account_id);
  g_free (f->token);
  f->account_id = g_strdup (json_object_get_string_member (object, "id"));
  f->token = g_strdup (json_object_get_string_member (object, "token"));
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
start_service (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *bin = service_path ();
  g_autofree char *line = NULL;

  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

  /* A test that aborts must not leave its service behind. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  f->service = g_subprocess_launcher_spawn (launcher, &error,
                                            bin, "serve", "--db", f->db,
                                            "--listen", f->listen != NULL ? f->listen : "127.0.0.1:0",
                                            "--sandbox-gateway", "--support-email", "help@provider.example",
                                            NULL);
  g_assert_no_error (error);

  /* The service is another process: a blocking read here stalls nothing of ours. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (f->service));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "http://127.0.0.1:"));

  g_free (f->url);
  f->url = g_steal_pointer (&line);
  g_free (f->listen);
  f->listen = g_strdup (f->url + strlen ("http://"));
}

static void
stop_service (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  if (f->service == NULL)
    return;

  g_subprocess_send_signal (f->service, SIGTERM);
  g_subprocess_wait (f->service, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&f->service);
}

static void
fixture_setup_currency (Fixture    *f,
                        const char *currency)
{
  g_autoptr(GError) error = NULL;

  f->tmpdir = g_dir_make_tmp ("mc-client-service-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->tmpdir, "credits.db", NULL);

  run_service_command (f, "account", "create", "--db", f->db, "--name", "Acme Traders",
                       "--email", "owner@acme.example", "--currency", currency, NULL);
  start_service (f);

  f->client = mc_client_new (f->url, f->token, MC_CLIENT_FLAGS_NONE, &error);
  g_assert_no_error (error);
  f->raw = soup_session_new ();
  mc_test_waiter_init (&f->waiter);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  fixture_setup_currency (f, data != NULL ? data : "INR");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  mc_test_waiter_clear (&f->waiter);
  mc_test_iterate (10);
  g_assert_finalize_object (f->client);
  g_assert_finalize_object (f->raw);
  stop_service (f);
  mc_test_remove_tree (f->tmpdir);

  g_free (f->tmpdir);
  g_free (f->db);
  g_free (f->account_id);
  g_free (f->token);
  g_free (f->url);
  g_free (f->listen);
}

/* A route another helper has not built yet answers 404 for the route itself. */
static gboolean
route_missing (const GError *error,
               const char   *route)
{
  if (!g_error_matches (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_NOT_FOUND))
    return FALSE;

  g_test_skip_printf ("The service has no %s route yet", route);
  return TRUE;
}

/* The platform's side of api.md (conversations), sent without the client library. */
static guint
raw_post (Fixture    *f,
          const char *path,
          const char *body,
          char      **out_body)
{
  g_autofree char *url = g_strconcat (f->url, "/", path, NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", f->token, NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("POST", url);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", authorization);
  soup_message_set_request_body_from_bytes (message, "application/json", request);
  soup_session_send_and_read_async (f->raw, message, G_PRIORITY_DEFAULT, NULL, mc_test_waiter_cb, &f->waiter);
  response = soup_session_send_and_read_finish (f->raw, mc_test_waiter_wait (&f->waiter), &error);
  g_assert_no_error (error);
  if (out_body != NULL)
    *out_body = g_strndup (g_bytes_get_data (response, NULL), g_bytes_get_size (response));

  return soup_message_get_status (message);
}

static McAccount *
get_account (Fixture  *f,
             GError  **error)
{
  mc_client_get_account_async (f->client, NULL, mc_test_waiter_cb, &f->waiter);
  return mc_client_get_account_finish (f->client, mc_test_waiter_wait (&f->waiter), error);
}

static McPayment *
create_payment (Fixture     *f,
                gint64       amount,
                const char  *key,
                gboolean    *replayed,
                GError     **error)
{
  g_autofree char *fresh = key == NULL ? mc_client_new_idempotency_key () : NULL;

  mc_client_create_payment_async (f->client, amount, key != NULL ? key : fresh, NULL,
                                  mc_test_waiter_cb, &f->waiter);
  return mc_client_payment_finish (f->client, mc_test_waiter_wait (&f->waiter), replayed, error);
}

static McPayment *
sandbox (Fixture    *f,
         McPayment  *payment,
         gboolean    pay,
         GError    **error)
{
  mc_client_sandbox_checkout_async (f->client, payment, pay, NULL, mc_test_waiter_cb, &f->waiter);
  return mc_client_sandbox_checkout_finish (f->client, mc_test_waiter_wait (&f->waiter), error);
}

static GListModel *
finish_list (Fixture  *f,
             char    **cursor,
             GError  **error)
{
  return mc_client_list_finish (f->client, mc_test_waiter_wait (&f->waiter), cursor, error);
}

/* Adds credits the way a person does: a payment paid at the sandbox checkout. */
static void
recharge (Fixture *f,
          gint64   amount)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McPayment) payment = create_payment (f, amount, NULL, NULL, &error);
  g_autoptr(McPayment) paid = NULL;

  g_assert_no_error (error);
  paid = sandbox (f, payment, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_payment_get_status (paid), ==, MC_PAYMENT_STATUS_COMPLETED);
}

static void
today_in (const char *zone,
          GDate      *out)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);

  g_date_clear (out, 1);
  g_date_set_dmy (out, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

/* Account */

static void
test_account (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McAccount) account = NULL;
  g_autoptr(McAccount) patched = NULL;
  McAccount *live = mc_client_get_account (f->client);
  guint threshold_notes = 0;

  account = get_account (f, &error);
  g_assert_no_error (error);
  g_assert_true (account == live);
  g_assert_cmpstr (mc_account_get_id (live), ==, f->account_id);
  g_assert_cmpstr (mc_account_get_name (live), ==, "Acme Traders");
  g_assert_cmpstr (mc_account_get_email (live), ==, "owner@acme.example");
  g_assert_cmpint (mc_account_get_currency (live), ==, MC_CURRENCY_INR);
  g_assert_cmpstr (mc_account_get_timezone (live), ==, "Asia/Kolkata");
  g_assert_cmpint (mc_account_get_balance (live), ==, 0);
  g_assert_cmpint (mc_account_get_state (live), ==, MC_ACCOUNT_STATE_RESTRICTED);
  g_assert_cmpint (mc_account_get_low_balance_threshold (live), ==, 100 * MC_MONEY_SCALE);
  g_assert_cmpint (mc_account_get_recharge_min (live), ==, 100 * MC_MONEY_SCALE);
  g_assert_cmpint (mc_account_get_recharge_max (live), ==, 100000 * MC_MONEY_SCALE);
  g_assert_cmpstr (mc_account_get_tax_name (live), ==, "GST");
  g_assert_cmpint (mc_account_get_rate_business_initiated (live), ==, 8000);
  g_assert_cmpuint (mc_account_get_pending_payments (live), ==, 0);
  g_assert_null (mc_account_get_support_phone (live));
  g_assert_cmpstr (mc_account_get_support_email (live), ==, "help@provider.example");

  g_signal_connect (live, "notify::low-balance-threshold", G_CALLBACK (mc_test_count_notify_cb), &threshold_notes);
  mc_client_set_low_balance_threshold_async (f->client, 250 * MC_MONEY_SCALE, NULL, mc_test_waiter_cb,
                                             &f->waiter);
  patched = mc_client_get_account_finish (f->client, mc_test_waiter_wait (&f->waiter), &error);
  g_assert_no_error (error);
  g_assert_true (patched == live);
  g_assert_cmpint (mc_account_get_low_balance_threshold (live), ==, 250 * MC_MONEY_SCALE);
  g_assert_cmpuint (threshold_notes, ==, 1);
  g_clear_object (&patched);

  /* A negative threshold is refused with its field, and changes nothing. */
  mc_client_set_low_balance_threshold_async (f->client, -1 * MC_MONEY_SCALE, NULL, mc_test_waiter_cb,
                                             &f->waiter);
  patched = mc_client_get_account_finish (f->client, mc_test_waiter_wait (&f->waiter), &error);
  g_assert_null (patched);
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_INVALID_AMOUNT);
  g_assert_cmpstr (mc_client_error_get_field (error), ==, "low_balance_threshold");
  g_assert_cmpuint (mc_client_error_get_http_status (error), ==, 400);
  g_assert_cmpint (mc_account_get_low_balance_threshold (live), ==, 250 * MC_MONEY_SCALE);
  g_assert_cmpuint (threshold_notes, ==, 1);

  g_signal_handlers_disconnect_by_data (live, &threshold_notes);
}

static void
test_unauthorized (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McClient) client = mc_client_new (f->url, "mct_not-a-real-token", MC_CLIENT_FLAGS_NONE, &error);
  g_autoptr(McAccount) account = NULL;

  g_assert_no_error (error);
  mc_client_get_account_async (client, NULL, mc_test_waiter_cb, &f->waiter);
  account = mc_client_get_account_finish (client, mc_test_waiter_wait (&f->waiter), &error);
  g_assert_null (account);
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_null (strstr (error->message, "mct_not-a-real-token"));
  g_assert_false (mc_account_get_loaded (mc_client_get_account (client)));

  g_clear_object (&f->waiter.result);
  mc_test_iterate (10);
  g_assert_finalize_object (g_steal_pointer (&client));
}

/* Payments */

static void
test_payment_create (Fixture       *f,
                     gconstpointer  data)
{
  static const struct {
    gint64         amount;
    McClientError  code;
  } refused[] = {
    { 9999 * 100, MC_CLIENT_ERROR_AMOUNT_BELOW_MINIMUM },               /* 99.99 */
    { 100000 * MC_MONEY_SCALE + 100, MC_CLIENT_ERROR_AMOUNT_ABOVE_MAXIMUM }, /* 100000.01 */
    { 0, MC_CLIENT_ERROR_INVALID_AMOUNT },
    { -100 * MC_MONEY_SCALE, MC_CLIENT_ERROR_INVALID_AMOUNT },
    { 1000050, MC_CLIENT_ERROR_INVALID_AMOUNT },                        /* 100.005 */
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(McPayment) payment = NULL;
  g_autoptr(McPayment) again = NULL;
  g_autoptr(McPayment) conflict = NULL;
  g_autoptr(McPayment) odd = NULL;
  g_autofree char *key = mc_client_new_idempotency_key ();
  gboolean replayed = TRUE;

  payment = create_payment (f, 1000 * MC_MONEY_SCALE, key, &replayed, &error);
  g_assert_no_error (error);
  g_assert_false (replayed);
  g_assert_true (g_str_has_prefix (mc_payment_get_id (payment), "pay_"));
  g_assert_cmpint (mc_payment_get_status (payment), ==, MC_PAYMENT_STATUS_PENDING);
  g_assert_cmpint (mc_payment_get_currency (payment), ==, MC_CURRENCY_INR);
  g_assert_cmpint (mc_payment_get_amount (payment), ==, 1000 * MC_MONEY_SCALE);
  g_assert_cmpint (mc_payment_get_tax (payment), ==, 180 * MC_MONEY_SCALE);
  g_assert_cmpint (mc_payment_get_total (payment), ==, 1180 * MC_MONEY_SCALE);
  g_assert_null (mc_payment_get_completed_at (payment));
  g_assert_cmpint (g_date_time_difference (mc_payment_get_expires_at (payment),
                                           mc_payment_get_created_at (payment)), ==, G_TIME_SPAN_DAY);
  g_assert_true (g_str_has_prefix (mc_payment_get_checkout_url (payment), f->url));

  /* A retry of the same action (a lost answer) gets the same payment. */
  again = create_payment (f, 1000 * MC_MONEY_SCALE, key, &replayed, &error);
  g_assert_no_error (error);
  g_assert_true (replayed);
  g_assert_true (again == payment);

  /* The same key for another amount is a conflict. */
  conflict = create_payment (f, 2000 * MC_MONEY_SCALE, key, NULL, &error);
  g_assert_null (conflict);
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_IDEMPOTENCY_CONFLICT);
  g_clear_error (&error);

  /* The tax rounds half-up: 100.05 -> 18.01 */
  odd = create_payment (f, 1000500, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_payment_get_tax (odd), ==, 180100);
  g_assert_cmpint (mc_payment_get_total (odd), ==, 1180600);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(McPayment) none = create_payment (f, refused[i].amount, NULL, NULL, &error);

      g_test_message ("amount %" G_GINT64_FORMAT, refused[i].amount);
      g_assert_null (none);
      g_assert_error (error, MC_CLIENT_ERROR, (int) refused[i].code);
      g_assert_cmpstr (mc_client_error_get_field (error), ==, "amount");
      g_assert_cmpstr (error->message, !=, "");
      g_clear_error (&error);
    }
}

static void
test_payment_list_get_cancel (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McPayment) first = create_payment (f, 100 * MC_MONEY_SCALE, NULL, NULL, &error);
  g_autoptr(McPayment) second = create_payment (f, 200 * MC_MONEY_SCALE, NULL, NULL, &error);
  g_autoptr(McPayment) got = NULL;
  g_autoptr(McPayment) cancelled = NULL;
  g_autoptr(McPayment) twice = NULL;
  g_autoptr(McPayment) missing = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GListModel) page1 = NULL;
  g_autoptr(GListModel) page2 = NULL;
  g_autoptr(GListModel) pending = NULL;
  g_autoptr(McPayment) newest = NULL;
  g_autoptr(McPayment) oldest = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *end = NULL;

  g_assert_no_error (error);

  mc_client_list_payments_async (f->client, -1, 0, NULL, NULL, mc_test_waiter_cb, &f->waiter);
  all = finish_list (f, &end, &error);
  g_assert_no_error (error);
  g_assert_null (end);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 2);
  newest = g_list_model_get_item (all, 0);
  g_assert_true (newest == second);

  /* Pages */
  mc_client_list_payments_async (f->client, -1, 1, NULL, NULL, mc_test_waiter_cb, &f->waiter);
  page1 = finish_list (f, &cursor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (page1), ==, 1);
  g_assert_nonnull (cursor);
  mc_client_list_payments_async (f->client, -1, 1, cursor, NULL, mc_test_waiter_cb, &f->waiter);
  page2 = finish_list (f, &end, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (page2), ==, 1);
  oldest = g_list_model_get_item (page2, 0);
  g_assert_true (oldest == first);

  /* One object per id */
  mc_client_get_payment_async (f->client, mc_payment_get_id (first), NULL, mc_test_waiter_cb, &f->waiter);
  got = mc_client_payment_finish (f->client, mc_test_waiter_wait (&f->waiter), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (got == first);

  mc_client_cancel_payment_async (f->client, mc_payment_get_id (first), NULL, mc_test_waiter_cb, &f->waiter);
  cancelled = mc_client_payment_finish (f->client, mc_test_waiter_wait (&f->waiter), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cancelled == first);
  g_assert_cmpint (mc_payment_get_status (first), ==, MC_PAYMENT_STATUS_CANCELLED);

  mc_client_cancel_payment_async (f->client, mc_payment_get_id (first), NULL, mc_test_waiter_cb, &f->waiter);
  twice = mc_client_payment_finish (f->client, mc_test_waiter_wait (&f->waiter), NULL, &error);
  g_assert_null (twice);
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_INVALID_STATE);
  g_clear_error (&error);

  mc_client_list_payments_async (f->client, MC_PAYMENT_STATUS_PENDING, 0, NULL, NULL, mc_test_waiter_cb,
                                 &f->waiter);
  pending = finish_list (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (pending), ==, 1);

  mc_client_get_payment_async (f->client, "pay_doesnotexist000000000000000", NULL, mc_test_waiter_cb,
                               &f->waiter);
  missing = mc_client_payment_finish (f->client, mc_test_waiter_wait (&f->waiter), NULL, &error);
  g_assert_null (missing);
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A limit outside 1-500 is the service's to refuse. */
  {
    g_autoptr(GListModel) none = NULL;

    mc_client_list_payments_async (f->client, -1, 501, NULL, NULL, mc_test_waiter_cb, &f->waiter);
    none = finish_list (f, NULL, &error);
    g_assert_null (none);
    g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_INVALID_REQUEST);
  }
}

static void
test_payment_complete (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McPayment) payment = create_payment (f, 1000 * MC_MONEY_SCALE, NULL, NULL, &error);
  g_autoptr(McPayment) declined = NULL;
  g_autoptr(McPayment) paid = NULL;
  g_autoptr(McPayment) again = NULL;
  g_autoptr(McPayment) failed = NULL;
  g_autoptr(McAccount) account = NULL;
  g_autoptr(GListModel) transactions = NULL;
  g_autoptr(McTransaction) line = NULL;
  g_autoptr(GListModel) notifications = NULL;
  g_autoptr(GListModel) unread = NULL;
  g_autoptr(McNotification) notice = NULL;
  g_autoptr(McNotification) read = NULL;
  GDate today, tomorrow;

  g_assert_no_error (error);
  paid = sandbox (f, payment, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (paid == payment);
  g_assert_cmpint (mc_payment_get_status (payment), ==, MC_PAYMENT_STATUS_COMPLETED);
  g_assert_nonnull (mc_payment_get_completed_at (payment));

  /* Paying twice changes nothing. */
  again = sandbox (f, payment, TRUE, &error);
  g_assert_null (again);
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_INVALID_STATE);
  g_clear_error (&error);

  declined = create_payment (f, 500 * MC_MONEY_SCALE, NULL, NULL, &error);
  g_assert_no_error (error);
  failed = sandbox (f, declined, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_payment_get_status (declined), ==, MC_PAYMENT_STATUS_FAILED);

  /* Credits = the amount; the tax is not credit. */
  account = get_account (f, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_account_get_balance (account), ==, 1000 * MC_MONEY_SCALE);
  g_assert_cmpint (mc_account_get_state (account), ==, MC_ACCOUNT_STATE_OK);

  today_in ("Asia/Kolkata", &today);
  mc_client_list_transactions_async (f->client, &today, &today, 0, NULL, NULL, mc_test_waiter_cb, &f->waiter);
  transactions = finish_list (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_list_model_get_item_type (transactions) == MC_TYPE_TRANSACTION);
  g_assert_cmpuint (g_list_model_get_n_items (transactions), ==, 1);
  line = g_list_model_get_item (transactions, 0);
  g_assert_cmpint (mc_transaction_get_kind (line), ==, MC_TRANSACTION_KIND_RECHARGE);
  g_assert_cmpint (mc_transaction_get_amount (line), ==, 1000 * MC_MONEY_SCALE);
  g_assert_cmpint (mc_transaction_get_balance_after (line), ==, 1000 * MC_MONEY_SCALE);
  g_assert_cmpstr (mc_transaction_get_ref (line), ==, mc_payment_get_id (payment));
  g_assert_cmpint (mc_transaction_get_currency (line), ==, MC_CURRENCY_INR);
  g_assert_true (g_str_has_prefix (mc_transaction_get_id (line), "txn_"));

  /* from after to */
  tomorrow = today;
  g_date_add_days (&tomorrow, 1);
  {
    g_autoptr(GListModel) none = NULL;

    mc_client_list_transactions_async (f->client, &tomorrow, &today, 0, NULL, NULL, mc_test_waiter_cb,
                                       &f->waiter);
    none = finish_list (f, NULL, &error);
    g_assert_null (none);
    g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_RANGE_INVALID);
    g_clear_error (&error);
  }

  /* The completion left a notice; mark it read. */
  mc_client_list_notifications_async (f->client, TRUE, 0, NULL, NULL, mc_test_waiter_cb, &f->waiter);
  notifications = finish_list (f, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (notifications); i++)
    {
      g_autoptr(McNotification) item = g_list_model_get_item (notifications, i);

      if (mc_notification_get_kind (item) == MC_NOTIFICATION_KIND_PAYMENT_COMPLETED)
        notice = g_object_ref (item);
    }
  g_assert_nonnull (notice);
  g_assert_false (mc_notification_get_read (notice));
  g_assert_cmpstr (mc_notification_get_ref (notice), ==, mc_payment_get_id (payment));

  mc_client_mark_notification_read_async (f->client, mc_notification_get_id (notice), NULL,
                                          mc_test_waiter_cb, &f->waiter);
  read = mc_client_mark_notification_read_finish (f->client, mc_test_waiter_wait (&f->waiter), &error);
  g_assert_no_error (error);
  g_assert_true (read == notice);
  g_assert_true (mc_notification_get_read (notice));

  mc_client_list_notifications_async (f->client, TRUE, 0, NULL, NULL, mc_test_waiter_cb, &f->waiter);
  unread = finish_list (f, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (unread); i++)
    {
      g_autoptr(McNotification) item = g_list_model_get_item (unread, i);
      g_assert_true (item != notice);
    }
}

/* Events */

typedef struct
{
  McEventStream *stream;
  McPayment     *payment;
  gboolean       payment_completed;
  gboolean       notified;
  gboolean       low_balance;
  guint          resynced;
  guint          account_changed;
} EventLog;

static void
payment_changed_cb (McEventStream *stream,
                    McPayment     *payment,
                    EventLog      *log)
{
  if (payment == log->payment && mc_payment_get_status (payment) == MC_PAYMENT_STATUS_COMPLETED)
    log->payment_completed = TRUE;
}

static void
notification_received_cb (McEventStream  *stream,
                          McNotification *notification,
                          EventLog       *log)
{
  if (mc_notification_get_kind (notification) == MC_NOTIFICATION_KIND_PAYMENT_COMPLETED &&
      log->payment != NULL &&
      g_strcmp0 (mc_notification_get_ref (notification), mc_payment_get_id (log->payment)) == 0)
    log->notified = TRUE;
  if (mc_notification_get_kind (notification) == MC_NOTIFICATION_KIND_LOW_BALANCE)
    log->low_balance = TRUE;
}

static void
resynced_cb (McEventStream *stream,
             EventLog      *log)
{
  log->resynced++;
}

static void
account_changed_cb (McEventStream *stream,
                    McAccount     *account,
                    EventLog      *log)
{
  log->account_changed++;
}

static gboolean
is_connected_and_synced (gpointer data)
{
  EventLog *log = data;

  return mc_event_stream_get_connected (log->stream) && log->resynced > 0;
}

static gboolean
saw_completion (gpointer data)
{
  EventLog *log = data;
  McClient *client = mc_event_stream_get_client (log->stream);

  return log->payment_completed && log->notified &&
         mc_account_get_balance (mc_client_get_account (client)) == 1000 * MC_MONEY_SCALE;
}

static void
event_log_connect (EventLog      *log,
                   McEventStream *stream)
{
  log->stream = stream;
  g_signal_connect (stream, "payment-changed", G_CALLBACK (payment_changed_cb), log);
  g_signal_connect (stream, "notification-received", G_CALLBACK (notification_received_cb), log);
  g_signal_connect (stream, "resynced", G_CALLBACK (resynced_cb), log);
  g_signal_connect (stream, "account-changed", G_CALLBACK (account_changed_cb), log);
}

/* A started stream of the fixture's client, once connected and synced;
 * @quick shortens its reconnect delays and poll interval. */
static McEventStream *
start_stream (Fixture  *f,
              EventLog *log,
              gboolean  quick)
{
  McEventStream *stream = mc_event_stream_new (f->client);

  if (quick)
    {
      mc_event_stream_set_reconnect_min_delay (stream, 50);
      mc_event_stream_set_reconnect_max_delay (stream, 200);
      mc_event_stream_set_poll_interval (stream, 100);
    }
  event_log_connect (log, stream);
  mc_event_stream_start (stream);
  g_assert_true (mc_test_run_until (is_connected_and_synced, log, 10));

  return stream;
}

static void
stop_stream (McEventStream *stream,
             EventLog      *log)
{
  mc_event_stream_stop (stream);
  g_signal_handlers_disconnect_by_data (stream, log);
  mc_test_iterate (20);
  g_assert_finalize_object (stream);
}

static void
test_events_payment (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  EventLog log = { 0 };
  McEventStream *stream = start_stream (f, &log, FALSE);
  g_autoptr(McPayment) payment = NULL;
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  guint status;

  g_assert_cmpint (mc_event_stream_get_state (stream), ==, MC_EVENT_STREAM_STATE_CONNECTED);

  payment = create_payment (f, 1000 * MC_MONEY_SCALE, NULL, NULL, &error);
  g_assert_no_error (error);
  log.payment = payment;

  /* Pay as the person at the checkout page would, outside the client. */
  token = mc_payment_get_checkout_token (payment);
  g_assert_true (g_str_has_prefix (token, "ck_"));
  path = g_strdup_printf ("checkout/%s/pay", token);
  status = raw_post (f, path, "", NULL);
  g_assert_true (status == 303 || status == 200);

  g_assert_true (mc_test_run_until (saw_completion, &log, 10));
  /* The held object itself was refreshed by the event. */
  g_assert_cmpint (mc_payment_get_status (payment), ==, MC_PAYMENT_STATUS_COMPLETED);
  g_assert_cmpint (mc_account_get_state (mc_client_get_account (f->client)), ==, MC_ACCOUNT_STATE_OK);
  g_assert_cmpint (mc_event_stream_get_last_seq (stream), >=, 0);
  g_assert_cmpuint (log.account_changed, >, 0);

  stop_stream (stream, &log);
}

static gboolean
is_polling (gpointer data)
{
  return mc_event_stream_get_state (data) == MC_EVENT_STREAM_STATE_POLLING;
}

static void
test_events_reconnect (Fixture       *f,
                       gconstpointer  data)
{
  EventLog log = { 0 };
  McEventStream *stream = start_stream (f, &log, TRUE);

  /* The service goes away: the stream falls back to polling... */
  stop_service (f);
  g_assert_true (mc_test_run_until (is_polling, stream, 10));
  g_assert_false (mc_event_stream_get_connected (stream));

  /* ...and comes back on its own once the service is there again, resyncing. */
  log.resynced = 0;
  start_service (f);
  g_assert_true (mc_test_run_until (is_connected_and_synced, &log, 10));
  g_assert_true (mc_account_get_loaded (mc_client_get_account (f->client)));

  stop_stream (stream, &log);
}

typedef struct
{
  EventLog *log;
  gint64    balance;
} BalanceWait;

static gboolean
balance_is (gpointer data)
{
  BalanceWait *wait = data;
  McClient *client = mc_event_stream_get_client (wait->log->stream);

  return mc_account_get_balance (mc_client_get_account (client)) == wait->balance;
}

static gboolean
saw_low_balance (gpointer data)
{
  BalanceWait *wait = data;

  return wait->log->low_balance && balance_is (wait);
}

/* The operator's `account adjust` is another process: its changes arrive as
 * events all the same, in sequence (no resync), with the notice it causes. */
static void
test_events_operator (Fixture       *f,
                      gconstpointer  data)
{
  McAccount *account = mc_client_get_account (f->client);
  EventLog log = { 0 };
  McEventStream *stream = start_stream (f, &log, FALSE);
  BalanceWait wait = { &log, 150 * MC_MONEY_SCALE };
  guint resynced = log.resynced;

  run_service_command (f, "account", "adjust", "--db", f->db, "--account", f->account_id,
                       "--amount", "150.00", "--reason", "Goodwill credit", NULL);
  g_assert_true (mc_test_run_until (balance_is, &wait, 3));
  g_assert_cmpint (mc_account_get_state (account), ==, MC_ACCOUNT_STATE_OK);
  g_assert_cmpstr (mc_account_get_support_email (account), ==, "help@provider.example");

  wait.balance = 90 * MC_MONEY_SCALE;
  run_service_command (f, "account", "adjust", "--db", f->db, "--account", f->account_id,
                       "--amount", "-60.00", "--reason", "Correction", NULL);
  g_assert_true (mc_test_run_until (saw_low_balance, &wait, 3));
  g_assert_cmpint (mc_account_get_state (account), ==, MC_ACCOUNT_STATE_LOW);
  g_assert_cmpuint (log.resynced, ==, resynced);

  stop_stream (stream, &log);
}

/* A rotated token: the service closes the stream at once, and the stream
 * does not get back in with the old token. */
static void
test_events_token_rotated (Fixture       *f,
                           gconstpointer  data)
{
  EventLog log = { 0 };
  McEventStream *stream = start_stream (f, &log, TRUE);

  run_service_command (f, "account", "rotate-token", "--db", f->db, "--account", f->account_id, NULL);
  g_assert_true (mc_test_run_until (is_polling, stream, 3));
  mc_test_iterate (600);
  g_assert_false (mc_event_stream_get_connected (stream));

  stop_stream (stream, &log);
}

/* Conversations, reports and export */

/* Returns FALSE when the service has no POST /v1/conversations yet. */
static gboolean
add_conversations (Fixture *f)
{
  static const char * const categories[] = {
    "business_initiated", "business_initiated", "user_initiated", "free", "business_initiated",
  };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  recharge (f, 1000 * MC_MONEY_SCALE);
  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    {
      /* Spread over the last minutes so they sort; all of today in India... unless it is
       * just past midnight there, which the report test allows for. */
      g_autoptr(GDateTime) started = g_date_time_add_seconds (now, -60.0 * (G_N_ELEMENTS (categories) - i));
      g_autofree char *at = mc_time_format (started);
      g_autofree char *body = g_strdup_printf ("{\"external_id\":\"wamid-test-%u\",\"category\":\"%s\","
                                               "\"wa_id\":\"91987654321%u\",\"started_at\":\"%s\"}",
                                               i, categories[i], i, at);
      g_autofree char *answer = NULL;
      guint status = raw_post (f, "v1/conversations", body, &answer);

      if (status == 404 && strstr (answer, "not_found") != NULL)
        return FALSE;
      g_assert_cmpuint (status, ==, 201);
    }

  return TRUE;
}

static void
test_report (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McReport) report = NULL;
  g_autoptr(McReport) none = NULL;
  McReportRow *totals;
  GListModel *rows;
  guint64 sum = 0;
  gboolean have_conversations;
  GDate today, from, old;

  have_conversations = add_conversations (f);
  today_in ("Asia/Kolkata", &today);
  from = today;
  g_date_subtract_days (&from, 6);

  mc_client_get_conversation_report_async (f->client, &from, &today, MC_REPORT_GROUP_DAY, NULL,
                                           mc_test_waiter_cb, &f->waiter);
  report = mc_client_get_conversation_report_finish (f->client, mc_test_waiter_wait (&f->waiter), &error);
  if (route_missing (error, "/v1/reports/conversations"))
    return;
  g_assert_no_error (error);

  g_assert_cmpint (mc_report_get_currency (report), ==, MC_CURRENCY_INR);
  g_assert_cmpint (mc_report_get_group (report), ==, MC_REPORT_GROUP_DAY);
  rows = mc_report_get_rows (report);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 7);
  for (guint i = 0; i < 7; i++)
    {
      g_autoptr(McReportRow) row = g_list_model_get_item (rows, i);
      GDate period, expected = from;

      g_date_add_days (&expected, i);
      g_assert_true (mc_report_row_get_period_date (row, &period));
      g_assert_cmpint (g_date_compare (&period, &expected), ==, 0);
      sum += mc_report_row_get_total_count (row);
    }

  totals = mc_report_get_totals (report);
  g_assert_null (mc_report_row_get_period (totals));
  g_assert_cmpuint (mc_report_row_get_total_count (totals), ==, sum);
  /* Five conversations, unless the platform route is not there yet. */
  g_assert_cmpuint (sum, ==, have_conversations ? 5 : 0);
  if (have_conversations)
    {
      g_assert_cmpuint (sum, ==, 5);
      g_assert_cmpuint (mc_report_row_get_count (totals, MC_CONVERSATION_CATEGORY_BUSINESS_INITIATED), ==, 3);
      g_assert_cmpint (mc_report_row_get_cost (totals, MC_CONVERSATION_CATEGORY_BUSINESS_INITIATED), ==, 24000);
      g_assert_cmpint (mc_report_row_get_cost (totals, MC_CONVERSATION_CATEGORY_USER_INITIATED), ==, 3500);
      g_assert_cmpint (mc_report_row_get_total_cost (totals), ==, 27500);
    }

  /* Before the six-month window */
  old = today;
  g_date_subtract_months (&old, 7);
  mc_client_get_conversation_report_async (f->client, &old, &today, MC_REPORT_GROUP_MONTH, NULL,
                                           mc_test_waiter_cb, &f->waiter);
  none = mc_client_get_conversation_report_finish (f->client, mc_test_waiter_wait (&f->waiter), &error);
  g_assert_null (none);
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_RANGE_TOO_OLD);
  g_clear_error (&error);

  /* from after to */
  mc_client_get_conversation_report_async (f->client, &today, &from, MC_REPORT_GROUP_WEEK, NULL,
                                           mc_test_waiter_cb, &f->waiter);
  none = mc_client_get_conversation_report_finish (f->client, mc_test_waiter_wait (&f->waiter), &error);
  g_assert_null (none);
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_RANGE_INVALID);
}

typedef struct
{
  guint          calls;
  GCancellable  *cancel;
} ExportProgress;

static void
export_progress_cb (guint64  bytes,
                    guint64  rows,
                    gpointer user_data)
{
  ExportProgress *progress = user_data;

  progress->calls++;
  if (progress->cancel != NULL)
    g_cancellable_cancel (progress->cancel);
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->tmpdir, "exports", "usage.csv", NULL);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  g_autofree char *names = NULL;
  g_auto(GStrv) lines = NULL;
  ExportProgress progress = { 0 };
  guint64 bytes = 0, rows = 0;
  gsize length;
  gboolean have_conversations;
  GDate today, from;

  g_assert_no_errno (g_mkdir (folder, 0700));
  have_conversations = add_conversations (f);
  today_in ("Asia/Kolkata", &today);
  from = today;
  g_date_subtract_days (&from, 1);

  mc_client_export_usage_async (f->client, &from, &today, MC_EXPORT_KIND_CONVERSATIONS, file,
                                export_progress_cb, &progress, NULL, NULL, mc_test_waiter_cb, &f->waiter);
  if (!mc_client_export_usage_finish (f->client, mc_test_waiter_wait (&f->waiter), &bytes, &rows, &error) &&
      route_missing (error, "/v1/usage/export"))
    return;
  g_assert_no_error (error);

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bytes, ==, length);
  g_assert_true (g_str_has_prefix (contents, "conversation_id,started_at,category,wa_id,cost,currency\r\n"));
  lines = g_strsplit (contents, "\r\n", -1);
  /* header + rows + the empty string after the last CRLF */
  g_assert_cmpuint (g_strv_length (lines), ==, rows + 2);
  g_assert_cmpuint (rows, ==, have_conversations ? 5 : 0);
  if (have_conversations)
    {
      g_assert_nonnull (strstr (lines[1], ",business_initiated,919876543210,0.80,INR"));
      g_assert_nonnull (strstr (lines[4], ",free,919876543213,0.00,INR"));
    }
  g_assert_cmpuint (progress.calls, >=, 1);

  names = mc_test_list_folder (folder);
  g_assert_cmpstr (names, ==, "usage.csv");
  g_assert_no_errno (g_unlink (path));

  /* Cancelled on the first chunk: no file, not even a partial one. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    ExportProgress cancelling = { 0, cancellable };
    g_autofree char *left = NULL;

    g_clear_error (&error);
    mc_client_export_usage_async (f->client, &from, &today, MC_EXPORT_KIND_DAILY, file,
                                  export_progress_cb, &cancelling, NULL, cancellable,
                                  mc_test_waiter_cb, &f->waiter);
    g_assert_false (mc_client_export_usage_finish (f->client, mc_test_waiter_wait (&f->waiter), NULL, NULL,
                                                   &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    left = mc_test_list_folder (folder);
    g_assert_cmpstr (left, ==, "");
  }
}

/* Broadcasts */

static void
test_broadcasts (Fixture       *f,
                 gconstpointer  data)
{
  static const char * const recipients[] = { "919876543210", "919876543211", "919876543210", NULL };
  static const char * const bad_recipients[] = { "+91 98765", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(McBroadcastEstimate) estimate = NULL;
  g_autoptr(McBroadcastEstimate) bad = NULL;
  g_autoptr(McBroadcast) restricted = NULL;
  g_autoptr(McBroadcast) scheduled = NULL;
  g_autoptr(McBroadcast) replay = NULL;
  g_autoptr(McBroadcast) cancelled = NULL;
  g_autoptr(McBroadcast) twice = NULL;
  g_autoptr(McBroadcast) got = NULL;
  g_autoptr(McAccount) account = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 2);
  g_autofree char *key = mc_client_new_idempotency_key ();
  gboolean replayed = FALSE;

  account = get_account (f, &error);
  g_assert_no_error (error);

  mc_client_estimate_broadcast_async (f->client, recipients, 0, NULL, mc_test_waiter_cb, &f->waiter);
  estimate = mc_client_estimate_broadcast_finish (f->client, mc_test_waiter_wait (&f->waiter), &error);
  if (route_missing (error, "/v1/broadcasts/estimate"))
    return;
  g_assert_no_error (error);
  g_assert_cmpuint (mc_broadcast_estimate_get_recipients (estimate), ==, 2);
  g_assert_cmpint (mc_broadcast_estimate_get_rate (estimate), ==, 8000);
  g_assert_cmpint (mc_broadcast_estimate_get_estimated_cost (estimate), ==, 16000);
  g_assert_cmpint (mc_broadcast_estimate_get_balance (estimate), ==, 0);
  g_assert_false (mc_broadcast_estimate_get_sufficient (estimate));
  g_assert_cmpint (mc_broadcast_estimate_get_shortfall (estimate), ==, 16000);
  g_assert_cmpint (mc_broadcast_estimate_get_currency (estimate), ==, MC_CURRENCY_INR);

  mc_client_estimate_broadcast_async (f->client, bad_recipients, 0, NULL, mc_test_waiter_cb, &f->waiter);
  bad = mc_client_estimate_broadcast_finish (f->client, mc_test_waiter_wait (&f->waiter), &error);
  g_assert_null (bad);
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_INVALID_PHONE);
  g_clear_error (&error);

  /* Send now from a restricted account: created, and failed. */
  mc_client_create_broadcast_async (f->client, "Diwali offer", NULL, 1200, NULL, NULL, NULL,
                                    mc_test_waiter_cb, &f->waiter);
  restricted = mc_client_broadcast_finish (f->client, mc_test_waiter_wait (&f->waiter), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_broadcast_get_status (restricted), ==, MC_BROADCAST_STATUS_FAILED);
  g_assert_cmpint (mc_broadcast_get_failure_reason (restricted), ==, MC_BROADCAST_FAILURE_ACCOUNT_RESTRICTED);
  g_assert_cmpuint (mc_broadcast_get_recipients (restricted), ==, 1200);
  g_assert_cmpint (mc_broadcast_get_estimated_cost (restricted), ==, 960 * MC_MONEY_SCALE);
  g_assert_cmpstr (mc_broadcast_get_name (restricted), ==, "Diwali offer");

  /* Scheduled, with a key; the retry replays the same broadcast. */
  mc_client_create_broadcast_async (f->client, "Weekend sale", recipients, 0, later, key, NULL,
                                    mc_test_waiter_cb, &f->waiter);
  scheduled = mc_client_broadcast_finish (f->client, mc_test_waiter_wait (&f->waiter), &replayed, &error);
  g_assert_no_error (error);
  g_assert_false (replayed);
  g_assert_cmpint (mc_broadcast_get_status (scheduled), ==, MC_BROADCAST_STATUS_SCHEDULED);
  g_assert_cmpint (g_date_time_to_unix (mc_broadcast_get_scheduled_at (scheduled)), ==,
                   g_date_time_to_unix (later));
  g_assert_null (mc_broadcast_get_sent_at (scheduled));
  g_assert_cmpint (mc_broadcast_get_failure_reason (scheduled), ==, MC_BROADCAST_FAILURE_NONE);

  mc_client_create_broadcast_async (f->client, "Weekend sale", recipients, 0, later, key, NULL,
                                    mc_test_waiter_cb, &f->waiter);
  replay = mc_client_broadcast_finish (f->client, mc_test_waiter_wait (&f->waiter), &replayed, &error);
  g_assert_no_error (error);
  g_assert_true (replayed);
  g_assert_true (replay == scheduled);

  mc_client_list_broadcasts_async (f->client, 0, NULL, NULL, mc_test_waiter_cb, &f->waiter);
  list = finish_list (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);

  mc_client_get_broadcast_async (f->client, mc_broadcast_get_id (scheduled), NULL, mc_test_waiter_cb,
                                 &f->waiter);
  got = mc_client_broadcast_finish (f->client, mc_test_waiter_wait (&f->waiter), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (got == scheduled);

  mc_client_cancel_broadcast_async (f->client, mc_broadcast_get_id (scheduled), NULL, mc_test_waiter_cb,
                                    &f->waiter);
  cancelled = mc_client_broadcast_finish (f->client, mc_test_waiter_wait (&f->waiter), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cancelled == scheduled);
  g_assert_cmpint (mc_broadcast_get_status (scheduled), ==, MC_BROADCAST_STATUS_CANCELLED);

  mc_client_cancel_broadcast_async (f->client, mc_broadcast_get_id (restricted), NULL, mc_test_waiter_cb,
                                    &f->waiter);
  twice = mc_client_broadcast_finish (f->client, mc_test_waiter_wait (&f->waiter), NULL, &error);
  g_assert_null (twice);
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_INVALID_STATE);
}

/* Tickets */

static void
test_tickets (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McTicket) ticket = NULL;
  g_autoptr(McTicket) empty = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(McTicket) listed = NULL;

  mc_client_create_ticket_async (f->client, "Payment not credited", "I paid ₹1,180 and see nothing.",
                                 NULL, NULL, mc_test_waiter_cb, &f->waiter);
  ticket = mc_client_create_ticket_finish (f->client, mc_test_waiter_wait (&f->waiter), &error);
  if (route_missing (error, "/v1/tickets"))
    return;
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (mc_ticket_get_id (ticket), "tkt_"));
  g_assert_cmpstr (mc_ticket_get_status (ticket), ==, "open");
  g_assert_cmpstr (mc_ticket_get_subject (ticket), ==, "Payment not credited");
  g_assert_nonnull (mc_ticket_get_created_at (ticket));

  mc_client_create_ticket_async (f->client, "", "body", NULL, NULL, mc_test_waiter_cb, &f->waiter);
  empty = mc_client_create_ticket_finish (f->client, mc_test_waiter_wait (&f->waiter), &error);
  g_assert_null (empty);
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_INVALID_REQUEST);
  g_clear_error (&error);

  mc_client_list_tickets_async (f->client, 0, NULL, NULL, mc_test_waiter_cb, &f->waiter);
  list = finish_list (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  listed = g_list_model_get_item (list, 0);
  g_assert_cmpstr (mc_ticket_get_id (listed), ==, mc_ticket_get_id (ticket));
}

/* USD */

static void
test_usd (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McAccount) account = get_account (f, &error);
  g_autoptr(McPayment) payment = NULL;
  g_autoptr(McPayment) small = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (mc_account_get_currency (account), ==, MC_CURRENCY_USD);
  g_assert_null (mc_account_get_tax_name (account));
  g_assert_cmpint (mc_account_get_rate_business_initiated (account), ==, 147);
  g_assert_cmpint (mc_account_get_recharge_max (account), ==, 2000 * MC_MONEY_SCALE);

  payment = create_payment (f, 5 * MC_MONEY_SCALE, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_payment_get_currency (payment), ==, MC_CURRENCY_USD);
  g_assert_cmpint (mc_payment_get_tax (payment), ==, 0);
  g_assert_cmpint (mc_payment_get_total (payment), ==, 5 * MC_MONEY_SCALE);

  small = create_payment (f, 49900, NULL, NULL, &error);
  g_assert_null (small);
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_AMOUNT_BELOW_MINIMUM);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_autofree char *bin = NULL;

  g_test_init (&argc, &argv, NULL);

  bin = service_path ();
  if (!g_file_test (bin, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("The service is not built: %s", bin);

  g_test_add ("/client/service/account", Fixture, NULL, fixture_setup, test_account, fixture_teardown);
  g_test_add ("/client/service/unauthorized", Fixture, NULL, fixture_setup, test_unauthorized, fixture_teardown);
  g_test_add ("/client/service/payments/create", Fixture, NULL, fixture_setup, test_payment_create, fixture_teardown);
  g_test_add ("/client/service/payments/list-get-cancel", Fixture, NULL,
              fixture_setup, test_payment_list_get_cancel, fixture_teardown);
  g_test_add ("/client/service/payments/complete", Fixture, NULL,
              fixture_setup, test_payment_complete, fixture_teardown);
  g_test_add ("/client/service/payments/usd", Fixture, "USD", fixture_setup, test_usd, fixture_teardown);
  g_test_add ("/client/service/events/payment", Fixture, NULL, fixture_setup, test_events_payment, fixture_teardown);
  g_test_add ("/client/service/events/operator", Fixture, NULL,
              fixture_setup, test_events_operator, fixture_teardown);
  g_test_add ("/client/service/events/token-rotated", Fixture, NULL,
              fixture_setup, test_events_token_rotated, fixture_teardown);
  g_test_add ("/client/service/events/reconnect", Fixture, NULL,
              fixture_setup, test_events_reconnect, fixture_teardown);
  g_test_add ("/client/service/reports", Fixture, NULL, fixture_setup, test_report, fixture_teardown);
  g_test_add ("/client/service/export", Fixture, NULL, fixture_setup, test_export, fixture_teardown);
  g_test_add ("/client/service/broadcasts", Fixture, NULL, fixture_setup, test_broadcasts, fixture_teardown);
  g_test_add ("/client/service/tickets", Fixture, NULL, fixture_setup, test_tickets, fixture_teardown);

  ret = g_test_run ();
  mc_test_quiesce_threads ();

  return ret;
}
