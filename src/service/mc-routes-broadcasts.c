/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "mc-broadcasts.h"
#include "mc-clock.h"
#include "mc-core.h"
#include "mc-ids.h"
#include "mc-objects.h"
#include "mc-routes.h"
#include "mc-scheduler.h"
#include "mc-service.h"

#define IDEMPOTENCY_SCOPE "broadcasts"

/* How far ahead a broadcast may be scheduled. */
#define MAX_SCHEDULE_AHEAD (366 * 24 * G_GINT64_CONSTANT (3600))

/* POST /v1/broadcasts/estimate */

static void
estimate_broadcast (McService  *service,
                    McRequest  *req,
                    McResponse *res)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(McAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  McRecipients recipients = { 0 };
  McBroadcastEstimate estimate;

  body = mc_request_parse_json_object (req, res);
  if (body == NULL || !mc_recipients_read (body, &recipients, res))
    return;

  account = mc_store_account_get (mc_service_get_store (service), req->account_id, &error);
  if (account == NULL || !mc_broadcast_estimate (account, recipients.count, &estimate, &error))
    {
      mc_recipients_clear (&recipients);
      mc_service_internal_error (res, error);
      return;
    }

  /* Nothing is written: safe to call on every keystroke. */
  object = json_object_new ();
  json_object_set_int_member (object, "recipients", recipients.count);
  mc_json_set_money (object, "rate", estimate.rate);
  mc_json_set_money (object, "estimated_cost", estimate.cost);
  mc_json_set_money (object, "balance", account->balance);
  json_object_set_boolean_member (object, "sufficient", estimate.sufficient);
  mc_json_set_money (object, "shortfall", estimate.shortfall);
  mc_response_set_json_object (res, 200, object);

  mc_recipients_clear (&recipients);
}

/* POST /v1/broadcasts */

static gboolean
idempotency_key_valid (const char *key)
{
  gsize len = strlen (key);

  if (len < 1 || len > 255)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (key[i] < 0x20 || key[i] > 0x7e)
      return FALSE;

  return TRUE;
}

static gboolean
read_name (JsonObject  *body,
           const char **out,
           McResponse  *res)
{
  g_autofree char *stripped = NULL;
  glong chars;

  if (!mc_json_get_string (body, "name", TRUE, out, res))
    return FALSE;

  stripped = g_strstrip (g_strdup (*out));
  chars = g_utf8_strlen (*out, -1);
  if (stripped[0] == '\0' || chars > MC_BROADCAST_NAME_MAX)
    {
      mc_response_error (res, 400, "invalid_request", "name",
                         "“name” must be 1 to %d characters.", MC_BROADCAST_NAME_MAX);
      return FALSE;
    }

  for (const guchar *p = (const guchar *) *out; *p; p++)
    {
      if (*p < 0x20 || *p == 0x7f)
        {
          mc_response_error (res, 400, "invalid_request", "name",
                             "“name” must be one line of text.");
          return FALSE;
        }
    }

  return TRUE;
}

/* scheduled_at: absent or null (0), or an RFC 3339 time. */
static gboolean
read_scheduled_at (JsonObject  *body,
                   gint64       now,
                   gint64      *out,
                   McResponse  *res)
{
  const char *text = NULL;
  g_autoptr(GDateTime) time = NULL;

  *out = 0;
  if (!mc_json_get_string (body, "scheduled_at", FALSE, &text, res))
    return FALSE;
  if (text == NULL)
    return TRUE;

  time = mc_time_parse (text);
  if (time == NULL)
    {
      mc_response_error (res, 400, "invalid_date", "scheduled_at",
                         "“scheduled_at” must be an RFC 3339 time such as \"2026-11-27T04:30:00Z\", or null.");
      return FALSE;
    }

  *out = g_date_time_to_unix (time);
  if (*out > now + MAX_SCHEDULE_AHEAD)
    {
      mc_response_error (res, 400, "invalid_date", "scheduled_at",
                         "A broadcast can be scheduled at most a year ahead.");
      return FALSE;
    }

  return TRUE;
}

