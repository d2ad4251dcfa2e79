/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "mc-client-private.h"
#include "mc-core.h"

struct _McAccount
{
  GObject         parent_instance;

  char           *id;
  char           *name;
  char           *email;
  char           *timezone;
  char           *tax_name;
  char           *tax_rate_percent;
  char           *support_phone;
  char           *support_email;
  int             currency;
  int             state;
  gint64          balance;
  gint64          low_balance_threshold;
  gint64          recharge_min;
  gint64          recharge_max;
  gint64          rate_free;
  gint64          rate_business_initiated;
  gint64          rate_user_initiated;
  gint64          pending_payments;
  gboolean        loaded;
};

G_DEFINE_FINAL_TYPE (McAccount, mc_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_EMAIL,
  PROP_CURRENCY,
  PROP_TIMEZONE,
  PROP_BALANCE,
  PROP_STATE,
  PROP_LOW_BALANCE_THRESHOLD,
  PROP_RECHARGE_MIN,
  PROP_RECHARGE_MAX,
  PROP_TAX_NAME,
  PROP_TAX_RATE_PERCENT,
  PROP_RATE_FREE,
  PROP_RATE_BUSINESS_INITIATED,
  PROP_RATE_USER_INITIATED,
  PROP_PENDING_PAYMENTS,
  PROP_SUPPORT_PHONE,
  PROP_SUPPORT_EMAIL,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mc_account_finalize (GObject *object)
{
  McAccount *self = (McAccount *) object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->email);
  g_free (self->timezone);
  g_free (self->tax_name);
  g_free (self->tax_rate_percent);
  g_free (self->support_phone);
  g_free (self->support_email);

  G_OBJECT_CLASS (mc_account_parent_class)->finalize (object);
}

static void
mc_account_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  McAccount *self = MC_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_EMAIL: g_value_set_string (value, self->email); break;
    case PROP_CURRENCY: g_value_set_enum (value, self->currency); break;
    case PROP_TIMEZONE: g_value_set_string (value, self->timezone); break;
    case PROP_BALANCE: g_value_set_int64 (value, self->balance); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_LOW_BALANCE_THRESHOLD: g_value_set_int64 (value, self->low_balance_threshold); break;
    case PROP_RECHARGE_MIN: g_value_set_int64 (value, self->recharge_min); break;
    case PROP_RECHARGE_MAX: g_value_set_int64 (value, self->recharge_max); break;
    case PROP_TAX_NAME: g_value_set_string (value, self->tax_name); break;
    case PROP_TAX_RATE_PERCENT: g_value_set_string (value, self->tax_rate_percent); break;
    case PROP_RATE_FREE: g_value_set_int64 (value, self->rate_free); break;
    case PROP_RATE_BUSINESS_INITIATED: g_value_set_int64 (value, self->rate_business_initiated); break;
    case PROP_RATE_USER_INITIATED: g_value_set_int64 (value, self->rate_user_initiated); break;
    case PROP_PENDING_PAYMENTS: g_value_set_uint (value, (guint) self->pending_payments); break;
    case PROP_SUPPORT_PHONE: g_value_set_string (value, self->support_phone); break;
    case PROP_SUPPORT_EMAIL: g_value_set_string (value, self->support_email); break;
    case PROP_LOADED: g_value_set_boolean (value, self->loaded); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
