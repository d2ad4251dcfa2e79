/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * `POST /webhooks/gateway`: the payment gateway tells us a payment was paid
 * or failed. Signed with HMAC-SHA256 over the raw body; answered in the
 * order api.md gives, so a gateway stops retrying once nothing more can
 * change.
 */

#include "config.h"

#include <string.h>

#include "mc-clock.h"
#include "mc-core.h"
#include "mc-ids.h"
#include "mc-objects.h"
#include "mc-payments.h"
#include "mc-routes.h"
#include "mc-service.h"

static gboolean
signature_valid (GBytes     *secret,
                 GBytes     *body,
                 const char *header)
{
  g_autoptr(GHmac) hmac = NULL;
  g_autofree char *lower = NULL;
  const char *expected;
  gsize secret_len = 0, body_len = 0;
  const guint8 *secret_data = g_bytes_get_data (secret, &secret_len);
  const guint8 *body_data = g_bytes_get_data (body, &body_len);

  if (header == NULL)
    return FALSE;

  hmac = g_hmac_new (G_CHECKSUM_SHA256, secret_data, secret_len);
  if (body_len > 0)
    g_hmac_update (hmac, body_data, (gssize) body_len);
  expected = g_hmac_get_string (hmac);

  /* Hex case does not matter; the comparison's time does not depend on where they differ. */
  lower = g_ascii_strdown (header, -1);
  g_strstrip (lower);

  return mc_const_equal (lower, strlen (lower), expected, strlen (expected));
}

static void
received (McResponse *res)
{
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_boolean_member (object, "received", TRUE);
  mc_response_set_json_object (res, 200, object);
}

static void
gateway_webhook (McService  *service,
                 McRequest  *req,
                 McResponse *res)
{
  GBytes *secret = mc_service_get_config (service)->webhook_secret;
  McStore *store = mc_service_get_store (service);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(McPayment) payment = NULL;
  g_autoptr(GError) error = NULL;
  const char *payment_id = NULL, *event = NULL, *amount_text = NULL, *currency = NULL;
  gboolean paid;
  gint64 amount = 0;
  gint64 now = mc_service_now ();

  if (secret == NULL)
    {
      mc_response_error (res, 404, "not_found", NULL, "There is nothing at this address.");
      return;
    }

  if (!signature_valid (secret, req->body, mc_request_get_header (req, "X-Signature")))
    {
      mc_response_error (res, 401, "unauthorized", "X-Signature", "The signature does not match the body.");
      return;
    }

  body = mc_request_parse_json_object (req, res);
  if (body == NULL)
    return;

  if (!mc_json_get_string (body, "payment_id", TRUE, &payment_id, res) ||
      !mc_json_get_string (body, "event", TRUE, &event, res) ||
      !mc_json_get_string (body, "amount", TRUE, &amount_text, res) ||
      !mc_json_get_string (body, "currency", TRUE, &currency, res))
    return;

  if (strcmp (event, "paid") == 0)
    paid = TRUE;
  else if (strcmp (event, "failed") == 0)
    paid = FALSE;
  else
    {
      mc_response_error (res, 400, "invalid_request", "event", "“event” must be paid or failed.");
      return;
    }

  if (!mc_service_begin (service, &error))
    goto failed;

  if (mc_id_is_plausible (payment_id, "pay"))
    payment = mc_store_payment_get (store, NULL, payment_id, &error);
  if (payment == NULL)
    {
      mc_service_rollback (service);
      if (error != NULL)
        goto failed;
      g_info ("Gateway event for an unknown payment ignored");
      received (res);
      return;
    }

  if (!mc_money_parse (amount_text, &amount, NULL) || amount != payment->total ||
      mc_currency_from_code (currency) != payment->currency)
    {
      mc_service_rollback (service);
      mc_response_error (res, 409, "invalid_state", "amount",
                         "The amount or currency does not match the payment.");
      return;
    }

  if (paid)
    {
      /* Money that was taken is never dropped: a late payment still completes. */
      if (payment->status != MC_PAYMENT_COMPLETED &&
          !mc_payments_complete (service, payment, now, &error))
        goto failed;
    }
  else
    {
      gboolean expired = FALSE;

      if (!mc_payments_expire_if_due (service, payment, now, &expired, &error))
        goto failed;
      if (payment->status == MC_PAYMENT_PENDING &&
          !mc_payments_fail (service, payment, now, &error))
        goto failed;
    }

  if (!mc_service_commit (service, &error))
    goto failed;

  received (res);
  return;

failed:
  mc_service_rollback (service);
  mc_service_internal_error (res, error);
}

void
mc_webhook_register (McRouter *router)
{
  mc_router_add (router, "POST", "/webhooks/gateway", MC_ROUTE_NONE, gateway_webhook);
}
