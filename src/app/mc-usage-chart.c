/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "mc-core.h"
#include "mc-trace.h"
#include "mc-usage-chart.h"

#define N_CATEGORIES MC_N_CONVERSATION_CATEGORIES
#define N_TICKS 4
#define PAD 8.0
#define LEGEND_SWATCH 12.0
#define MIN_HEIGHT 220

struct _McUsageChart
{
  GtkWidget      parent_instance;

  McReport      *report;
  McChartMetric  metric;

  /* derived from the report */
  GPtrArray     *rows;        /* McReportRow, oldest first */
  gint64        *values;      /* n_bars × N_CATEGORIES */
  gint64         axis_max;    /* the top of the value axis, in the metric's unit */
  gint64         tick_step;

  /* the last layout, for tooltips */
  double         plot_x;
  double         plot_width;
  double         plot_y;
  double         plot_height;
};

G_DEFINE_FINAL_TYPE (McUsageChart, mc_usage_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_REPORT,
  PROP_METRIC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Adwaita palette, mid tones: they keep their contrast on light and dark. */
static const GdkRGBA category_colors[N_CATEGORIES] = {
  { 0.208f, 0.518f, 0.894f, 1.0f },   /* blue 3, free */
  { 0.902f, 0.380f, 0.000f, 1.0f },   /* orange 5, business-initiated */
  { 0.569f, 0.255f, 0.675f, 1.0f },   /* purple 3, user-initiated */
};

static const char *
category_name (McConversationCategory category)
{
  switch (category)
    {
    case MC_CONVERSATION_CATEGORY_FREE:
      return _("Free");
    case MC_CONVERSATION_CATEGORY_BUSINESS_INITIATED:
      return _("Business-initiated");
    case MC_CONVERSATION_CATEGORY_USER_INITIATED:
      return _("User-initiated");
    default:
      return "";
    }
}

/* The smallest 1, 2 or 5 × 10^k at or above @raw. */
static gint64
nice_step (gint64 raw)
{
  gint64 magnitude = 1;

  if (raw <= 1)
    return 1;

  while (magnitude <= G_MAXINT64 / 10 && magnitude * 10 < raw)
    magnitude *= 10;

  if (magnitude >= raw)
    return magnitude;
  if (magnitude * 2 >= raw)
    return magnitude * 2;
  if (magnitude * 5 >= raw)
    return magnitude * 5;
  return magnitude * 10;
}

static void
recompute (McUsageChart *self)
{
  gint64 top = 0;
  guint n;

  g_ptr_array_set_size (self->rows, 0);
  g_clear_pointer (&self->values, g_free);

  if (self->report != NULL)
    {
      GListModel *rows = mc_report_get_rows (self->report);

      n = g_list_model_get_n_items (rows);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (self->rows, g_list_model_get_item (rows, i));
    }

  n = self->rows->len;
  self->values = g_new0 (gint64, MAX (n, 1) * N_CATEGORIES);

  for (guint i = 0; i < n; i++)
    {
      McReportRow *row = g_ptr_array_index (self->rows, i);
      gint64 sum = 0;

      for (guint c = 0; c < N_CATEGORIES; c++)
        {
          gint64 value;

          if (self->metric == MC_CHART_METRIC_SPEND)
            value = mc_report_row_get_cost (row, c);
          else
            value = (gint64) MIN (mc_report_row_get_count (row, c), (guint64) G_MAXINT64 / 4);

          self->values[i * N_CATEGORIES + c] = MAX (value, 0);
          sum += MAX (value, 0);
        }

      top = MAX (top, sum);
    }

  if (self->metric == MC_CHART_METRIC_SPEND)
    {
      /* Ticks on whole units of the currency. */
      gint64 major = (top + MC_MONEY_SCALE - 1) / MC_MONEY_SCALE;

      self->tick_step = nice_step ((major + N_TICKS - 1) / N_TICKS) * MC_MONEY_SCALE;
    }
  else
    {
      self->tick_step = nice_step ((top + N_TICKS - 1) / N_TICKS);
    }

  self->axis_max = self->tick_step * N_TICKS;

  if (mc_trace_enabled ())
    {
      g_autofree char *mark = g_strdup_printf ("chart-bars-%u", n);

      mc_trace_mark (mark);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static char *
format_value (McUsageChart *self,
              gint64        value,
              gboolean      axis)
{
  McCurrency currency = self->report != NULL ? mc_report_get_currency (self->report)
                                             : MC_CURRENCY_INVALID;

  if (self->metric == MC_CHART_METRIC_SPEND)
    {
      if (axis && currency != MC_CURRENCY_INVALID)
        {
          /* Axis labels in whole units: "₹200". */
          g_autofree char *full = mc_money_format (value, currency);
          char *dot = strrchr (full, '.');

          if (dot != NULL)
            *dot = '\0';
          return g_steal_pointer (&full);
        }
      return mc_money_format (value, currency);
    }

  return g_strdup_printf ("%'" G_GINT64_FORMAT, value);
}

static char *
period_label (McUsageChart *self,
              McReportRow  *row,
              gboolean      long_form)
{
  g_autoptr(GDateTime) time = NULL;
  GDate date;

  if (!mc_report_row_get_period_date (row, &date))
    return g_strdup ("");

  time = g_date_time_new_utc (g_date_get_year (&date), g_date_get_month (&date),
                              g_date_get_day (&date), 0, 0, 0);

  switch (mc_report_get_group (self->report))
    {
    case MC_REPORT_GROUP_MONTH:
      /* Translators: a month as strftime() writes it, "Nov 2026" */
      return g_date_time_format (time, long_form ? _("%B %Y") : _("%b %Y"));
    case MC_REPORT_GROUP_WEEK:
      if (long_form)
        {
          /* Translators: a date as strftime() writes it, "26 Nov 2026" */
          g_autofree char *day = g_date_time_format (time, _("%-d %b %Y"));

          /* Translators: %s is the Monday a week starts on */
          return g_strdup_printf (_("Week of %s"), day);
        }
      /* Translators: a short date as strftime() writes it, "26 Nov" */
      return g_date_time_format (time, _("%-d %b"));
    case MC_REPORT_GROUP_DAY:
    default:
      return g_date_time_format (time, long_form ? _("%A %-d %b %Y") : _("%-d %b"));
    }
}

static void
get_text_color (McUsageChart *self,
                GdkRGBA      *out)
{
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), out);
}

static PangoLayout *
make_layout (McUsageChart *self,
             const char   *text,
             gboolean      small)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  if (small)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_scale_new (0.83));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }

  return layout;
}