money_pspec (const char *name)
{
  return g_param_spec_int64 (name, NULL, NULL, G_MININT64, G_MAXINT64, 0,
                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
string_pspec (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
mc_account_class_init (McAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mc_account_finalize;
  object_class->get_property = mc_account_get_property;

  properties[PROP_ID] = string_pspec ("id");
  properties[PROP_NAME] = string_pspec ("name");
  properties[PROP_EMAIL] = string_pspec ("email");
  properties[PROP_CURRENCY] =
    g_param_spec_enum ("currency", NULL, NULL, MC_TYPE_CURRENCY, MC_CURRENCY_INVALID,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEZONE] = string_pspec ("timezone");
  properties[PROP_BALANCE] = money_pspec ("balance");
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, MC_TYPE_ACCOUNT_STATE, MC_ACCOUNT_STATE_OK,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOW_BALANCE_THRESHOLD] = money_pspec ("low-balance-threshold");
  properties[PROP_RECHARGE_MIN] = money_pspec ("recharge-min");
  properties[PROP_RECHARGE_MAX] = money_pspec ("recharge-max");
  properties[PROP_TAX_NAME] = string_pspec ("tax-name");
  properties[PROP_TAX_RATE_PERCENT] = string_pspec ("tax-rate-percent");
  properties[PROP_RATE_FREE] = money_pspec ("rate-free");
  properties[PROP_RATE_BUSINESS_INITIATED] = money_pspec ("rate-business-initiated");
  properties[PROP_RATE_USER_INITIATED] = money_pspec ("rate-user-initiated");
  properties[PROP_PENDING_PAYMENTS] =
    g_param_spec_uint ("pending-payments", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUPPORT_PHONE] = string_pspec ("support-phone");
  properties[PROP_SUPPORT_EMAIL] = string_pspec ("support-email");
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_account_init (McAccount *self)
{
  self->currency = MC_CURRENCY_INVALID;
  self->state = MC_ACCOUNT_STATE_OK;
}

gboolean
mc_account_update_from_json (McAccount   *self,
                             JsonObject  *object,
                             GError     **error)
{
  GObject *obj = G_OBJECT (self);
  const char *id, *name, *email, *tz_name;
  const char *tax_name = NULL, *tax_rate = NULL;
  const char *support_phone = NULL, *support_email = NULL;
  JsonObject *tax, *rates, *support;
  McCurrency currency;
  int state;
  gint64 balance, threshold, recharge_min, recharge_max;
  gint64 rate_free, rate_bi, rate_ui, pending;

  g_return_val_if_fail (MC_IS_ACCOUNT (self), FALSE);

  if (!mc_json_get_id (object, "id", "acc_", FALSE, &id, error) ||
      !mc_json_get_string (object, "name", FALSE, &name, error) ||
      !mc_json_get_string (object, "email", FALSE, &email, error) ||
      !mc_json_get_currency (object, "currency", &currency, error) ||
      !mc_json_get_string (object, "timezone", FALSE, &tz_name, error) ||
      !mc_json_get_money (object, "balance", &balance, error) ||
      !mc_json_get_enum (object, "state", MC_TYPE_ACCOUNT_STATE, &state, error) ||
      !mc_json_get_money (object, "low_balance_threshold", &threshold, error) ||
      !mc_json_get_money (object, "recharge_min", &recharge_min, error) ||
      !mc_json_get_money (object, "recharge_max", &recharge_max, error) ||
      !mc_json_get_object (object, "tax", TRUE, &tax, error) ||
      !mc_json_get_object (object, "rates", FALSE, &rates, error) ||
      !mc_json_get_money (rates, "free", &rate_free, error) ||
      !mc_json_get_money (rates, "business_initiated", &rate_bi, error) ||
      !mc_json_get_money (rates, "user_initiated", &rate_ui, error) ||
      !mc_json_get_int (object, "pending_payments", 0, G_MAXINT, &pending, error) ||
      !mc_json_get_object (object, "support", TRUE, &support, error))
    return FALSE;

  if (tax != NULL &&
      (!mc_json_get_string (tax, "name", FALSE, &tax_name, error) ||
       !mc_json_get_string (tax, "rate_percent", FALSE, &tax_rate, error)))
    return FALSE;

  if (support != NULL &&
      (!mc_json_get_string (support, "phone", TRUE, &support_phone, error) ||
       !mc_json_get_string (support, "email", TRUE, &support_email, error)))
    return FALSE;

  /* One live account per client: an answer for another account is a bug on
   * the other side, never a reason to show someone else's balance. */
  if (self->id != NULL && !g_str_equal (self->id, id))
    {
      g_propagate_error (error, mc_client_error_bad_response ("another account's data"));
      return FALSE;
    }

  g_object_freeze_notify (obj);
  mc_set_string (obj, &self->id, id, properties[PROP_ID]);
  mc_set_string (obj, &self->name, name, properties[PROP_NAME]);
  mc_set_string (obj, &self->email, email, properties[PROP_EMAIL]);
  mc_set_int (obj, &self->currency, currency, properties[PROP_CURRENCY]);
  mc_set_string (obj, &self->timezone, tz_name, properties[PROP_TIMEZONE]);
  mc_set_int64 (obj, &self->balance, balance, properties[PROP_BALANCE]);
  mc_set_int (obj, &self->state, state, properties[PROP_STATE]);
  mc_set_int64 (obj, &self->low_balance_threshold, threshold, properties[PROP_LOW_BALANCE_THRESHOLD]);
  mc_set_int64 (obj, &self->recharge_min, recharge_min, properties[PROP_RECHARGE_MIN]);
  mc_set_int64 (obj, &self->recharge_max, recharge_max, properties[PROP_RECHARGE_MAX]);
  mc_set_string (obj, &self->tax_name, tax_name, properties[PROP_TAX_NAME]);
  mc_set_string (obj, &self->tax_rate_percent, tax_rate, properties[PROP_TAX_RATE_PERCENT]);
  mc_set_int64 (obj, &self->rate_free, rate_free, properties[PROP_RATE_FREE]);
  mc_set_int64 (obj, &self->rate_business_initiated, rate_bi, properties[PROP_RATE_BUSINESS_INITIATED]);
  mc_set_int64 (obj, &self->rate_user_initiated, rate_ui, properties[PROP_RATE_USER_INITIATED]);
  mc_set_int64 (obj, &self->pending_payments, pending, properties[PROP_PENDING_PAYMENTS]);
  mc_set_string (obj, &self->support_phone, support_phone, properties[PROP_SUPPORT_PHONE]);
  mc_set_string (obj, &self->support_email, support_email, properties[PROP_SUPPORT_EMAIL]);
  mc_set_boolean (obj, &self->loaded, TRUE, properties[PROP_LOADED]);
  g_object_thaw_notify (obj);

  return TRUE;
}

/**
 * mc_account_get_id:
 * @self: an account
 *
 * Returns: (transfer none) (nullable): the `acc_…` id, %NULL until loaded
 */
const char *
mc_account_get_id (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), NULL);
  return self->id;
}

/** mc_account_get_name: Returns: (transfer none) (nullable): the business's name */
const char *
mc_account_get_name (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), NULL);
  return self->name;
}

