/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "mc-client-types.h"

G_BEGIN_DECLS

/**
 * McAccountState:
 * @MC_ACCOUNT_STATE_OK: the balance is above the low-balance threshold
 * @MC_ACCOUNT_STATE_LOW: above zero but at or below the threshold
 * @MC_ACCOUNT_STATE_RESTRICTED: zero or below: conversations and broadcasts are refused
 *
 * api.md's account `state`.
 */
typedef enum
{
  MC_ACCOUNT_STATE_OK,
  MC_ACCOUNT_STATE_LOW,
  MC_ACCOUNT_STATE_RESTRICTED,
} McAccountState;

#define MC_TYPE_ACCOUNT (mc_account_get_type ())
G_DECLARE_FINAL_TYPE (McAccount, mc_account, MC, ACCOUNT, GObject)

/*
 * McAccount: the one live account of a #McClient (mc_client_get_account()).
 * Every answer or event that carries the account refreshes this same object
 * in place, and a property notifies only when its value really changed, so
 * widgets may bind to it for the client's whole life.
 *
 * Properties (all read-only): "id", "name", "email" (string), "currency"
 * (#McCurrency; %MC_CURRENCY_INVALID until the account was first fetched),
 * "timezone" (IANA name), "balance", "low-balance-threshold",
 * "recharge-min", "recharge-max", "rate-free", "rate-business-initiated",
 * "rate-user-initiated" (gint64, 1/10,000 units of "currency"), "state"
 * (#McAccountState), "tax-name" (nullable string, `"GST"`),
 * "tax-rate-percent" (nullable string as sent, `"18"`), "pending-payments"
 * (guint), "support-phone", "support-email" (nullable strings), "loaded"
 * (gboolean: %TRUE once filled from the service).
 */

const char      *mc_account_get_id                      (McAccount *self);
const char      *mc_account_get_name                    (McAccount *self);
const char      *mc_account_get_email                   (McAccount *self);
McCurrency       mc_account_get_currency                (McAccount *self);
const char      *mc_account_get_timezone                (McAccount *self);
gint64           mc_account_get_balance                 (McAccount *self);
McAccountState   mc_account_get_state                   (McAccount *self);
gint64           mc_account_get_low_balance_threshold   (McAccount *self);
gint64           mc_account_get_recharge_min            (McAccount *self);
gint64           mc_account_get_recharge_max            (McAccount *self);
const char      *mc_account_get_tax_name                (McAccount *self);
const char      *mc_account_get_tax_rate_percent        (McAccount *self);
gint64           mc_account_get_rate_free               (McAccount *self);
gint64           mc_account_get_rate_business_initiated (McAccount *self);
gint64           mc_account_get_rate_user_initiated     (McAccount *self);
guint            mc_account_get_pending_payments        (McAccount *self);
const char      *mc_account_get_support_phone           (McAccount *self);
const char      *mc_account_get_support_email           (McAccount *self);
gboolean         mc_account_get_loaded                  (McAccount *self);

G_END_DECLS
