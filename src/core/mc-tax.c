/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-tax.h"

/* 1/10,000 units in one paisa (or cent) */
#define UNITS_PER_PAISA G_GINT64_CONSTANT (100)

/*
 * GST in whole paise, rounded half-up: round (amount × 18 / 100 / 100) where
 * @amount is in 1/10,000 units. Splitting @amount into whole units and the
 * rest keeps every intermediate inside 64 bits for any non-negative @amount,
 * so only a total that truly does not fit is refused.
 */
static gint64
gst_paise (gint64 amount)
{
  gint64 whole = amount / MC_MONEY_SCALE;
  gint64 rest = amount % MC_MONEY_SCALE;

  g_assert (amount >= 0);

  return whole * MC_GST_RATE_PERCENT +
         (rest * MC_GST_RATE_PERCENT + MC_MONEY_SCALE / 2) / MC_MONEY_SCALE;
}

gboolean
mc_tax_compute (McCurrency       currency,
                gint64           amount,
                McTaxBreakdown  *out,
                GError         **error)
{
  McTaxBreakdown result = { 0, };

  g_return_val_if_fail (currency == MC_CURRENCY_INR || currency == MC_CURRENCY_USD, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (amount < 0)
    {
      g_set_error_literal (error, MC_MONEY_ERROR, MC_MONEY_ERROR_SIGN,
                           _("Tax is only computed on an amount of zero or more."));
      return FALSE;
    }

  result.amount = amount;
  if (currency == MC_CURRENCY_INR)
    {
      result.rate_percent = MC_GST_RATE_PERCENT;
      result.tax = gst_paise (amount) * UNITS_PER_PAISA;
    }

  if (!mc_money_add (result.amount, result.tax, &result.total, error))
    return FALSE;

  *out = result;
  return TRUE;
}

const char *
mc_tax_name (McCurrency currency)
{
  switch (currency)
    {
    case MC_CURRENCY_INR:
      return "GST";
    case MC_CURRENCY_USD:
    case MC_CURRENCY_INVALID:
    default:
      return NULL;
    }
}
