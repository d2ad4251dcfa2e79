/* SPDX-License-Identifier: GPL-3.0-or-later */

/* McClient against a small hostile SoupServer in this process: every bad
 * answer must become a GError (and never a crash, a critical or a warning:
 * the tests run with fatal warnings), the live models must stay as they were,
 * and every object must be finalized at teardown. */

#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "client-test-util.h"
#include "mc-client.h"
#include "mc-core.h"

#define TOKEN "tok_s3cr3t-TOKEN-for-tests-0123456789"
#define ACCOUNT_ID "acc_0123456789abcdef0123456789abcdef"
#define PAYMENT_ID "pay_0123456789abcdef0123456789abcdef"

#define ACCOUNT_JSON \
  "{\"id\":\"" ACCOUNT_ID "\",\"name\":\"Acme Traders\",\"email\":\"owner@acme.example\"," \
  "\"currency\":\"INR\",\"timezone\":\"Asia/Kolkata\",\"balance\":\"1250.00\",\"state\":\"ok\"," \
  "\"low_balance_threshold\":\"100.00\",\"recharge_min\":\"100.00\",\"recharge_max\":\"100000.00\"," \
  "\"tax\":{\"name\":\"GST\",\"rate_percent\":\"18\"}," \
  "\"rates\":{\"free\":\"0.00\",\"business_initiated\":\"0.80\",\"user_initiated\":\"0.35\"}," \
  "\"pending_payments\":1,\"support\":{\"phone\":null,\"email\":\"support@example.com\"}}"

#define PAYMENT_JSON(status, completed) \
  "{\"id\":\"" PAYMENT_ID "\",\"status\":\"" status "\",\"currency\":\"INR\"," \
  "\"amount\":\"1000.00\",\"tax\":\"180.00\",\"total\":\"1180.00\"," \
  "\"created_at\":\"2026-11-26T09:30:00Z\",\"expires_at\":\"2026-11-27T09:30:00Z\"," \
  "\"completed_at\":" completed ",\"checkout_url\":\"http://127.0.0.1:1/checkout/ck_abc\"}"

#define NOTIFICATION_JSON \
  "{\"id\":\"ntf_0123456789abcdef\",\"at\":\"2026-11-26T09:31:00Z\",\"kind\":\"payment_completed\"," \
  "\"title\":\"Payment completed\",\"body\":\"₹1,000.00 was added.\",\"read\":false,\"ref\":\"" PAYMENT_ID "\"}"

typedef struct _Fixture Fixture;
typedef void (*Responder) (Fixture *f, SoupServerMessage *msg, const char *path);

struct _Fixture
{
  SoupServer   *server;
  char         *url;
  McClient     *client;
  McTestWaiter  waiter;
  char         *tmpdir;

  /* What /v1/account answers (default: a good account) */
  guint         status;
  char         *content_type;
  GBytes       *body;
  gboolean      chunked;
  Responder     responder;
  gpointer      responder_data;

  /* What came in */
  guint         requests;
  GPtrArray    *paths;
  char         *last_authorization;
  char         *last_idempotency_key;
  char         *last_body;
  GPtrArray    *paused;

  /* WebSocket side */
  gboolean      ws_close_at_once;
  const char * const *ws_script;
  guint         ws_connections;
  char         *ws_authorization;
  GPtrArray    *ws;
};

static void
set_answer (Fixture    *f,
            guint       status,
            const char *content_type,
            const char *body)
{
  f->status = status;
  g_free (f->content_type);
  f->content_type = g_strdup (content_type);
  g_clear_pointer (&f->body, g_bytes_unref);
  f->body = g_bytes_new (body, strlen (body));
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *content_type,
         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *full = NULL;

  f->requests++;
  full = g_uri_get_query (uri) != NULL
    ? g_strdup_printf ("%s %s?%s", soup_server_message_get_method (msg), g_uri_get_path (uri),
                       g_uri_get_query (uri))
    : g_strdup_printf ("%s %s", soup_server_message_get_method (msg), g_uri_get_path (uri));
  g_ptr_array_add (f->paths, g_steal_pointer (&full));
  g_free (f->last_authorization);
  f->last_authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  g_free (f->last_idempotency_key);
  f->last_idempotency_key = g_strdup (soup_message_headers_get_one (headers, "Idempotency-Key"));
  g_free (f->last_body);
  f->last_body = request_body->length > 0 ? g_strndup (request_body->data, request_body->length) : NULL;

  if (f->responder != NULL)
    {
      f->responder (f, msg, path);
      return;
    }

  if (g_str_equal (path, "/v1/account"))
    {
      gsize size;
      const char *data = g_bytes_get_data (f->body, &size);

      soup_server_message_set_status (msg, f->status, NULL);
      /* A redirect to another path of this server: it must never be followed. */
      if (SOUP_STATUS_IS_REDIRECTION (f->status))
        soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location",
                                      "/v1/stolen");
      if (f->chunked)
        {
          SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
          SoupMessageBody *body = soup_server_message_get_response_body (msg);

          soup_message_headers_set_encoding (response, SOUP_ENCODING_CHUNKED);
          soup_message_headers_set_content_type (response, f->content_type, NULL);
          soup_message_body_append_bytes (body, f->body);
          soup_message_body_complete (body);
        }
      else
        soup_server_message_set_response (msg, f->content_type, SOUP_MEMORY_COPY, data, size);
      return;
    }

  if (g_str_equal (path, "/v1/notifications") || g_str_equal (path, "/v1/payments") ||
      g_str_equal (path, "/v1/broadcasts"))
    {
      respond (msg, 200, "application/json", "{\"data\":[],\"next_cursor\":null}");
      return;
    }

  if (g_str_equal (path, "/v1/events"))
    {
      respond (msg, 401, "application/json",
               "{\"error\":{\"code\":\"unauthorized\",\"message\":\"Unknown token.\"}}");
      return;
    }

  respond (msg, 404, "application/json",
           "{\"error\":{\"code\":\"not_found\",\"message\":\"No such thing.\"}}");
}

