/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "mc-client-private.h"

struct _McPayment
{
  GObject     parent_instance;

  char       *id;
  char       *checkout_url;
  int         status;
  int         currency;
  gint64      amount;
  gint64      tax;
  gint64      total;
  GDateTime  *created_at;
  GDateTime  *expires_at;
  GDateTime  *completed_at;
};

G_DEFINE_FINAL_TYPE (McPayment, mc_payment, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_STATUS,
  PROP_CURRENCY,
  PROP_AMOUNT,
  PROP_TAX,
  PROP_TOTAL,
  PROP_CREATED_AT,
  PROP_EXPIRES_AT,
  PROP_COMPLETED_AT,
  PROP_CHECKOUT_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mc_payment_finalize (GObject *object)
{
  McPayment *self = (McPayment *) object;

  g_free (self->id);
  g_free (self->checkout_url);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  g_clear_pointer (&self->completed_at, g_date_time_unref);

  G_OBJECT_CLASS (mc_payment_parent_class)->finalize (object);
}

static void
mc_payment_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  McPayment *self = MC_PAYMENT (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_STATUS: g_value_set_enum (value, self->status); break;
    case PROP_CURRENCY: g_value_set_enum (value, self->currency); break;
    case PROP_AMOUNT: g_value_set_int64 (value, self->amount); break;
    case PROP_TAX: g_value_set_int64 (value, self->tax); break;
    case PROP_TOTAL: g_value_set_int64 (value, self->total); break;
    case PROP_CREATED_AT: g_value_set_boxed (value, self->created_at); break;
    case PROP_EXPIRES_AT: g_value_set_boxed (value, self->expires_at); break;
    case PROP_COMPLETED_AT: g_value_set_boxed (value, self->completed_at); break;
    case PROP_CHECKOUT_URL: g_value_set_string (value, self->checkout_url); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RO_FLAGS (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
mc_payment_class_init (McPaymentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mc_payment_finalize;
  object_class->get_property = mc_payment_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, RO_FLAGS);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, MC_TYPE_PAYMENT_STATUS, MC_PAYMENT_STATUS_PENDING, RO_FLAGS);
  properties[PROP_CURRENCY] =
    g_param_spec_enum ("currency", NULL, NULL, MC_TYPE_CURRENCY, MC_CURRENCY_INVALID, RO_FLAGS);
  properties[PROP_AMOUNT] = g_param_spec_int64 ("amount", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO_FLAGS);
  properties[PROP_TAX] = g_param_spec_int64 ("tax", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO_FLAGS);
  properties[PROP_TOTAL] = g_param_spec_int64 ("total", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO_FLAGS);
  properties[PROP_CREATED_AT] = g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, RO_FLAGS);
  properties[PROP_EXPIRES_AT] = g_param_spec_boxed ("expires-at", NULL, NULL, G_TYPE_DATE_TIME, RO_FLAGS);
  properties[PROP_COMPLETED_AT] = g_param_spec_boxed ("completed-at", NULL, NULL, G_TYPE_DATE_TIME, RO_FLAGS);
  properties[PROP_CHECKOUT_URL] = g_param_spec_string ("checkout-url", NULL, NULL, NULL, RO_FLAGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_payment_init (McPayment *self)
{
}

McPayment *
mc_payment_new (void)
{
  return g_object_new (MC_TYPE_PAYMENT, NULL);
}

const char *
mc_payment_peek_id_from_json (JsonObject *object)
{
  const char *id = NULL;

  if (!mc_json_get_id (object, "id", "pay_", FALSE, &id, NULL))
    return NULL;

  return id;
}

gboolean
mc_payment_update_from_json (McPayment   *self,
                             JsonObject  *object,
                             GError     **error)
{
  GObject *obj = G_OBJECT (self);
  g_autoptr(GDateTime) created_at = NULL;
  g_autoptr(GDateTime) expires_at = NULL;
  g_autoptr(GDateTime) completed_at = NULL;
  const char *id, *checkout_url;
  McCurrency currency;
  int status;
  gint64 amount, tax, total;

  if (!mc_json_get_id (object, "id", "pay_", FALSE, &id, error) ||
      !mc_json_get_enum (object, "status", MC_TYPE_PAYMENT_STATUS, &status, error) ||
      !mc_json_get_currency (object, "currency", &currency, error) ||
      !mc_json_get_money (object, "amount", &amount, error) ||
      !mc_json_get_money (object, "tax", &tax, error) ||
      !mc_json_get_money (object, "total", &total, error) ||
      !mc_json_get_time (object, "created_at", FALSE, &created_at, error) ||
      !mc_json_get_time (object, "expires_at", FALSE, &expires_at, error) ||
      !mc_json_get_time (object, "completed_at", TRUE, &completed_at, error) ||
      !mc_json_get_string (object, "checkout_url", FALSE, &checkout_url, error))
    return FALSE;

  if (self->id != NULL && !g_str_equal (self->id, id))
    {
      g_propagate_error (error, mc_client_error_bad_response ("another payment's data"));
      return FALSE;
    }

  g_object_freeze_notify (obj);
  mc_set_string (obj, &self->id, id, properties[PROP_ID]);
  mc_set_int (obj, &self->status, status, properties[PROP_STATUS]);
  mc_set_int (obj, &self->currency, currency, properties[PROP_CURRENCY]);
  mc_set_int64 (obj, &self->amount, amount, properties[PROP_AMOUNT]);
  mc_set_int64 (obj, &self->tax, tax, properties[PROP_TAX]);
  mc_set_int64 (obj, &self->total, total, properties[PROP_TOTAL]);
  mc_set_date_time (obj, &self->created_at, created_at, properties[PROP_CREATED_AT]);
  mc_set_date_time (obj, &self->expires_at, expires_at, properties[PROP_EXPIRES_AT]);
  mc_set_date_time (obj, &self->completed_at, completed_at, properties[PROP_COMPLETED_AT]);
  mc_set_string (obj, &self->checkout_url, checkout_url, properties[PROP_CHECKOUT_URL]);
  g_object_thaw_notify (obj);

  return TRUE;
}

/** mc_payment_get_id: Returns: (transfer none): the `pay_…` id */
const char *
mc_payment_get_id (McPayment *self)
{
  g_return_val_if_fail (MC_IS_PAYMENT (self), NULL);
  return self->id;
}

/** mc_payment_get_status: Returns: where the payment stands */
McPaymentStatus
mc_payment_get_status (McPayment *self)
{
  g_return_val_if_fail (MC_IS_PAYMENT (self), MC_PAYMENT_STATUS_PENDING);
  return self->status;
}

/** mc_payment_get_currency: Returns: the payment's currency */
McCurrency
mc_payment_get_currency (McPayment *self)
{
  g_return_val_if_fail (MC_IS_PAYMENT (self), MC_CURRENCY_INVALID);
  return self->currency;
}

/** mc_payment_get_amount: Returns: the credits bought, before tax, in 1/10,000 units */
gint64
mc_payment_get_amount (McPayment *self)
{
  g_return_val_if_fail (MC_IS_PAYMENT (self), 0);
  return self->amount;
}

/** mc_payment_get_tax: Returns: the tax on top, in 1/10,000 units */
gint64
mc_payment_get_tax (McPayment *self)
{
  g_return_val_if_fail (MC_IS_PAYMENT (self), 0);
  return self->tax;
}

/** mc_payment_get_total: Returns: what the person pays, in 1/10,000 units */
gint64
mc_payment_get_total (McPayment *self)
{
  g_return_val_if_fail (MC_IS_PAYMENT (self), 0);
  return self->total;
}

/** mc_payment_get_created_at: Returns: (transfer none): when it was created */
GDateTime *
mc_payment_get_created_at (McPayment *self)
{
  g_return_val_if_fail (MC_IS_PAYMENT (self), NULL);
  return self->created_at;
}

/** mc_payment_get_expires_at: Returns: (transfer none): when a pending payment expires */
GDateTime *
mc_payment_get_expires_at (McPayment *self)
{
  g_return_val_if_fail (MC_IS_PAYMENT (self), NULL);
  return self->expires_at;
}

/** mc_payment_get_completed_at: Returns: (transfer none) (nullable): when it completed */
GDateTime *
mc_payment_get_completed_at (McPayment *self)
{
  g_return_val_if_fail (MC_IS_PAYMENT (self), NULL);
  return self->completed_at;
}

/** mc_payment_get_checkout_url: Returns: (transfer none): where the person pays */
const char *
mc_payment_get_checkout_url (McPayment *self)
{
  g_return_val_if_fail (MC_IS_PAYMENT (self), NULL);
  return self->checkout_url;
}

char *
mc_payment_get_checkout_token (McPayment *self)
{
  g_autoptr(GUri) uri = NULL;
  const char *path;
  const char *slash;

  g_return_val_if_fail (MC_IS_PAYMENT (self), NULL);

  if (self->checkout_url == NULL)
    return NULL;

  uri = g_uri_parse (self->checkout_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return NULL;

  path = g_uri_get_path (uri);
  slash = strrchr (path, '/');
  if (slash == NULL || slash[1] == '\0')
    return NULL;

  return g_strdup (slash + 1);
}
