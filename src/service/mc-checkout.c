/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The checkout page a person pays on (`/checkout/{token}`) and, with
 * `--sandbox-gateway`, its Pay and Decline buttons. The checkout token in
 * the address is the only secret here; it is never logged.
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

static const char *
status_sentence (McPaymentStatus status)
{
  switch (status)
    {
    case MC_PAYMENT_PENDING:
      return "Waiting for payment.";
    case MC_PAYMENT_COMPLETED:
      return "Paid. The credits have been added to the account.";
    case MC_PAYMENT_FAILED:
      return "This payment failed. Nothing was charged.";
    case MC_PAYMENT_CANCELLED:
      return "This payment was cancelled. Nothing was charged.";
    case MC_PAYMENT_EXPIRED:
      return "This payment expired. Nothing was charged.";
    default:
      return "";
    }
}

static const char *
status_label (McPaymentStatus status)
{
  switch (status)
    {
    case MC_PAYMENT_PENDING:
      return "Pending";
    case MC_PAYMENT_COMPLETED:
      return "Paid";
    case MC_PAYMENT_FAILED:
      return "Failed";
    case MC_PAYMENT_CANCELLED:
      return "Cancelled";
    case MC_PAYMENT_EXPIRED:
      return "Expired";
    default:
      return "";
    }
}

/* The payment for the token in the path, or NULL with an HTML 404 in @res. */
static McPayment *
find_by_token (McService  *service,
               McRequest  *req,
               McResponse *res)
{
  const char *token = mc_request_get_param (req, "token");
  g_autoptr(GError) error = NULL;
  McPayment *payment = NULL;

  if (mc_id_is_plausible (token, "ck"))
    payment = mc_store_payment_by_checkout_token (mc_service_get_store (service), token, &error);

  if (payment == NULL)
    {
      if (error != NULL)
        {
          g_message ("Checkout lookup failed: %s", error->message);
          mc_response_html_error (res, 500, "Something went wrong",
                                  "The payment page could not be loaded. Please try again.");
        }
      else
        mc_response_html_error (res, 404, "Payment not found",
                                "This payment link is not valid. Start the recharge again from the app.");
    }

  return payment;
}

static void
show_page (McService  *service,
           McRequest  *req,
           McResponse *res)
{
  g_autoptr(McPayment) payment = find_by_token (service, req, res);
  g_autoptr(McAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) html = NULL;
  g_autofree char *merchant = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *tax = NULL;
  g_autofree char *total = NULL;
  g_autofree char *token_html = NULL;
  g_autofree char *expires = NULL;
  const char *tax_name;
  McPaymentStatus status;

  if (payment == NULL)
    return;

  account = mc_store_account_get (mc_service_get_store (service), payment->account_id, &error);
  if (account == NULL)
    {
      mc_response_html_error (res, 500, "Something went wrong",
                              "The payment page could not be loaded. Please try again.");
      return;
    }

  /* A pending payment past its 24 hours shows as what it is. */
  status = payment->status;
  if (status == MC_PAYMENT_PENDING && mc_service_now () >= payment->expires_at)
    status = MC_PAYMENT_EXPIRED;

  merchant = mc_html_escape (account->name);
  amount = mc_money_format (payment->amount, payment->currency);
  tax = mc_money_format (payment->tax, payment->currency);
  total = mc_money_format (payment->total, payment->currency);
  token_html = mc_html_escape (payment->checkout_token);
  expires = mc_time_format_unix (payment->expires_at);
  tax_name = mc_tax_name (payment->currency);

  html = g_string_new (NULL);
  g_string_append_printf (html, "<p class=\"merchant\">Message Credits for <strong>%s</strong></p>\n", merchant);
  g_string_append_printf (html, "<h1>Pay %s</h1>\n", total);
  g_string_append (html, "<table>\n");
  g_string_append_printf (html, "<tr><td>Credits</td><td class=\"v\" id=\"amount\">%s</td></tr>\n", amount);
  if (tax_name != NULL)
    g_string_append_printf (html, "<tr><td>%s (%d %%)</td><td class=\"v\" id=\"tax\">%s</td></tr>\n",
                            tax_name, MC_GST_RATE_PERCENT, tax);
  else
    g_string_append_printf (html, "<tr><td>Tax</td><td class=\"v\" id=\"tax\">%s</td></tr>\n", tax);
  g_string_append_printf (html, "<tr class=\"total\"><td>Total</td><td class=\"v\" id=\"total\">%s</td></tr>\n",
                          total);
  g_string_append (html, "</table>\n");
  g_string_append_printf (html, "<p>Status: <span class=\"state %s\" id=\"state\">%s</span></p>\n",
                          mc_payment_status_to_string (status), status_label (status));
  g_string_append_printf (html, "<p>%s</p>\n", status_sentence (status));

  if (status == MC_PAYMENT_PENDING)
    {
      g_string_append_printf (html, "<p class=\"note\">This link expires at %s.</p>\n", expires);
      if (mc_service_get_config (service)->sandbox_gateway)
        g_string_append_printf (html,
                                "<p class=\"note\">Sandbox gateway: no real money moves.</p>\n"
                                "<div class=\"actions\">\n"
                                "<form method=\"post\" action=\"/checkout/%s/pay\">"
                                "<button class=\"pay\" type=\"submit\">Pay %s</button></form>\n"
                                "<form method=\"post\" action=\"/checkout/%s/decline\">"
                                "<button class=\"decline\" type=\"submit\">Decline</button></form>\n"
                                "</div>\n",
                                token_html, total, token_html);
    }

  mc_response_html (res, 200, "Message Credits checkout", html->str);
}