static void
ws_cb (SoupServer              *server,
       SoupServerMessage       *msg,
       const char              *path,
       SoupWebsocketConnection *connection,
       gpointer                 user_data);

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  f->paths = g_ptr_array_new_with_free_func (g_free);
  f->paused = g_ptr_array_new ();
  f->ws = g_ptr_array_new_with_free_func (g_object_unref);
  set_answer (f, 200, "application/json", ACCOUNT_JSON);

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, server_cb, f, NULL);
  soup_server_add_websocket_handler (f->server, "/v1/events", NULL, NULL, ws_cb, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (f->server);
  f->url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  f->client = mc_client_new (f->url, TOKEN, MC_CLIENT_FLAGS_NONE, &error);
  g_assert_no_error (error);
  mc_test_waiter_init (&f->waiter);

  f->tmpdir = g_dir_make_tmp ("mc-client-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *left = NULL;

  for (guint i = 0; i < f->paused->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (f->paused, i);

      soup_server_message_set_status (msg, 500, NULL);
      soup_server_message_unpause (msg);
    }

  mc_test_waiter_clear (&f->waiter);
  /* Let the session's last callbacks run before checking it is gone. */
  mc_test_iterate (10);
  g_assert_finalize_object (f->client);

  g_ptr_array_unref (f->ws);
  soup_server_disconnect (f->server);
  g_assert_finalize_object (f->server);

  left = mc_test_list_folder (f->tmpdir);
  g_assert_cmpstr (left, ==, "");
  g_assert_no_errno (g_rmdir (f->tmpdir));

  g_free (f->tmpdir);
  g_free (f->url);
  g_free (f->content_type);
  g_clear_pointer (&f->body, g_bytes_unref);
  g_free (f->last_authorization);
  g_free (f->last_idempotency_key);
  g_free (f->last_body);
  g_free (f->ws_authorization);
  g_ptr_array_unref (f->paths);
  g_ptr_array_unref (f->paused);
}

static McAccount *
fetch_account (Fixture  *f,
               GError  **error)
{
  mc_client_get_account_async (f->client, NULL, mc_test_waiter_cb, &f->waiter);
  return mc_client_get_account_finish (f->client, mc_test_waiter_wait (&f->waiter), error);
}

/* A good account, and notify only on a real change */

typedef struct
{
  GPtrArray *names;
} NotifyLog;

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           NotifyLog  *log)
{
  g_ptr_array_add (log->names, g_strdup (pspec->name));
}

static void
test_account_good (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McAccount) account = NULL;
  g_autoptr(McAccount) again = NULL;
  g_autoptr(McAccount) third = NULL;
  McAccount *live = mc_client_get_account (f->client);
  NotifyLog log = { g_ptr_array_new_with_free_func (g_free) };
  g_autofree char *changed = NULL;
  McCurrency currency;

  g_assert_false (mc_account_get_loaded (live));
  g_signal_connect (live, "notify", G_CALLBACK (notify_cb), &log);

  account = fetch_account (f, &error);
  g_assert_no_error (error);
  g_assert_true (account == live);
  g_assert_true (mc_account_get_loaded (account));
  g_assert_cmpstr (mc_account_get_id (account), ==, ACCOUNT_ID);
  g_assert_cmpstr (mc_account_get_name (account), ==, "Acme Traders");
  g_assert_cmpint (mc_account_get_currency (account), ==, MC_CURRENCY_INR);
  g_assert_cmpint (mc_account_get_balance (account), ==, 12500000);
  g_assert_cmpint (mc_account_get_state (account), ==, MC_ACCOUNT_STATE_OK);
  g_assert_cmpint (mc_account_get_low_balance_threshold (account), ==, 1000000);
  g_assert_cmpint (mc_account_get_recharge_max (account), ==, 1000000000);
  g_assert_cmpint (mc_account_get_rate_business_initiated (account), ==, 8000);
  g_assert_cmpint (mc_account_get_rate_user_initiated (account), ==, 3500);
  g_assert_cmpstr (mc_account_get_tax_name (account), ==, "GST");
  g_assert_cmpstr (mc_account_get_tax_rate_percent (account), ==, "18");
  g_assert_cmpuint (mc_account_get_pending_payments (account), ==, 1);
  g_assert_null (mc_account_get_support_phone (account));
  g_assert_cmpstr (mc_account_get_support_email (account), ==, "support@example.com");
  g_object_get (account, "currency", &currency, NULL);
  g_assert_cmpint (currency, ==, MC_CURRENCY_INR);
  g_assert_cmpuint (log.names->len, >, 10);

  /* The same answer again changes nothing, so nothing notifies. */
  g_ptr_array_set_size (log.names, 0);
  again = fetch_account (f, &error);
  g_assert_no_error (error);
  g_assert_true (again == live);
  g_assert_cmpuint (log.names->len, ==, 0);

  /* A new balance notifies "balance" and nothing else. */
  {
    g_autoptr(GString) body = g_string_new (ACCOUNT_JSON);
    g_string_replace (body, "\"balance\":\"1250.00\"", "\"balance\":\"1249.20\"", 1);
    set_answer (f, 200, "application/json", body->str);
  }
  third = fetch_account (f, &error);
  g_assert_no_error (error);
  g_ptr_array_add (log.names, NULL);
  changed = g_strjoinv (",", (char **) log.names->pdata);
  g_assert_cmpstr (changed, ==, "balance");
  g_assert_cmpint (mc_account_get_balance (live), ==, 12492000);

  g_assert_cmpstr (f->last_authorization, ==, "Bearer " TOKEN);
  g_signal_handlers_disconnect_by_data (live, &log);
  g_ptr_array_unref (log.names);
}

/* Bad answers */

typedef struct
{
  const char *name;
  guint       status;
  const char *content_type;
  const char *find;      /* replaced in ACCOUNT_JSON by @replace; NULL: @replace is the body */
  const char *replace;
  gboolean    chunked;
} BadAnswer;

static const BadAnswer bad_answers[] = {
  { "malformed", 200, "application/json", NULL, "{\"id\": \"acc_1\", \"name\": " },
  { "wrong-type-money", 200, "application/json", "\"balance\":\"1250.00\"", "\"balance\":1250.00" },
  { "wrong-type-count", 200, "application/json", "\"pending_payments\":1", "\"pending_payments\":\"1\"" },
  { "fraction-count", 200, "application/json", "\"pending_payments\":1", "\"pending_payments\":1.5" },
  { "negative-count", 200, "application/json", "\"pending_payments\":1", "\"pending_payments\":-1" },
  { "missing-field", 200, "application/json", "\"balance\":\"1250.00\",", "" },
  { "missing-rates", 200, "application/json", "\"business_initiated\":\"0.80\",", "" },
  { "null-required", 200, "application/json", "\"name\":\"Acme Traders\"", "\"name\":null" },
  { "unknown-state", 200, "application/json", "\"state\":\"ok\"", "\"state\":\"frozen\"" },
  { "unknown-currency", 200, "application/json", "\"currency\":\"INR\"", "\"currency\":\"EUR\"" },
  { "grouped-money", 200, "application/json", "\"1250.00\"", "\"1,250.00\"" },
  { "exponent-money", 200, "application/json", "\"1250.00\"", "\"1.25e3\"" },
  { "overflow-money", 200, "application/json", "\"1250.00\"", "\"99999999999999999999.00\"" },
  { "bad-id", 200, "application/json", "\"id\":\"acc_", "\"id\":\"pay_" },
  { "id-with-slash", 200, "application/json", "\"id\":\"acc_", "\"id\":\"acc_../../" },
  { "not-an-object", 200, "application/json", NULL, "[1, 2, 3]" },
  { "null-root", 200, "application/json", NULL, "null" },
  { "empty", 200, "application/json", NULL, "" },
  { "not-utf8", 200, "application/json", "Acme Traders", "Acme \xff\xfe Traders" },
  { "html-200", 200, "text/html", NULL, "<html><body>Welcome to nginx!</body></html>" },
  { "html-500", 500, "text/html", NULL, "<html><body><h1>500 Internal Server Error</h1></body></html>" },
  { "html-404", 404, "text/html", NULL, "<html><body>Not Found</body></html>" },
  { "error-unknown-code", 400, "application/json", NULL,
    "{\"error\":{\"code\":\"wobbly\",\"message\":\"Something new.\"}}" },
  { "error-wrong-shape", 400, "application/json", NULL, "{\"error\":\"oops\"}" },
  { "error-code-number", 400, "application/json", NULL, "{\"error\":{\"code\":7,\"message\":\"x\"}}" },
  { "chunked-malformed", 200, "application/json", NULL, "{\"id\": tru", TRUE },
  { "redirect", 302, "text/plain", NULL, "" },
};

