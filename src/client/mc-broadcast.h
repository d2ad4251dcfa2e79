/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "mc-client-types.h"

G_BEGIN_DECLS

/**
 * McBroadcastStatus:
 * @MC_BROADCAST_STATUS_SCHEDULED: waiting for its time
 * @MC_BROADCAST_STATUS_SENT: sent and paid for
 * @MC_BROADCAST_STATUS_FAILED: not sent (see "failure-reason")
 * @MC_BROADCAST_STATUS_CANCELLED: cancelled while scheduled
 *
 * api.md's broadcast `status`.
 */
typedef enum
{
  MC_BROADCAST_STATUS_SCHEDULED,
  MC_BROADCAST_STATUS_SENT,
  MC_BROADCAST_STATUS_FAILED,
  MC_BROADCAST_STATUS_CANCELLED,
} McBroadcastStatus;

/**
 * McBroadcastFailure:
 * @MC_BROADCAST_FAILURE_NONE: it did not fail (api.md `null`)
 * @MC_BROADCAST_FAILURE_INSUFFICIENT_CREDITS: the balance did not cover the cost
 * @MC_BROADCAST_FAILURE_ACCOUNT_RESTRICTED: the account was restricted
 *
 * api.md's broadcast `failure_reason`.
 */
typedef enum
{
  MC_BROADCAST_FAILURE_NONE,
  MC_BROADCAST_FAILURE_INSUFFICIENT_CREDITS,
  MC_BROADCAST_FAILURE_ACCOUNT_RESTRICTED,
} McBroadcastFailure;

#define MC_TYPE_BROADCAST (mc_broadcast_get_type ())
G_DECLARE_FINAL_TYPE (McBroadcast, mc_broadcast, MC, BROADCAST, GObject)

/*
 * McBroadcast: a broadcast. As with payments, a #McClient hands out one object
 * per id while anything holds it and refreshes it in place.
 *
 * Properties (read-only): "id", "name" (string), "recipients" (guint64),
 * "estimated-cost" (gint64, 1/10,000 units), "currency" (#McCurrency, the
 * account's), "status" (#McBroadcastStatus), "scheduled-at" (#GDateTime),
 * "sent-at" (nullable #GDateTime), "failure-reason" (#McBroadcastFailure).
 */

const char          *mc_broadcast_get_id              (McBroadcast *self);
const char          *mc_broadcast_get_name            (McBroadcast *self);
guint64              mc_broadcast_get_recipients      (McBroadcast *self);
gint64               mc_broadcast_get_estimated_cost  (McBroadcast *self);
McCurrency           mc_broadcast_get_currency        (McBroadcast *self);
McBroadcastStatus    mc_broadcast_get_status          (McBroadcast *self);
GDateTime           *mc_broadcast_get_scheduled_at    (McBroadcast *self);
GDateTime           *mc_broadcast_get_sent_at         (McBroadcast *self);
McBroadcastFailure   mc_broadcast_get_failure_reason  (McBroadcast *self);

#define MC_TYPE_BROADCAST_ESTIMATE (mc_broadcast_estimate_get_type ())
G_DECLARE_FINAL_TYPE (McBroadcastEstimate, mc_broadcast_estimate, MC, BROADCAST_ESTIMATE, GObject)

/*
 * McBroadcastEstimate: what a broadcast would cost now (immutable).
 *
 * Properties (read-only): "recipients" (guint64, after de-duplication),
 * "rate", "estimated-cost", "balance", "shortfall" (gint64, 1/10,000 units;
 * "shortfall" is 0 when the balance covers the cost), "sufficient"
 * (gboolean), "currency" (#McCurrency, the account's).
 */

guint64     mc_broadcast_estimate_get_recipients     (McBroadcastEstimate *self);
gint64      mc_broadcast_estimate_get_rate           (McBroadcastEstimate *self);
gint64      mc_broadcast_estimate_get_estimated_cost (McBroadcastEstimate *self);
gint64      mc_broadcast_estimate_get_balance        (McBroadcastEstimate *self);
gboolean    mc_broadcast_estimate_get_sufficient     (McBroadcastEstimate *self);
gint64      mc_broadcast_estimate_get_shortfall      (McBroadcastEstimate *self);
McCurrency  mc_broadcast_estimate_get_currency       (McBroadcastEstimate *self);

G_END_DECLS
