/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "mc-core.h"
#include "mc-ids.h"
#include "mc-ledger.h"
#include "mc-notices.h"
#include "mc-objects.h"
#include "mc-payments.h"

static gboolean
emit_payment (McService        *service,
              const McPayment  *payment,
              GError          **error)
{
  g_autoptr(JsonObject) object = mc_payment_to_json (service, payment);

  return mc_service_emit (service, payment->account_id, "payment", object, error);
}

gboolean
mc_payments_create (McService        *service,
                    const McAccount  *account,
                    gint64            amount,
                    gint64            at,
                    McPayment       **out_payment,
                    GError          **error)
{
  g_autoptr(McPayment) payment = g_new0 (McPayment, 1);
  McTaxBreakdown tax;

  if (!mc_tax_compute (account->currency, amount, &tax, error))
    return FALSE;

  payment->id = mc_id_new ("pay");
  payment->account_id = g_strdup (account->id);
  payment->status = MC_PAYMENT_PENDING;
  payment->currency = account->currency;
  payment->amount = tax.amount;
  payment->tax = tax.tax;
  payment->total = tax.total;
  payment->checkout_token = mc_token_new ("ck");
  payment->created_at = at;
  payment->expires_at = at + MC_PAYMENT_LIFETIME;

  if (!mc_store_payment_insert (mc_service_get_store (service), payment, error) ||
      !emit_payment (service, payment, error) ||
      !mc_service_emit_account (service, account->id, error))
    return FALSE;

  *out_payment = g_steal_pointer (&payment);
  return TRUE;
}

static gboolean
set_status (McService        *service,
            McPayment        *payment,
            McPaymentStatus   status,
            gint64            at,
            GError          **error)
{
  payment->status = status;
  payment->completed_at = status == MC_PAYMENT_COMPLETED ? at : 0;

  return mc_store_payment_update (mc_service_get_store (service), payment, error) &&
         emit_payment (service, payment, error);
}

gboolean
mc_payments_complete (McService  *service,
                      McPayment  *payment,
                      gint64      at,
                      GError    **error)
{
  McStore *store = mc_service_get_store (service);
  g_autoptr(McAccount) account = NULL;
  g_autoptr(McLedgerLine) line = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *tax = NULL;
  g_autofree char *total = NULL;
  g_autofree char *balance = NULL;
  g_autofree char *description = NULL;
  g_autofree char *body = NULL;
  g_autofree char *email = NULL;
  g_autofree char *footer = NULL;
  g_autofree char *when = NULL;
  const char *tax_name;

  g_return_val_if_fail (payment->status != MC_PAYMENT_COMPLETED, FALSE);

  if (!set_status (service, payment, MC_PAYMENT_COMPLETED, at, error))
    return FALSE;

  amount = mc_money_format (payment->amount, payment->currency);
  tax = mc_money_format (payment->tax, payment->currency);
  total = mc_money_format (payment->total, payment->currency);
  description = g_strdup_printf ("Recharge %s", payment->id);

  if (!mc_ledger_post (service, payment->account_id, at, "recharge", payment->amount,
                       description, payment->id, &line, error))
    return FALSE;

  account = mc_store_account_get (store, payment->account_id, error);
  if (account == NULL)
    return FALSE;

  balance = mc_money_format (line->balance_after, payment->currency);
  tax_name = mc_tax_name (payment->currency);
  footer = mc_email_footer (service);
  when = mc_time_format_unix (at);

  if (tax_name != NULL)
    {
      g_autofree char *tax_label = g_strdup_printf ("%s (%d %%):", tax_name, MC_GST_RATE_PERCENT);

      body = g_strdup_printf ("You paid %s (%s + %s %d %% %s). %s in credits were added; "
                              "your balance is %s.",
                              total, amount, tax_name, MC_GST_RATE_PERCENT, tax, amount, balance);
      email = g_strdup_printf ("Hello %s,\n\n"
                               "We received your payment. Thank you.\n\n"
                               "Payment:      %s\n"
                               "Completed:    %s\n"
                               "Credits:      %s\n"
                               "%-14s%s\n"
                               "Total paid:   %s\n\n"
                               "Your balance is now %s.\n%s",
                               account->name, payment->id, when, amount,
                               tax_label, tax, total, balance, footer);
    }
  else
    {
      body = g_strdup_printf ("You paid %s. %s in credits were added; your balance is %s.",
                              total, amount, balance);
      email = g_strdup_printf ("Hello %s,\n\n"
                               "We received your payment. Thank you.\n\n"
                               "Payment:      %s\n"
                               "Completed:    %s\n"
                               "Credits:      %s\n"
                               "Tax:          %s\n"
                               "Total paid:   %s\n\n"
                               "Your balance is now %s.\n%s",
                               account->name, payment->id, when, amount, tax, total, balance, footer);
    }

  return mc_notices_add (service, account, at, "payment_completed", payment->id,
                         "Payment received", body, email, error);
}

