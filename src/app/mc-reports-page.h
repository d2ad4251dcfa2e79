/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-range-picker.h"
#include "mc-session.h"
#include "mc-usage-chart.h"

G_BEGIN_DECLS

#define MC_TYPE_REPORTS_PAGE (mc_reports_page_get_type ())
G_DECLARE_FINAL_TYPE (McReportsPage, mc_reports_page, MC, REPORTS_PAGE, GtkWidget)

/*
 * McReportsPage: conversations by category over a range of the six-month
 * window, grouped by day, week or month: a stacked bar chart (conversations
 * or spend) and a table with counts, cost and totals. The report loads when
 * the page is shown and whenever the range or grouping changes; a newer
 * request cancels the older one.
 *
 * Signals: "toast" (const char *message).
 */

void           mc_reports_page_set_session  (McReportsPage *self,
                                             McSession     *session);
McRangePicker *mc_reports_page_get_range_picker (McReportsPage *self);
McUsageChart  *mc_reports_page_get_chart    (McReportsPage *self);
void           mc_reports_page_set_group    (McReportsPage *self,
                                             McReportGroup  group);
McReport      *mc_reports_page_get_report   (McReportsPage *self);
GListModel    *mc_reports_page_get_table_model (McReportsPage *self);
char          *mc_reports_page_get_cell_text (McReportsPage *self,
                                              guint          row,
                                              int            column);
const char    *mc_reports_page_get_state    (McReportsPage *self);
void           mc_reports_page_reload       (McReportsPage *self);

G_END_DECLS
