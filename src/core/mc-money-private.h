/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-money.h"

G_BEGIN_DECLS

/*
 * mc_money_parse_input_full:
 * @out_negative: (out) (optional): set to %TRUE when the text was refused
 *   because it carries a minus sign (as opposed to a `+`), so that callers can
 *   say "greater than zero" rather than "not a number"
 *
 * mc_money_parse_input() with one more answer. Internal to mc-core.
 */
gboolean     mc_money_parse_input_full (const char  *text,
                                        McCurrency   currency,
                                        guint        max_decimals,
                                        gint64      *out_units,
                                        gboolean    *out_negative,
                                        GError     **error);

G_END_DECLS
