/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "mc-client-private.h"

struct _McTransaction
{
  GObject     parent_instance;

  char       *id;
  char       *description;
  char       *ref;
  GDateTime  *at;
  int         kind;
  int         currency;
  gint64      amount;
  gint64      balance_after;
};

G_DEFINE_FINAL_TYPE (McTransaction, mc_transaction, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_AT,
  PROP_KIND,
  PROP_AMOUNT,
  PROP_BALANCE_AFTER,
  PROP_DESCRIPTION,
  PROP_REF,
  PROP_CURRENCY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mc_transaction_finalize (GObject *object)
{
  McTransaction *self = (McTransaction *) object;

  g_free (self->id);
  g_free (self->description);
  g_free (self->ref);
  g_clear_pointer (&self->at, g_date_time_unref);

  G_OBJECT_CLASS (mc_transaction_parent_class)->finalize (object);
}

static void
mc_transaction_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  McTransaction *self = MC_TRANSACTION (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_AT: g_value_set_boxed (value, self->at); break;
    case PROP_KIND: g_value_set_enum (value, self->kind); break;
    case PROP_AMOUNT: g_value_set_int64 (value, self->amount); break;
    case PROP_BALANCE_AFTER: g_value_set_int64 (value, self->balance_after); break;
    case PROP_DESCRIPTION: g_value_set_string (value, self->description); break;
    case PROP_REF: g_value_set_string (value, self->ref); break;
    case PROP_CURRENCY: g_value_set_enum (value, self->currency); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RO_FLAGS (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
mc_transaction_class_init (McTransactionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mc_transaction_finalize;
  object_class->get_property = mc_transaction_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, RO_FLAGS);
  properties[PROP_AT] = g_param_spec_boxed ("at", NULL, NULL, G_TYPE_DATE_TIME, RO_FLAGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, MC_TYPE_TRANSACTION_KIND, MC_TRANSACTION_KIND_RECHARGE, RO_FLAGS);
  properties[PROP_AMOUNT] = g_param_spec_int64 ("amount", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO_FLAGS);
  properties[PROP_BALANCE_AFTER] =
    g_param_spec_int64 ("balance-after", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO_FLAGS);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, RO_FLAGS);
  properties[PROP_REF] = g_param_spec_string ("ref", NULL, NULL, NULL, RO_FLAGS);
  properties[PROP_CURRENCY] =
    g_param_spec_enum ("currency", NULL, NULL, MC_TYPE_CURRENCY, MC_CURRENCY_INVALID, RO_FLAGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_transaction_init (McTransaction *self)
{
}

McTransaction *
mc_transaction_new_from_json (JsonObject  *object,
                              McCurrency   currency,
                              GError     **error)
{
  g_autoptr(GDateTime) at = NULL;
  const char *id, *description, *ref;
  McTransaction *self;
  int kind;
  gint64 amount, balance_after;

  if (!mc_json_get_id (object, "id", "txn_", FALSE, &id, error) ||
      !mc_json_get_time (object, "at", FALSE, &at, error) ||
      !mc_json_get_enum (object, "kind", MC_TYPE_TRANSACTION_KIND, &kind, error) ||
      !mc_json_get_money (object, "amount", &amount, error) ||
      !mc_json_get_money (object, "balance_after", &balance_after, error) ||
      !mc_json_get_string (object, "description", FALSE, &description, error) ||
      !mc_json_get_string (object, "ref", TRUE, &ref, error))
    return NULL;

  self = g_object_new (MC_TYPE_TRANSACTION, NULL);
  self->id = g_strdup (id);
  self->at = g_steal_pointer (&at);
  self->kind = kind;
  self->amount = amount;
  self->balance_after = balance_after;
  self->description = g_strdup (description);
  self->ref = g_strdup (ref);
  self->currency = currency;

  return self;
}

/** mc_transaction_get_id: Returns: (transfer none): the `txn_…` id */
const char *
mc_transaction_get_id (McTransaction *self)
{
  g_return_val_if_fail (MC_IS_TRANSACTION (self), NULL);
  return self->id;
}

/** mc_transaction_get_at: Returns: (transfer none): when the line was written */
GDateTime *
mc_transaction_get_at (McTransaction *self)
{
  g_return_val_if_fail (MC_IS_TRANSACTION (self), NULL);
  return self->at;
}

/** mc_transaction_get_kind: Returns: what the line is for */
McTransactionKind
mc_transaction_get_kind (McTransaction *self)
{
  g_return_val_if_fail (MC_IS_TRANSACTION (self), MC_TRANSACTION_KIND_RECHARGE);
  return self->kind;
}

/** mc_transaction_get_amount: Returns: the change in 1/10,000 units, negative for a debit */
gint64
mc_transaction_get_amount (McTransaction *self)
{
  g_return_val_if_fail (MC_IS_TRANSACTION (self), 0);
  return self->amount;
}

/** mc_transaction_get_balance_after: Returns: the balance after this line, in 1/10,000 units */
gint64
mc_transaction_get_balance_after (McTransaction *self)
{
  g_return_val_if_fail (MC_IS_TRANSACTION (self), 0);
  return self->balance_after;
}

/** mc_transaction_get_description: Returns: (transfer none): the line's text */
const char *
mc_transaction_get_description (McTransaction *self)
{
  g_return_val_if_fail (MC_IS_TRANSACTION (self), NULL);
  return self->description;
}

/** mc_transaction_get_ref: Returns: (transfer none) (nullable): the payment, conversation or broadcast */
const char *
mc_transaction_get_ref (McTransaction *self)
{
  g_return_val_if_fail (MC_IS_TRANSACTION (self), NULL);
  return self->ref;
}

/** mc_transaction_get_currency: Returns: the account's currency */
McCurrency
mc_transaction_get_currency (McTransaction *self)
{
  g_return_val_if_fail (MC_IS_TRANSACTION (self), MC_CURRENCY_INVALID);
  return self->currency;
}