static void
sandbox_action (McService  *service,
                McRequest  *req,
                McResponse *res,
                gboolean    pay)
{
  g_autoptr(McPayment) payment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  gint64 now = mc_service_now ();

  if (!mc_service_get_config (service)->sandbox_gateway)
    {
      mc_response_html_error (res, 404, "Not found", "There is no such page.");
      return;
    }

  if (!mc_service_begin (service, &error))
    goto failed;

  payment = find_by_token (service, req, res);
  if (payment == NULL)
    {
      mc_service_rollback (service);
      return;
    }

  if (!mc_payments_expire_if_due (service, payment, now, NULL, &error))
    goto failed;

  if (payment->status != MC_PAYMENT_PENDING)
    {
      if (!mc_service_commit (service, &error))
        goto failed;
      mc_response_html_error (res, 409, "Payment not pending",
                              "This payment is no longer waiting for payment, so nothing was changed.");
      return;
    }

  if (pay)
    {
      if (!mc_payments_complete (service, payment, now, &error))
        goto failed;
    }
  else if (!mc_payments_fail (service, payment, now, &error))
    goto failed;

  if (!mc_service_commit (service, &error))
    goto failed;

  location = g_strdup_printf ("%s/checkout/%s", mc_service_get_public_url (service), payment->checkout_token);
  mc_response_set_body (res, 303, NULL, NULL);
  soup_message_headers_replace (res->headers, "Location", location);
  soup_message_headers_replace (res->headers, "Cache-Control", "no-store");
  soup_message_headers_replace (res->headers, "Referrer-Policy", "no-referrer");
  return;

failed:
  mc_service_rollback (service);
  g_message ("Checkout action failed: %s", error ? error->message : "unknown error");
  mc_response_html_error (res, 500, "Something went wrong",
                          "Nothing was changed. Please try again.");
}

static void
pay (McService  *service,
     McRequest  *req,
     McResponse *res)
{
  sandbox_action (service, req, res, TRUE);
}

static void
decline (McService  *service,
         McRequest  *req,
         McResponse *res)
{
  sandbox_action (service, req, res, FALSE);
}

void
mc_checkout_register (McRouter *router)
{
  mc_router_add (router, "GET", "/checkout/{token}", MC_ROUTE_HTML, show_page);
  mc_router_add (router, "POST", "/checkout/{token}/pay", MC_ROUTE_HTML, pay);
  mc_router_add (router, "POST", "/checkout/{token}/decline", MC_ROUTE_HTML, decline);
}
