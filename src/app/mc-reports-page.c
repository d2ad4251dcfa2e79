/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "mc-core.h"
#include "mc-reports-page.h"
#include "mc-util.h"

#define COLUMN_PERIOD (-1)
#define COLUMN_TOTAL  MC_N_CONVERSATION_CATEGORIES
/* Bursts of events cause one reload. */
#define RELOAD_DELAY_MS 500

struct _McReportsPage
{
  GtkWidget        parent_instance;

  /* template widgets */
  McRangePicker   *range_picker;
  GtkToggleButton *day_button;
  GtkToggleButton *week_button;
  GtkToggleButton *month_button;
  GtkToggleButton *count_button;
  GtkToggleButton *spend_button;
  GtkButton       *export_button;
  GtkStack        *stack;
  GtkSpinner      *spinner;
  AdwStatusPage   *error_page;
  GtkButton       *retry_button;
  McUsageChart    *chart;
  GtkColumnView   *table;

  /* owned */
  McSession       *session;
  McReport        *report;
  GListStore      *rows;
  GCancellable    *cancellable;   /* the request in flight */
  McReportGroup    group;
  guint            reload_id;
  gboolean         dirty;
};

G_DEFINE_FINAL_TYPE (McReportsPage, mc_reports_page, GTK_TYPE_WIDGET)

enum {
  TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
period_text (McReport    *report,
             McReportRow *row)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *day = NULL;
  GDate date;

  if (!mc_report_row_get_period_date (row, &date))
    return g_strdup (_("Total"));

  time = g_date_time_new_utc (g_date_get_year (&date), g_date_get_month (&date),
                              g_date_get_day (&date), 0, 0, 0);

  switch (mc_report_get_group (report))
    {
    case MC_REPORT_GROUP_MONTH:
      /* Translators: a month as strftime() writes it, "November 2026" */
      return g_date_time_format (time, _("%B %Y"));
    case MC_REPORT_GROUP_WEEK:
      day = g_date_time_format (time, _("%-d %b %Y"));
      /* Translators: %s is the Monday a week starts on */
      return g_strdup_printf (_("Week of %s"), day);
    case MC_REPORT_GROUP_DAY:
    default:
      /* Translators: a day as strftime() writes it, "Thu 26 Nov 2026" */
      return g_date_time_format (time, _("%a %-d %b %Y"));
    }
}

static char *
cell_text (McReport    *report,
           McReportRow *row,
           int          column)
{
  g_autofree char *cost = NULL;
  guint64 count;

  if (column == COLUMN_PERIOD)
    return period_text (report, row);

  if (column == COLUMN_TOTAL)
    {
      count = mc_report_row_get_total_count (row);
      cost = mc_money_format (mc_report_row_get_total_cost (row), mc_report_get_currency (report));
    }
  else
    {
      count = mc_report_row_get_count (row, column);
      cost = mc_money_format (mc_report_row_get_cost (row, column),
                              mc_report_get_currency (report));
    }

  {
    g_autofree char *count_text = g_strdup_printf ("%'" G_GUINT64_FORMAT, count);

    /* Translators: a count of conversations and their cost, "40 · ₹32.00" */
    return g_strdup_printf (_("%s · %s"), count_text, cost);
  }
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  int column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_PERIOD ? 0.0f : 1.0f);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  McReportsPage *self = g_object_get_data (G_OBJECT (factory), "mc-page");
  int column = GPOINTER_TO_INT (user_data);
  McReportRow *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = NULL;

  if (self->report == NULL)
    return;

  text = cell_text (self->report, row, column);
  gtk_label_set_label (GTK_LABEL (label), text);
  if (mc_report_row_get_period (row) == NULL)
    gtk_widget_add_css_class (label, "heading");
  else
    gtk_widget_remove_css_class (label, "heading");
}

static void
add_column (McReportsPage *self,
            const char    *title,
            int            column)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) col = NULL;

  g_object_set_data (G_OBJECT (factory), "mc-page", self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GINT_TO_POINTER (column));
  col = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (col, TRUE);
  gtk_column_view_column_set_resizable (col, TRUE);
  gtk_column_view_append_column (self->table, col);
}

static void
show_report (McReportsPage *self,
             McReport      *report)
{
  GListModel *rows = mc_report_get_rows (report);
  McReportRow *totals = mc_report_get_totals (report);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (rows);

  g_set_object (&self->report, report);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (rows, i));
  g_ptr_array_add (items, g_object_ref (totals));

  /* One splice: one items-changed, and the column view binds only the rows
   * on screen. */
  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       items->pdata, items->len);
  mc_usage_chart_set_report (self->chart, report);

  gtk_stack_set_visible_child_name (self->stack,
                                    mc_report_row_get_total_count (totals) == 0 ? "empty" : "report");
}

