/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "mc-clock.h"
#include "mc-ids.h"
#include "mc-mailer.h"
#include "mc-objects.h"
#include "mc-payments.h"
#include "mc-routes.h"
#include "mc-scheduler.h"
#include "mc-service.h"
#include "mc-store-events.h"

/* Connections the kernel queues while the loop is busy. */
#define LISTEN_BACKLOG 1024

/* The longest the payment timer sleeps (real seconds). */
#define SWEEP_MAX_SLEEP_SECONDS 60

/* How often, while live connections are open, the database is asked
 * whether another process committed (PRAGMA data_version: no disk I/O). */
#define WATCH_INTERVAL_MS 250

/* Journal rows read at once, and how many handled rows may pile up before
 * the next write transaction deletes them. */
#define JOURNAL_BATCH 256
#define JOURNAL_PRUNE_EVERY 256

struct _McService
{
  McServiceConfig  config;
  McStore         *store;
  McRouter        *router;
  McEvents        *events;
  McMailer        *mailer;
  SoupServer      *server;
  char            *url;
  char            *public_url;

  GData           *data;

  gboolean         mail_queued;

  /* The event journal, once listening: the newest row sent (or skipped),
   * the newest row deleted, what PRAGMA data_version said when the journal
   * was last read, and the timer that asks it again. */
  gint64           journal_handled;
  gint64           journal_pruned;
  gint64           data_version;
  gboolean         journal_unread;
  guint            watch_source;

  guint            sweep_source;
  gint64           sweep_due;
};

static void (*const route_registrars[]) (McRouter *router) = {
  mc_routes_account_register,
  mc_routes_transactions_register,
  mc_routes_notifications_register,
  mc_routes_payments_register,
  mc_checkout_register,
  mc_webhook_register,
  mc_routes_usage_register,
  mc_routes_broadcasts_register,
  mc_routes_tickets_register,
};

static void schedule_sweep (McService *self);
static void publish_journal (McService *self);

void
mc_service_config_clear (McServiceConfig *config)
{
  g_clear_pointer (&config->db_path, g_free);
  g_clear_pointer (&config->public_url, g_free);
  g_clear_pointer (&config->webhook_secret, g_bytes_unref);
  g_clear_pointer (&config->smtp_url, g_free);
  g_clear_pointer (&config->support_phone, g_free);
  g_clear_pointer (&config->support_email, g_free);
}

static char *
strip_trailing_slashes (const char *url)
{
  char *copy = g_strdup (url);
  gsize len = strlen (copy);

  while (len > 0 && copy[len - 1] == '/')
    copy[--len] = '\0';

  return copy;
}

static void
healthz (McService  *self,
         McRequest  *req,
         McResponse *res)
{
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_string_member (object, "status", "ok");
  mc_response_set_json_object (res, 200, object);
}

