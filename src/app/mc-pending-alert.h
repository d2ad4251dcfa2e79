/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-client.h"

G_BEGIN_DECLS

#define MC_TYPE_PENDING_ALERT (mc_pending_alert_get_type ())
G_DECLARE_FINAL_TYPE (McPendingAlert, mc_pending_alert, MC, PENDING_ALERT, AdwMessageDialog)

/*
 * McPendingAlert: "Pending Payment". Lists one or more pending payments
 * with amount, tax, total and age, and offers four responses:
 *
 * - "complete", *Complete Payment*: emits "open-recharge" with the newest
 *   payment, so that its checkout is reopened;
 * - "cancel", *Cancel Payment*: cancels every listed payment on the service;
 * - "different", *Recharge Different Amount*: cancels them, then emits
 *   "open-recharge" with %NULL (a new amount);
 * - "later", *Later* (the close response): changes nothing.
 *
 * Signals: "open-recharge" (McPayment *payment, nullable), "cancelled"
 * (guint n_cancelled, const char *error_message, nullable).
 */

McPendingAlert *mc_pending_alert_new           (GtkWindow      *parent,
                                                McClient       *client,
                                                GListModel     *payments);
GListModel     *mc_pending_alert_get_payments  (McPendingAlert *self);

G_END_DECLS