gboolean
mc_payments_fail (McService  *service,
                  McPayment  *payment,
                  gint64      at,
                  GError    **error)
{
  McStore *store = mc_service_get_store (service);
  g_autoptr(McAccount) account = NULL;
  g_autofree char *total = NULL;
  g_autofree char *body = NULL;
  g_autofree char *email = NULL;
  g_autofree char *footer = NULL;

  g_return_val_if_fail (payment->status == MC_PAYMENT_PENDING, FALSE);

  if (!set_status (service, payment, MC_PAYMENT_FAILED, at, error) ||
      !mc_service_emit_account (service, payment->account_id, error))
    return FALSE;

  account = mc_store_account_get (store, payment->account_id, error);
  if (account == NULL)
    return FALSE;

  total = mc_money_format (payment->total, payment->currency);
  footer = mc_email_footer (service);
  body = g_strdup_printf ("Your payment of %s did not go through. No credits were added and "
                          "nothing was charged; you can start a new recharge at any time.", total);
  email = g_strdup_printf ("Hello %s,\n\n%s\n\nPayment: %s\n%s", account->name, body, payment->id, footer);

  return mc_notices_add (service, account, at, "payment_failed", payment->id,
                         "Payment failed", body, email, error);
}

gboolean
mc_payments_cancel (McService  *service,
                    McPayment  *payment,
                    gint64      at,
                    GError    **error)
{
  g_return_val_if_fail (payment->status == MC_PAYMENT_PENDING, FALSE);

  return set_status (service, payment, MC_PAYMENT_CANCELLED, at, error) &&
         mc_service_emit_account (service, payment->account_id, error);
}

gboolean
mc_payments_expire_if_due (McService  *service,
                           McPayment  *payment,
                           gint64      now,
                           gboolean   *out_expired,
                           GError    **error)
{
  if (out_expired != NULL)
    *out_expired = FALSE;

  if (payment->status != MC_PAYMENT_PENDING || now < payment->expires_at)
    return TRUE;

  if (!set_status (service, payment, MC_PAYMENT_EXPIRED, now, error) ||
      !mc_service_emit_account (service, payment->account_id, error))
    return FALSE;

  if (out_expired != NULL)
    *out_expired = TRUE;

  return TRUE;
}

gboolean
mc_payments_notify_pending (McService  *service,
                            McPayment  *payment,
                            gint64      now,
                            GError    **error)
{
  g_autoptr(McAccount) account = NULL;
  g_autofree char *total = NULL;
  g_autofree char *expires = NULL;
  g_autofree char *body = NULL;

  account = mc_store_account_get (mc_service_get_store (service), payment->account_id, error);
  if (account == NULL)
    return FALSE;

  payment->pending_notified = TRUE;
  if (!mc_store_payment_update (mc_service_get_store (service), payment, error))
    return FALSE;

  total = mc_money_format (payment->total, payment->currency);
  expires = mc_time_format_unix (payment->expires_at);
  body = g_strdup_printf ("Your payment of %s is still waiting to be completed. Complete it, or "
                          "cancel it and recharge another amount; it expires at %s.", total, expires);

  return mc_notices_add (service, account, now, "payment_pending", payment->id,
                         "A payment is still pending", body, NULL, error);
}

gboolean
mc_payments_sweep (McService  *service,
                   gint64      now,
                   GError    **error)
{
  McStore *store = mc_service_get_store (service);
  const guint batch = 100;

  for (;;)
    {
      g_autoptr(GPtrArray) due = NULL;

      if (!mc_service_begin (service, error))
        return FALSE;

      due = mc_store_payment_list_due (store, now, MC_PAYMENT_PENDING_NOTICE_AGE, batch, error);
      if (due == NULL)
        {
          mc_service_rollback (service);
          return FALSE;
        }

      for (guint i = 0; i < due->len; i++)
        {
          McPayment *payment = g_ptr_array_index (due, i);
          gboolean expired = FALSE;

          if (!mc_payments_expire_if_due (service, payment, now, &expired, error) ||
              (!expired && !payment->pending_notified &&
               now >= payment->created_at + MC_PAYMENT_PENDING_NOTICE_AGE &&
               !mc_payments_notify_pending (service, payment, now, error)))
            {
              mc_service_rollback (service);
              return FALSE;
            }
        }

      if (due->len < batch &&
          !mc_store_idempotency_prune (store, now - MC_IDEMPOTENCY_LIFETIME, error))
        {
          mc_service_rollback (service);
          return FALSE;
        }

      if (!mc_service_commit (service, error))
        return FALSE;

      if (due->len < batch)
        return TRUE;
    }
}