McService *
mc_service_new (const McServiceConfig *config,
                GError               **error)
{
  g_autoptr(McService) self = g_new0 (McService, 1);

  g_return_val_if_fail (config != NULL && config->db_path != NULL, NULL);

  if (!mc_clock_check_environment (error))
    return NULL;

  self->config.db_path = g_strdup (config->db_path);
  self->config.public_url = g_strdup (config->public_url);
  self->config.sandbox_gateway = config->sandbox_gateway;
  self->config.webhook_secret = config->webhook_secret ? g_bytes_ref (config->webhook_secret) : NULL;
  self->config.smtp_url = g_strdup (config->smtp_url);
  self->config.support_phone = g_strdup (config->support_phone);
  self->config.support_email = g_strdup (config->support_email);

  self->public_url = strip_trailing_slashes (config->public_url ? config->public_url
                                                                : "http://127.0.0.1:8750");
  self->events = mc_events_new ();
  self->router = mc_router_new ();

  mc_router_add (self->router, "GET", "/healthz", MC_ROUTE_NONE, healthz);
  for (guint i = 0; i < G_N_ELEMENTS (route_registrars); i++)
    route_registrars[i] (self->router);

  self->store = mc_store_open (config->db_path, error);
  if (self->store == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

void
mc_service_free (McService *self)
{
  if (self == NULL)
    return;

  mc_service_shutdown (self);
  g_datalist_clear (&self->data);
  g_clear_pointer (&self->mailer, mc_mailer_free);
  g_clear_pointer (&self->events, mc_events_free);
  g_clear_pointer (&self->router, mc_router_free);
  if (self->store != NULL)
    mc_store_rollback (self->store);
  g_clear_pointer (&self->store, mc_store_close);
  g_free (self->url);
  g_free (self->public_url);
  mc_service_config_clear (&self->config);
  g_free (self);
}

void
mc_service_set_data (McService      *self,
                     const char     *key,
                     gpointer        data,
                     GDestroyNotify  destroy)
{
  g_datalist_set_data_full (&self->data, key, data, destroy);
}

gpointer
mc_service_get_data (McService  *self,
                     const char *key)
{
  return g_datalist_get_data (&self->data, key);
}

McStore *
mc_service_get_store (McService *self)
{
  return self->store;
}

const McServiceConfig *
mc_service_get_config (McService *self)
{
  return &self->config;
}

McEvents *
mc_service_get_events (McService *self)
{
  return self->events;
}

const char *
mc_service_get_public_url (McService *self)
{
  return self->public_url;
}

gboolean
mc_service_use_serve_settings (McService  *self,
                               GError    **error)
{
  g_autofree char *public_url = NULL;
  g_autofree char *support_phone = NULL;
  g_autofree char *support_email = NULL;

  g_return_val_if_fail (self->server == NULL, FALSE);

  if (!mc_store_serve_settings_get (self->store, &public_url, &support_phone, &support_email, error))
    return FALSE;

  /* `serve` never ran on this database: the defaults stand. */
  if (public_url == NULL)
    return TRUE;

  g_free (self->public_url);
  self->public_url = strip_trailing_slashes (public_url);
  g_free (self->config.support_phone);
  self->config.support_phone = g_steal_pointer (&support_phone);
  g_free (self->config.support_email);
  self->config.support_email = g_steal_pointer (&support_email);

  return TRUE;
}

McRouter *
mc_service_get_router (McService *self)
{
  return self->router;
}

const char *
mc_service_get_url (McService *self)
{
  return self->url;
}

void
mc_service_internal_error (McResponse   *res,
                           const GError *error)
{
  g_message ("Internal error: %s", error ? error->message : "a handler set no status");
  mc_response_error (res, 500, "internal", NULL,
                     "Something went wrong on our side. Nothing was changed; please try again.");
}

/* Transactions and live events */

gboolean
mc_service_begin (McService  *self,
                  GError    **error)
{
  self->mail_queued = FALSE;

  return mc_store_begin (self->store, error);
}

void
mc_service_rollback (McService *self)
{
  mc_store_rollback (self->store);
  self->mail_queued = FALSE;
}

/* Deletes journal rows already sent, inside a write transaction this
 * service holds anyway: no commit (and no fsync) of its own. */
static void
prune_journal (McService *self)
{
  g_autoptr(GError) error = NULL;

  if (self->server == NULL || self->journal_handled - self->journal_pruned < JOURNAL_PRUNE_EVERY)
    return;

  if (!mc_store_journal_prune (self->store, self->journal_handled, &error))
    {
      g_message ("Cannot prune the event journal: %s", error->message);
      return;
    }

  self->journal_pruned = self->journal_handled;
}

gboolean
mc_service_commit (McService  *self,
                   GError    **error)
{
  prune_journal (self);

  if (!mc_store_commit (self->store, error))
    {
      mc_service_rollback (self);
      return FALSE;
    }

  /* What this commit journaled, after whatever other processes committed
   * before it: one order for everyone, and each account's seq in order. */
  if (self->server != NULL)
    publish_journal (self);

  if (self->mail_queued && self->mailer != NULL)
    mc_mailer_kick (self->mailer);
  self->mail_queued = FALSE;

  if (self->server != NULL)
    schedule_sweep (self);

  return TRUE;
}

/* Serving, with no connection of the account open: nobody can miss the
 * message (a client that connects later re-fetches), so it is numbered but
 * not written. Any other process always writes it, for `serve` to send. */
static gboolean
nobody_listens (McService  *self,
                const char *account_id)
{
  return self->server != NULL && mc_events_count (self->events, account_id) == 0;
}

gboolean
mc_service_emit (McService   *self,
                 const char  *account_id,
                 const char  *type,
                 JsonObject  *object,
                 GError     **error)
{
  g_autoptr(JsonObject) message = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  gint64 seq = 0;

  g_return_val_if_fail (mc_store_in_transaction (self->store), FALSE);

  if (!mc_store_account_next_event_seq (self->store, account_id, &seq, error))
    return FALSE;

  if (nobody_listens (self, account_id))
    return TRUE;

  json_object_set_int_member (message, "seq", seq);
  json_object_set_string_member (message, "type", type);
  json_object_set_object_member (message, type, json_object_ref (object));
  node = json_node_init_object (json_node_alloc (), message);
  text = json_to_string (node, FALSE);

  return mc_store_journal_append (self->store, account_id, MC_JOURNAL_EVENT, seq, text,
                                  mc_service_now (), error);
}

gboolean
mc_service_emit_account (McService   *self,
                         const char  *account_id,
                         GError     **error)
{
  g_autoptr(JsonObject) object = NULL;
  gint64 seq;

  /* Spare the account's queries when the message would not be written. */
  if (nobody_listens (self, account_id))
    return mc_store_account_next_event_seq (self->store, account_id, &seq, error);

  object = mc_account_load_json (self, account_id, error);
  return object != NULL && mc_service_emit (self, account_id, "account", object, error);
}

gboolean
mc_service_token_rotated (McService   *self,
                          const char  *account_id,
                          GError     **error)
{
  g_return_val_if_fail (mc_store_in_transaction (self->store), FALSE);

  return mc_store_journal_append (self->store, account_id, MC_JOURNAL_TOKEN_ROTATED, 0, NULL,
                                  mc_service_now (), error);
}

/* Sending the journal */

typedef struct
{
  McService  *service;
  const char *account_id;
} TokenCheck;

/* Whether a connection's token still opens the account; a failed lookup
 * closes it too (the client reconnects, if its token is still good). */
static gboolean
token_still_valid (const char *token_hash,
                   gpointer    user_data)
{
  TokenCheck *check = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McAccount) account = mc_store_account_by_token_hash (check->service->store, token_hash, &error);

  if (error != NULL)
    g_message ("Cannot check a live connection's token: %s", error->message);

  return account != NULL && strcmp (account->id, check->account_id) == 0;
}

/* Sends every committed journal row not sent yet, oldest first: events to
 * the account's connections, and a token rotation closes the connections
 * its old token opened. Costs one indexed query when nothing is new. */
static void
publish_journal (McService *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (!mc_store_in_transaction (self->store));

  /* Nobody to send to: skip to the end. */
  if (mc_events_is_empty (self->events))
    {
      gint64 last = 0;

      if (!mc_store_journal_last (self->store, &last, &error))
        {
          g_message ("Cannot read the event journal, will retry: %s", error->message);
          self->journal_unread = TRUE;
          return;
        }
      self->journal_handled = MAX (self->journal_handled, last);
      self->journal_unread = FALSE;
      return;
    }

  for (;;)
    {
      g_autoptr(GPtrArray) rows = mc_store_journal_list_after (self->store, self->journal_handled,
                                                               JOURNAL_BATCH, &error);

      if (rows == NULL)
        {
          g_message ("Cannot read the event journal, will retry: %s", error->message);
          self->journal_unread = TRUE;
          return;
        }

      for (guint i = 0; i < rows->len; i++)
        {
          McJournalEntry *entry = g_ptr_array_index (rows, i);

          switch (entry->kind)
            {
            case MC_JOURNAL_EVENT:
              mc_events_publish (self->events, entry->account_id, entry->message);
              break;

            case MC_JOURNAL_TOKEN_ROTATED:
              {
                TokenCheck check = { self, entry->account_id };

                mc_events_close_unless (self->events, entry->account_id, token_still_valid, &check);
              }
              break;

            default:
              g_assert_not_reached ();
            }

          self->journal_handled = entry->seq;
        }

      if (rows->len < JOURNAL_BATCH)
        break;
    }

  self->journal_unread = FALSE;
}

/* While connections are open: has another process committed? Then send
 * what it journaled, and wake the mailer and the payment timer for what
 * else it may have written (mail queued by `account adjust`). */
static gboolean
watch_cb (gpointer user_data)
{
  McService *self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 version = 0;

  if (mc_events_is_empty (self->events))
    {
      self->watch_source = 0;
      return G_SOURCE_REMOVE;
    }

  if (!mc_store_data_version (self->store, &version, &error))
    {
      g_message ("Cannot watch the database: %s", error->message);
      return G_SOURCE_CONTINUE;
    }

  if (version == self->data_version && !self->journal_unread)
    return G_SOURCE_CONTINUE;

  /* Asked before reading, so a commit landing in between is seen next time. */
  self->data_version = version;
  publish_journal (self);

  if (self->mailer != NULL)
    mc_mailer_kick (self->mailer);
  schedule_sweep (self);
  mc_scheduler_kick (self);

  return G_SOURCE_CONTINUE;
}

static void
start_watching (McService *self)
{
  g_autoptr(GError) error = NULL;

  if (self->watch_source != 0)
    return;

  if (!mc_store_data_version (self->store, &self->data_version, &error))
    {
      g_message ("Cannot watch the database: %s", error->message);
      self->journal_unread = TRUE;
    }

  self->watch_source = g_timeout_add (WATCH_INTERVAL_MS, watch_cb, self);
}

void
mc_service_mail_queued (McService *self)
{
  self->mail_queued = TRUE;
}

/* Dispatch */

static gboolean
path_is_html (const char *path)
{
  return g_str_has_prefix (path, "/checkout/") || strcmp (path, "/checkout") == 0;
}

static gboolean
path_is_api (const char *path)
{
  return g_str_has_prefix (path, "/v1/") || strcmp (path, "/v1") == 0;
}

static void
respond_too_large (McResponse *res,
                   gboolean    html)
{
  if (html)
    mc_response_html_error (res, 413, "Request too large",
                            "The request was larger than 1 MiB and was not read.");
  else
    mc_response_error (res, 413, "body_too_large", NULL,
                       "The request body is larger than 1 MiB.");
  res->close_connection = TRUE;
}

/* Returns the account id for a valid bearer token, or NULL, and with
 * @out_hash the token's hash. Never logs the token. */
static char *
authenticate (McService   *self,
              McRequest   *req,
              char       **out_hash,
              GError     **error)
{
  const char *header = mc_request_get_header (req, "Authorization");
  g_autofree char *hash = NULL;
  g_autoptr(McAccount) account = NULL;
  const char *token;

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return NULL;

  token = header + 7;
  while (*token == ' ')
    token++;

  if (*token == '\0' || strlen (token) > 256)
    return NULL;
  for (const char *p = token; *p; p++)
    if (*p <= ' ' || *p > '~')
      return NULL;

  hash = mc_token_hash (token);
  account = mc_store_account_by_token_hash (self->store, hash, error);
  if (account == NULL)
    return NULL;

  if (out_hash != NULL)
    *out_hash = g_steal_pointer (&hash);
  return g_strdup (account->id);
}

void
mc_service_handle (McService  *self,
                   McRequest  *req,
                   McResponse *res)
{
  gboolean html = path_is_html (req->path);
  McRouteHandler handler = NULL;
  McRouteFlags flags = MC_ROUTE_NONE;
  g_autofree char *allow = NULL;
  McRouteMatch match;

  g_return_if_fail (self != NULL && req != NULL && res != NULL);

  if (req->body_too_large)
    {
      respond_too_large (res, html);
      return;
    }

  if (path_is_api (req->path))
    {
      g_autoptr(GError) error = NULL;

      g_clear_pointer (&req->account_id, g_free);
      req->account_id = authenticate (self, req, NULL, &error);
      if (error != NULL)
        {
          mc_service_internal_error (res, error);
          return;
        }
      if (req->account_id == NULL)
        {
          mc_response_error (res, 401, "unauthorized", NULL,
                             "A valid “Authorization: Bearer” token is required.");
          soup_message_headers_replace (res->headers, "WWW-Authenticate", "Bearer");
          return;
        }
    }

  g_hash_table_remove_all (req->params);
  match = mc_router_match (self->router, req->method, req->path, req->params,
                           &handler, &flags, &allow);

  switch (match)
    {
    case MC_ROUTE_MATCH_NO_PATH:
      if (html)
        mc_response_html_error (res, 404, "Not found", "There is no such page.");
      else
        mc_response_error (res, 404, "not_found", NULL, "There is nothing at this address.");
      return;

    case MC_ROUTE_MATCH_NO_METHOD:
      if (flags & MC_ROUTE_HTML)
        mc_response_html_error (res, 405, "Method not allowed", "This page does not accept that kind of request.");
      else
        mc_response_error (res, 405, "method_not_allowed", NULL, "This address does not accept %s.",
                           g_utf8_validate (req->method, -1, NULL) ? req->method : "this method");
      soup_message_headers_replace (res->headers, "Allow", allow);
      return;

    case MC_ROUTE_MATCH_FOUND:
      break;

    default:
      g_assert_not_reached ();
    }

  g_assert (!(flags & MC_ROUTE_AUTH) || req->account_id != NULL);

  handler (self, req, res);

  if (mc_store_in_transaction (self->store))
    {
      /* A handler must always end its transaction; never leave one open. */
      g_autoptr(GError) error = g_error_new_literal (MC_STORE_ERROR, MC_STORE_ERROR_FAILED,
                                                     "a handler left a transaction open");

      mc_service_rollback (self);
      mc_service_internal_error (res, error);
    }

  if (res->status == 0)
    mc_service_internal_error (res, NULL);
}

/* Payment timers */

static gboolean
sweep_cb (gpointer user_data)
{
  McService *self = user_data;
  g_autoptr(GError) error = NULL;

  self->sweep_source = 0;
  self->sweep_due = G_MAXINT64;

  if (!mc_payments_sweep (self, mc_service_now (), &error))
    g_message ("Payment sweep failed, will retry: %s", error->message);

  schedule_sweep (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_sweep (McService *self)
{
  g_autoptr(GError) error = NULL;
  gint64 now = mc_service_now ();
  gint64 due = G_MAXINT64;
  guint delay_ms;

  if (!mc_store_payment_next_due (self->store, MC_PAYMENT_PENDING_NOTICE_AGE, &due, &error))
    {
      g_message ("Cannot read pending payments: %s", error->message);
      due = now + 5;
    }

  due = MAX (due, now);
  if (self->sweep_source != 0 && self->sweep_due <= due)
    return;

  /* Whole seconds on the service clock: fire just after @due, never before.
   * The sleep is capped in real time so that payments written by another
   * process (the CLI's demo) are noticed too. */
  delay_ms = due - now >= G_MAXINT32 / 1000 ? SWEEP_MAX_SLEEP_SECONDS * 1000
                                            : mc_clock_real_delay_ms (due - now + 1);
  delay_ms = MIN (delay_ms, SWEEP_MAX_SLEEP_SECONDS * 1000);

  g_clear_handle_id (&self->sweep_source, g_source_remove);
  self->sweep_due = due;
  self->sweep_source = g_timeout_add (delay_ms, sweep_cb, self);
}

/* HTTP (libsoup) */

typedef struct
{
  gboolean too_large;
  gsize    received;
} BodyState;

/* The status and headers of @res on @msg; returns @msg's response headers. */
static SoupMessageHeaders *
set_soup_status (SoupServerMessage *msg,
                 McResponse        *res)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageHeadersIter iter;
  const char *name, *value;

  soup_message_headers_iter_init (&iter, res->headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    soup_message_headers_replace (headers, name, value);
  soup_server_message_set_status (msg, res->status, NULL);

  return headers;
}

static void
set_soup_response (SoupServerMessage *msg,
                   McResponse        *res)
{
  SoupMessageHeaders *headers = set_soup_status (msg, res);
  gsize len = 0;

  if (res->close_connection)
    soup_message_headers_replace (headers, "Connection", "close");

  /* Replaces whatever an earlier stage answered (an early handler's 401, say,
   * before a 413): one body, whose length the headers give. */
  soup_message_body_truncate (soup_server_message_get_response_body (msg));
  if (res->body != NULL)
    {
      len = g_bytes_get_size (res->body);
      if (len > 0)
        soup_message_body_append_bytes (soup_server_message_get_response_body (msg), res->body);
    }
  soup_message_headers_set_content_length (headers, len);
}

static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              McService         *self)
{
  BodyState *state = g_object_get_data (G_OBJECT (msg), "mc-body-state");
  const char *path;

  if (state == NULL)
    return;

  state->received += g_bytes_get_size (chunk);

  if (!state->too_large && state->received > MC_BODY_LIMIT)
    {
      g_autoptr(McResponse) res = mc_response_new ();

      state->too_large = TRUE;
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      soup_message_body_truncate (soup_server_message_get_request_body (msg));
      path = g_uri_get_path (soup_server_message_get_uri (msg));
      respond_too_large (res, path_is_html (path));
      set_soup_response (msg, res);
    }

  if (state->received > MC_BODY_DISCARD_LIMIT)
    {
      GSocket *socket = soup_server_message_get_socket (msg);

      /* Enough has been thrown away: hang up. */
      g_object_set_data (G_OBJECT (msg), "mc-body-state", NULL);
      if (socket != NULL)
        g_socket_shutdown (socket, TRUE, TRUE, NULL);
    }
}

static void
got_headers_cb (SoupServerMessage *msg,
                McService         *self)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  BodyState *state = g_new0 (BodyState, 1);

  g_object_set_data_full (G_OBJECT (msg), "mc-body-state", state, g_free);

  /* libsoup itself refused the request (a %00 in the path, say): answer
   * with api.md's error body rather than an empty one. (An early handler's
   * own 400 comes with its body.) */
  if (soup_server_message_get_status (msg) == SOUP_STATUS_BAD_REQUEST &&
      soup_server_message_get_response_body (msg)->length == 0)
    {
      g_autoptr(McResponse) res = mc_response_new ();
      GUri *uri = soup_server_message_get_uri (msg);

      if (uri != NULL && path_is_html (g_uri_get_path (uri)))
        mc_response_html_error (res, 400, "Bad request", "This address is not valid.");
      else
        mc_response_error (res, 400, "invalid_request", NULL, "The request's address is not valid.");
      set_soup_response (msg, res);
      /* and on: a body over 1 MiB is still not kept */
    }

  /* Decided from the headers, before any of the body is read. */
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > MC_BODY_LIMIT)
    {
      g_autoptr(McResponse) res = mc_response_new ();
      const char *path = g_uri_get_path (soup_server_message_get_uri (msg));

      state->too_large = TRUE;
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      respond_too_large (res, path_is_html (path));
      set_soup_response (msg, res);
    }
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    McService         *self)
{
  g_signal_connect (msg, "got-headers", G_CALLBACK (got_headers_cb), self);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), self);
}

