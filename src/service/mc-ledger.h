/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-service.h"

G_BEGIN_DECLS

/**
 * mc_ledger_post:
 * @service: the service, inside mc_service_begin()
 * @account_id: the account
 * @at: when
 * @kind: `"recharge"`, `"conversation"`, `"broadcast"` or `"adjustment"`
 * @amount: the signed change in 1/10,000 units (not 0)
 * @description: what people read in the ledger
 * @ref: (nullable): the object that caused it
 * @out_line: (out) (optional) (transfer full): the line written
 * @error: %MC_MONEY_ERROR_OVERFLOW when the balance would not fit, or a
 *   store error
 *
 * The one way a balance changes: writes the ledger line (the database
 * moves the balance with it), then applies api.md's crossing rules — a
 * debit that takes the balance from above the low-balance threshold to at
 * or below it records `low_balance`, one that takes it from above zero to
 * zero or below records `account_restricted`, each with its e-mail — and
 * queues the account's live event. All in the caller's transaction.
 *
 * Returns: %TRUE on success
 */
gboolean   mc_ledger_post     (McService      *service,
                               const char     *account_id,
                               gint64          at,
                               const char     *kind,
                               gint64          amount,
                               const char     *description,
                               const char     *ref,
                               McLedgerLine  **out_line,
                               GError        **error);

/**
 * mc_email_footer:
 *
 * Returns: (transfer full): the closing lines of every e-mail (support
 *   contact where configured)
 */
char      *mc_email_footer    (McService      *service);

G_END_DECLS
