/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-client.h"

G_BEGIN_DECLS

#define MC_TYPE_PAYMENT_ROW (mc_payment_row_get_type ())
G_DECLARE_FINAL_TYPE (McPaymentRow, mc_payment_row, MC, PAYMENT_ROW, AdwActionRow)

/*
 * McPaymentRow: one payment in the history: total, amount and tax, dates and
 * status, with *Complete* and *Cancel* while it is pending. Follows the
 * payment live. Signals: "complete" (), "cancel" ().
 */

GtkWidget  *mc_payment_row_new          (McPayment    *payment);
McPayment  *mc_payment_row_get_payment  (McPaymentRow *self);
const char *mc_payment_status_label     (McPaymentStatus status);

G_END_DECLS