typedef struct
{
  McService         *service;
  SoupServerMessage *msg;
  McResponse        *res;
  guint              idle;
  gboolean           finished;
} Stream;

static void
stream_free (Stream *stream)
{
  g_clear_handle_id (&stream->idle, g_source_remove);
  mc_response_free (stream->res);
  g_object_unref (stream->msg);
  g_free (stream);
}

static void
stream_produce (Stream *stream)
{
  g_autoptr(GByteArray) chunk = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  SoupMessageBody *body = soup_server_message_get_response_body (stream->msg);

  if (!stream->res->producer (stream->res->producer_data, chunk, &error))
    {
      GSocket *socket = soup_server_message_get_socket (stream->msg);

      g_message ("A streamed response failed after its headers were sent: %s", error->message);
      if (socket != NULL)
        g_socket_shutdown (socket, TRUE, TRUE, NULL);
      soup_message_body_complete (body);
      return;
    }

  if (chunk->len == 0)
    soup_message_body_complete (body);
  else
    {
      gsize len = chunk->len;

      soup_message_body_append_take (body, g_byte_array_free (g_steal_pointer (&chunk), FALSE), len);
    }
}

static gboolean
stream_next_cb (gpointer user_data)
{
  Stream *stream = user_data;

  stream->idle = 0;
  if (stream->finished)
    return G_SOURCE_REMOVE;

  stream_produce (stream);
  soup_server_message_unpause (stream->msg);

  return G_SOURCE_REMOVE;
}