static void
test_account_bad (Fixture       *f,
                  gconstpointer  data)
{
  const BadAnswer *answer = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McAccount) account = NULL;
  g_autoptr(GString) body = g_string_new (answer->find != NULL ? ACCOUNT_JSON : answer->replace);

  if (answer->find != NULL)
    g_assert_cmpuint (g_string_replace (body, answer->find, answer->replace, 0), >, 0);
  set_answer (f, answer->status, answer->content_type, body->str);
  f->chunked = answer->chunked;

  account = fetch_account (f, &error);
  g_assert_null (account);
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_BAD_RESPONSE);
  g_assert_null (strstr (error->message, TOKEN));
  g_assert_cmpuint (f->requests, ==, 1);

  /* A bad answer changes nothing the UI shows. */
  g_assert_false (mc_account_get_loaded (mc_client_get_account (f->client)));
}

/* Bad answers that need a body built at run time */

static void
test_account_huge (Fixture       *f,
                   gconstpointer  data)
{
  gboolean chunked = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(McAccount) account = NULL;
  gsize size = MC_CLIENT_MAX_JSON_SIZE + 1024;
  g_autofree char *huge = g_malloc (size + 1);

  /* A valid JSON string, just too long. */
  memset (huge, 'a', size);
  huge[0] = '"';
  huge[size - 1] = '"';
  huge[size] = '\0';
  set_answer (f, 200, "application/json", huge);
  f->chunked = chunked;

  account = fetch_account (f, &error);
  g_assert_null (account);
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_BAD_RESPONSE);
}

static void
test_account_deep (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McAccount) account = NULL;
  g_autoptr(GString) body = g_string_new ("{\"id\":");

  /* json-glib recurses; a million brackets would blow the stack. */
  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (body, '[');
  set_answer (f, 200, "application/json", body->str);

  account = fetch_account (f, &error);
  g_assert_null (account);
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_BAD_RESPONSE);
}

/* api.md error codes */

static void
test_error_codes (Fixture       *f,
                  gconstpointer  data)
{
  static const struct {
    const char    *code;
    guint          status;
    McClientError  error;
  } codes[] = {
    { "invalid_request", 400, MC_CLIENT_ERROR_INVALID_REQUEST },
    { "invalid_json", 400, MC_CLIENT_ERROR_INVALID_JSON },
    { "invalid_amount", 400, MC_CLIENT_ERROR_INVALID_AMOUNT },
    { "invalid_date", 400, MC_CLIENT_ERROR_INVALID_DATE },
    { "invalid_phone", 400, MC_CLIENT_ERROR_INVALID_PHONE },
    { "unauthorized", 401, MC_CLIENT_ERROR_UNAUTHORIZED },
    { "account_restricted", 402, MC_CLIENT_ERROR_ACCOUNT_RESTRICTED },
    { "not_found", 404, MC_CLIENT_ERROR_NOT_FOUND },
    { "idempotency_conflict", 409, MC_CLIENT_ERROR_IDEMPOTENCY_CONFLICT },
    { "invalid_state", 409, MC_CLIENT_ERROR_INVALID_STATE },
    { "body_too_large", 413, MC_CLIENT_ERROR_BODY_TOO_LARGE },
    { "amount_below_minimum", 422, MC_CLIENT_ERROR_AMOUNT_BELOW_MINIMUM },
    { "amount_above_maximum", 422, MC_CLIENT_ERROR_AMOUNT_ABOVE_MAXIMUM },
    { "range_too_old", 422, MC_CLIENT_ERROR_RANGE_TOO_OLD },
    { "range_invalid", 422, MC_CLIENT_ERROR_RANGE_INVALID },
    { "too_many_requests", 429, MC_CLIENT_ERROR_TOO_MANY_REQUESTS },
    { "internal", 500, MC_CLIENT_ERROR_INTERNAL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(McAccount) account = NULL;
      g_autofree char *body = NULL;
      g_autofree char *message = g_strdup_printf ("The minimum recharge is ₹100.00 (%s).", codes[i].code);
      McClientError parsed;

      body = g_strdup_printf ("{\"error\":{\"code\":\"%s\",\"message\":\"%s\",\"field\":\"amount\"}}",
                              codes[i].code, message);
      set_answer (f, codes[i].status, "application/json; charset=utf-8", body);

      account = fetch_account (f, &error);
      g_assert_null (account);
      g_assert_error (error, MC_CLIENT_ERROR, (int) codes[i].error);
      g_assert_cmpstr (error->message, ==, message);
      g_assert_cmpstr (mc_client_error_get_field (error), ==, "amount");
      g_assert_cmpstr (mc_client_error_get_code_name (error), ==, codes[i].code);
      g_assert_cmpuint (mc_client_error_get_http_status (error), ==, codes[i].status);
      g_assert_true (mc_client_error_from_code_name (codes[i].code, &parsed));
      g_assert_cmpint (parsed, ==, codes[i].error);

      /* The field survives a copy, as through a GTask. */
      {
        g_autoptr(GError) copy = g_error_copy (error);
        g_assert_cmpstr (mc_client_error_get_field (copy), ==, "amount");
      }
    }

  /* Without a field */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(McAccount) account = NULL;

    set_answer (f, 401, "application/json",
                "{\"error\":{\"code\":\"unauthorized\",\"message\":\"Unknown token.\"}}");
    account = fetch_account (f, &error);
    g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_UNAUTHORIZED);
    g_assert_null (mc_client_error_get_field (error));
  }

  /* Not ours */
  {
    g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");
    McClientError parsed;

    g_assert_null (mc_client_error_get_field (other));
    g_assert_cmpuint (mc_client_error_get_http_status (other), ==, 0);
    g_assert_false (mc_client_error_from_code_name ("wobbly", &parsed));
  }
}

static void
test_error_token_scrubbed (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McAccount) account = NULL;

  /* A careless server echoes what it was sent. */
  set_answer (f, 401, "application/json",
              "{\"error\":{\"code\":\"unauthorized\",\"message\":\"Bad token " TOKEN " here.\"}}");
  account = fetch_account (f, &error);
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_null (strstr (error->message, TOKEN));
  g_assert_nonnull (strstr (error->message, "Bad token"));
}

/* Stalls, drops, cancellation */

static void
stall_responder (Fixture           *f,
                 SoupServerMessage *msg,
                 const char        *path)
{
  soup_server_message_pause (msg);
  g_ptr_array_add (f->paused, msg);
}

static void
test_stall_timeout (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McAccount) account = NULL;
  gint64 start;

  f->responder = stall_responder;
  mc_client_set_timeout (f->client, 1);
  g_assert_cmpuint (mc_client_get_timeout (f->client), ==, 1);

  start = g_get_monotonic_time ();
  account = fetch_account (f, &error);
  g_assert_null (account);
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McAccount) account = NULL;

  f->responder = stall_responder;
  g_timeout_add (100, cancel_cb, cancellable);
  mc_client_get_account_async (f->client, cancellable, mc_test_waiter_cb, &f->waiter);
  account = mc_client_get_account_finish (f->client, mc_test_waiter_wait (&f->waiter), &error);
  g_assert_null (account);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* A raw socket server that sends half an answer and hangs up. */

