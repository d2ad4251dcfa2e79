/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-service.h"
#include "mc-store-usage.h"

G_BEGIN_DECLS

/** MC_CONVERSATION_MAX_FUTURE: how far ahead `started_at` may be (5 minutes, for clock skew) */
#define MC_CONVERSATION_MAX_FUTURE G_GINT64_CONSTANT (5 * 60)
/** MC_CONVERSATION_MAX_AGE: how old `started_at` may be (24 hours) */
#define MC_CONVERSATION_MAX_AGE G_GINT64_CONSTANT (24 * 3600)

/**
 * mc_wa_id_is_valid:
 * @text: (nullable): a WhatsApp id from a request
 *
 * Returns: whether @text is 7 to 15 ASCII digits (no `+`)
 */
gboolean    mc_wa_id_is_valid           (const char *text);

/**
 * mc_account_day_string:
 * @account: the account
 * @at: an instant
 * @out: (out caller-allocates): room for `YYYY-MM-DD` and its NUL
 *
 * Writes the day @at falls on in the account's timezone.
 */
void        mc_account_day_string       (const McAccount *account,
                                         gint64           at,
                                         char             out[11]);

/**
 * mc_conversation_description:
 *
 * Returns: (transfer full): the ledger line's text for a conversation
 */
char       *mc_conversation_description (McCategory  category,
                                         const char *wa_id);

/**
 * mc_conversations_record:
 * @service: the service, inside mc_service_begin()
 * @account: the account as read in this transaction
 * @conversation: (inout): external_id, category, wa_id, started_at and
 *   start_given set; the id, cost and created_at are filled in
 * @now: the time of the debit
 * @out_balance: (out): the balance after it
 * @error: a store error
 *
 * Records a conversation: the row, its day's rollup and, when it costs
 * something, the `conversation` ledger line with api.md's crossing notices
 * and the account's live event. Checks nothing about the account's state:
 * the caller refuses a restricted account first.
 *
 * Returns: %TRUE on success
 */
gboolean    mc_conversations_record     (McService       *service,
                                         const McAccount *account,
                                         McConversation  *conversation,
                                         gint64           now,
                                         gint64          *out_balance,
                                         GError         **error);

/**
 * mc_conversation_to_json:
 * @balance: the account's balance to show with it
 *
 * Returns: (transfer full): api.md's conversation object
 */
JsonObject *mc_conversation_to_json     (const McConversation *conversation,
                                         gint64                balance);

/**
 * mc_report_range_read:
 * @service: the service
 * @req: a request with `from` and `to` query parameters (`YYYY-MM-DD`)
 * @res: where an error goes
 * @out_account: (out) (transfer full): the account, read for its timezone
 * @out_from: (out): the first day
 * @out_to: (out): the last day (inclusive)
 *
 * Reads a report or export range and holds it to api.md's six-month
 * window in the account's timezone: a missing parameter is `400
 * invalid_request`, a malformed one `400 invalid_date`, a range that ends
 * before it starts or after today `422 range_invalid`, one that starts
 * before today minus six months `422 range_too_old`.
 *
 * Returns: %FALSE with @res set on error
 */
gboolean    mc_report_range_read        (McService   *service,
                                         McRequest   *req,
                                         McResponse  *res,
                                         McAccount  **out_account,
                                         GDate       *out_from,
                                         GDate       *out_to);

G_END_DECLS