static void
stream_wrote_chunk_cb (SoupServerMessage *msg,
                       Stream            *stream)
{
  if (stream->finished || stream->idle != 0)
    return;

  /* Go back to the main loop between chunks so one download cannot hold it. */
  soup_server_message_pause (msg);
  stream->idle = g_idle_add_full (G_PRIORITY_DEFAULT, stream_next_cb, stream, NULL);
}

static void
stream_finished_cb (SoupServerMessage *msg,
                    Stream            *stream)
{
  stream->finished = TRUE;
  g_signal_handlers_disconnect_by_data (msg, stream);
  stream_free (stream);
}

static void
start_stream (SoupServerMessage *msg,
              McResponse        *res)
{
  SoupMessageHeaders *headers = set_soup_status (msg, res);
  Stream *stream = g_new0 (Stream, 1);

  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  /* Drop each piece once written, or the whole body would pile up here. */
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);

  stream->msg = g_object_ref (msg);
  stream->res = res;
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (stream_wrote_chunk_cb), stream);
  g_signal_connect (msg, "finished", G_CALLBACK (stream_finished_cb), stream);

  stream_produce (stream);
}

static McRequest *
request_from_soup (SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query)
{
  McRequest *req = mc_request_new (soup_server_message_get_method (msg), path);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);
  g_autoptr(GBytes) bytes = NULL;

  if (query != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_replace (req->query, g_strdup (key), g_strdup (value));
    }

  soup_message_headers_unref (req->headers);
  req->headers = soup_message_headers_ref (soup_server_message_get_request_headers (msg));

  bytes = soup_message_body_flatten (body);
  mc_request_set_body (req, bytes);

  if (G_IS_INET_SOCKET_ADDRESS (remote))
    req->remote_is_loopback =
      g_inet_address_get_is_loopback (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)));

  return req;
}