typedef struct
{
  GSocketConnection *connection;
  GString           *request;
  char               buffer[4096];
  const char        *answer;
} RawClient;

static void
raw_client_free (RawClient *raw)
{
  g_io_stream_close (G_IO_STREAM (raw->connection), NULL, NULL);
  g_object_unref (raw->connection);
  g_string_free (raw->request, TRUE);
  g_free (raw);
}

static void
raw_read_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RawClient *raw = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0)
    {
      raw_client_free (raw);
      return;
    }

  g_string_append_len (raw->request, raw->buffer, n);
  if (strstr (raw->request->str, "\r\n\r\n") == NULL)
    {
      g_input_stream_read_async (G_INPUT_STREAM (source), raw->buffer, sizeof raw->buffer,
                                 G_PRIORITY_DEFAULT, NULL, raw_read_cb, raw);
      return;
    }

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (raw->connection)),
                             raw->answer, strlen (raw->answer), NULL, NULL, NULL);
  raw_client_free (raw);
}

static gboolean
raw_incoming_cb (GSocketService    *service,
                 GSocketConnection *connection,
                 GObject           *source_object,
                 gpointer           user_data)
{
  RawClient *raw = g_new0 (RawClient, 1);

  raw->connection = g_object_ref (connection);
  raw->request = g_string_new (NULL);
  raw->answer = user_data;
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (connection)), raw->buffer,
                             sizeof raw->buffer, G_PRIORITY_DEFAULT, NULL, raw_read_cb, raw);

  return TRUE;
}

static GSocketService *
raw_server_new (const char  *answer,
                char       **out_url)
{
  g_autoptr(GError) error = NULL;
  GSocketService *service = g_socket_service_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (raw_incoming_cb), (gpointer) answer);
  g_socket_service_start (service);

  *out_url = g_strdup_printf ("http://127.0.0.1:%u/",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  return service;
}

static void
raw_server_free (GSocketService *service)
{
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  /* The cancelled accept lets go of the service on the next iteration. */
  mc_test_iterate (10);
  g_assert_finalize_object (service);
}

/* Asks @url for the account with a client of its own, which is finalized
 * after; the account must not come. Returns why, and in @out_loaded whether
 * the client's live account was filled in anyway. */
static GError *
account_error_from (Fixture    *f,
                    const char *url,
                    gboolean   *out_loaded)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McAccount) account = NULL;
  g_autoptr(McClient) client = mc_client_new (url, TOKEN, MC_CLIENT_FLAGS_NONE, &error);

  g_assert_no_error (error);
  mc_client_get_account_async (client, NULL, mc_test_waiter_cb, &f->waiter);
  account = mc_client_get_account_finish (client, mc_test_waiter_wait (&f->waiter), &error);
  g_assert_null (account);
  g_assert_nonnull (error);
  *out_loaded = mc_account_get_loaded (mc_client_get_account (client));

  g_clear_object (&f->waiter.result);
  mc_test_iterate (10);
  g_assert_finalize_object (g_steal_pointer (&client));
  return g_steal_pointer (&error);
}

static void
test_drop_mid_body (Fixture       *f,
                    gconstpointer  data)
{
  static const char answer[] =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n"
    "{\"id\":\"" ACCOUNT_ID "\",\"name\":\"Acme";
  g_autofree char *url = NULL;
  GSocketService *service = raw_server_new (answer, &url);
  gboolean loaded = TRUE;
  g_autoptr(GError) error = account_error_from (f, url, &loaded);

  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_NETWORK);
  g_assert_false (loaded);
  raw_server_free (service);
}

static void
test_garbage_status_line (Fixture       *f,
                          gconstpointer  data)
{
  static const char answer[] = "SSH-2.0-OpenSSH_9.2\r\n\r\n";
  g_autofree char *url = NULL;
  GSocketService *service = raw_server_new (answer, &url);
  gboolean loaded = TRUE;
  g_autoptr(GError) error = account_error_from (f, url, &loaded);

  g_assert_true (g_error_matches (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_BAD_RESPONSE) ||
                 g_error_matches (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_NETWORK));
  g_assert_false (loaded);
  raw_server_free (service);
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *url = NULL;
  GSocketService *service = raw_server_new ("", &url);
  g_autoptr(GError) error = NULL;
  gboolean loaded = TRUE;

  /* A port that was free a moment ago and is closed now. */
  raw_server_free (service);

  error = account_error_from (f, url, &loaded);
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_NETWORK);
  g_assert_null (strstr (error->message, TOKEN));
  g_assert_false (loaded);
}

/* TLS */

static void
test_tls_untrusted (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(McClient) client = NULL;
  g_autoptr(McAccount) account = NULL;
  g_autofree char *pem = g_build_filename (g_getenv ("MC_SOURCE_DIR"), "tests", "client",
                                           "untrusted-cert.pem", NULL);
  g_autofree char *url = NULL;
  SoupServer *server;
  GSList *uris;

  if (g_tls_backend_get_default () == NULL || !g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("No TLS backend (glib-networking)");
      return;
    }

  certificate = g_tls_certificate_new_from_file (pem, &error);
  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, NULL, server_cb, f, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_assert_true (g_str_has_prefix (url, "https://"));

  client = mc_client_new (url, TOKEN, MC_CLIENT_FLAGS_NONE, &error);
  g_assert_no_error (error);
  mc_client_get_account_async (client, NULL, mc_test_waiter_cb, &f->waiter);
  account = mc_client_get_account_finish (client, mc_test_waiter_wait (&f->waiter), &error);
  g_assert_null (account);
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_TLS);
  /* The handshake failed, so the server never saw a request (or the token). */
  g_assert_cmpuint (f->requests, ==, 0);

  g_clear_object (&f->waiter.result);
  mc_test_iterate (10);
  g_assert_finalize_object (g_steal_pointer (&client));
  soup_server_disconnect (server);
  g_assert_finalize_object (server);
}

/* URLs */