static void
draw_text (cairo_t     *cr,
           PangoLayout *layout,
           double       x,
           double       y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
mc_usage_chart_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  McUsageChart *self = MC_USAGE_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) probe = NULL;
  cairo_t *cr;
  GdkRGBA fg;
  double legend_height, label_height, axis_width = 0, x;
  int text_w, text_h;
  guint n = self->rows->len;
  guint label_every = 1;
  double slot, bar_width;

  if (width <= 0 || height <= 0)
    return;

  mc_trace_mark ("chart-drawn");
  get_text_color (self, &fg);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* Legend, across the top. */
  x = 0;
  legend_height = 0;
  for (guint c = 0; c < N_CATEGORIES; c++)
    {
      g_autoptr(PangoLayout) layout = make_layout (self, category_name (c), FALSE);

      pango_layout_get_pixel_size (layout, &text_w, &text_h);
      gdk_cairo_set_source_rgba (cr, &category_colors[c]);
      cairo_rectangle (cr, x, (text_h - LEGEND_SWATCH) / 2, LEGEND_SWATCH, LEGEND_SWATCH);
      cairo_fill (cr);
      gdk_cairo_set_source_rgba (cr, &fg);
      draw_text (cr, layout, x + LEGEND_SWATCH + 6, 0);
      x += LEGEND_SWATCH + 6 + text_w + 18;
      legend_height = MAX (legend_height, text_h);
    }
  legend_height += 2 * PAD;

  /* The value axis: as wide as its widest label. */
  for (guint t = 0; t <= N_TICKS; t++)
    {
      g_autofree char *text = format_value (self, self->tick_step * t, TRUE);
      g_autoptr(PangoLayout) layout = make_layout (self, text, TRUE);

      pango_layout_get_pixel_size (layout, &text_w, &text_h);
      axis_width = MAX (axis_width, text_w);
    }

  probe = make_layout (self, "30 Sep", TRUE);
  pango_layout_get_pixel_size (probe, &text_w, &text_h);
  label_height = text_h + PAD;

  self->plot_x = axis_width + PAD;
  self->plot_y = legend_height + text_h / 2.0;
  self->plot_width = MAX (width - self->plot_x - PAD, 1);
  self->plot_height = MAX (height - self->plot_y - label_height, 1);

  /* Grid lines and their values. */
  for (guint t = 0; t <= N_TICKS; t++)
    {
      g_autofree char *text = format_value (self, self->tick_step * t, TRUE);
      g_autoptr(PangoLayout) layout = make_layout (self, text, TRUE);
      double y = self->plot_y + self->plot_height - self->plot_height * t / N_TICKS;
      int w, h;

      pango_layout_get_pixel_size (layout, &w, &h);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * (t == 0 ? 0.5 : 0.15));
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, self->plot_x, (int) y + 0.5);
      cairo_line_to (cr, self->plot_x + self->plot_width, (int) y + 0.5);
      cairo_stroke (cr);

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * 0.7);
      draw_text (cr, layout, axis_width - w, y - h / 2.0);
    }

  if (n == 0 || self->axis_max <= 0)
    {
      cairo_destroy (cr);
      return;
    }

  slot = self->plot_width / n;
  bar_width = MAX (slot * 0.7, 1);
  label_every = (guint) MAX (1, (int) ((text_w + PAD) / slot) + 1);

  for (guint i = 0; i < n; i++)
    {
      double bar_x = self->plot_x + slot * i + (slot - bar_width) / 2;
      double base = self->plot_y + self->plot_height;

      for (guint c = 0; c < N_CATEGORIES; c++)
        {
          gint64 value = self->values[i * N_CATEGORIES + c];
          /* Pixels only: the values themselves stay whole numbers. */
          double h = self->plot_height * ((double) value / (double) self->axis_max);

          if (value == 0)
            continue;

          gdk_cairo_set_source_rgba (cr, &category_colors[c]);
          cairo_rectangle (cr, bar_x, base - h, bar_width, h);
          cairo_fill (cr);
          base -= h;
        }

      if (i % label_every == 0)
        {
          g_autofree char *text = period_label (self, g_ptr_array_index (self->rows, i), FALSE);
          g_autoptr(PangoLayout) layout = make_layout (self, text, TRUE);
          int w, h;

          pango_layout_get_pixel_size (layout, &w, &h);
          cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * 0.7);
          draw_text (cr, layout,
                     CLAMP (bar_x + bar_width / 2 - w / 2.0, 0, MAX (width - w, 0)),
                     self->plot_y + self->plot_height + PAD / 2);
        }
    }

  cairo_destroy (cr);
}