static void
server_handler_cb (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  McService *self = user_data;
  BodyState *state = g_object_get_data (G_OBJECT (msg), "mc-body-state");
  g_autoptr(McRequest) req = request_from_soup (msg, path, query);
  McResponse *res = mc_response_new ();

  req->body_too_large = state != NULL && state->too_large;

  mc_service_handle (self, req, res);

  if (res->producer != NULL)
    start_stream (msg, res);  /* takes @res */
  else
    {
      set_soup_response (msg, res);
      mc_response_free (res);
    }
}

static void
events_early_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  McService *self = user_data;
  g_autoptr(McRequest) req = mc_request_new (soup_server_message_get_method (msg), path);
  g_autoptr(McResponse) res = mc_response_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *account_id = NULL;
  g_autofree char *token_hash = NULL;

  soup_message_headers_unref (req->headers);
  req->headers = soup_message_headers_ref (soup_server_message_get_request_headers (msg));

  account_id = authenticate (self, req, &token_hash, &error);
  if (error != NULL)
    mc_service_internal_error (res, error);
  else if (account_id == NULL)
    mc_response_error (res, 401, "unauthorized", NULL,
                       "A valid “Authorization: Bearer” token is required.");
  else if (strcmp (path, "/v1/events") != 0)
    mc_response_error (res, 404, "not_found", NULL, "There is nothing at this address.");
  else if (!soup_websocket_server_check_handshake (msg, NULL, NULL, NULL, NULL))
    mc_response_error (res, 400, "invalid_request", NULL,
                       "/v1/events is a WebSocket: send a GET with “Upgrade: websocket”.");
  else
    {
      g_object_set_data_full (G_OBJECT (msg), "mc-account-id", g_steal_pointer (&account_id), g_free);
      g_object_set_data_full (G_OBJECT (msg), "mc-token-hash", g_steal_pointer (&token_hash), g_free);
      return;
    }

  set_soup_response (msg, res);
}