static void
test_urls (void)
{
  static const struct {
    const char *url;
    gboolean    ok;
    gboolean    ok_insecure;
  } urls[] = {
    { "https://credits.example.com", TRUE, TRUE },
    { "https://credits.example.com/api/", TRUE, TRUE },
    { "http://127.0.0.1:8750", TRUE, TRUE },
    { "http://127.45.0.9:8750/", TRUE, TRUE },
    { "http://[::1]:8750/", TRUE, TRUE },
    { "http://localhost:8750", TRUE, TRUE },
    { "http://LOCALHOST", TRUE, TRUE },
    { "http://credits.example.com", FALSE, TRUE },
    { "http://192.168.1.10:8750", FALSE, TRUE },
    { "http://128.0.0.1", FALSE, TRUE },
    { "http://localhost.example.com", FALSE, TRUE },
    { "ftp://credits.example.com", FALSE, FALSE },
    { "credits.example.com", FALSE, FALSE },
    { "", FALSE, FALSE },
    { "https://", FALSE, FALSE },
    { "https://user:secret@credits.example.com", FALSE, FALSE },
    { "https://credits.example.com/?token=x", FALSE, FALSE },
    { "https://credits.example.com/#x", FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) insecure_error = NULL;
      g_autoptr(McClient) client = NULL;
      gboolean ok = mc_client_check_url (urls[i].url, MC_CLIENT_FLAGS_NONE, &error);
      gboolean ok_insecure = mc_client_check_url (urls[i].url, MC_CLIENT_FLAGS_ALLOW_INSECURE, &insecure_error);

      g_test_message ("%s", urls[i].url);
      g_assert_cmpint (ok, ==, urls[i].ok);
      g_assert_cmpint (ok_insecure, ==, urls[i].ok_insecure);
      if (!ok)
        g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_INVALID_URL);

      g_clear_error (&error);
      client = mc_client_new (urls[i].url, TOKEN, MC_CLIENT_FLAGS_NONE, &error);
      g_assert_true ((client != NULL) == urls[i].ok);
      if (client != NULL)
        {
          g_assert_true (g_str_has_suffix (mc_client_get_base_url (client), "/"));
          g_assert_finalize_object (g_steal_pointer (&client));
        }
      else
        g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_INVALID_URL);
    }
}

static void
test_idempotency_keys (void)
{
  g_autofree char *a = mc_client_new_idempotency_key ();
  g_autofree char *b = mc_client_new_idempotency_key ();

  g_assert_cmpstr (a, !=, b);
  g_assert_cmpuint (strlen (a), >=, 32);
  g_assert_cmpuint (strlen (a), <=, 255);
  for (const char *p = a; *p; p++)
    g_assert_true (g_ascii_isprint (*p) && *p != ' ');
}

/* Requests: headers, bodies, replays and one object per id */

static void
payment_responder (Fixture           *f,
                   SoupServerMessage *msg,
                   const char        *path)
{
  if (g_str_equal (path, "/v1/payments") && g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      gboolean repeat = f->requests > 1;

      if (repeat)
        soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                      "Idempotent-Replayed", "true");
      respond (msg, repeat ? 200 : 201, "application/json", PAYMENT_JSON ("pending", "null"));
    }
  else if (g_str_equal (path, "/v1/payments"))
    respond (msg, 200, "application/json",
             "{\"data\":[" PAYMENT_JSON ("completed", "\"2026-11-26T09:40:00Z\"") "],\"next_cursor\":\"c/2\"}");
  else if (g_str_has_prefix (path, "/v1/payments/") && g_str_has_suffix (path, "/cancel"))
    respond (msg, 409, "application/json",
             "{\"error\":{\"code\":\"invalid_state\",\"message\":\"The payment is not pending.\"}}");
  else
    respond (msg, 404, "application/json", "{\"error\":{\"code\":\"not_found\",\"message\":\"No.\"}}");
}

static void
test_payments (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McPayment) first = NULL;
  g_autoptr(McPayment) second = NULL;
  g_autoptr(McPayment) cancelled = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(McPayment) listed = NULL;
  g_autofree char *key = mc_client_new_idempotency_key ();
  g_autofree char *cursor = NULL;
  g_autofree char *token = NULL;
  gboolean replayed = TRUE;
  guint notified = 0;

  f->responder = payment_responder;

  mc_client_create_payment_async (f->client, 10000000, key, NULL, mc_test_waiter_cb, &f->waiter);
  first = mc_client_payment_finish (f->client, mc_test_waiter_wait (&f->waiter), &replayed, &error);
  g_assert_no_error (error);
  g_assert_false (replayed);
  g_assert_cmpstr (f->last_idempotency_key, ==, key);
  g_assert_cmpstr (f->last_body, ==, "{\"amount\":\"1000.00\"}");
  g_assert_cmpstr (f->last_authorization, ==, "Bearer " TOKEN);
  g_assert_cmpstr (mc_payment_get_id (first), ==, PAYMENT_ID);
  g_assert_cmpint (mc_payment_get_status (first), ==, MC_PAYMENT_STATUS_PENDING);
  g_assert_cmpint (mc_payment_get_amount (first), ==, 10000000);
  g_assert_cmpint (mc_payment_get_tax (first), ==, 1800000);
  g_assert_cmpint (mc_payment_get_total (first), ==, 11800000);
  g_assert_cmpint (mc_payment_get_currency (first), ==, MC_CURRENCY_INR);
  g_assert_null (mc_payment_get_completed_at (first));
  g_assert_cmpint (g_date_time_to_unix (mc_payment_get_created_at (first)), ==, 1795685400);
  token = mc_payment_get_checkout_token (first);
  g_assert_cmpstr (token, ==, "ck_abc");

  /* The retry of the same action sends the same key and gets the same object. */
  mc_client_create_payment_async (f->client, 10000000, key, NULL, mc_test_waiter_cb, &f->waiter);
  second = mc_client_payment_finish (f->client, mc_test_waiter_wait (&f->waiter), &replayed, &error);
  g_assert_no_error (error);
  g_assert_true (replayed);
  g_assert_cmpstr (f->last_idempotency_key, ==, key);
  g_assert_true (first == second);

  /* A list carrying a newer state refreshes that same object in place. */
  g_signal_connect (first, "notify::status", G_CALLBACK (mc_test_count_notify_cb), &notified);
  mc_client_list_payments_async (f->client, MC_PAYMENT_STATUS_COMPLETED, 10, "c/1", NULL,
                                 mc_test_waiter_cb, &f->waiter);
  list = mc_client_list_finish (f->client, mc_test_waiter_wait (&f->waiter), &cursor, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_ptr_array_index (f->paths, f->paths->len - 1), ==,
                   "GET /v1/payments?status=completed&limit=10&cursor=c%2F1");
  g_assert_cmpstr (cursor, ==, "c/2");
  g_assert_true (g_list_model_get_item_type (list) == MC_TYPE_PAYMENT);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  listed = g_list_model_get_item (list, 0);
  g_assert_true (listed == first);
  g_assert_cmpint (mc_payment_get_status (first), ==, MC_PAYMENT_STATUS_COMPLETED);
  g_assert_nonnull (mc_payment_get_completed_at (first));
  g_assert_cmpuint (notified, ==, 1);
  g_signal_handlers_disconnect_by_data (first, &notified);

  /* An id with path characters is escaped, never a path. */
  mc_client_cancel_payment_async (f->client, "pay_x y?z#w", NULL, mc_test_waiter_cb, &f->waiter);
  cancelled = mc_client_payment_finish (f->client, mc_test_waiter_wait (&f->waiter), NULL, &error);
  g_assert_null (cancelled);
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_INVALID_STATE);
  g_assert_cmpstr (g_ptr_array_index (f->paths, f->paths->len - 1), ==,
                   "POST /v1/payments/pay_x y?z#w/cancel");

  g_clear_object (&listed);
  g_clear_object (&list);
  g_clear_object (&second);
  g_assert_finalize_object (g_steal_pointer (&first));
}

/* Export */

