/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "mc-client-private.h"

#define RO_FLAGS (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

struct _McBroadcast
{
  GObject     parent_instance;

  char       *id;
  char       *name;
  guint64     recipients;
  gint64      estimated_cost;
  int         currency;
  int         status;
  int         failure_reason;
  GDateTime  *scheduled_at;
  GDateTime  *sent_at;
};

G_DEFINE_FINAL_TYPE (McBroadcast, mc_broadcast, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_RECIPIENTS,
  PROP_ESTIMATED_COST,
  PROP_CURRENCY,
  PROP_STATUS,
  PROP_SCHEDULED_AT,
  PROP_SENT_AT,
  PROP_FAILURE_REASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mc_broadcast_finalize (GObject *object)
{
  McBroadcast *self = (McBroadcast *) object;

  g_free (self->id);
  g_free (self->name);
  g_clear_pointer (&self->scheduled_at, g_date_time_unref);
  g_clear_pointer (&self->sent_at, g_date_time_unref);

  G_OBJECT_CLASS (mc_broadcast_parent_class)->finalize (object);
}

static void
mc_broadcast_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  McBroadcast *self = MC_BROADCAST (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_RECIPIENTS: g_value_set_uint64 (value, self->recipients); break;
    case PROP_ESTIMATED_COST: g_value_set_int64 (value, self->estimated_cost); break;
    case PROP_CURRENCY: g_value_set_enum (value, self->currency); break;
    case PROP_STATUS: g_value_set_enum (value, self->status); break;
    case PROP_SCHEDULED_AT: g_value_set_boxed (value, self->scheduled_at); break;
    case PROP_SENT_AT: g_value_set_boxed (value, self->sent_at); break;
    case PROP_FAILURE_REASON: g_value_set_enum (value, self->failure_reason); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_broadcast_class_init (McBroadcastClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mc_broadcast_finalize;
  object_class->get_property = mc_broadcast_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, RO_FLAGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, RO_FLAGS);
  properties[PROP_RECIPIENTS] = g_param_spec_uint64 ("recipients", NULL, NULL, 0, G_MAXUINT64, 0, RO_FLAGS);
  properties[PROP_ESTIMATED_COST] =
    g_param_spec_int64 ("estimated-cost", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO_FLAGS);
  properties[PROP_CURRENCY] =
    g_param_spec_enum ("currency", NULL, NULL, MC_TYPE_CURRENCY, MC_CURRENCY_INVALID, RO_FLAGS);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, MC_TYPE_BROADCAST_STATUS, MC_BROADCAST_STATUS_SCHEDULED, RO_FLAGS);
  properties[PROP_SCHEDULED_AT] = g_param_spec_boxed ("scheduled-at", NULL, NULL, G_TYPE_DATE_TIME, RO_FLAGS);
  properties[PROP_SENT_AT] = g_param_spec_boxed ("sent-at", NULL, NULL, G_TYPE_DATE_TIME, RO_FLAGS);
  properties[PROP_FAILURE_REASON] =
    g_param_spec_enum ("failure-reason", NULL, NULL, MC_TYPE_BROADCAST_FAILURE, MC_BROADCAST_FAILURE_NONE,
                       RO_FLAGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_broadcast_init (McBroadcast *self)
{
}

McBroadcast *
mc_broadcast_new (void)
{
  return g_object_new (MC_TYPE_BROADCAST, NULL);
}

gboolean
mc_broadcast_update_from_json (McBroadcast  *self,
                               JsonObject   *object,
                               McCurrency    currency,
                               GError      **error)
{
  GObject *obj = G_OBJECT (self);
  g_autoptr(GDateTime) scheduled_at = NULL;
  g_autoptr(GDateTime) sent_at = NULL;
  const char *id, *name, *reason;
  gint64 recipients, estimated_cost;
  int status, failure = MC_BROADCAST_FAILURE_NONE;

  if (!mc_json_get_id (object, "id", "bc_", FALSE, &id, error) ||
      !mc_json_get_string (object, "name", FALSE, &name, error) ||
      !mc_json_get_int (object, "recipients", 0, G_MAXINT64, &recipients, error) ||
      !mc_json_get_money (object, "estimated_cost", &estimated_cost, error) ||
      !mc_json_get_enum (object, "status", MC_TYPE_BROADCAST_STATUS, &status, error) ||
      !mc_json_get_time (object, "scheduled_at", FALSE, &scheduled_at, error) ||
      !mc_json_get_time (object, "sent_at", TRUE, &sent_at, error) ||
      !mc_json_get_string (object, "failure_reason", TRUE, &reason, error))
    return FALSE;

  if (reason != NULL)
    {
      failure = mc_enum_from_wire (MC_TYPE_BROADCAST_FAILURE, reason);
      if (failure <= MC_BROADCAST_FAILURE_NONE)
        {
          g_propagate_error (error, mc_client_error_bad_response ("unknown “failure_reason”"));
          return FALSE;
        }
    }

  if (self->id != NULL && !g_str_equal (self->id, id))
    {
      g_propagate_error (error, mc_client_error_bad_response ("another broadcast's data"));
      return FALSE;
    }

  g_object_freeze_notify (obj);
  mc_set_string (obj, &self->id, id, properties[PROP_ID]);
  mc_set_string (obj, &self->name, name, properties[PROP_NAME]);
  mc_set_uint64 (obj, &self->recipients, (guint64) recipients, properties[PROP_RECIPIENTS]);
  mc_set_int64 (obj, &self->estimated_cost, estimated_cost, properties[PROP_ESTIMATED_COST]);
  if (currency != MC_CURRENCY_INVALID)
    mc_set_int (obj, &self->currency, currency, properties[PROP_CURRENCY]);
  mc_set_int (obj, &self->status, status, properties[PROP_STATUS]);
  mc_set_date_time (obj, &self->scheduled_at, scheduled_at, properties[PROP_SCHEDULED_AT]);
  mc_set_date_time (obj, &self->sent_at, sent_at, properties[PROP_SENT_AT]);
  mc_set_int (obj, &self->failure_reason, failure, properties[PROP_FAILURE_REASON]);
  g_object_thaw_notify (obj);

  return TRUE;
}

/** mc_broadcast_get_id: Returns: (transfer none): the `bc_…` id */
const char *
mc_broadcast_get_id (McBroadcast *self)
{
  g_return_val_if_fail (MC_IS_BROADCAST (self), NULL);
  return self->id;
}

/** mc_broadcast_get_name: Returns: (transfer none): the broadcast's name */
const char *
mc_broadcast_get_name (McBroadcast *self)
{
  g_return_val_if_fail (MC_IS_BROADCAST (self), NULL);
  return self->name;
}

/** mc_broadcast_get_recipients: Returns: how many recipients (after de-duplication) */
guint64
mc_broadcast_get_recipients (McBroadcast *self)
{
  g_return_val_if_fail (MC_IS_BROADCAST (self), 0);
  return self->recipients;
}

/** mc_broadcast_get_estimated_cost: Returns: the cost in 1/10,000 units */
gint64
mc_broadcast_get_estimated_cost (McBroadcast *self)
{
  g_return_val_if_fail (MC_IS_BROADCAST (self), 0);
  return self->estimated_cost;
}

/** mc_broadcast_get_currency: Returns: the account's currency */
McCurrency
mc_broadcast_get_currency (McBroadcast *self)
{
  g_return_val_if_fail (MC_IS_BROADCAST (self), MC_CURRENCY_INVALID);
  return self->currency;
}

/** mc_broadcast_get_status: Returns: where the broadcast stands */
McBroadcastStatus
mc_broadcast_get_status (McBroadcast *self)
{
  g_return_val_if_fail (MC_IS_BROADCAST (self), MC_BROADCAST_STATUS_SCHEDULED);
  return self->status;
}

/** mc_broadcast_get_scheduled_at: Returns: (transfer none): when it is (or was) to be sent */
GDateTime *
mc_broadcast_get_scheduled_at (McBroadcast *self)
{
  g_return_val_if_fail (MC_IS_BROADCAST (self), NULL);
  return self->scheduled_at;
}

/** mc_broadcast_get_sent_at: Returns: (transfer none) (nullable): when it was sent */
GDateTime *
mc_broadcast_get_sent_at (McBroadcast *self)
{
  g_return_val_if_fail (MC_IS_BROADCAST (self), NULL);
  return self->sent_at;
}

/** mc_broadcast_get_failure_reason: Returns: why it failed, or %MC_BROADCAST_FAILURE_NONE */
McBroadcastFailure
mc_broadcast_get_failure_reason (McBroadcast *self)
{
  g_return_val_if_fail (MC_IS_BROADCAST (self), MC_BROADCAST_FAILURE_NONE);
  return self->failure_reason;
}

struct _McBroadcastEstimate
{
  GObject   parent_instance;

  guint64   recipients;
  gint64    rate;
  gint64    estimated_cost;
  gint64    balance;
  gint64    shortfall;
  gboolean  sufficient;
  int       currency;
};

G_DEFINE_FINAL_TYPE (McBroadcastEstimate, mc_broadcast_estimate, G_TYPE_OBJECT)

enum {
  EST_PROP_0,
  EST_PROP_RECIPIENTS,
  EST_PROP_RATE,
  EST_PROP_ESTIMATED_COST,
  EST_PROP_BALANCE,
  EST_PROP_SUFFICIENT,
  EST_PROP_SHORTFALL,
  EST_PROP_CURRENCY,
  EST_N_PROPS
};

static GParamSpec *estimate_properties[EST_N_PROPS];

static void
mc_broadcast_estimate_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  McBroadcastEstimate *self = MC_BROADCAST_ESTIMATE (object);

  switch (prop_id)
    {
    case EST_PROP_RECIPIENTS: g_value_set_uint64 (value, self->recipients); break;
    case EST_PROP_RATE: g_value_set_int64 (value, self->rate); break;
    case EST_PROP_ESTIMATED_COST: g_value_set_int64 (value, self->estimated_cost); break;
    case EST_PROP_BALANCE: g_value_set_int64 (value, self->balance); break;
    case EST_PROP_SUFFICIENT: g_value_set_boolean (value, self->sufficient); break;
    case EST_PROP_SHORTFALL: g_value_set_int64 (value, self->shortfall); break;
    case EST_PROP_CURRENCY: g_value_set_enum (value, self->currency); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_broadcast_estimate_class_init (McBroadcastEstimateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = mc_broadcast_estimate_get_property;

  estimate_properties[EST_PROP_RECIPIENTS] =
    g_param_spec_uint64 ("recipients", NULL, NULL, 0, G_MAXUINT64, 0, RO_FLAGS);
  estimate_properties[EST_PROP_RATE] =
    g_param_spec_int64 ("rate", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO_FLAGS);
  estimate_properties[EST_PROP_ESTIMATED_COST] =
    g_param_spec_int64 ("estimated-cost", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO_FLAGS);
  estimate_properties[EST_PROP_BALANCE] =
    g_param_spec_int64 ("balance", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO_FLAGS);
  estimate_properties[EST_PROP_SUFFICIENT] =
    g_param_spec_boolean ("sufficient", NULL, NULL, FALSE, RO_FLAGS);
  estimate_properties[EST_PROP_SHORTFALL] =
    g_param_spec_int64 ("shortfall", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO_FLAGS);
  estimate_properties[EST_PROP_CURRENCY] =
    g_param_spec_enum ("currency", NULL, NULL, MC_TYPE_CURRENCY, MC_CURRENCY_INVALID, RO_FLAGS);

  g_object_class_install_properties (object_class, EST_N_PROPS, estimate_properties);
}

static void
mc_broadcast_estimate_init (McBroadcastEstimate *self)
{
}

McBroadcastEstimate *
mc_broadcast_estimate_new_from_json (JsonObject  *object,
                                     McCurrency   currency,
                                     GError     **error)
{
  McBroadcastEstimate *self;
  JsonNode *shortfall_node;
  gint64 recipients, rate, cost, balance, shortfall = 0;
  gboolean sufficient;

  if (!mc_json_get_int (object, "recipients", 0, G_MAXINT64, &recipients, error) ||
      !mc_json_get_money (object, "rate", &rate, error) ||
      !mc_json_get_money (object, "estimated_cost", &cost, error) ||
      !mc_json_get_money (object, "balance", &balance, error) ||
      !mc_json_get_bool (object, "sufficient", &sufficient, error))
    return NULL;

  /* api.md shows the shortfall of an insufficient balance; a sufficient one
   * may send "0.00" or null. */
  shortfall_node = json_object_get_member (object, "shortfall");
  if (shortfall_node != NULL && !JSON_NODE_HOLDS_NULL (shortfall_node) &&
      !mc_json_get_money (object, "shortfall", &shortfall, error))
    return NULL;

  self = g_object_new (MC_TYPE_BROADCAST_ESTIMATE, NULL);
  self->recipients = (guint64) recipients;
  self->rate = rate;
  self->estimated_cost = cost;
  self->balance = balance;
  self->sufficient = !!sufficient;
  self->shortfall = shortfall;
  self->currency = currency;

  return self;
}

/** mc_broadcast_estimate_get_recipients: Returns: recipients after de-duplication */
guint64
mc_broadcast_estimate_get_recipients (McBroadcastEstimate *self)
{
  g_return_val_if_fail (MC_IS_BROADCAST_ESTIMATE (self), 0);
  return self->recipients;
}

/** mc_broadcast_estimate_get_rate: Returns: the cost of one recipient, 1/10,000 units */
gint64
mc_broadcast_estimate_get_rate (McBroadcastEstimate *self)
{
  g_return_val_if_fail (MC_IS_BROADCAST_ESTIMATE (self), 0);
  return self->rate;
}

/** mc_broadcast_estimate_get_estimated_cost: Returns: the whole cost, 1/10,000 units */
gint64
mc_broadcast_estimate_get_estimated_cost (McBroadcastEstimate *self)
{
  g_return_val_if_fail (MC_IS_BROADCAST_ESTIMATE (self), 0);
  return self->estimated_cost;
}

/** mc_broadcast_estimate_get_balance: Returns: the balance now, 1/10,000 units */
gint64
mc_broadcast_estimate_get_balance (McBroadcastEstimate *self)
{
  g_return_val_if_fail (MC_IS_BROADCAST_ESTIMATE (self), 0);
  return self->balance;
}

/** mc_broadcast_estimate_get_sufficient: Returns: whether the balance covers the cost now */
gboolean
mc_broadcast_estimate_get_sufficient (McBroadcastEstimate *self)
{
  g_return_val_if_fail (MC_IS_BROADCAST_ESTIMATE (self), FALSE);
  return self->sufficient;
}

/** mc_broadcast_estimate_get_shortfall: Returns: what is missing, 1/10,000 units (0 if nothing) */
gint64
mc_broadcast_estimate_get_shortfall (McBroadcastEstimate *self)
{
  g_return_val_if_fail (MC_IS_BROADCAST_ESTIMATE (self), 0);
  return self->shortfall;
}

/** mc_broadcast_estimate_get_currency: Returns: the account's currency */
McCurrency
mc_broadcast_estimate_get_currency (McBroadcastEstimate *self)
{
  g_return_val_if_fail (MC_IS_BROADCAST_ESTIMATE (self), MC_CURRENCY_INVALID);
  return self->currency;
}