static void
events_socket_cb (SoupServer              *server,
                  SoupServerMessage       *msg,
                  const char              *path,
                  SoupWebsocketConnection *connection,
                  gpointer                 user_data)
{
  McService *self = user_data;
  const char *account_id = g_object_get_data (G_OBJECT (msg), "mc-account-id");
  const char *token_hash = g_object_get_data (G_OBJECT (msg), "mc-token-hash");
  TokenCheck check = { self, account_id };

  if (account_id == NULL || token_hash == NULL)
    {
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, NULL);
      return;
    }

  /* The new connection gets what is committed from now on, not the
   * journal's older rows; and a rotation that was sent while the handshake
   * went on has not seen it, so its token is checked again. */
  start_watching (self);
  publish_journal (self);
  if (!token_still_valid (token_hash, &check))
    {
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                                       "The token was replaced");
      return;
    }

  mc_events_add (self->events, account_id, token_hash, connection);
}

static GSocketAddress *
parse_listen_address (const char  *address,
                      GError     **error)
{
  g_autofree char *host = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  const char *colon;
  guint64 port = 0;

  colon = address ? strrchr (address, ':') : NULL;
  if (colon == NULL || colon == address)
    goto invalid;

  if (!g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    goto invalid;

  host = g_strndup (address, colon - address);
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      char *inner = g_strndup (host + 1, strlen (host) - 2);

      g_free (host);
      host = inner;
    }

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    inet = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    inet = g_inet_address_new_from_string (host);
  if (inet == NULL)
    goto invalid;

  return g_inet_socket_address_new (inet, (guint16) port);

invalid:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "“%s” is not an address to listen on (HOST:PORT, such as 127.0.0.1:8750)",
               address ? address : "");
  return NULL;
}

