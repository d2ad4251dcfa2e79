/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "mc-accounts.h"
#include "mc-clock.h"
#include "mc-core.h"
#include "mc-demo.h"
#include "mc-payments.h"

#define DAY (24 * MC_SECONDS_PER_HOUR)

typedef enum
{
  OUTCOME_COMPLETE,
  OUTCOME_FAIL,
  OUTCOME_CANCEL,
  OUTCOME_EXPIRE,
  OUTCOME_PENDING,
} Outcome;

/* The recharge history, oldest first: same every time. */
static const struct
{
  gint64  age;          /* seconds before now */
  gint64  amount;       /* 1/10,000 units */
  gint64  settle_after; /* seconds after creation */
  Outcome outcome;
} recharges[] = {
  { 170 * DAY, 50000000, 6 * 60, OUTCOME_COMPLETE },
  { 131 * DAY, 20000000, 4 * 60, OUTCOME_FAIL },
  { 131 * DAY - 2 * 3600, 20000000, 3 * 60, OUTCOME_COMPLETE },
  { 96 * DAY, 10000000, 25 * 60, OUTCOME_CANCEL },
  { 74 * DAY, 30000000, 5 * 60, OUTCOME_COMPLETE },
  { 45 * DAY, 15000000, DAY, OUTCOME_EXPIRE },
  { 44 * DAY, 15000000, 2 * 60, OUTCOME_COMPLETE },
  { 12 * DAY, 25000000, 7 * 60, OUTCOME_COMPLETE },
  { 20 * 60, 10000000, 0, OUTCOME_PENDING },
};

gboolean
mc_demo_build (McService  *service,
               char      **out_account_id,
               char      **out_token,
               GError    **error)
{
  McStore *store = mc_service_get_store (service);
  g_autofree char *account_id = NULL;
  g_autofree char *token = NULL;
  g_autoptr(McAccount) account = NULL;
  gint64 now = mc_service_now ();
  McAccountSpec spec = {
    .name = "Acme Traders",
    .email = "owner@acme.example",
    .currency = MC_CURRENCY_INR,
    .timezone = "Asia/Kolkata",
    .rates = NULL,
  };

  if (!mc_accounts_create (service, &spec, now - 180 * DAY, &account_id, &token, error))
    return FALSE;

  account = mc_store_account_get (store, account_id, error);
  if (account == NULL)
    return FALSE;

  if (!mc_service_begin (service, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (recharges); i++)
    {
      g_autoptr(McPayment) payment = NULL;
      gint64 created = now - recharges[i].age;
      gint64 settled = created + recharges[i].settle_after;
      gboolean ok = TRUE;

      if (!mc_payments_create (service, account, recharges[i].amount, created, &payment, error))
        goto failed;

      switch (recharges[i].outcome)
        {
        case OUTCOME_COMPLETE:
          ok = mc_payments_complete (service, payment, settled, error);
          break;
        case OUTCOME_FAIL:
          ok = mc_payments_fail (service, payment, settled, error);
          break;
        case OUTCOME_CANCEL:
          ok = mc_payments_cancel (service, payment, settled, error);
          break;
        case OUTCOME_EXPIRE:
          ok = mc_payments_notify_pending (service, payment, created + MC_PAYMENT_PENDING_NOTICE_AGE, error) &&
               mc_payments_expire_if_due (service, payment, payment->expires_at, NULL, error);
          break;
        case OUTCOME_PENDING:
        default:
          break;
        }

      if (!ok)
        goto failed;
    }

  if (!mc_service_commit (service, error))
    goto failed;

  *out_account_id = g_steal_pointer (&account_id);
  *out_token = g_steal_pointer (&token);
  return TRUE;

failed:
  mc_service_rollback (service);
  return FALSE;
}
