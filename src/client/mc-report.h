/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "mc-client-types.h"

G_BEGIN_DECLS

/**
 * McConversationCategory:
 * @MC_CONVERSATION_CATEGORY_FREE: free conversations
 * @MC_CONVERSATION_CATEGORY_BUSINESS_INITIATED: business-initiated conversations
 * @MC_CONVERSATION_CATEGORY_USER_INITIATED: user-initiated conversations
 *
 * api.md's conversation `category`, in the order reports list them.
 */
typedef enum
{
  MC_CONVERSATION_CATEGORY_FREE,
  MC_CONVERSATION_CATEGORY_BUSINESS_INITIATED,
  MC_CONVERSATION_CATEGORY_USER_INITIATED,
} McConversationCategory;

#define MC_N_CONVERSATION_CATEGORIES 3

/**
 * McReportGroup:
 * @MC_REPORT_GROUP_DAY: one row per day
 * @MC_REPORT_GROUP_WEEK: one row per week (weeks start on Monday)
 * @MC_REPORT_GROUP_MONTH: one row per calendar month
 *
 * How a conversation report groups its rows (api.md `group`).
 */
typedef enum
{
  MC_REPORT_GROUP_DAY,
  MC_REPORT_GROUP_WEEK,
  MC_REPORT_GROUP_MONTH,
} McReportGroup;

/**
 * McExportKind:
 * @MC_EXPORT_KIND_CONVERSATIONS: one CSV row per conversation
 * @MC_EXPORT_KIND_DAILY: one CSV row per day and category
 * @MC_EXPORT_KIND_TRANSACTIONS: one CSV row per ledger line
 *
 * What `GET /v1/usage/export` writes (api.md `kind`).
 */
typedef enum
{
  MC_EXPORT_KIND_CONVERSATIONS,
  MC_EXPORT_KIND_DAILY,
  MC_EXPORT_KIND_TRANSACTIONS,
} McExportKind;

#define MC_TYPE_REPORT_ROW (mc_report_row_get_type ())
G_DECLARE_FINAL_TYPE (McReportRow, mc_report_row, MC, REPORT_ROW, GObject)

/*
 * McReportRow: one period of a conversation report, or its totals
 * (immutable).
 *
 * Properties (read-only): "period" (string `YYYY-MM-DD`, the first day of
 * the period; %NULL for the totals row), "currency" (#McCurrency),
 * "free-count", "business-initiated-count", "user-initiated-count",
 * "total-count" (guint64), "free-cost", "business-initiated-cost",
 * "user-initiated-cost", "total-cost" (gint64, 1/10,000 units).
 */

const char  *mc_report_row_get_period      (McReportRow            *self);
McCurrency   mc_report_row_get_currency    (McReportRow            *self);

/**
 * mc_report_row_get_period_date:
 * @self: a row
 * @out: (out): the first day of the period
 *
 * Returns: %FALSE for the totals row, which has no period
 */
gboolean     mc_report_row_get_period_date (McReportRow            *self,
                                            GDate                  *out);
guint64      mc_report_row_get_count       (McReportRow            *self,
                                            McConversationCategory  category);
gint64       mc_report_row_get_cost        (McReportRow            *self,
                                            McConversationCategory  category);
guint64      mc_report_row_get_total_count (McReportRow            *self);
gint64       mc_report_row_get_total_cost  (McReportRow            *self);

#define MC_TYPE_REPORT (mc_report_get_type ())
G_DECLARE_FINAL_TYPE (McReport, mc_report, MC, REPORT, GObject)

/*
 * McReport: a conversation report (immutable).
 *
 * Properties (read-only): "currency" (#McCurrency), "from", "to" (string
 * `YYYY-MM-DD` as the service echoed them), "group" (#McReportGroup), "rows"
 * (#GListModel of #McReportRow, oldest first), "totals" (#McReportRow).
 */

McCurrency     mc_report_get_currency (McReport *self);
const char    *mc_report_get_from     (McReport *self);
const char    *mc_report_get_to       (McReport *self);
McReportGroup  mc_report_get_group    (McReport *self);

/**
 * mc_report_get_rows:
 * @self: a report
 *
 * Returns: (transfer none): the rows, a #GListModel of #McReportRow, oldest first
 */
GListModel    *mc_report_get_rows     (McReport *self);

/**
 * mc_report_get_totals:
 * @self: a report
 *
 * Returns: (transfer none): the totals over the whole range
 */
McReportRow   *mc_report_get_totals   (McReport *self);

G_END_DECLS