static void
mc_usage_chart_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 600;
    }
  else
    {
      *minimum = MIN_HEIGHT;
      *natural = 280;
    }
}

static gboolean
mc_usage_chart_query_tooltip (GtkWidget  *widget,
                              int         x,
                              int         y,
                              gboolean    keyboard_mode,
                              GtkTooltip *tooltip)
{
  McUsageChart *self = MC_USAGE_CHART (widget);
  g_autofree char *text = NULL;
  int bar;

  bar = mc_usage_chart_get_bar_at (self, x, y);
  if (bar < 0)
    return FALSE;

  text = mc_usage_chart_describe_bar (self, bar);
  gtk_tooltip_set_text (tooltip, text);

  return TRUE;
}

static void
mc_usage_chart_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (mc_usage_chart_parent_class)->css_changed (widget, change);

  /* The light/dark switch changes the text colour. */
  gtk_widget_queue_draw (widget);
}

static void
mc_usage_chart_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  McUsageChart *self = MC_USAGE_CHART (object);

  switch (prop_id)
    {
    case PROP_REPORT:
      g_value_set_object (value, self->report);
      break;
    case PROP_METRIC:
      g_value_set_int (value, self->metric);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_usage_chart_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  McUsageChart *self = MC_USAGE_CHART (object);

  switch (prop_id)
    {
    case PROP_REPORT:
      mc_usage_chart_set_report (self, g_value_get_object (value));
      break;
    case PROP_METRIC:
      mc_usage_chart_set_metric (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_usage_chart_finalize (GObject *object)
{
  McUsageChart *self = MC_USAGE_CHART (object);

  g_clear_object (&self->report);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->values, g_free);

  G_OBJECT_CLASS (mc_usage_chart_parent_class)->finalize (object);
}

static void
mc_usage_chart_class_init (McUsageChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = mc_usage_chart_get_property;
  object_class->set_property = mc_usage_chart_set_property;
  object_class->finalize = mc_usage_chart_finalize;

  widget_class->snapshot = mc_usage_chart_snapshot;
  widget_class->measure = mc_usage_chart_measure;
  widget_class->query_tooltip = mc_usage_chart_query_tooltip;
  widget_class->css_changed = mc_usage_chart_css_changed;

  properties[PROP_REPORT] =
    g_param_spec_object ("report", NULL, NULL, MC_TYPE_REPORT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_METRIC] =
    g_param_spec_int ("metric", NULL, NULL,
                      MC_CHART_METRIC_CONVERSATIONS, MC_CHART_METRIC_SPEND,
                      MC_CHART_METRIC_CONVERSATIONS,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "mc-usage-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
mc_usage_chart_init (McUsageChart *self)
{
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  recompute (self);
}

McUsageChart *
mc_usage_chart_new (void)
{
  return g_object_new (MC_TYPE_USAGE_CHART, NULL);
}

static void
update_accessible (McUsageChart *self)
{
  g_autofree char *label = NULL;

  if (self->metric == MC_CHART_METRIC_SPEND)
    label = g_strdup (_("Chart of spend by category"));
  else
    label = g_strdup (_("Chart of conversations by category"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("The table below has the same figures."), -1);
}

/**
 * mc_usage_chart_set_report:
 * @self: a chart
 * @report: (nullable): the report to draw
 */
void
mc_usage_chart_set_report (McUsageChart *self,
                           McReport     *report)
{
  g_return_if_fail (MC_IS_USAGE_CHART (self));
  g_return_if_fail (report == NULL || MC_IS_REPORT (report));

  if (!g_set_object (&self->report, report))
    return;

  recompute (self);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);
}

/**
 * mc_usage_chart_get_report:
 *
 * Returns: (transfer none) (nullable): the report drawn
 */
McReport *
mc_usage_chart_get_report (McUsageChart *self)
{
  g_return_val_if_fail (MC_IS_USAGE_CHART (self), NULL);

  return self->report;
}

void
mc_usage_chart_set_metric (McUsageChart  *self,
                           McChartMetric  metric)
{
  g_return_if_fail (MC_IS_USAGE_CHART (self));

  if (self->metric == metric)
    return;

  self->metric = metric;
  recompute (self);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METRIC]);
}

McChartMetric
mc_usage_chart_get_metric (McUsageChart *self)
{
  g_return_val_if_fail (MC_IS_USAGE_CHART (self), MC_CHART_METRIC_CONVERSATIONS);

  return self->metric;
}

guint
mc_usage_chart_get_n_bars (McUsageChart *self)
{
  g_return_val_if_fail (MC_IS_USAGE_CHART (self), 0);

  return self->rows->len;
}

/**
 * mc_usage_chart_get_segment:
 * @self: a chart
 * @bar: a bar, 0 for the oldest period
 * @category: a segment of the bar
 *
 * Returns: the value the segment is drawn for: a count of conversations, or
 *   a cost in 1/10,000 units
 */
gint64
mc_usage_chart_get_segment (McUsageChart           *self,
                            guint                   bar,
                            McConversationCategory  category)
{
  g_return_val_if_fail (MC_IS_USAGE_CHART (self), 0);
  g_return_val_if_fail (bar < self->rows->len, 0);
  g_return_val_if_fail ((guint) category < N_CATEGORIES, 0);

  return self->values[bar * N_CATEGORIES + category];
}

/**
 * mc_usage_chart_get_axis_max:
 *
 * Returns: the value at the top of the axis; every bar fits under it
 */
gint64
mc_usage_chart_get_axis_max (McUsageChart *self)
{
  g_return_val_if_fail (MC_IS_USAGE_CHART (self), 0);

  return self->axis_max;
}

/**
 * mc_usage_chart_get_bar_at:
 * @self: a chart
 * @x: a point in the widget's coordinates
 * @y: a point in the widget's coordinates
 *
 * Returns: the bar under the point (its whole column), or -1
 */
int
mc_usage_chart_get_bar_at (McUsageChart *self,
                           double        x,
                           double        y)
{
  guint n;
  int bar;

  g_return_val_if_fail (MC_IS_USAGE_CHART (self), -1);

  n = self->rows->len;
  if (n == 0 || self->plot_width <= 0 ||
      x < self->plot_x || x >= self->plot_x + self->plot_width ||
      y < self->plot_y || y > self->plot_y + self->plot_height)
    return -1;

  bar = (int) ((x - self->plot_x) / (self->plot_width / n));

  return bar < (int) n ? bar : -1;
}

/**
 * mc_usage_chart_describe_bar:
 * @self: a chart
 * @bar: a bar
 *
 * Returns: (transfer full): the bar's tooltip: its period, and count and
 *   cost per category and in total
 */
char *
mc_usage_chart_describe_bar (McUsageChart *self,
                             guint         bar)
{
  McReportRow *row;
  McCurrency currency;
  g_autofree char *title = NULL;
  GString *text;

  g_return_val_if_fail (MC_IS_USAGE_CHART (self), NULL);
  g_return_val_if_fail (bar < self->rows->len, NULL);

  row = g_ptr_array_index (self->rows, bar);
  currency = mc_report_get_currency (self->report);
  title = period_label (self, row, TRUE);
  text = g_string_new (title);

  for (guint c = 0; c <= N_CATEGORIES; c++)
    {
      gboolean total = c == N_CATEGORIES;
      g_autofree char *cost = mc_money_format (total ? mc_report_row_get_total_cost (row)
                                                     : mc_report_row_get_cost (row, c),
                                               currency);
      g_autofree char *count = g_strdup_printf ("%'" G_GUINT64_FORMAT,
                                                total ? mc_report_row_get_total_count (row)
                                                      : mc_report_row_get_count (row, c));

      g_string_append_c (text, '\n');
      /* Translators: category: count (cost), "Free: 12 (₹0.00)" */
      g_string_append_printf (text, _("%s: %s (%s)"), total ? _("Total") : category_name (c),
                              count, cost);
    }

  return g_string_free (text, FALSE);
}