typedef struct
{
  Fixture     *f;
  const char  *csv;
  gsize        sent;
  gsize        chunk;
  gboolean     stall_after_first;
  guint        source_id;
  SoupServerMessage *msg;
} CsvStream;

static gboolean
csv_next_chunk_cb (gpointer user_data)
{
  CsvStream *stream = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (stream->msg);
  gsize left = strlen (stream->csv) - stream->sent;
  gsize n = MIN (left, stream->chunk);

  stream->source_id = 0;
  if (n > 0)
    {
      soup_message_body_append (body, SOUP_MEMORY_COPY, stream->csv + stream->sent, n);
      stream->sent += n;
    }
  if (stream->sent == strlen (stream->csv))
    soup_message_body_complete (body);
  soup_server_message_unpause (stream->msg);

  /* Chunked: the server writes what was appended and waits for more. */
  if (stream->sent < strlen (stream->csv) && !stream->stall_after_first)
    stream->source_id = g_timeout_add (5, csv_next_chunk_cb, stream);

  return G_SOURCE_REMOVE;
}

static void
csv_responder (Fixture           *f,
               SoupServerMessage *msg,
               const char        *path)
{
  CsvStream *stream = f->responder_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (!g_str_equal (path, "/v1/usage/export"))
    {
      respond (msg, 404, "application/json", "{\"error\":{\"code\":\"not_found\",\"message\":\"No.\"}}");
      return;
    }

  stream->msg = msg;
  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "text/csv", NULL);
  soup_server_message_pause (msg);
  stream->source_id = g_timeout_add (5, csv_next_chunk_cb, stream);
}

typedef struct
{
  guint          calls;
  guint64        last_bytes;
  guint64        last_rows;
  GCancellable  *cancel_on_first;
  gboolean       destroyed;
} Progress;

static void
progress_cb (guint64  bytes,
             guint64  rows,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_assert_cmpuint (bytes, >=, progress->last_bytes);
  g_assert_cmpuint (rows, >=, progress->last_rows);
  progress->calls++;
  progress->last_bytes = bytes;
  progress->last_rows = rows;

  if (progress->cancel_on_first != NULL)
    g_cancellable_cancel (progress->cancel_on_first);
}

static void
progress_destroy (gpointer user_data)
{
  ((Progress *) user_data)->destroyed = TRUE;
}

static const char csv_body[] =
  "conversation_id,started_at,category,wa_id,cost,currency\r\n"
  "conv_1,2026-11-01T09:00:00Z,business_initiated,919876543210,0.80,INR\r\n"
  "conv_2,2026-11-01T10:00:00Z,free,919876543211,0.00,INR\r\n"
  "conv_3,2026-11-02T10:00:00Z,user_initiated,\"91987\r\n6543212\",0.35,INR\r\n"
  "conv_4,2026-11-03T10:00:00Z,user_initiated,919876543213,0.35,INR\r\n";

