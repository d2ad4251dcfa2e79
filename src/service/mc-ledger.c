/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "mc-core.h"
#include "mc-ids.h"
#include "mc-ledger.h"
#include "mc-notices.h"
#include "mc-objects.h"

char *
mc_email_footer (McService *service)
{
  const McServiceConfig *config = mc_service_get_config (service);
  GString *footer = g_string_new ("\n-- \nMessage Credits\n");

  if (config->support_phone != NULL || config->support_email != NULL)
    {
      g_string_append (footer, "Questions? Contact support");
      if (config->support_phone != NULL)
        g_string_append_printf (footer, " on %s", config->support_phone);
      if (config->support_phone != NULL && config->support_email != NULL)
        g_string_append (footer, " or");
      if (config->support_email != NULL)
        g_string_append_printf (footer, " at %s", config->support_email);
      g_string_append (footer, ".\n");
    }

  return g_string_free (footer, FALSE);
}

static gboolean
notify_low_balance (McService        *service,
                    const McAccount  *account,
                    gint64            at,
                    GError          **error)
{
  g_autofree char *balance = mc_money_format (account->balance, account->currency);
  g_autofree char *threshold = mc_money_format (account->low_balance_threshold, account->currency);
  g_autofree char *body = NULL;
  g_autofree char *footer = mc_email_footer (service);
  g_autofree char *email = NULL;

  body = g_strdup_printf ("Your balance is %s, at or below your low-balance threshold of %s. "
                          "Add credits so that replies and broadcasts keep going out.",
                          balance, threshold);
  email = g_strdup_printf ("Hello %s,\n\n%s\n\nBalance: %s\nLow-balance threshold: %s\n%s",
                           account->name, body, balance, threshold, footer);

  return mc_notices_add (service, account, at, "low_balance", NULL,
                         "Your Message Credits balance is low", body, email, error);
}

static gboolean
notify_restricted (McService        *service,
                   const McAccount  *account,
                   gint64            at,
                   GError          **error)
{
  g_autofree char *balance = mc_money_format (account->balance, account->currency);
  g_autofree char *body = NULL;
  g_autofree char *footer = mc_email_footer (service);
  g_autofree char *email = NULL;

  body = g_strdup_printf ("Your balance is %s. Conversations and broadcasts are paused until a "
                          "recharge brings the balance above zero.", balance);
  email = g_strdup_printf ("Hello %s,\n\n%s\n\nBalance: %s\n%s", account->name, body, balance, footer);

  return mc_notices_add (service, account, at, "account_restricted", NULL,
                         "Your Message Credits account is restricted", body, email, error);
}

gboolean
mc_ledger_post (McService      *service,
                const char     *account_id,
                gint64          at,
                const char     *kind,
                gint64          amount,
                const char     *description,
                const char     *ref,
                McLedgerLine  **out_line,
                GError        **error)
{
  McStore *store = mc_service_get_store (service);
  g_autoptr(McAccount) before = NULL;
  g_autoptr(McAccount) after = NULL;
  g_autofree char *id = NULL;
  GError *local_error = NULL;
  gint64 balance_after;
  McLedgerLine line = { 0 };

  g_return_val_if_fail (mc_store_in_transaction (store), FALSE);
  g_return_val_if_fail (amount != 0, FALSE);

  before = mc_store_account_get (store, account_id, &local_error);
  if (before == NULL)
    {
      if (local_error == NULL)
        g_set_error (&local_error, MC_STORE_ERROR, MC_STORE_ERROR_FAILED, "No account %s", account_id);
      g_propagate_error (error, local_error);
      return FALSE;
    }

  if (!mc_money_add (before->balance, amount, &balance_after, error))
    return FALSE;

  id = mc_id_new ("txn");
  line.id = id;
  line.account_id = (char *) account_id;
  line.at = at;
  line.kind = (char *) kind;
  line.amount = amount;
  line.balance_after = balance_after;
  line.description = (char *) description;
  line.ref = (char *) ref;

  if (!mc_store_ledger_insert (store, &line, error))
    return FALSE;

  after = mc_store_account_get (store, account_id, error);
  if (after == NULL)
    return FALSE;
  g_assert (after->balance == balance_after);

  if (amount < 0)
    {
      gint64 threshold = after->low_balance_threshold;

      if (before->balance > threshold && after->balance <= threshold &&
          !notify_low_balance (service, after, at, error))
        return FALSE;

      if (before->balance > 0 && after->balance <= 0 &&
          !notify_restricted (service, after, at, error))
        return FALSE;
    }

  if (!mc_service_emit_account (service, account_id, error))
    return FALSE;

  if (out_line != NULL)
    {
      McLedgerLine *copy = g_new0 (McLedgerLine, 1);

      *copy = line;
      copy->id = g_steal_pointer (&id);
      copy->account_id = g_strdup (account_id);
      copy->kind = g_strdup (kind);
      copy->description = g_strdup (description);
      copy->ref = g_strdup (ref);
      *out_line = copy;
    }

  return TRUE;
}
