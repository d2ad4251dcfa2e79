/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mc-client.h"

G_BEGIN_DECLS

/**
 * McChartMetric:
 * @MC_CHART_METRIC_CONVERSATIONS: bars count conversations
 * @MC_CHART_METRIC_SPEND: bars add up the cost
 *
 * What the bars of a #McUsageChart measure.
 */
typedef enum
{
  MC_CHART_METRIC_CONVERSATIONS,
  MC_CHART_METRIC_SPEND,
} McChartMetric;

#define MC_TYPE_USAGE_CHART (mc_usage_chart_get_type ())
G_DECLARE_FINAL_TYPE (McUsageChart, mc_usage_chart, MC, USAGE_CHART, GtkWidget)

/*
 * McUsageChart: a stacked bar chart of a conversation report, one bar per
 * period, one segment per category (free, business-initiated,
 * user-initiated), with a value axis, period labels, a legend and a tooltip
 * per bar. Drawn with cairo through the snapshot API in the theme's colours,
 * so it reads in the light and the dark style.
 *
 * Properties: "report" (#McReport, nullable), "metric" (#McChartMetric).
 */

McUsageChart  *mc_usage_chart_new             (void);
void           mc_usage_chart_set_report      (McUsageChart  *self,
                                               McReport      *report);
McReport      *mc_usage_chart_get_report      (McUsageChart  *self);
void           mc_usage_chart_set_metric      (McUsageChart  *self,
                                               McChartMetric  metric);
McChartMetric  mc_usage_chart_get_metric      (McUsageChart  *self);

guint          mc_usage_chart_get_n_bars      (McUsageChart  *self);
gint64         mc_usage_chart_get_segment     (McUsageChart  *self,
                                               guint          bar,
                                               McConversationCategory category);
gint64         mc_usage_chart_get_axis_max    (McUsageChart  *self);
int            mc_usage_chart_get_bar_at      (McUsageChart  *self,
                                               double         x,
                                               double         y);
char          *mc_usage_chart_describe_bar    (McUsageChart  *self,
                                               guint          bar);

G_END_DECLS
