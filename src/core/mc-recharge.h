/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-money.h"

G_BEGIN_DECLS

/**
 * McRechargeReason:
 * @MC_RECHARGE_OK: the amount may be recharged
 * @MC_RECHARGE_EMPTY: nothing was entered
 * @MC_RECHARGE_NOT_A_NUMBER: the text is not a number
 * @MC_RECHARGE_NOT_POSITIVE: zero or negative
 * @MC_RECHARGE_TOO_MANY_DECIMALS: more decimals than the currency allows (2)
 * @MC_RECHARGE_BELOW_MINIMUM: under the smallest recharge
 * @MC_RECHARGE_ABOVE_MAXIMUM: over the largest recharge in one transaction
 *
 * Why an amount may not be recharged. The service maps these onto api.md's
 * error codes and the app shows mc_recharge_reason_message() beside the field.
 */
typedef enum
{
  MC_RECHARGE_OK = 0,
  MC_RECHARGE_EMPTY,
  MC_RECHARGE_NOT_A_NUMBER,
  MC_RECHARGE_NOT_POSITIVE,
  MC_RECHARGE_TOO_MANY_DECIMALS,
  MC_RECHARGE_BELOW_MINIMUM,
  MC_RECHARGE_ABOVE_MAXIMUM,
} McRechargeReason;

/** mc_recharge_min: Returns: the smallest recharge (before tax) in 1/10,000 units, 0 if invalid. */
gint64            mc_recharge_min             (McCurrency currency);
/** mc_recharge_max: Returns: the largest recharge in one transaction, in 1/10,000 units. */
gint64            mc_recharge_max             (McCurrency currency);
/** mc_recharge_decimals: Returns: the decimals a recharge may have (2 for INR and USD). */
guint             mc_recharge_decimals        (McCurrency currency);
/** mc_low_balance_default: Returns: the default low-balance threshold in 1/10,000 units. */
gint64            mc_low_balance_default      (McCurrency currency);

/**
 * mc_recharge_check:
 * @currency: the account's currency
 * @units: a parsed amount in 1/10,000 units
 *
 * Applies api.md's order: not positive, too many decimals, below minimum,
 * above maximum.
 *
 * Returns: %MC_RECHARGE_OK or the first reason that applies
 */
McRechargeReason  mc_recharge_check           (McCurrency currency,
                                               gint64     units);

/**
 * mc_recharge_check_input:
 * @currency: the account's currency
 * @text: what the person typed
 * @out_units: (out) (optional): the amount when the result is %MC_RECHARGE_OK
 *
 * Parses @text with mc_money_parse_input() (allowing up to 4 decimals so that
 * "too many decimals" can be told apart from "not a number") and then applies
 * mc_recharge_check().
 *
 * Returns: %MC_RECHARGE_OK or the reason
 */
McRechargeReason  mc_recharge_check_input     (McCurrency  currency,
                                               const char *text,
                                               gint64     *out_units);

/**
 * mc_recharge_reason_message:
 * @currency: the account's currency (for the limits in the text)
 * @reason: a reason other than %MC_RECHARGE_OK
 *
 * A translated sentence for people, naming the limit where one applies:
 * "The minimum recharge is ₹100.00.".
 *
 * Returns: (transfer full): a newly allocated string, or %NULL for %MC_RECHARGE_OK
 */
char             *mc_recharge_reason_message  (McCurrency       currency,
                                               McRechargeReason reason);

G_END_DECLS
