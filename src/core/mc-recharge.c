/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-money-private.h"
#include "mc-recharge.h"

#define RECHARGE_DECIMALS 2

gint64
mc_recharge_min (McCurrency currency)
{
  switch (currency)
    {
    case MC_CURRENCY_INR:
      return 100 * MC_MONEY_SCALE;
    case MC_CURRENCY_USD:
      return 5 * MC_MONEY_SCALE;
    case MC_CURRENCY_INVALID:
    default:
      return 0;
    }
}

gint64
mc_recharge_max (McCurrency currency)
{
  switch (currency)
    {
    case MC_CURRENCY_INR:
      return 100000 * MC_MONEY_SCALE;
    case MC_CURRENCY_USD:
      return 2000 * MC_MONEY_SCALE;
    case MC_CURRENCY_INVALID:
    default:
      return 0;
    }
}

guint
mc_recharge_decimals (McCurrency currency)
{
  switch (currency)
    {
    case MC_CURRENCY_INR:
    case MC_CURRENCY_USD:
      return RECHARGE_DECIMALS;
    case MC_CURRENCY_INVALID:
    default:
      return 0;
    }
}

gint64
mc_low_balance_default (McCurrency currency)
{
  switch (currency)
    {
    case MC_CURRENCY_INR:
      return 100 * MC_MONEY_SCALE;
    case MC_CURRENCY_USD:
      return 5 * MC_MONEY_SCALE;
    case MC_CURRENCY_INVALID:
    default:
      return 0;
    }
}

McRechargeReason
mc_recharge_check (McCurrency currency,
                   gint64     units)
{
  gint64 step = MC_MONEY_SCALE;

  g_return_val_if_fail (currency == MC_CURRENCY_INR || currency == MC_CURRENCY_USD,
                        MC_RECHARGE_NOT_A_NUMBER);

  for (guint i = 0; i < mc_recharge_decimals (currency); i++)
    step /= 10;

  if (units <= 0)
    return MC_RECHARGE_NOT_POSITIVE;
  if (units % step != 0)
    return MC_RECHARGE_TOO_MANY_DECIMALS;
  if (units < mc_recharge_min (currency))
    return MC_RECHARGE_BELOW_MINIMUM;
  if (units > mc_recharge_max (currency))
    return MC_RECHARGE_ABOVE_MAXIMUM;
  return MC_RECHARGE_OK;
}

McRechargeReason
mc_recharge_check_input (McCurrency  currency,
                         const char *text,
                         gint64     *out_units)
{
  g_autoptr(GError) error = NULL;
  gboolean negative = FALSE;
  McRechargeReason reason;
  gint64 units = 0;

  g_return_val_if_fail (currency == MC_CURRENCY_INR || currency == MC_CURRENCY_USD,
                        MC_RECHARGE_NOT_A_NUMBER);
  g_return_val_if_fail (text != NULL, MC_RECHARGE_EMPTY);

  if (!mc_money_parse_input_full (text, currency, 4, &units, &negative, &error))
    {
      switch ((McMoneyError) error->code)
        {
        case MC_MONEY_ERROR_EMPTY:
          return MC_RECHARGE_EMPTY;
        case MC_MONEY_ERROR_SIGN:
          return negative ? MC_RECHARGE_NOT_POSITIVE : MC_RECHARGE_NOT_A_NUMBER;
        case MC_MONEY_ERROR_TOO_MANY_DECIMALS:
          return MC_RECHARGE_TOO_MANY_DECIMALS;
        case MC_MONEY_ERROR_OVERFLOW:
          /* Far above any limit: say what the limit is */
          return MC_RECHARGE_ABOVE_MAXIMUM;
        case MC_MONEY_ERROR_INVALID:
        case MC_MONEY_ERROR_EXPONENT:
        case MC_MONEY_ERROR_HEX:
        case MC_MONEY_ERROR_NON_ASCII_DIGIT:
        case MC_MONEY_ERROR_CURRENCY:
        default:
          return MC_RECHARGE_NOT_A_NUMBER;
        }
    }

  reason = mc_recharge_check (currency, units);
  if (reason == MC_RECHARGE_OK && out_units != NULL)
    *out_units = units;
  return reason;
}

char *
mc_recharge_reason_message (McCurrency       currency,
                            McRechargeReason reason)
{
  g_autofree char *limit = NULL;
  guint decimals;

  g_return_val_if_fail (currency == MC_CURRENCY_INR || currency == MC_CURRENCY_USD, NULL);

  switch (reason)
    {
    case MC_RECHARGE_OK:
      return NULL;
    case MC_RECHARGE_EMPTY:
      return g_strdup (_("Enter an amount."));
    case MC_RECHARGE_NOT_A_NUMBER:
      return g_strdup (_("Enter an amount in numbers, like 1000 or 1,000.50."));
    case MC_RECHARGE_NOT_POSITIVE:
      return g_strdup (_("Enter an amount greater than zero."));
    case MC_RECHARGE_TOO_MANY_DECIMALS:
      decimals = mc_recharge_decimals (currency);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Enter an amount with at most %u decimal place.",
                                           "Enter an amount with at most %u decimal places.",
                                           decimals),
                              decimals);
    case MC_RECHARGE_BELOW_MINIMUM:
      limit = mc_money_format (mc_recharge_min (currency), currency);
      /* Translators: %s is an amount with its currency, like ₹100.00 */
      return g_strdup_printf (_("The minimum recharge is %s."), limit);
    case MC_RECHARGE_ABOVE_MAXIMUM:
      limit = mc_money_format (mc_recharge_max (currency), currency);
      /* Translators: %s is an amount with its currency, like ₹1,00,000.00 */
      return g_strdup_printf (_("The maximum recharge in one transaction is %s."), limit);
    default:
      g_return_val_if_reached (NULL);
    }
}