static gboolean
run_export (Fixture       *f,
            const char    *name,
            Progress      *progress,
            GCancellable  *cancellable,
            guint64       *out_bytes,
            guint64       *out_rows,
            GError       **error)
{
  g_autofree char *path = g_build_filename (f->tmpdir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GDate from, to;

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_set_dmy (&from, 1, G_DATE_NOVEMBER, 2026);
  g_date_set_dmy (&to, 26, G_DATE_NOVEMBER, 2026);

  mc_client_export_usage_async (f->client, &from, &to, MC_EXPORT_KIND_CONVERSATIONS, file,
                                progress_cb, progress, progress_destroy,
                                cancellable, mc_test_waiter_cb, &f->waiter);

  return mc_client_export_usage_finish (f->client, mc_test_waiter_wait (&f->waiter), out_bytes,
                                        out_rows, error);
}

static void
test_export_ok (Fixture       *f,
                gconstpointer  data)
{
  CsvStream stream = { f, csv_body, 0, 17, FALSE, 0, NULL };
  Progress progress = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->tmpdir, "usage.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *names = NULL;
  guint64 bytes, rows;

  /* An older file of that name is replaced only by a whole export. */
  g_file_set_contents (path, "old", -1, &error);
  g_assert_no_error (error);

  f->responder = csv_responder;
  f->responder_data = &stream;
  g_assert_true (run_export (f, "usage.csv", &progress, NULL, &bytes, &rows, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_ptr_array_index (f->paths, 0), ==,
                   "GET /v1/usage/export?kind=conversations&from=2026-11-01&to=2026-11-26");

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, csv_body);
  g_assert_cmpuint (bytes, ==, strlen (csv_body));
  g_assert_cmpuint (rows, ==, 4);
  g_assert_cmpuint (progress.calls, >, 1);
  g_assert_cmpuint (progress.last_bytes, ==, strlen (csv_body));
  g_assert_true (progress.destroyed);

  names = mc_test_list_folder (f->tmpdir);
  g_assert_cmpstr (names, ==, "usage.csv");
  g_assert_no_errno (g_unlink (path));
}

static void
test_export_cancel (Fixture       *f,
                    gconstpointer  data)
{
  CsvStream stream = { f, csv_body, 0, 17, TRUE, 0, NULL };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Progress progress = { 0, 0, 0, cancellable, FALSE };
  g_autoptr(GError) error = NULL;

  f->responder = csv_responder;
  f->responder_data = &stream;
  g_assert_false (run_export (f, "usage.csv", &progress, cancellable, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (progress.calls, ==, 1);
  g_assert_true (progress.destroyed);
  /* teardown checks the folder is empty: no partial file */
}

static void
test_export_stall (Fixture       *f,
                   gconstpointer  data)
{
  CsvStream stream = { f, csv_body, 0, 17, TRUE, 0, NULL };
  Progress progress = { 0 };
  g_autoptr(GError) error = NULL;

  f->responder = csv_responder;
  f->responder_data = &stream;
  mc_client_set_timeout (f->client, 1);
  g_assert_false (run_export (f, "usage.csv", &progress, NULL, NULL, NULL, &error));
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_TIMEOUT);
  g_assert_cmpuint (progress.calls, ==, 1);
}

static void
export_error_responder (Fixture           *f,
                        SoupServerMessage *msg,
                        const char        *path)
{
  const char *which = f->responder_data;

  if (g_str_equal (which, "busy"))
    respond (msg, 429, "application/json",
             "{\"error\":{\"code\":\"too_many_requests\",\"message\":\"Two exports are running.\"}}");
  else if (g_str_equal (which, "old"))
    respond (msg, 422, "application/json",
             "{\"error\":{\"code\":\"range_too_old\",\"message\":\"Too old.\",\"field\":\"from\"}}");
  else if (g_str_equal (which, "html"))
    respond (msg, 200, "text/html", "<html>Login</html>");
  else
    g_assert_not_reached ();
}

static void
test_export_errors (Fixture       *f,
                    gconstpointer  data)
{
  static const struct {
    const char    *which;
    McClientError  code;
  } cases[] = {
    { "busy", MC_CLIENT_ERROR_TOO_MANY_REQUESTS },
    { "old", MC_CLIENT_ERROR_RANGE_TOO_OLD },
    { "html", MC_CLIENT_ERROR_BAD_RESPONSE },
  };

  f->responder = export_error_responder;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Progress progress = { 0 };
      g_autoptr(GError) error = NULL;

      f->responder_data = (gpointer) cases[i].which;
      g_assert_false (run_export (f, "usage.csv", &progress, NULL, NULL, NULL, &error));
      g_assert_error (error, MC_CLIENT_ERROR, (int) cases[i].code);
      g_assert_cmpuint (progress.calls, ==, 0);
      g_assert_true (progress.destroyed);
    }
}

static void
test_export_drop (Fixture       *f,
                  gconstpointer  data)
{
  static const char answer[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/csv; charset=utf-8\r\nContent-Length: 100000\r\n\r\n"
    "conversation_id,started_at,category,wa_id,cost,currency\r\n"
    "conv_1,2026-11-01T09:00:00Z,business_initiated,919876543210,0.80,INR\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(McClient) client = NULL;
  g_autofree char *url = NULL;
  g_autofree char *path = g_build_filename (f->tmpdir, "usage.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GSocketService *service = raw_server_new (answer, &url);
  Progress progress = { 0 };
  GDate from, to;

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_set_dmy (&from, 1, G_DATE_NOVEMBER, 2026);
  g_date_set_dmy (&to, 2, G_DATE_NOVEMBER, 2026);

  client = mc_client_new (url, TOKEN, MC_CLIENT_FLAGS_NONE, &error);
  g_assert_no_error (error);
  mc_client_export_usage_async (client, &from, &to, MC_EXPORT_KIND_DAILY, file, progress_cb, &progress,
                                NULL, NULL, mc_test_waiter_cb, &f->waiter);
  g_assert_false (mc_client_export_usage_finish (client, mc_test_waiter_wait (&f->waiter), NULL, NULL,
                                                 &error));
  g_assert_error (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_NETWORK);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_clear_object (&f->waiter.result);
  mc_test_iterate (10);
  g_assert_finalize_object (g_steal_pointer (&client));
  raw_server_free (service);
}

/* Events */

static gboolean
ws_script_cb (gpointer user_data)
{
  Fixture *f = user_data;
  SoupWebsocketConnection *connection = g_ptr_array_index (f->ws, f->ws->len - 1);

  if (soup_websocket_connection_get_state (connection) != SOUP_WEBSOCKET_STATE_OPEN)
    return G_SOURCE_REMOVE;

  for (guint i = 0; f->ws_script[i] != NULL; i++)
    soup_websocket_connection_send_text (connection, f->ws_script[i]);

  return G_SOURCE_REMOVE;
}

static void
ws_cb (SoupServer              *server,
       SoupServerMessage       *msg,
       const char              *path,
       SoupWebsocketConnection *connection,
       gpointer                 user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  f->ws_connections++;
  g_free (f->ws_authorization);
  f->ws_authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  g_ptr_array_add (f->ws, g_object_ref (connection));

  if (f->ws_close_at_once)
    soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  else if (f->ws_script != NULL)
    g_timeout_add (100, ws_script_cb, f);
}

typedef struct
{
  Fixture        *f;
  McEventStream  *stream;
  guint           resynced;
  guint           account_changed;
  GPtrArray      *payments;
  GPtrArray      *notifications;
  guint           min_connections;
  guint           want_resynced;
  guint           want_notifications;
} EventLog;

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
  g_assert_true (account == mc_client_get_account (log->f->client));
  log->account_changed++;
}

static void
payment_changed_cb (McEventStream *stream,
                    McPayment     *payment,
                    EventLog      *log)
{
  g_ptr_array_add (log->payments, g_object_ref (payment));
}

static void
notification_cb (McEventStream  *stream,
                 McNotification *notification,
                 EventLog       *log)
{
  g_ptr_array_add (log->notifications, g_object_ref (notification));
}

static void
event_log_init (EventLog      *log,
                Fixture       *f,
                McEventStream *stream)
{
  memset (log, 0, sizeof *log);
  log->f = f;
  log->stream = stream;
  log->payments = g_ptr_array_new_with_free_func (g_object_unref);
  log->notifications = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (stream, "resynced", G_CALLBACK (resynced_cb), log);
  g_signal_connect (stream, "account-changed", G_CALLBACK (account_changed_cb), log);
  g_signal_connect (stream, "payment-changed", G_CALLBACK (payment_changed_cb), log);
  g_signal_connect (stream, "notification-received", G_CALLBACK (notification_cb), log);
}

static void
event_log_clear (EventLog *log)
{
  g_signal_handlers_disconnect_by_data (log->stream, log);
  g_ptr_array_unref (log->payments);
  g_ptr_array_unref (log->notifications);
}

static gboolean
reconnected_often (gpointer data)
{
  EventLog *log = data;

  return log->f->ws_connections >= log->min_connections && log->resynced >= 1 &&
         mc_event_stream_get_state (log->stream) == MC_EVENT_STREAM_STATE_POLLING;
}

static void
test_events_close_at_once (Fixture       *f,
                           gconstpointer  data)
{
  McEventStream *stream = mc_event_stream_new (f->client);
  EventLog log;

  event_log_init (&log, f, stream);
  log.min_connections = 3;
  f->ws_close_at_once = TRUE;
  mc_event_stream_set_reconnect_min_delay (stream, 20);
  mc_event_stream_set_reconnect_max_delay (stream, 80);
  mc_event_stream_set_poll_interval (stream, 50);
  g_assert_cmpint (mc_event_stream_get_state (stream), ==, MC_EVENT_STREAM_STATE_STOPPED);

  mc_event_stream_start (stream);
  g_assert_true (mc_test_run_until (reconnected_often, &log, 10));
  g_assert_false (mc_event_stream_get_connected (stream));
  g_assert_cmpstr (f->ws_authorization, ==, "Bearer " TOKEN);
  /* Polling fetched the account while the socket was down. */
  g_assert_true (mc_account_get_loaded (mc_client_get_account (f->client)));

  mc_event_stream_stop (stream);
  g_assert_cmpint (mc_event_stream_get_state (stream), ==, MC_EVENT_STREAM_STATE_STOPPED);
  event_log_clear (&log);
  mc_test_iterate (50);
  g_assert_finalize_object (stream);
}

static guint
count_paths (Fixture    *f,
             const char *entry)
{
  guint n = 0;

  for (guint i = 0; i < f->paths->len; i++)
    n += g_str_equal (g_ptr_array_index (f->paths, i), entry);

  return n;
}

static gboolean
polled_twice (gpointer data)
{
  EventLog *log = data;

  return log->resynced >= 2;
}

static void
test_events_unauthorized (Fixture       *f,
                          gconstpointer  data)
{
  McEventStream *stream = mc_event_stream_new (f->client);
  EventLog log;

  /* No WebSocket here: the plain handler refuses the upgrade with a 401, as
   * a service does once the token was rotated. */
  soup_server_remove_handler (f->server, "/v1/events");
  event_log_init (&log, f, stream);
  mc_event_stream_set_reconnect_min_delay (stream, 10);
  mc_event_stream_set_reconnect_max_delay (stream, 20);
  mc_event_stream_set_poll_interval (stream, 100);

  mc_event_stream_start (stream);
  g_assert_true (mc_test_run_until (polled_twice, &log, 10));
  mc_test_iterate (200);

  /* It polls, but it does not hammer the upgrade with a token that cannot work. */
  g_assert_cmpint (mc_event_stream_get_state (stream), ==, MC_EVENT_STREAM_STATE_POLLING);
  g_assert_cmpuint (count_paths (f, "GET /v1/events"), ==, 1);
  g_assert_cmpuint (count_paths (f, "GET /v1/account"), >=, 2);

  mc_event_stream_stop (stream);
  event_log_clear (&log);
  mc_test_iterate (50);
  g_assert_finalize_object (stream);
}

static const char * const gap_script[] = {
  "{\"seq\": 7, \"type\": \"payment\", \"payment\": " PAYMENT_JSON ("pending", "null") "}",
  "{\"seq\": 8, \"type\": \"account\", \"account\": " ACCOUNT_JSON "}",
  "{\"seq\": 8, \"type\": \"sparkles\", \"sparkles\": {}}",
  "not json at all",
  "{\"seq\": \"9\", \"type\": \"account\"}",
  "{\"seq\": 10, \"type\": \"notification\", \"notification\": " NOTIFICATION_JSON "}",
  NULL
};

static void
events_responder (Fixture           *f,
                  SoupServerMessage *msg,
                  const char        *path)
{
  if (g_str_equal (path, "/v1/account"))
    respond (msg, 200, "application/json", ACCOUNT_JSON);
  else if (g_str_equal (path, "/v1/payments/" PAYMENT_ID))
    respond (msg, 200, "application/json", PAYMENT_JSON ("completed", "\"2026-11-26T09:40:00Z\""));
  else if (g_str_equal (path, "/v1/notifications"))
    respond (msg, 200, "application/json", "{\"data\":[],\"next_cursor\":null}");
  else
    respond (msg, 404, "application/json", "{\"error\":{\"code\":\"not_found\",\"message\":\"No.\"}}");
}

static gboolean
gap_done (gpointer data)
{
  EventLog *log = data;

  return log->resynced >= log->want_resynced && log->notifications->len >= log->want_notifications &&
         log->payments->len >= 2;
}

static void
test_events_gap (Fixture       *f,
                 gconstpointer  data)
{
  McEventStream *stream = mc_event_stream_new (f->client);
  McPayment *payment;
  McNotification *notification;
  EventLog log;

  event_log_init (&log, f, stream);
  f->responder = events_responder;
  f->ws_script = gap_script;
  log.want_resynced = 2;
  log.want_notifications = 1;

  mc_event_stream_start (stream);
  g_assert_true (mc_test_run_until (gap_done, &log, 10));

  g_assert_true (mc_event_stream_get_connected (stream));
  g_assert_cmpint (mc_event_stream_get_state (stream), ==, MC_EVENT_STREAM_STATE_CONNECTED);
  g_assert_cmpint (mc_event_stream_get_last_seq (stream), ==, 10);
  g_assert_cmpuint (f->ws_connections, ==, 1);

  /* The payment event made the object; the resync after the gap fetched it
   * again (it is held) and refreshed the same object in place. */
  payment = g_ptr_array_index (log.payments, 0);
  g_assert_true (g_ptr_array_index (log.payments, 1) == payment);
  g_assert_cmpint (mc_payment_get_status (payment), ==, MC_PAYMENT_STATUS_COMPLETED);

  notification = g_ptr_array_index (log.notifications, 0);
  g_assert_cmpint (mc_notification_get_kind (notification), ==, MC_NOTIFICATION_KIND_PAYMENT_COMPLETED);
  g_assert_cmpstr (mc_notification_get_ref (notification), ==, PAYMENT_ID);
  g_assert_cmpuint (log.account_changed, >=, 2);
  g_assert_true (mc_account_get_loaded (mc_client_get_account (f->client)));

  mc_event_stream_stop (stream);
  event_log_clear (&log);
  mc_test_iterate (50);
  g_assert_finalize_object (stream);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/client/hostile/account/good", Fixture, NULL, fixture_setup, test_account_good, fixture_teardown);
  for (guint i = 0; i < G_N_ELEMENTS (bad_answers); i++)
    {
      g_autofree char *name = g_strdup_printf ("/client/hostile/account/bad/%s", bad_answers[i].name);
      g_test_add (name, Fixture, &bad_answers[i], fixture_setup, test_account_bad, fixture_teardown);
    }
  g_test_add ("/client/hostile/account/bad/huge", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_account_huge, fixture_teardown);
  g_test_add ("/client/hostile/account/bad/huge-chunked", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_account_huge, fixture_teardown);
  g_test_add ("/client/hostile/account/bad/deep", Fixture, NULL, fixture_setup, test_account_deep, fixture_teardown);
  g_test_add ("/client/hostile/errors/codes", Fixture, NULL, fixture_setup, test_error_codes, fixture_teardown);
  g_test_add ("/client/hostile/errors/token-scrubbed", Fixture, NULL,
              fixture_setup, test_error_token_scrubbed, fixture_teardown);
  g_test_add ("/client/hostile/stall", Fixture, NULL, fixture_setup, test_stall_timeout, fixture_teardown);
  g_test_add ("/client/hostile/cancel", Fixture, NULL, fixture_setup, test_cancel, fixture_teardown);
  g_test_add ("/client/hostile/drop-mid-body", Fixture, NULL, fixture_setup, test_drop_mid_body, fixture_teardown);
  g_test_add ("/client/hostile/garbage-status-line", Fixture, NULL,
              fixture_setup, test_garbage_status_line, fixture_teardown);
  g_test_add ("/client/hostile/refused", Fixture, NULL, fixture_setup, test_refused, fixture_teardown);
  g_test_add ("/client/hostile/tls-untrusted", Fixture, NULL, fixture_setup, test_tls_untrusted, fixture_teardown);
  g_test_add_func ("/client/hostile/urls", test_urls);
  g_test_add_func ("/client/hostile/idempotency-keys", test_idempotency_keys);
  g_test_add ("/client/hostile/payments", Fixture, NULL, fixture_setup, test_payments, fixture_teardown);
  g_test_add ("/client/hostile/export/ok", Fixture, NULL, fixture_setup, test_export_ok, fixture_teardown);
  g_test_add ("/client/hostile/export/cancel", Fixture, NULL, fixture_setup, test_export_cancel, fixture_teardown);
  g_test_add ("/client/hostile/export/stall", Fixture, NULL, fixture_setup, test_export_stall, fixture_teardown);
  g_test_add ("/client/hostile/export/errors", Fixture, NULL, fixture_setup, test_export_errors, fixture_teardown);
  g_test_add ("/client/hostile/export/drop", Fixture, NULL, fixture_setup, test_export_drop, fixture_teardown);
  g_test_add ("/client/hostile/events/close-at-once", Fixture, NULL,
              fixture_setup, test_events_close_at_once, fixture_teardown);
  g_test_add ("/client/hostile/events/unauthorized", Fixture, NULL,
              fixture_setup, test_events_unauthorized, fixture_teardown);
  g_test_add ("/client/hostile/events/gap", Fixture, NULL, fixture_setup, test_events_gap, fixture_teardown);

  ret = g_test_run ();
  mc_test_quiesce_threads ();

  return ret;
}