gboolean
mc_service_listen (McService   *self,
                   const char  *address,
                   GError     **error)
{
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocket) listen_socket = NULL;
  g_autoptr(GError) sweep_error = NULL;
  g_autoptr(GError) settings_error = NULL;
  GSList *uris;

  g_return_val_if_fail (self->server == NULL, FALSE);

  socket_address = parse_listen_address (address, error);
  if (socket_address == NULL)
    return FALSE;

  /* Live events start with what is committed from now on. */
  if (!mc_store_journal_last (self->store, &self->journal_handled, error))
    return FALSE;

  self->server = soup_server_new (NULL, NULL);
  g_signal_connect (self->server, "request-started", G_CALLBACK (request_started_cb), self);
  soup_server_add_early_handler (self->server, "/v1/events", events_early_cb, self, NULL);
  soup_server_add_websocket_handler (self->server, "/v1/events", NULL, NULL, events_socket_cb, self, NULL);
  soup_server_add_handler (self->server, NULL, server_handler_cb, self, NULL);

  /* Our own socket, for a listen backlog that absorbs bursts of connections
   * (GSocket's default of 10 makes the kernel drop or reset the rest). */
  listen_socket = g_socket_new (g_socket_address_get_family (socket_address), G_SOCKET_TYPE_STREAM,
                                G_SOCKET_PROTOCOL_TCP, error);
  if (listen_socket == NULL)
    {
      g_clear_object (&self->server);
      return FALSE;
    }
  g_socket_set_listen_backlog (listen_socket, LISTEN_BACKLOG);

  if (!g_socket_bind (listen_socket, socket_address, TRUE, error) ||
      !g_socket_listen (listen_socket, error) ||
      !soup_server_listen_socket (self->server, listen_socket, 0, error))
    {
      g_clear_object (&self->server);
      return FALSE;
    }

  uris = soup_server_get_uris (self->server);
  if (uris != NULL)
    {
      g_autofree char *text = g_uri_to_string (uris->data);

      self->url = strip_trailing_slashes (text);
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  if (self->config.public_url == NULL && self->url != NULL)
    {
      g_free (self->public_url);
      self->public_url = g_strdup (self->url);
    }

  /* For the other commands' account objects and e-mails. */
  if (!mc_store_serve_settings_put (self->store, self->public_url, self->config.support_phone,
                                    self->config.support_email, &settings_error))
    g_message ("Cannot record the service's settings for the other commands: %s",
               settings_error->message);

  /* Whatever fell due while the service was down happens now. */
  if (!mc_payments_sweep (self, mc_service_now (), &sweep_error))
    g_message ("Start-up payment sweep failed, will retry: %s", sweep_error->message);
  schedule_sweep (self);

  self->mailer = mc_mailer_new (self);
  mc_mailer_start (self->mailer);

  mc_scheduler_start (self);

  return TRUE;
}

void
mc_service_shutdown (McService *self)
{
  g_clear_handle_id (&self->sweep_source, g_source_remove);
  g_clear_handle_id (&self->watch_source, g_source_remove);
  mc_scheduler_stop (self);

  if (self->server != NULL)
    {
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }

  if (self->events != NULL)
    mc_events_close_all (self->events);

  if (self->mailer != NULL)
    mc_mailer_stop (self->mailer, 15000);
}