/** mc_account_get_email: Returns: (transfer none) (nullable): the owner's e-mail address */
const char *
mc_account_get_email (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), NULL);
  return self->email;
}

/** mc_account_get_currency: Returns: the account's currency, which never changes */
McCurrency
mc_account_get_currency (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), MC_CURRENCY_INVALID);
  return self->currency;
}

/** mc_account_get_timezone: Returns: (transfer none) (nullable): the IANA zone the account's days are in */
const char *
mc_account_get_timezone (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), NULL);
  return self->timezone;
}

/** mc_account_get_balance: Returns: the balance in 1/10,000 units (may be negative) */
gint64
mc_account_get_balance (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), 0);
  return self->balance;
}

/** mc_account_get_state: Returns: ok, low or restricted, as the service decided */
McAccountState
mc_account_get_state (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), MC_ACCOUNT_STATE_OK);
  return self->state;
}

/** mc_account_get_low_balance_threshold: Returns: the threshold in 1/10,000 units */
gint64
mc_account_get_low_balance_threshold (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), 0);
  return self->low_balance_threshold;
}

/** mc_account_get_recharge_min: Returns: the smallest recharge in 1/10,000 units */
gint64
mc_account_get_recharge_min (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), 0);
  return self->recharge_min;
}

/** mc_account_get_recharge_max: Returns: the largest recharge in 1/10,000 units */
gint64
mc_account_get_recharge_max (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), 0);
  return self->recharge_max;
}

/** mc_account_get_tax_name: Returns: (transfer none) (nullable): `"GST"`, or %NULL without tax */
const char *
mc_account_get_tax_name (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), NULL);
  return self->tax_name;
}

/** mc_account_get_tax_rate_percent: Returns: (transfer none) (nullable): the rate as sent, `"18"` */
const char *
mc_account_get_tax_rate_percent (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), NULL);
  return self->tax_rate_percent;
}

/** mc_account_get_rate_free: Returns: the cost of a free conversation in 1/10,000 units */
gint64
mc_account_get_rate_free (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), 0);
  return self->rate_free;
}

/** mc_account_get_rate_business_initiated: Returns: the cost of a business-initiated conversation */
gint64
mc_account_get_rate_business_initiated (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), 0);
  return self->rate_business_initiated;
}

/** mc_account_get_rate_user_initiated: Returns: the cost of a user-initiated conversation */
gint64
mc_account_get_rate_user_initiated (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), 0);
  return self->rate_user_initiated;
}

/** mc_account_get_pending_payments: Returns: how many payments are pending */
guint
mc_account_get_pending_payments (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), 0);
  return (guint) self->pending_payments;
}

/** mc_account_get_support_phone: Returns: (transfer none) (nullable): the provider's support phone */
const char *
mc_account_get_support_phone (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), NULL);
  return self->support_phone;
}

/** mc_account_get_support_email: Returns: (transfer none) (nullable): the provider's support e-mail */
const char *
mc_account_get_support_email (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), NULL);
  return self->support_email;
}

/** mc_account_get_loaded: Returns: %TRUE once the account was filled from the service */
gboolean
mc_account_get_loaded (McAccount *self)
{
  g_return_val_if_fail (MC_IS_ACCOUNT (self), FALSE);
  return self->loaded;
}