static void
report_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(McReportsPage) self = user_data;
  g_autoptr(McReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = mc_client_get_conversation_report_finish (MC_CLIENT (object), result, &error);
  if (report == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      gtk_spinner_set_spinning (self->spinner, FALSE);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  gtk_spinner_set_spinning (self->spinner, FALSE);
  show_report (self, report);
}

static void
load (McReportsPage *self)
{
  McAccount *account;
  GDate from, to;

  g_clear_handle_id (&self->reload_id, g_source_remove);

  if (self->session == NULL)
    return;

  account = mc_session_get_account (self->session);
  if (!mc_account_get_loaded (account))
    {
      self->dirty = TRUE;
      return;
    }

  self->dirty = FALSE;
  /* The day may have turned since the last load. */
  mc_range_picker_set_timezone (self->range_picker, mc_account_get_timezone (account));
  mc_range_picker_get_range (self->range_picker, &from, &to);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->report == NULL || g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "report") != 0)
    {
      gtk_spinner_set_spinning (self->spinner, TRUE);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }

  mc_client_get_conversation_report_async (mc_session_get_client (self->session), &from, &to,
                                           self->group, self->cancellable, report_cb,
                                           g_object_ref (self));
}

/* Loads now when shown, else once the page is shown. */
static void
invalidate (McReportsPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load (self);
  else
    self->dirty = TRUE;
}

static gboolean
reload_timeout_cb (gpointer user_data)
{
  McReportsPage *self = user_data;

  self->reload_id = 0;
  invalidate (self);

  return G_SOURCE_REMOVE;
}

static void
resynced_cb (McReportsPage *self)
{
  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_timeout_cb, self);
}

static void
range_changed_cb (McReportsPage *self)
{
  invalidate (self);
}

static void
group_toggled_cb (McReportsPage   *self,
                  GtkToggleButton *button)
{
  McReportGroup group;

  if (!gtk_toggle_button_get_active (button))
    return;

  if (button == self->week_button)
    group = MC_REPORT_GROUP_WEEK;
  else if (button == self->month_button)
    group = MC_REPORT_GROUP_MONTH;
  else
    group = MC_REPORT_GROUP_DAY;

  if (group == self->group)
    return;

  self->group = group;
  invalidate (self);
}

static void
metric_toggled_cb (McReportsPage   *self,
                   GtkToggleButton *button)
{
  if (!gtk_toggle_button_get_active (button))
    return;

  mc_usage_chart_set_metric (self->chart, button == self->spend_button ? MC_CHART_METRIC_SPEND
                                                                       : MC_CHART_METRIC_CONVERSATIONS);
}

static void
retry_cb (McReportsPage *self)
{
  load (self);
}

static void
account_loaded_cb (McReportsPage *self)
{
  if (self->dirty)
    invalidate (self);
}

static void
mc_reports_page_map (GtkWidget *widget)
{
  McReportsPage *self = MC_REPORTS_PAGE (widget);

  GTK_WIDGET_CLASS (mc_reports_page_parent_class)->map (widget);

  if (self->dirty)
    load (self);
}

static void
mc_reports_page_dispose (GObject *object)
{
  McReportsPage *self = MC_REPORTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (mc_session_get_stream (self->session), self);
      g_signal_handlers_disconnect_by_data (mc_session_get_account (self->session), self);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_REPORTS_PAGE);
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }

  G_OBJECT_CLASS (mc_reports_page_parent_class)->dispose (object);
}

static void
mc_reports_page_finalize (GObject *object)
{
  McReportsPage *self = MC_REPORTS_PAGE (object);

  g_clear_object (&self->session);
  g_clear_object (&self->report);
  g_clear_object (&self->rows);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (mc_reports_page_parent_class)->finalize (object);
}

static void
mc_reports_page_class_init (McReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_reports_page_dispose;
  object_class->finalize = mc_reports_page_finalize;
  widget_class->map = mc_reports_page_map;

  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (MC_TYPE_RANGE_PICKER);
  g_type_ensure (MC_TYPE_USAGE_CHART);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/messagecredits/MessageCredits/mc-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McReportsPage, range_picker);
  gtk_widget_class_bind_template_child (widget_class, McReportsPage, day_button);
  gtk_widget_class_bind_template_child (widget_class, McReportsPage, week_button);
  gtk_widget_class_bind_template_child (widget_class, McReportsPage, month_button);
  gtk_widget_class_bind_template_child (widget_class, McReportsPage, count_button);
  gtk_widget_class_bind_template_child (widget_class, McReportsPage, spend_button);
  gtk_widget_class_bind_template_child (widget_class, McReportsPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, McReportsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, McReportsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, McReportsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, McReportsPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, McReportsPage, chart);
  gtk_widget_class_bind_template_child (widget_class, McReportsPage, table);
  gtk_widget_class_bind_template_callback (widget_class, range_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, group_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, metric_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_cb);
}

