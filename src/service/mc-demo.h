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
 * token and dates relative to today differ): an INR account with recharges
 * in every state, one of them pending and created within the last hour, and
 * the notices that history produced.
 *
 * Returns: %TRUE on success
 */
gboolean   mc_demo_build   (McService  *service,
                            char      **out_account_id,
                            char      **out_token,
                            GError    **error);

G_END_DECLS
