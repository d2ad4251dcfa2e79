/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * McNotificationKind:
 * @MC_NOTIFICATION_KIND_LOW_BALANCE: the balance fell to or below the threshold
 * @MC_NOTIFICATION_KIND_PAYMENT_COMPLETED: a payment completed
 * @MC_NOTIFICATION_KIND_PAYMENT_FAILED: a payment failed
 * @MC_NOTIFICATION_KIND_PAYMENT_PENDING: a payment is still pending after an hour
 * @MC_NOTIFICATION_KIND_INSUFFICIENT_BALANCE: a scheduled broadcast is not covered today
 * @MC_NOTIFICATION_KIND_BROADCAST_FAILED: a broadcast failed
 * @MC_NOTIFICATION_KIND_ACCOUNT_RESTRICTED: the balance fell to zero or below
 *
 * api.md's notification `kind`.
 */
typedef enum
{
  MC_NOTIFICATION_KIND_LOW_BALANCE,
  MC_NOTIFICATION_KIND_PAYMENT_COMPLETED,
  MC_NOTIFICATION_KIND_PAYMENT_FAILED,
  MC_NOTIFICATION_KIND_PAYMENT_PENDING,
  MC_NOTIFICATION_KIND_INSUFFICIENT_BALANCE,
  MC_NOTIFICATION_KIND_BROADCAST_FAILED,
  MC_NOTIFICATION_KIND_ACCOUNT_RESTRICTED,
} McNotificationKind;

#define MC_TYPE_NOTIFICATION (mc_notification_get_type ())
G_DECLARE_FINAL_TYPE (McNotification, mc_notification, MC, NOTIFICATION, GObject)

/*
 * McNotification: a notice of the account. One object per id per #McClient
 * while held; "read" updates in place.
 *
 * Properties (read-only): "id", "title", "body" (string), "ref" (nullable
 * string), "kind" (#McNotificationKind), "at" (#GDateTime), "read" (gboolean).
 */

const char          *mc_notification_get_id    (McNotification *self);
GDateTime           *mc_notification_get_at    (McNotification *self);
McNotificationKind   mc_notification_get_kind  (McNotification *self);
const char          *mc_notification_get_title (McNotification *self);
const char          *mc_notification_get_body  (McNotification *self);
gboolean             mc_notification_get_read  (McNotification *self);
const char          *mc_notification_get_ref   (McNotification *self);

G_END_DECLS
