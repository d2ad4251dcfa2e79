/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "mc-client-private.h"
#include "mc-core.h"

static const char * const category_names[MC_N_CONVERSATION_CATEGORIES] = {
  "free", "business_initiated", "user_initiated",
};

struct _McReportRow
{
  GObject  parent_instance;

  char    *period;
  int      currency;
  guint64  counts[MC_N_CONVERSATION_CATEGORIES];
  gint64   costs[MC_N_CONVERSATION_CATEGORIES];
  guint64  total_count;
  gint64   total_cost;
};

G_DEFINE_FINAL_TYPE (McReportRow, mc_report_row, G_TYPE_OBJECT)

enum {
  ROW_PROP_0,
  ROW_PROP_PERIOD,
  ROW_PROP_CURRENCY,
  ROW_PROP_FREE_COUNT,
  ROW_PROP_BUSINESS_INITIATED_COUNT,
  ROW_PROP_USER_INITIATED_COUNT,
  ROW_PROP_TOTAL_COUNT,
  ROW_PROP_FREE_COST,
  ROW_PROP_BUSINESS_INITIATED_COST,
  ROW_PROP_USER_INITIATED_COST,
  ROW_PROP_TOTAL_COST,
  ROW_N_PROPS
};

static GParamSpec *row_properties[ROW_N_PROPS];

#define RO_FLAGS (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
mc_report_row_finalize (GObject *object)
{
  McReportRow *self = (McReportRow *) object;

  g_free (self->period);

  G_OBJECT_CLASS (mc_report_row_parent_class)->finalize (object);
}

