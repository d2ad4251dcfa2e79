/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-service.h"

G_BEGIN_DECLS

/**
 * McAccountSpec:
 * @name: the business's name (1 to 200 characters)
 * @email: where e-mail goes
 * @currency: INR or USD (never changes)
 * @timezone: (nullable): an IANA zone; %NULL for the currency's default
 * @rates: (nullable): `free=0,business_initiated=0.80,user_initiated=0.35`;
 *   a key left out keeps the currency's default
 *
 * What `account create` is given.
 */
typedef struct
{
  const char *name;
  const char *email;
  McCurrency  currency;
  const char *timezone;
  const char *rates;
} McAccountSpec;

/**
 * mc_accounts_create:
 * @service: the service (not in a transaction)
 * @spec: the new account
 * @at: its creation time
 * @out_account_id: (out) (transfer full): its id
 * @out_token: (out) (transfer full): its bearer token, the only time it is seen
 * @error: %G_IO_ERROR_INVALID_ARGUMENT for a bad @spec, or a store error
 *
 * Returns: %TRUE on success
 */
gboolean   mc_accounts_create        (McService            *service,
                                      const McAccountSpec  *spec,
                                      gint64                at,
                                      char                **out_account_id,
                                      char                **out_token,
                                      GError              **error);

/**
 * mc_accounts_rotate_token:
 * @out_token: (out) (transfer full): the new token; the old one stops working at once
 *
 * Returns: %TRUE on success
 */
gboolean   mc_accounts_rotate_token  (McService            *service,
                                      const char           *account_id,
                                      char                **out_token,
                                      GError              **error);

/**
 * mc_email_is_valid:
 *
 * Returns: whether @email is a plain `local@domain` address with nothing
 *   that could break an e-mail header
 */
gboolean   mc_email_is_valid         (const char           *email);

G_END_DECLS
