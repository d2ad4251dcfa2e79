/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "mc-clock.h"
#include "mc-core.h"
#include "mc-ids.h"
#include "mc-objects.h"
#include "mc-payments.h"
#include "mc-routes.h"
#include "mc-service.h"

#define IDEMPOTENCY_SCOPE "payments"

static gboolean
idempotency_key_valid (const char *key)
{
  gsize len;

  if (key == NULL)
    return FALSE;

  len = strlen (key);
  if (len < 1 || len > 255)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (key[i] < 0x20 || key[i] > 0x7e)
      return FALSE;

  return TRUE;
}

static void
respond_recharge_reason (McResponse       *res,
                         McCurrency        currency,
                         McRechargeReason  reason)
{
  g_autofree char *message = mc_recharge_reason_message (currency, reason);
  const char *text = message ? message : "This amount cannot be recharged.";

  switch (reason)
    {
    case MC_RECHARGE_BELOW_MINIMUM:
      mc_response_error (res, 422, "amount_below_minimum", "amount", "%s", text);
      break;
    case MC_RECHARGE_ABOVE_MAXIMUM:
      mc_response_error (res, 422, "amount_above_maximum", "amount", "%s", text);
      break;
    case MC_RECHARGE_EMPTY:
    case MC_RECHARGE_NOT_A_NUMBER:
    case MC_RECHARGE_NOT_POSITIVE:
    case MC_RECHARGE_TOO_MANY_DECIMALS:
    case MC_RECHARGE_OK:
    default:
      mc_response_error (res, 400, "invalid_amount", "amount", "%s", text);
      break;
    }
}

static void
create_payment (McService  *service,
                McRequest  *req,
                McResponse *res)
{
  McStore *store = mc_service_get_store (service);
  const char *key = mc_request_get_header (req, "Idempotency-Key");
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(McAccount) account = NULL;
  g_autoptr(McPayment) payment = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *stored_fingerprint = NULL;
  g_autofree char *stored_id = NULL;
  McRechargeReason reason;
  gint64 amount = 0;
  gint64 now;

  if (!idempotency_key_valid (key))
    {
      mc_response_error (res, 400, "invalid_request", "Idempotency-Key",
                         "An “Idempotency-Key” header of 1 to 255 printable ASCII characters is required.");
      return;
    }

  body = mc_request_parse_json_object (req, res);
  if (body == NULL || !mc_json_get_money (body, "amount", TRUE, &amount, NULL, res))
    return;

  account = mc_store_account_get (store, req->account_id, &error);
  if (account == NULL)
    {
      mc_service_internal_error (res, error);
      return;
    }

  reason = mc_recharge_check (account->currency, amount);
  if (reason != MC_RECHARGE_OK)
    {
      respond_recharge_reason (res, account->currency, reason);
      return;
    }

  /* Compared after parsing: "1000" and "1000.00" are the same request. */
  fingerprint = g_strdup_printf ("amount=%" G_GINT64_FORMAT, amount);
  now = mc_service_now ();

  if (!mc_service_begin (service, &error) ||
      !mc_store_idempotency_get (store, req->account_id, IDEMPOTENCY_SCOPE, key,
                                 now - MC_IDEMPOTENCY_LIFETIME,
                                 &stored_fingerprint, &stored_id, &error))
    goto failed;

  if (stored_id != NULL)
    {
      if (strcmp (stored_fingerprint, fingerprint) != 0)
        {
          mc_service_rollback (service);
          mc_response_error (res, 409, "idempotency_conflict", "Idempotency-Key",
                             "This Idempotency-Key was already used with a different request.");
          return;
        }

      payment = mc_store_payment_get (store, req->account_id, stored_id, &error);
      if (payment == NULL)
        {
          if (error == NULL)
            g_set_error (&error, MC_STORE_ERROR, MC_STORE_ERROR_FAILED, "Idempotent payment is missing");
          goto failed;
        }
      mc_service_rollback (service);

      object = mc_payment_to_json (service, payment);
      mc_response_set_json_object (res, 200, object);
      soup_message_headers_replace (res->headers, "Idempotent-Replayed", "true");
      return;
    }

  if (!mc_payments_create (service, account, amount, now, &payment, &error) ||
      !mc_store_idempotency_put (store, req->account_id, IDEMPOTENCY_SCOPE, key, fingerprint,
                                 payment->id, now, &error) ||
      !mc_service_commit (service, &error))
    goto failed;

  object = mc_payment_to_json (service, payment);
  mc_response_set_created (res, object, "/v1/payments", payment->id);
  return;

failed:
  mc_service_rollback (service);
  mc_service_internal_error (res, error);
}

