/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-http.h"
#include "mc-service.h"
#include "mc-store-usage.h"

G_BEGIN_DECLS

/** MC_BROADCAST_MAX_LIST: the most numbers a `recipients` list may hold (before de-duplication) */
#define MC_BROADCAST_MAX_LIST 50000
/** MC_BROADCAST_MAX_COUNT: the largest `recipient_count` */
#define MC_BROADCAST_MAX_COUNT 1000000
/** MC_BROADCAST_NAME_MAX: the longest name, in characters */
#define MC_BROADCAST_NAME_MAX 200

/**
 * McRecipients:
 * @count: how many distinct recipients
 * @fingerprint: what identifies them for an idempotent replay: the
 *   de-duplicated set of a list, or the count
 */
typedef struct
{
  gint64  count;
  char   *fingerprint;
} McRecipients;

void        mc_recipients_clear      (McRecipients *recipients);

/**
 * mc_recipients_read:
 * @body: a request body with `recipients` (a list of WhatsApp ids) or
 *   `recipient_count`
 * @out: (out caller-allocates): the recipients; clear with
 *   mc_recipients_clear()
 * @res: where an error goes
 *
 * Applies api.md's caps: a list of 1 to 50,000 numbers before
 * de-duplication, each 7 to 15 digits (else `400 invalid_phone`), or a
 * count of 1 to 1,000,000 (else `400 invalid_request`), not both.
 *
 * Returns: %FALSE with @res set on error
 */
gboolean    mc_recipients_read       (JsonObject    *body,
                                      McRecipients  *out,
                                      McResponse    *res);

/**
 * McBroadcastEstimate:
 * @rate: the business-initiated rate
 * @cost: @rate × recipients
 * @sufficient: whether the account is not restricted and its balance covers @cost
 * @shortfall: how much is missing (0 when nothing is)
 */
typedef struct
{
  gint64   rate;
  gint64   cost;
  gboolean sufficient;
  gint64   shortfall;
} McBroadcastEstimate;

/**
 * mc_broadcast_estimate:
 * @error: %MC_MONEY_ERROR_OVERFLOW when the cost does not fit
 *
 * Returns: %TRUE on success
 */
gboolean    mc_broadcast_estimate    (const McAccount      *account,
                                      gint64                recipients,
                                      McBroadcastEstimate  *out,
                                      GError              **error);

/**
 * mc_broadcasts_create:
 * @service: the service, inside mc_service_begin()
 * @account: the account as read in this transaction
 * @name: the name (checked by the caller)
 * @recipients: how many
 * @scheduled_at: when to send, or 0 (or any time not after @now) for now
 * @now: the time
 * @out_broadcast: (out) (transfer full): the broadcast as it stands
 * @error: a store error
 *
 * Creates a broadcast. One due now is sent (or fails) at once, in the same
 * transaction; one scheduled later that the balance cannot cover today
 * records an `insufficient_balance` notice at once.
 *
 * Returns: %TRUE on success
 */
gboolean    mc_broadcasts_create     (McService        *service,
                                      const McAccount  *account,
                                      const char       *name,
                                      gint64            recipients,
                                      gint64            scheduled_at,
                                      gint64            now,
                                      McBroadcast     **out_broadcast,
                                      GError          **error);

/**
 * mc_broadcasts_send:
 * @service: the service, inside mc_service_begin()
 * @broadcast: (inout): a scheduled broadcast
 * @now: the time
 *
 * Sends it: debits its cost (one `broadcast` ledger line named after it)
 * and marks it sent, when the account is not restricted and the balance
 * covers the cost; otherwise marks it failed (`account_restricted` or
 * `insufficient_credits`) with a `broadcast_failed` notice and e-mail.
 */
gboolean    mc_broadcasts_send       (McService        *service,
                                      McBroadcast      *broadcast,
                                      gint64            now,
                                      GError          **error);

/**
 * mc_broadcasts_cancel:
 * @broadcast: (inout): a scheduled broadcast
 */
gboolean    mc_broadcasts_cancel     (McService        *service,
                                      McBroadcast      *broadcast,
                                      GError          **error);

/**
 * mc_broadcasts_run_due:
 * @service: the service (not in a transaction)
 * @now: the time
 * @error: a store error
 *
 * Sends (or fails) every scheduled broadcast whose time has come, each in
 * its own transaction.
 *
 * Returns: %TRUE on success
 */
gboolean    mc_broadcasts_run_due    (McService        *service,
                                      gint64            now,
                                      GError          **error);

/**
 * mc_broadcast_to_json:
 *
 * Returns: (transfer full): api.md's broadcast object
 */
JsonObject *mc_broadcast_to_json     (const McBroadcast *broadcast);

G_END_DECLS