static void
mc_reports_page_init (McReportsPage *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->group = MC_REPORT_GROUP_DAY;
  self->rows = g_list_store_new (MC_TYPE_REPORT_ROW);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));
  gtk_column_view_set_model (self->table, GTK_SELECTION_MODEL (selection));

  add_column (self, _("Period"), COLUMN_PERIOD);
  add_column (self, _("Free"), MC_CONVERSATION_CATEGORY_FREE);
  add_column (self, _("Business-initiated"), MC_CONVERSATION_CATEGORY_BUSINESS_INITIATED);
  add_column (self, _("User-initiated"), MC_CONVERSATION_CATEGORY_USER_INITIATED);
  add_column (self, _("Total"), COLUMN_TOTAL);

  mc_widget_set_accessible_label (GTK_WIDGET (self->export_button), _("Export CSV…"));
  mc_widget_set_accessible_label (GTK_WIDGET (self->retry_button), _("Try Again"));
}

/**
 * mc_reports_page_set_session:
 * @self: the page
 * @session: (nullable): the session to report on
 */
void
mc_reports_page_set_session (McReportsPage *self,
                             McSession     *session)
{
  g_return_if_fail (MC_IS_REPORTS_PAGE (self));
  g_return_if_fail (session == NULL || MC_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (mc_session_get_stream (self->session), self);
      g_signal_handlers_disconnect_by_data (mc_session_get_account (self->session), self);
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_set_object (&self->session, session);
  g_clear_object (&self->report);
  g_list_store_remove_all (self->rows);
  mc_usage_chart_set_report (self->chart, NULL);

  if (session == NULL)
    return;

  g_signal_connect_object (mc_session_get_stream (session), "resynced",
                           G_CALLBACK (resynced_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (mc_session_get_account (session), "notify::loaded",
                           G_CALLBACK (account_loaded_cb), self, G_CONNECT_SWAPPED);
  invalidate (self);
}

/**
 * mc_reports_page_get_range_picker:
 *
 * Returns: (transfer none): the range picker
 */
McRangePicker *
mc_reports_page_get_range_picker (McReportsPage *self)
{
  g_return_val_if_fail (MC_IS_REPORTS_PAGE (self), NULL);

  return self->range_picker;
}

/**
 * mc_reports_page_get_chart:
 *
 * Returns: (transfer none): the chart
 */
McUsageChart *
mc_reports_page_get_chart (McReportsPage *self)
{
  g_return_val_if_fail (MC_IS_REPORTS_PAGE (self), NULL);

  return self->chart;
}

void
mc_reports_page_set_group (McReportsPage *self,
                           McReportGroup  group)
{
  g_return_if_fail (MC_IS_REPORTS_PAGE (self));

  switch (group)
    {
    case MC_REPORT_GROUP_WEEK:
      gtk_toggle_button_set_active (self->week_button, TRUE);
      break;
    case MC_REPORT_GROUP_MONTH:
      gtk_toggle_button_set_active (self->month_button, TRUE);
      break;
    case MC_REPORT_GROUP_DAY:
    default:
      gtk_toggle_button_set_active (self->day_button, TRUE);
      break;
    }
}

/**
 * mc_reports_page_get_report:
 *
 * Returns: (transfer none) (nullable): the report shown
 */
McReport *
mc_reports_page_get_report (McReportsPage *self)
{
  g_return_val_if_fail (MC_IS_REPORTS_PAGE (self), NULL);

  return self->report;
}

/**
 * mc_reports_page_get_table_model:
 *
 * Returns: (transfer none): the table's rows (#McReportRow), the totals last
 */
GListModel *
mc_reports_page_get_table_model (McReportsPage *self)
{
  g_return_val_if_fail (MC_IS_REPORTS_PAGE (self), NULL);

  return G_LIST_MODEL (self->rows);
}

/**
 * mc_reports_page_get_cell_text:
 * @self: the page
 * @row: a row of the table
 * @column: -1 for the period, a #McConversationCategory, or 3 for the total
 *
 * Returns: (transfer full) (nullable): the cell's text as the table shows it
 */
char *
mc_reports_page_get_cell_text (McReportsPage *self,
                               guint          row,
                               int            column)
{
  g_autoptr(McReportRow) item = NULL;

  g_return_val_if_fail (MC_IS_REPORTS_PAGE (self), NULL);

  item = g_list_model_get_item (G_LIST_MODEL (self->rows), row);
  if (item == NULL || self->report == NULL)
    return NULL;

  return cell_text (self->report, item, column);
}

/**
 * mc_reports_page_get_state:
 *
 * Returns: (transfer none): "loading", "error", "empty" or "report"
 */
const char *
mc_reports_page_get_state (McReportsPage *self)
{
  g_return_val_if_fail (MC_IS_REPORTS_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * mc_reports_page_reload:
 *
 * Loads the report again now, shown or not.
 */
void
mc_reports_page_reload (McReportsPage *self)
{
  g_return_if_fail (MC_IS_REPORTS_PAGE (self));

  load (self);
}
