/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-money.h"

G_BEGIN_DECLS

/**
 * McTaxBreakdown:
 * @amount: the credits bought (before tax)
 * @tax: the tax on top (GST 18 % for INR, 0 for USD)
 * @total: @amount + @tax, what the person pays
 * @rate_percent: the tax rate in whole percent (18 or 0)
 *
 * What a recharge costs. All values in 1/10,000 units.
 */
typedef struct
{
  gint64 amount;
  gint64 tax;
  gint64 total;
  guint  rate_percent;
} McTaxBreakdown;

#define MC_GST_RATE_PERCENT 18

/**
 * mc_tax_compute:
 * @currency: the currency of @amount
 * @amount: a non-negative amount in 1/10,000 units
 * @out: (out): the breakdown
 * @error: %MC_MONEY_ERROR_OVERFLOW or %MC_MONEY_ERROR_SIGN
 *
 * GST at 18 % on INR, rounded half-up to whole paise (`100.05` → `18.01`);
 * no tax on USD. The total is @amount + tax.
 *
 * Returns: %TRUE on success
 */
gboolean     mc_tax_compute        (McCurrency       currency,
                                    gint64           amount,
                                    McTaxBreakdown  *out,
                                    GError         **error);

/**
 * mc_tax_name:
 *
 * Returns: (transfer none) (nullable): `"GST"` for INR, %NULL where no tax applies.
 */
const char  *mc_tax_name           (McCurrency currency);

G_END_DECLS