static void
mc_report_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  McReportRow *self = MC_REPORT_ROW (object);

  switch (prop_id)
    {
    case ROW_PROP_PERIOD: g_value_set_string (value, self->period); break;
    case ROW_PROP_CURRENCY: g_value_set_enum (value, self->currency); break;
    case ROW_PROP_FREE_COUNT:
    case ROW_PROP_BUSINESS_INITIATED_COUNT:
    case ROW_PROP_USER_INITIATED_COUNT:
      g_value_set_uint64 (value, self->counts[prop_id - ROW_PROP_FREE_COUNT]);
      break;
    case ROW_PROP_TOTAL_COUNT: g_value_set_uint64 (value, self->total_count); break;
    case ROW_PROP_FREE_COST:
    case ROW_PROP_BUSINESS_INITIATED_COST:
    case ROW_PROP_USER_INITIATED_COST:
      g_value_set_int64 (value, self->costs[prop_id - ROW_PROP_FREE_COST]);
      break;
    case ROW_PROP_TOTAL_COST: g_value_set_int64 (value, self->total_cost); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_report_row_class_init (McReportRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mc_report_row_finalize;
  object_class->get_property = mc_report_row_get_property;

  row_properties[ROW_PROP_PERIOD] = g_param_spec_string ("period", NULL, NULL, NULL, RO_FLAGS);
  row_properties[ROW_PROP_CURRENCY] =
    g_param_spec_enum ("currency", NULL, NULL, MC_TYPE_CURRENCY, MC_CURRENCY_INVALID, RO_FLAGS);
  row_properties[ROW_PROP_FREE_COUNT] =
    g_param_spec_uint64 ("free-count", NULL, NULL, 0, G_MAXUINT64, 0, RO_FLAGS);
  row_properties[ROW_PROP_BUSINESS_INITIATED_COUNT] =
    g_param_spec_uint64 ("business-initiated-count", NULL, NULL, 0, G_MAXUINT64, 0, RO_FLAGS);
  row_properties[ROW_PROP_USER_INITIATED_COUNT] =
    g_param_spec_uint64 ("user-initiated-count", NULL, NULL, 0, G_MAXUINT64, 0, RO_FLAGS);
  row_properties[ROW_PROP_TOTAL_COUNT] =
    g_param_spec_uint64 ("total-count", NULL, NULL, 0, G_MAXUINT64, 0, RO_FLAGS);
  row_properties[ROW_PROP_FREE_COST] =
    g_param_spec_int64 ("free-cost", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO_FLAGS);
  row_properties[ROW_PROP_BUSINESS_INITIATED_COST] =
    g_param_spec_int64 ("business-initiated-cost", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO_FLAGS);
  row_properties[ROW_PROP_USER_INITIATED_COST] =
    g_param_spec_int64 ("user-initiated-cost", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO_FLAGS);
  row_properties[ROW_PROP_TOTAL_COST] =
    g_param_spec_int64 ("total-cost", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO_FLAGS);

  g_object_class_install_properties (object_class, ROW_N_PROPS, row_properties);
}

static void
mc_report_row_init (McReportRow *self)
{
}

static McReportRow *
row_new_from_json (JsonObject  *object,
                   gboolean     with_period,
                   McCurrency   currency,
                   GError     **error)
{
  g_autoptr(McReportRow) row = g_object_new (MC_TYPE_REPORT_ROW, NULL);
  const char *period = NULL;

  if (with_period && !mc_json_get_date (object, "period", &period, error))
    return NULL;

  row->period = g_strdup (period);
  row->currency = currency;

  for (guint i = 0; i < MC_N_CONVERSATION_CATEGORIES; i++)
    {
      JsonObject *cell;
      gint64 count;

      if (!mc_json_get_object (object, category_names[i], FALSE, &cell, error) ||
          !mc_json_get_int (cell, "count", 0, G_MAXINT64, &count, error) ||
          !mc_json_get_money (cell, "cost", &row->costs[i], error))
        return NULL;

      row->counts[i] = (guint64) count;
      if (!mc_money_add (row->total_cost, row->costs[i], &row->total_cost, NULL) ||
          row->total_count + row->counts[i] < row->total_count)
        {
          g_propagate_error (error, mc_client_error_bad_response ("totals out of range"));
          return NULL;
        }
      row->total_count += row->counts[i];
    }

  return g_steal_pointer (&row);
}

/** mc_report_row_get_period: Returns: (transfer none) (nullable): the first day of the period, `YYYY-MM-DD` */
const char *
mc_report_row_get_period (McReportRow *self)
{
  g_return_val_if_fail (MC_IS_REPORT_ROW (self), NULL);
  return self->period;
}

/** mc_report_row_get_currency: Returns: the currency of the costs */
McCurrency
mc_report_row_get_currency (McReportRow *self)
{
  g_return_val_if_fail (MC_IS_REPORT_ROW (self), MC_CURRENCY_INVALID);
  return self->currency;
}

gboolean
mc_report_row_get_period_date (McReportRow *self,
                               GDate       *out)
{
  g_return_val_if_fail (MC_IS_REPORT_ROW (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (self->period == NULL)
    return FALSE;

  return mc_date_parse (self->period, out);
}

/** mc_report_row_get_count: Returns: how many conversations of @category the period had */
guint64
mc_report_row_get_count (McReportRow            *self,
                         McConversationCategory  category)
{
  g_return_val_if_fail (MC_IS_REPORT_ROW (self), 0);
  g_return_val_if_fail ((guint) category < MC_N_CONVERSATION_CATEGORIES, 0);
  return self->counts[category];
}

/** mc_report_row_get_cost: Returns: what the conversations of @category cost, in 1/10,000 units */
gint64
mc_report_row_get_cost (McReportRow            *self,
                        McConversationCategory  category)
{
  g_return_val_if_fail (MC_IS_REPORT_ROW (self), 0);
  g_return_val_if_fail ((guint) category < MC_N_CONVERSATION_CATEGORIES, 0);
  return self->costs[category];
}

/** mc_report_row_get_total_count: Returns: the conversations of every category */
guint64
mc_report_row_get_total_count (McReportRow *self)
{
  g_return_val_if_fail (MC_IS_REPORT_ROW (self), 0);
  return self->total_count;
}

/** mc_report_row_get_total_cost: Returns: the cost of every category, in 1/10,000 units */
gint64
mc_report_row_get_total_cost (McReportRow *self)
{
  g_return_val_if_fail (MC_IS_REPORT_ROW (self), 0);
  return self->total_cost;
}

struct _McReport
{
  GObject      parent_instance;

  char        *from;
  char        *to;
  int          currency;
  int          group;
  GListStore  *rows;
  McReportRow *totals;
};

G_DEFINE_FINAL_TYPE (McReport, mc_report, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CURRENCY,
  PROP_FROM,
  PROP_TO,
  PROP_GROUP,
  PROP_ROWS,
  PROP_TOTALS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mc_report_finalize (GObject *object)
{
  McReport *self = (McReport *) object;

  g_free (self->from);
  g_free (self->to);
  g_clear_object (&self->rows);
  g_clear_object (&self->totals);

  G_OBJECT_CLASS (mc_report_parent_class)->finalize (object);
}

static void
mc_report_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  McReport *self = MC_REPORT (object);

  switch (prop_id)
    {
    case PROP_CURRENCY: g_value_set_enum (value, self->currency); break;
    case PROP_FROM: g_value_set_string (value, self->from); break;
    case PROP_TO: g_value_set_string (value, self->to); break;
    case PROP_GROUP: g_value_set_enum (value, self->group); break;
    case PROP_ROWS: g_value_set_object (value, self->rows); break;
    case PROP_TOTALS: g_value_set_object (value, self->totals); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_report_class_init (McReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mc_report_finalize;
  object_class->get_property = mc_report_get_property;

  properties[PROP_CURRENCY] =
    g_param_spec_enum ("currency", NULL, NULL, MC_TYPE_CURRENCY, MC_CURRENCY_INVALID, RO_FLAGS);
  properties[PROP_FROM] = g_param_spec_string ("from", NULL, NULL, NULL, RO_FLAGS);
  properties[PROP_TO] = g_param_spec_string ("to", NULL, NULL, NULL, RO_FLAGS);
  properties[PROP_GROUP] =
    g_param_spec_enum ("group", NULL, NULL, MC_TYPE_REPORT_GROUP, MC_REPORT_GROUP_DAY, RO_FLAGS);
  properties[PROP_ROWS] = g_param_spec_object ("rows", NULL, NULL, G_TYPE_LIST_MODEL, RO_FLAGS);
  properties[PROP_TOTALS] = g_param_spec_object ("totals", NULL, NULL, MC_TYPE_REPORT_ROW, RO_FLAGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_report_init (McReport *self)
{
  self->rows = g_list_store_new (MC_TYPE_REPORT_ROW);
}

McReport *
mc_report_new_from_json (JsonObject  *object,
                         GError     **error)
{
  g_autoptr(McReport) self = g_object_new (MC_TYPE_REPORT, NULL);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  const char *from, *to;
  JsonObject *totals;
  JsonArray *array;
  McCurrency currency;
  int group;
  guint length;

  if (!mc_json_get_currency (object, "currency", &currency, error) ||
      !mc_json_get_date (object, "from", &from, error) ||
      !mc_json_get_date (object, "to", &to, error) ||
      !mc_json_get_enum (object, "group", MC_TYPE_REPORT_GROUP, &group, error) ||
      !mc_json_get_array (object, "rows", &array, error) ||
      !mc_json_get_object (object, "totals", FALSE, &totals, error))
    return NULL;

  length = json_array_get_length (array);
  for (guint i = 0; i < length; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      McReportRow *row;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_propagate_error (error, mc_client_error_bad_response ("a report row is not an object"));
          return NULL;
        }

      row = row_new_from_json (json_node_get_object (node), TRUE, currency, error);
      if (row == NULL)
        return NULL;

      g_ptr_array_add (rows, row);
    }

  self->totals = row_new_from_json (totals, FALSE, currency, error);
  if (self->totals == NULL)
    return NULL;

  self->currency = currency;
  self->from = g_strdup (from);
  self->to = g_strdup (to);
  self->group = group;
  g_list_store_splice (self->rows, 0, 0, rows->pdata, rows->len);

  return g_steal_pointer (&self);
}

/** mc_report_get_currency: Returns: the currency of the costs */
McCurrency
mc_report_get_currency (McReport *self)
{
  g_return_val_if_fail (MC_IS_REPORT (self), MC_CURRENCY_INVALID);
  return self->currency;
}

/** mc_report_get_from: Returns: (transfer none): the first day, `YYYY-MM-DD` */
const char *
mc_report_get_from (McReport *self)
{
  g_return_val_if_fail (MC_IS_REPORT (self), NULL);
  return self->from;
}

/** mc_report_get_to: Returns: (transfer none): the last day, `YYYY-MM-DD` */
const char *
mc_report_get_to (McReport *self)
{
  g_return_val_if_fail (MC_IS_REPORT (self), NULL);
  return self->to;
}

/** mc_report_get_group: Returns: how the rows are grouped */
McReportGroup
mc_report_get_group (McReport *self)
{
  g_return_val_if_fail (MC_IS_REPORT (self), MC_REPORT_GROUP_DAY);
  return self->group;
}

GListModel *
mc_report_get_rows (McReport *self)
{
  g_return_val_if_fail (MC_IS_REPORT (self), NULL);
  return G_LIST_MODEL (self->rows);
}

McReportRow *
mc_report_get_totals (McReport *self)
{
  g_return_val_if_fail (MC_IS_REPORT (self), NULL);
  return self->totals;
}