static void
create_broadcast (McService  *service,
                  McRequest  *req,
                  McResponse *res)
{
  McStore *store = mc_service_get_store (service);
  const char *key = mc_request_get_header (req, "Idempotency-Key");
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(McAccount) account = NULL;
  g_autoptr(McBroadcast) broadcast = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *stored_fingerprint = NULL;
  g_autofree char *stored_id = NULL;
  McRecipients recipients = { 0 };
  const char *name = NULL;
  gint64 count = 0;
  gint64 scheduled_at = 0;
  gint64 now = mc_service_now ();

  if (key != NULL && !idempotency_key_valid (key))
    {
      mc_response_error (res, 400, "invalid_request", "Idempotency-Key",
                         "An “Idempotency-Key” must be 1 to 255 printable ASCII characters.");
      return;
    }

  body = mc_request_parse_json_object (req, res);
  if (body == NULL || !read_name (body, &name, res) ||
      !mc_recipients_read (body, &recipients, res))
    return;

  if (!read_scheduled_at (body, now, &scheduled_at, res))
    {
      mc_recipients_clear (&recipients);
      return;
    }

  /* Compared after parsing; scheduled_at as sent, so a replay after the
   * time has passed still matches. */
  {
    g_autofree char *text = g_strdup_printf ("name=%s\nrecipients=%s\nscheduled_at=%" G_GINT64_FORMAT,
                                             name, recipients.fingerprint, scheduled_at);

    fingerprint = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  }
  count = recipients.count;
  mc_recipients_clear (&recipients);

  if (!mc_service_begin (service, &error))
    goto failed;

  if (key != NULL)
    {
      if (!mc_store_idempotency_get (store, req->account_id, IDEMPOTENCY_SCOPE, key,
                                     now - MC_IDEMPOTENCY_LIFETIME,
                                     &stored_fingerprint, &stored_id, &error))
        goto failed;

      if (stored_id != NULL)
        {
          mc_service_rollback (service);

          if (strcmp (stored_fingerprint, fingerprint) != 0)
            {
              mc_response_error (res, 409, "idempotency_conflict", "Idempotency-Key",
                                 "This Idempotency-Key was already used with a different request.");
              return;
            }

          broadcast = mc_store_broadcast_get (store, req->account_id, stored_id, &error);
          if (broadcast == NULL)
            {
              if (error == NULL)
                g_set_error (&error, MC_STORE_ERROR, MC_STORE_ERROR_FAILED, "Idempotent broadcast is missing");
              mc_service_internal_error (res, error);
              return;
            }

          object = mc_broadcast_to_json (broadcast);
          mc_response_set_json_object (res, 200, object);
          soup_message_headers_replace (res->headers, "Idempotent-Replayed", "true");
          return;
        }
    }

  account = mc_store_account_get (store, req->account_id, &error);
  if (account == NULL)
    {
      if (error == NULL)
        g_set_error_literal (&error, MC_STORE_ERROR, MC_STORE_ERROR_FAILED, "The account is gone");
      goto failed;
    }

  if (!mc_broadcasts_create (service, account, name, count, scheduled_at, now, &broadcast, &error) ||
      (key != NULL &&
       !mc_store_idempotency_put (store, req->account_id, IDEMPOTENCY_SCOPE, key, fingerprint,
                                  broadcast->id, now, &error)) ||
      !mc_service_commit (service, &error))
    goto failed;

  mc_scheduler_kick (service);

  object = mc_broadcast_to_json (broadcast);
  mc_response_set_created (res, object, "/v1/broadcasts", broadcast->id);
  return;

failed:
  mc_service_rollback (service);
  mc_service_internal_error (res, error);
}

/* GET /v1/broadcasts */

static JsonObject *
broadcast_item (McService     *service,
                gconstpointer  item,
                McStoreCursor *out_cursor)
{
  const McBroadcast *b = item;

  out_cursor->at = b->created_at;
  out_cursor->seq = b->seq;
  return mc_broadcast_to_json (b);
}

