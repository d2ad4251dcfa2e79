/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * McRangeResult:
 * @MC_RANGE_OK: the range may be reported
 * @MC_RANGE_INVALID: @from after @to, or @to after today (api.md `range_invalid`)
 * @MC_RANGE_TOO_OLD: @from before the six-month window (api.md `range_too_old`)
 */
typedef enum
{
  MC_RANGE_OK = 0,
  MC_RANGE_INVALID,
  MC_RANGE_TOO_OLD,
} McRangeResult;

#define MC_WINDOW_MONTHS 6

/**
 * mc_date_parse:
 * @text: a date written `YYYY-MM-DD` (exactly: four, two and two ASCII digits)
 * @out: (out): the date
 *
 * Returns: %TRUE when @text is a real calendar date
 */
gboolean       mc_date_parse           (const char *text,
                                        GDate      *out);

/**
 * mc_date_to_string:
 *
 * Returns: (transfer full): @date as `YYYY-MM-DD`
 */
char          *mc_date_to_string       (const GDate *date);

/**
 * mc_window_earliest:
 * @today: today in the account's timezone
 * @out: (out): the first day a report may cover
 *
 * Today minus six calendar months, the day clamped to the end of that month
 * (31 August → 29 February in a leap year).
 */
void           mc_window_earliest      (const GDate *today,
                                        GDate       *out);

/**
 * mc_window_check:
 * @from: first day of the range
 * @to: last day of the range (inclusive)
 * @today: today in the account's timezone
 *
 * Checks `from ≤ to ≤ today` first (%MC_RANGE_INVALID), then that @from is
 * not before mc_window_earliest() (%MC_RANGE_TOO_OLD).
 */
McRangeResult  mc_window_check         (const GDate *from,
                                        const GDate *to,
                                        const GDate *today);

/**
 * mc_window_message:
 *
 * Returns: (transfer full) (nullable): a translated sentence saying why a range
 * was refused, naming the earliest date for %MC_RANGE_TOO_OLD; %NULL for %MC_RANGE_OK
 */
char          *mc_window_message       (McRangeResult result,
                                        const GDate  *today);

G_END_DECLS
