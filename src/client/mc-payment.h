/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "mc-client-types.h"

G_BEGIN_DECLS

/**
 * McPaymentStatus:
 * @MC_PAYMENT_STATUS_PENDING: waiting for the person to pay at checkout
 * @MC_PAYMENT_STATUS_COMPLETED: paid; the credits were added
 * @MC_PAYMENT_STATUS_FAILED: the gateway declined it
 * @MC_PAYMENT_STATUS_CANCELLED: cancelled before it was paid
 * @MC_PAYMENT_STATUS_EXPIRED: not paid within 24 hours
 *
 * api.md's payment `status`.
 */
typedef enum
{
  MC_PAYMENT_STATUS_PENDING,
  MC_PAYMENT_STATUS_COMPLETED,
  MC_PAYMENT_STATUS_FAILED,
  MC_PAYMENT_STATUS_CANCELLED,
  MC_PAYMENT_STATUS_EXPIRED,
} McPaymentStatus;

#define MC_TYPE_PAYMENT (mc_payment_get_type ())
G_DECLARE_FINAL_TYPE (McPayment, mc_payment, MC, PAYMENT, GObject)

/*
 * McPayment: a recharge. A #McClient hands out one object per payment id
 * while anything holds it, and refreshes that object in place when a later
 * answer or a live event carries the payment (properties notify on change).
 *
 * Properties (read-only): "id", "checkout-url" (string), "status"
 * (#McPaymentStatus), "currency" (#McCurrency), "amount", "tax", "total"
 * (gint64, 1/10,000 units), "created-at", "expires-at", "completed-at"
 * (#GDateTime in UTC; "completed-at" %NULL until completed).
 */

const char      *mc_payment_get_id            (McPayment *self);
McPaymentStatus  mc_payment_get_status        (McPayment *self);
McCurrency       mc_payment_get_currency      (McPayment *self);
gint64           mc_payment_get_amount        (McPayment *self);
gint64           mc_payment_get_tax           (McPayment *self);
gint64           mc_payment_get_total         (McPayment *self);
GDateTime       *mc_payment_get_created_at    (McPayment *self);
GDateTime       *mc_payment_get_expires_at    (McPayment *self);
GDateTime       *mc_payment_get_completed_at  (McPayment *self);
const char      *mc_payment_get_checkout_url  (McPayment *self);

/**
 * mc_payment_get_checkout_token:
 * @self: a payment
 *
 * Returns: (transfer full) (nullable): the last path segment of the checkout
 *   URL (the `ck_…` token), or %NULL when the URL has none
 */
char            *mc_payment_get_checkout_token (McPayment *self);

G_END_DECLS
