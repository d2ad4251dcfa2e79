/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The layers under the routes: the router, the store's guarantees at the
 * SQL level, and the streamed-response hook over a real socket.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "mc-clock.h"
#include "mc-ids.h"
#include "mc-router.h"
#include "mc-service.h"
#include "mc-store.h"

typedef struct
{
  char      *dir;
  McService *service;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  McServiceConfig config = { 0 };

  f->dir = g_dir_make_tmp ("mc-test-http-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (f->dir, "test.db", NULL);
  config.db_path = db;
  f->service = mc_service_new (&config, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->service, mc_service_free);
  remove_tree (f->dir);
  g_free (f->dir);
}

/* Router */

static void
handler_a (McService *s, McRequest *req, McResponse *res)
{
  mc_response_set_body (res, 200, "text/plain", NULL);
}

static void
handler_b (McService *s, McRequest *req, McResponse *res)
{
  mc_response_set_body (res, 204, NULL, NULL);
}

static void
test_router (void)
{
  McRouter *router = mc_router_new ();
  g_autoptr(GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  McRouteHandler handler;
  McRouteFlags flags;
  g_autofree char *allow = NULL;

  mc_router_add (router, "GET", "/v1/payments/{id}", MC_ROUTE_AUTH, handler_a);
  mc_router_add (router, "POST", "/v1/payments/{id}/cancel", MC_ROUTE_AUTH, handler_b);
  mc_router_add (router, "PATCH", "/v1/payments/{id}", MC_ROUTE_AUTH, handler_b);

  g_assert_cmpint (mc_router_match (router, "GET", "/v1/payments/pay_1", params, &handler, &flags, NULL),
                   ==, MC_ROUTE_MATCH_FOUND);
  g_assert_true (handler == handler_a);
  g_assert_cmpint (flags, ==, MC_ROUTE_AUTH);
  g_assert_cmpstr (g_hash_table_lookup (params, "id"), ==, "pay_1");

  g_assert_cmpint (mc_router_match (router, "POST", "/v1/payments/x/cancel", params, &handler, &flags, NULL),
                   ==, MC_ROUTE_MATCH_FOUND);
  g_assert_true (handler == handler_b);

  g_assert_cmpint (mc_router_match (router, "DELETE", "/v1/payments/x", params, &handler, &flags, &allow),
                   ==, MC_ROUTE_MATCH_NO_METHOD);
  g_assert_cmpstr (allow, ==, "GET, PATCH");

  g_assert_cmpint (mc_router_match (router, "GET", "/v1/payments/", params, &handler, &flags, NULL),
                   ==, MC_ROUTE_MATCH_NO_PATH);
  g_assert_cmpint (mc_router_match (router, "GET", "/v1/payments", params, &handler, &flags, NULL),
                   ==, MC_ROUTE_MATCH_NO_PATH);
  g_assert_cmpint (mc_router_match (router, "GET", "/v1/payments/a/b", params, &handler, &flags, NULL),
                   ==, MC_ROUTE_MATCH_NO_PATH);
  g_assert_cmpint (mc_router_match (router, "GET", "relative", params, &handler, &flags, NULL),
                   ==, MC_ROUTE_MATCH_NO_PATH);

  mc_router_free (router);
}

/* Store guarantees */

static void
test_ledger_guards (Fixture       *f,
                    gconstpointer  data)
{
  McStore *store = mc_service_get_store (f->service);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = mc_token_hash ("mct_test");
  McAccount account = {
    .id = (char *) "acc_test",
    .name = (char *) "Test",
    .email = (char *) "t@example.com",
    .currency = MC_CURRENCY_INR,
    .timezone = (char *) "Asia/Kolkata",
    .low_balance_threshold = 1000000,
    .created_at = 1,
  };
  McLedgerLine line = {
    .id = (char *) "txn_1",
    .account_id = (char *) "acc_test",
    .at = 10,
    .kind = (char *) "recharge",
    .amount = 5000000,
    .balance_after = 5000000,
    .description = (char *) "Recharge",
    .ref = (char *) "pay_1",
  };
  g_autoptr(McAccount) stored = NULL;
  gint64 balance = 0, sum = 0;

  g_assert_true (mc_store_begin (store, &error));
  g_assert_true (mc_store_account_insert (store, &account, hash, &error));
  g_assert_true (mc_store_ledger_insert (store, &line, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_commit (store, &error));

  stored = mc_store_account_get (store, "acc_test", &error);
  g_assert_nonnull (stored);
  g_assert_cmpint (stored->balance, ==, 5000000);

  /* A line whose balance_after is not the new balance is refused. */
  g_assert_true (mc_store_begin (store, &error));
  line.id = (char *) "txn_2";
  line.ref = (char *) "pay_2";
  line.balance_after = 9999;
  g_assert_false (mc_store_ledger_insert (store, &line, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  mc_store_rollback (store);

  /* A second recharge line for the same payment is refused. */
  g_assert_true (mc_store_begin (store, &error));
  line.id = (char *) "txn_3";
  line.ref = (char *) "pay_1";
  line.balance_after = 10000000;
  g_assert_false (mc_store_ledger_insert (store, &line, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  mc_store_rollback (store);

  g_assert_true (mc_store_account_check_ledger (store, "acc_test", &balance, &sum, &error));
  g_assert_cmpint (balance, ==, sum);
  g_assert_cmpint (balance, ==, 5000000);
  g_assert_cmpint (mc_store_get_schema_version (store), >=, 1);

  {
    g_autoptr(McAccount) found = mc_store_account_by_token_hash (store, hash, &error);

    g_assert_nonnull (found);
    g_assert_cmpstr (found->id, ==, "acc_test");
  }
  {
    g_autofree char *other = mc_token_hash ("mct_other");
    g_autoptr(McAccount) none = mc_store_account_by_token_hash (store, other, &error);

    g_assert_no_error (error);
    g_assert_null (none);
  }
}

static void
test_ids (void)
{
  g_autofree char *a = mc_id_new ("pay");
  g_autofree char *b = mc_id_new ("pay");
  g_autofree char *token = mc_token_new ("mct");
  g_autofree char *hash = mc_token_hash ("abc");

  g_assert_true (g_str_has_prefix (a, "pay_"));
  g_assert_cmpuint (strlen (a), ==, 4 + 26);  /* 128 bits in base32 */
  g_assert_cmpstr (a, !=, b);
  g_assert_true (mc_id_is_plausible (a, "pay"));
  g_assert_false (mc_id_is_plausible (a, "acc"));
  g_assert_false (mc_id_is_plausible ("pay_", "pay"));
  g_assert_false (mc_id_is_plausible ("pay_ABC", "pay"));
  g_assert_cmpuint (strlen (token), ==, 4 + 52);  /* 256 bits */
  g_assert_cmpstr (hash, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  g_assert_true (mc_const_equal ("abc", 3, "abc", 3));
  g_assert_false (mc_const_equal ("abc", 3, "abd", 3));
  g_assert_false (mc_const_equal ("abc", 3, "ab", 2));
}

/* Streaming */

#define STREAM_LINES 3000
#define LINES_PER_CHUNK 40

typedef struct
{
  guint  next_line;
  guint  calls;
  guint  ticks_seen[STREAM_LINES / LINES_PER_CHUNK + 2];
  gboolean fail_midway;
} StreamState;

static guint loop_ticks;
static StreamState *last_stream;

static gboolean
produce (gpointer     user_data,
         GByteArray  *chunk,
         GError     **error)
{
  StreamState *state = user_data;

  if (state->calls < G_N_ELEMENTS (state->ticks_seen))
    state->ticks_seen[state->calls] = loop_ticks;
  state->calls++;

  if (state->fail_midway && state->next_line >= STREAM_LINES / 2)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the data went away");
      return FALSE;
    }

  for (guint i = 0; i < LINES_PER_CHUNK && state->next_line < STREAM_LINES; i++, state->next_line++)
    {
      g_autofree char *line = g_strdup_printf ("line %u\r\n", state->next_line);

      g_byte_array_append (chunk, (const guint8 *) line, strlen (line));
    }

  return TRUE;
}

static void
stream_handler (McService  *service,
                McRequest  *req,
                McResponse *res)
{
  StreamState *state = g_new0 (StreamState, 1);

  state->fail_midway = mc_request_get_query (req, "fail") != NULL;
  last_stream = state;
  mc_response_set_stream (res, 200, "text/csv; charset=utf-8", produce, state, NULL);
}

static gboolean
tick_cb (gpointer data)
{
  loop_ticks++;
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  GMainLoop *loop;
  GBytes    *body;
  GError    *error;
  SoupMessage *msg;
} Fetch;

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fetch *fetch = user_data;

  fetch->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &fetch->error);
  g_main_loop_quit (fetch->loop);
}

static void
fetch (Fixture    *f,
       const char *path,
       Fetch      *out)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (mc_service_get_url (f->service), path, NULL);

  out->loop = g_main_loop_new (NULL, FALSE);
  out->msg = soup_message_new ("GET", url);
  soup_session_send_and_read_async (session, out->msg, G_PRIORITY_DEFAULT, NULL, fetched_cb, out);
  g_main_loop_run (out->loop);
  g_main_loop_unref (out->loop);
}

static void
test_stream (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  Fetch result = { 0 };
  guint tick;
  guint advanced = 0;
  StreamState *state;

  mc_router_add (mc_service_get_router (f->service), "GET", "/test/stream", MC_ROUTE_NONE, stream_handler);
  g_assert_true (mc_service_listen (f->service, "127.0.0.1:0", &error));
  g_assert_no_error (error);
  tick = g_idle_add_full (G_PRIORITY_DEFAULT, tick_cb, NULL, NULL);

  fetch (f, "/test/stream", &result);
  g_assert_no_error (result.error);
  g_assert_cmpuint (soup_message_get_status (result.msg), ==, 200);
  g_assert_cmpint (soup_message_headers_get_encoding (soup_message_get_response_headers (result.msg)), ==,
                   SOUP_ENCODING_CHUNKED);
  for (guint i = 0; i < STREAM_LINES; i++)
    g_string_append_printf (expected, "line %u\r\n", i);
  g_assert_cmpuint (g_bytes_get_size (result.body), ==, expected->len);
  g_assert_true (memcmp (g_bytes_get_data (result.body, NULL), expected->str, expected->len) == 0);

  /* Produced piece by piece, with the main loop running in between. */
  state = last_stream;
  g_assert_cmpuint (state->calls, ==, STREAM_LINES / LINES_PER_CHUNK + 1);
  for (guint i = 1; i < G_N_ELEMENTS (state->ticks_seen) && i < state->calls; i++)
    if (state->ticks_seen[i] > state->ticks_seen[i - 1])
      advanced++;
  g_assert_cmpuint (advanced, >, state->calls / 2);

  g_clear_pointer (&result.body, g_bytes_unref);
  g_clear_object (&result.msg);
  g_free (state);

  /* A producer that fails after the headers went out cuts the body short... */
  fetch (f, "/test/stream?fail=1", &result);
  g_assert_true (result.error != NULL ||
                 (result.body != NULL && g_bytes_get_size (result.body) < expected->len));
  g_clear_error (&result.error);
  g_clear_pointer (&result.body, g_bytes_unref);
  g_clear_object (&result.msg);
  g_free (last_stream);

  /* ...and the service goes on. */
  fetch (f, "/healthz", &result);
  g_assert_no_error (result.error);
  g_assert_cmpuint (soup_message_get_status (result.msg), ==, 200);
  g_clear_pointer (&result.body, g_bytes_unref);
  g_clear_object (&result.msg);

  g_source_remove (tick);
}

static void
test_drain (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(McRequest) req = mc_request_new ("GET", "/test/stream");
  g_autoptr(McResponse) res = mc_response_new ();
  g_autoptr(GError) error = NULL;

  mc_router_add (mc_service_get_router (f->service), "GET", "/test/stream", MC_ROUTE_NONE, stream_handler);
  mc_service_handle (f->service, req, res);
  g_assert_cmpuint (res->status, ==, 200);
  g_assert_nonnull (res->producer);
  g_assert_true (mc_response_drain_stream (res, 0, &error));
  g_assert_no_error (error);
  g_assert_null (res->producer);
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (res->body, NULL), g_bytes_get_size (res->body));
    g_autofree char *last = g_strdup_printf ("line %u\r\n", STREAM_LINES - 1);

    g_assert_true (g_str_has_prefix (text, "line 0\r\nline 1\r\n"));
    g_assert_true (g_str_has_suffix (text, last));
  }
  g_free (last_stream);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mc/service/router", test_router);
  g_test_add_func ("/mc/service/ids", test_ids);
  g_test_add ("/mc/service/store/ledger-guards", Fixture, NULL, fixture_set_up, test_ledger_guards,
              fixture_tear_down);
  g_test_add ("/mc/service/http/stream", Fixture, NULL, fixture_set_up, test_stream, fixture_tear_down);
  g_test_add ("/mc/service/http/drain", Fixture, NULL, fixture_set_up, test_drain, fixture_tear_down);

  return g_test_run ();
}
