/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-service.h"

G_BEGIN_DECLS

/**
 * mc_demo_build:
 * @service: a service that is not listening
 * @out_account_id: (out) (transfer full): the demo account
 * @out_token: (out) (transfer full): its bearer token (shown once)
 * @error: why it could not be built
 *
 * Builds the demo account with the same content every time (only ids, the
 * token and dates relative to today differ): an INR account with a positive
 * balance and six months of conversations (about 150,000, growing month by
 * month, weekdays busier than weekends), recharges in every state (one of
 * them pending and created within the last hour), a sent and a failed
 * broadcast, one scheduled for 10:00 tomorrow (account time) that the
 * balance cannot cover, and the notices that history produced. One
 * transaction, a couple of seconds.
 *
 * Returns: %TRUE on success
 */
gboolean   mc_demo_build   (McService  *service,
                            char      **out_account_id,
                            char      **out_token,
                            GError    **error);

/**
 * mc_demo_seed_bench:
 * @service: a service that is not listening
 * @n_conversations: how many conversations to write
 * @out_account_id: (out) (transfer full): the account
 * @out_token: (out) (transfer full): its bearer token
 * @error: why it could not be built
 *
 * For benchmarks and large tests: an INR account credited up front, with
 * @n_conversations conversations over the past six months written by the
 * demo's bulk path (with their ledger lines and daily rollup), committed
 * every 250,000 rows.
 *
 * Returns: %TRUE on success
 */
gboolean   mc_demo_seed_bench (McService  *service,
                               guint64     n_conversations,
                               char      **out_account_id,
                               char      **out_token,
                               GError    **error);

G_END_DECLS