static JsonObject *
payment_item (McService     *service,
              gconstpointer  item,
              McStoreCursor *out_cursor)
{
  const McPayment *payment = item;

  out_cursor->at = payment->created_at;
  out_cursor->seq = payment->seq;
  return mc_payment_to_json (service, payment);
}

static void
list_payments (McService  *service,
               McRequest  *req,
               McResponse *res)
{
  const char *status_text = mc_request_get_query (req, "status");
  g_autoptr(GPtrArray) payments = NULL;
  g_autoptr(GError) error = NULL;
  McPaymentStatus status = MC_PAYMENT_PENDING;
  McStoreCursor cursor;
  gboolean has_cursor = FALSE;
  guint limit;

  if (!mc_list_params (req, res, &limit, &cursor, &has_cursor))
    return;

  if (status_text != NULL && !mc_payment_status_from_string (status_text, &status))
    {
      mc_response_error (res, 400, "invalid_request", "status",
                         "“status” must be pending, completed, failed, cancelled or expired.");
      return;
    }

  payments = mc_store_payment_list (mc_service_get_store (service), req->account_id,
                                    status_text ? &status : NULL,
                                    has_cursor ? &cursor : NULL, limit + 1, &error);
  if (payments == NULL)
    {
      mc_service_internal_error (res, error);
      return;
    }

  mc_list_respond (service, res, payments, limit, payment_item);
}

static McPayment *
find_payment (McService   *service,
              McRequest   *req,
              McResponse  *res)
{
  const char *id = mc_request_get_param (req, "id");
  g_autoptr(GError) error = NULL;
  McPayment *payment;

  if (!mc_id_is_plausible (id, "pay"))
    {
      mc_response_error (res, 404, "not_found", NULL, "There is no such payment.");
      return NULL;
    }

  payment = mc_store_payment_get (mc_service_get_store (service), req->account_id, id, &error);
  if (payment == NULL)
    {
      if (error != NULL)
        mc_service_internal_error (res, error);
      else
        mc_response_error (res, 404, "not_found", NULL, "There is no such payment.");
    }

  return payment;
}

static void
get_payment (McService  *service,
             McRequest  *req,
             McResponse *res)
{
  g_autoptr(McPayment) payment = find_payment (service, req, res);
  g_autoptr(JsonObject) object = NULL;

  if (payment == NULL)
    return;

  object = mc_payment_to_json (service, payment);
  mc_response_set_json_object (res, 200, object);
}

static void
cancel_payment (McService  *service,
                McRequest  *req,
                McResponse *res)
{
  g_autoptr(McPayment) payment = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = mc_service_now ();

  if (!mc_service_begin (service, &error))
    {
      mc_service_internal_error (res, error);
      return;
    }

  payment = find_payment (service, req, res);
  if (payment == NULL)
    {
      mc_service_rollback (service);
      return;
    }

  if (!mc_payments_expire_if_due (service, payment, now, NULL, &error))
    goto failed;

  if (payment->status != MC_PAYMENT_PENDING)
    {
      /* An expiry found just now is still worth keeping. */
      if (!mc_service_commit (service, &error))
        goto failed;
      mc_response_error (res, 409, "invalid_state", NULL,
                         "Only a pending payment can be cancelled; this one is %s.",
                         mc_payment_status_to_string (payment->status));
      return;
    }

  if (!mc_payments_cancel (service, payment, now, &error) ||
      !mc_service_commit (service, &error))
    goto failed;

  object = mc_payment_to_json (service, payment);
  mc_response_set_json_object (res, 200, object);
  return;

failed:
  mc_service_rollback (service);
  mc_service_internal_error (res, error);
}

void
mc_routes_payments_register (McRouter *router)
{
  mc_router_add (router, "POST", "/v1/payments", MC_ROUTE_AUTH, create_payment);
  mc_router_add (router, "GET", "/v1/payments", MC_ROUTE_AUTH, list_payments);
  mc_router_add (router, "GET", "/v1/payments/{id}", MC_ROUTE_AUTH, get_payment);
  mc_router_add (router, "POST", "/v1/payments/{id}/cancel", MC_ROUTE_AUTH, cancel_payment);
}
