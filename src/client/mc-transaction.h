/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "mc-client-types.h"

G_BEGIN_DECLS

/**
 * McTransactionKind:
 * @MC_TRANSACTION_KIND_RECHARGE: a completed payment's credits
 * @MC_TRANSACTION_KIND_CONVERSATION: a conversation's cost
 * @MC_TRANSACTION_KIND_BROADCAST: a broadcast's cost
 * @MC_TRANSACTION_KIND_ADJUSTMENT: a correction by the operator
 *
 * api.md's ledger line `kind`.
 */
typedef enum
{
  MC_TRANSACTION_KIND_RECHARGE,
  MC_TRANSACTION_KIND_CONVERSATION,
  MC_TRANSACTION_KIND_BROADCAST,
  MC_TRANSACTION_KIND_ADJUSTMENT,
} McTransactionKind;

#define MC_TYPE_TRANSACTION (mc_transaction_get_type ())
G_DECLARE_FINAL_TYPE (McTransaction, mc_transaction, MC, TRANSACTION, GObject)

/*
 * McTransaction: one ledger line (immutable).
 *
 * Properties (read-only): "id", "description" (string), "ref" (nullable
 * string: `pay_…`, `conv_…`, `bc_…`), "kind" (#McTransactionKind), "at"
 * (#GDateTime), "amount", "balance-after" (gint64, 1/10,000 units; negative
 * for a debit), "currency" (#McCurrency: the account's, %MC_CURRENCY_INVALID
 * if the account was never fetched).
 */

const char        *mc_transaction_get_id            (McTransaction *self);
GDateTime         *mc_transaction_get_at            (McTransaction *self);
McTransactionKind  mc_transaction_get_kind          (McTransaction *self);
gint64             mc_transaction_get_amount        (McTransaction *self);
gint64             mc_transaction_get_balance_after (McTransaction *self);
const char        *mc_transaction_get_description   (McTransaction *self);
const char        *mc_transaction_get_ref           (McTransaction *self);
McCurrency         mc_transaction_get_currency      (McTransaction *self);

G_END_DECLS