static void
list_broadcasts (McService  *service,
                 McRequest  *req,
                 McResponse *res)
{
  const char *status_text = mc_request_get_query (req, "status");
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  McBroadcastStatus status = MC_BROADCAST_SCHEDULED;
  McStoreCursor cursor;
  gboolean has_cursor = FALSE;
  guint limit;

  if (!mc_list_params (req, res, &limit, &cursor, &has_cursor))
    return;

  if (status_text != NULL && !mc_broadcast_status_from_string (status_text, &status))
    {
      mc_response_error (res, 400, "invalid_request", "status",
                         "“status” must be scheduled, sent, failed or cancelled.");
      return;
    }

  list = mc_store_broadcast_list (mc_service_get_store (service), req->account_id,
                                  status_text ? &status : NULL,
                                  has_cursor ? &cursor : NULL, limit + 1, &error);
  if (list == NULL)
    {
      mc_service_internal_error (res, error);
      return;
    }

  mc_list_respond (service, res, list, limit, broadcast_item);
}

/* GET /v1/broadcasts/{id} and POST /v1/broadcasts/{id}/cancel */

static McBroadcast *
find_broadcast (McService   *service,
                McRequest   *req,
                McResponse  *res)
{
  const char *id = mc_request_get_param (req, "id");
  g_autoptr(GError) error = NULL;
  McBroadcast *b;

  if (!mc_id_is_plausible (id, "bc"))
    {
      mc_response_error (res, 404, "not_found", NULL, "There is no such broadcast.");
      return NULL;
    }

  b = mc_store_broadcast_get (mc_service_get_store (service), req->account_id, id, &error);
  if (b == NULL)
    {
      if (error != NULL)
        mc_service_internal_error (res, error);
      else
        mc_response_error (res, 404, "not_found", NULL, "There is no such broadcast.");
    }

  return b;
}

static void
get_broadcast (McService  *service,
               McRequest  *req,
               McResponse *res)
{
  g_autoptr(McBroadcast) b = find_broadcast (service, req, res);
  g_autoptr(JsonObject) object = NULL;

  if (b == NULL)
    return;

  object = mc_broadcast_to_json (b);
  mc_response_set_json_object (res, 200, object);
}

static void
cancel_broadcast (McService  *service,
                  McRequest  *req,
                  McResponse *res)
{
  g_autoptr(McBroadcast) b = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;

  if (!mc_service_begin (service, &error))
    {
      mc_service_internal_error (res, error);
      return;
    }

  b = find_broadcast (service, req, res);
  if (b == NULL)
    {
      mc_service_rollback (service);
      return;
    }

  if (b->status != MC_BROADCAST_SCHEDULED)
    {
      mc_service_rollback (service);
      mc_response_error (res, 409, "invalid_state", NULL,
                         "Only a scheduled broadcast can be cancelled; this one is %s.",
                         mc_broadcast_status_to_string (b->status));
      return;
    }

  if (!mc_broadcasts_cancel (service, b, &error) || !mc_service_commit (service, &error))
    {
      mc_service_rollback (service);
      mc_service_internal_error (res, error);
      return;
    }

  object = mc_broadcast_to_json (b);
  mc_response_set_json_object (res, 200, object);
}

void
mc_routes_broadcasts_register (McRouter *router)
{
  mc_router_add (router, "POST", "/v1/broadcasts/estimate", MC_ROUTE_AUTH, estimate_broadcast);
  mc_router_add (router, "POST", "/v1/broadcasts", MC_ROUTE_AUTH, create_broadcast);
  mc_router_add (router, "GET", "/v1/broadcasts", MC_ROUTE_AUTH, list_broadcasts);
  mc_router_add (router, "GET", "/v1/broadcasts/{id}", MC_ROUTE_AUTH, get_broadcast);
  mc_router_add (router, "POST", "/v1/broadcasts/{id}/cancel", MC_ROUTE_AUTH, cancel_broadcast);
}
