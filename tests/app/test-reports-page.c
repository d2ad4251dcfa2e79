/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The Reports page against the demo service: the range presets and the
 * six-month limit, and that the chart and the table show exactly the
 * report's figures. */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "mc-app-test-util.h"
#include "mc-core.h"
#include "mc-reports-page.h"

static void
set_date (GDate *date,
          int    year,
          int    month,
          int    day)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static void
assert_range (McRangePicker *picker,
              const char    *from,
              const char    *to)
{
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  GDate f, t;

  mc_range_picker_get_range (picker, &f, &t);
  from_text = mc_date_to_string (&f);
  to_text = mc_date_to_string (&t);
  g_assert_cmpstr (from_text, ==, from);
  g_assert_cmpstr (to_text, ==, to);
}

static void
test_presets_and_limits (void)
{
  McRangePicker *picker = g_object_ref_sink (mc_range_picker_new ());
  guint changed = 0;
  GDate today, from, to;

  g_signal_connect_swapped (picker, "changed", G_CALLBACK (g_atomic_int_inc), &changed);

  /* 31 August 2028: six months back is 29 February (a leap year). */
  set_date (&today, 2028, 8, 31);
  mc_range_picker_set_today (picker, &today);

  mc_range_picker_select_preset (picker, MC_RANGE_PRESET_THIS_MONTH);
  assert_range (picker, "2028-08-01", "2028-08-31");
  mc_range_picker_select_preset (picker, MC_RANGE_PRESET_LAST_30_DAYS);
  assert_range (picker, "2028-08-02", "2028-08-31");
  mc_range_picker_select_preset (picker, MC_RANGE_PRESET_LAST_3_MONTHS);
  assert_range (picker, "2028-05-31", "2028-08-31");
  mc_range_picker_select_preset (picker, MC_RANGE_PRESET_LAST_6_MONTHS);
  assert_range (picker, "2028-02-29", "2028-08-31");
  g_assert_cmpuint (changed, >=, 4);
  g_assert_null (mc_range_picker_get_message (picker));

  /* A day before the window is refused, with the earliest day named. */
  set_date (&from, 2028, 2, 28);
  set_date (&to, 2028, 3, 31);
  g_assert_cmpint (mc_range_picker_set_custom (picker, &from, &to), ==, MC_RANGE_TOO_OLD);
  g_assert_nonnull (mc_range_picker_get_message (picker));
  g_assert_true (strstr (mc_range_picker_get_message (picker), "2028") != NULL);
  assert_range (picker, "2028-02-29", "2028-08-31");
  g_assert_cmpint (mc_range_picker_get_preset (picker), ==, MC_RANGE_PRESET_LAST_6_MONTHS);

  /* After today, and backwards, are refused too. */
  set_date (&from, 2028, 8, 1);
  set_date (&to, 2028, 9, 1);
  g_assert_cmpint (mc_range_picker_set_custom (picker, &from, &to), ==, MC_RANGE_INVALID);
  set_date (&from, 2028, 8, 10);
  set_date (&to, 2028, 8, 9);
  g_assert_cmpint (mc_range_picker_set_custom (picker, &from, &to), ==, MC_RANGE_INVALID);
  g_assert_nonnull (mc_range_picker_get_message (picker));

  /* The first day of the window is fine; the message goes. */
  set_date (&from, 2028, 2, 29);
  set_date (&to, 2028, 3, 15);
  g_assert_cmpint (mc_range_picker_set_custom (picker, &from, &to), ==, MC_RANGE_OK);
  g_assert_null (mc_range_picker_get_message (picker));
  assert_range (picker, "2028-02-29", "2028-03-15");
  g_assert_cmpint (mc_range_picker_get_preset (picker), ==, MC_RANGE_PRESET_CUSTOM);

  g_object_unref (picker);
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* The next midnight in the account's zone, whatever the machine's. */
static void
test_seconds_to_next_day (void)
{
  g_autoptr(GDateTime) evening = g_date_time_new_utc (2028, 8, 31, 18, 0, 0);
  g_autoptr(GDateTime) after = g_date_time_new_utc (2028, 8, 31, 18, 30, 1);
  g_autoptr(GDateTime) last_second = g_date_time_new_utc (2028, 8, 31, 23, 59, 59);

  /* 23:30 in Kolkata (UTC+5:30), 18:00 in UTC. */
  g_assert_cmpuint (mc_seconds_to_next_day ("Asia/Kolkata", evening), ==, 30 * 60);
  g_assert_cmpuint (mc_seconds_to_next_day ("UTC", evening), ==, 6 * 3600);
  g_assert_cmpuint (mc_seconds_to_next_day (NULL, evening), ==, 6 * 3600);
  /* Just past midnight in Kolkata: a whole day to go. */
  g_assert_cmpuint (mc_seconds_to_next_day ("Asia/Kolkata", after), ==, 24 * 3600 - 1);
  g_assert_cmpuint (mc_seconds_to_next_day ("UTC", last_second), ==, 1);
}

/* Once it knows the account's zone the picker follows the day: a timeout to
 * the next midnight there, and a new day moves the preset range, once. */
static void
test_follows_day (void)
{
  McRangePicker *picker = g_object_ref_sink (mc_range_picker_new ());
  guint changed = 0;
  GtkWidget *window;
  guint seconds;
  GDate today, tomorrow, yesterday, from, to;

  g_assert_cmpuint (mc_range_picker_get_next_day_timeout (picker), ==, 0);

  mc_range_picker_set_timezone (picker, "Asia/Kolkata");
  seconds = mc_range_picker_get_next_day_timeout (picker);
  g_assert_cmpuint (seconds, >, 0);
  g_assert_cmpuint (seconds, <=, 25 * 3600 + 5);

  mc_today_in_timezone ("Asia/Kolkata", &today);
  mc_range_picker_get_today (picker, &from);
  g_assert_cmpint (g_date_compare (&from, &today), ==, 0);

  mc_range_picker_select_preset (picker, MC_RANGE_PRESET_LAST_6_MONTHS);
  g_signal_connect_swapped (picker, "changed", G_CALLBACK (g_atomic_int_inc), &changed);

  /* What the timeout does at midnight. */
  tomorrow = today;
  g_date_add_days (&tomorrow, 1);
  mc_range_picker_set_today (picker, &tomorrow);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpint (mc_range_picker_get_preset (picker), ==, MC_RANGE_PRESET_LAST_6_MONTHS);
  mc_range_picker_get_range (picker, &from, &to);
  g_assert_cmpint (g_date_compare (&to, &tomorrow), ==, 0);
  mc_window_earliest (&tomorrow, &today);
  g_assert_cmpint (g_date_compare (&from, &today), ==, 0);

  /* The same day again changes nothing. */
  mc_range_picker_set_today (picker, &tomorrow);
  g_assert_cmpuint (changed, ==, 1);

  /* A new zone keeps a timeout (one, replaced). */
  mc_range_picker_set_timezone (picker, "America/New_York");
  g_assert_cmpuint (mc_range_picker_get_next_day_timeout (picker), >, 0);

  /* Woken from sleep a day late (the timeout had not fired): shown again,
   * the picker takes today. */
  mc_today_in_timezone ("America/New_York", &today);
  yesterday = today;
  g_date_subtract_days (&yesterday, 1);
  mc_range_picker_set_today (picker, &yesterday);
  changed = 0;
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (picker));
  gtk_window_present (GTK_WINDOW (window));
  mc_test_wait_until (is_mapped, picker, 5000, "the picker");
  g_assert_cmpuint (changed, ==, 1);
  mc_range_picker_get_range (picker, &from, &to);
  g_assert_cmpint (g_date_compare (&to, &today), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (picker);
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type,
           guint      nth)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && nth-- == 0)
        return child;
      found = find_type (child, type, nth);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
popover_shown (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static gboolean
popover_gone (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

static void
flag_set (gboolean *flag)
{
  *flag = TRUE;
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
pick_day (GtkCalendar *calendar,
          int          year,
          int          month,
          int          day)
{
  g_autoptr(GDateTime) time = g_date_time_new_local (year, month, day, 12, 0, 0);

  /* What a click on the day (or Space on it) does: select it and say so. */
  gtk_calendar_select_day (calendar, time);
}

/* The From calendar: a day outside the six-month window is refused and the
 * calendar stays open to pick again; a good day closes it. */
static void
test_date_popover (void)
{
  GtkWidget *window = gtk_window_new ();
  McRangePicker *picker = mc_range_picker_new ();
  GtkMenuButton *from_button;
  GtkPopover *popover;
  GtkCalendar *calendar;
  gboolean moved = FALSE;
  GDate today;

  set_date (&today, 2028, 8, 31);
  mc_range_picker_set_today (picker, &today);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (picker));
  gtk_window_present (GTK_WINDOW (window));

  from_button = GTK_MENU_BUTTON (find_type (GTK_WIDGET (picker), GTK_TYPE_MENU_BUTTON, 0));
  popover = gtk_menu_button_get_popover (from_button);
  calendar = GTK_CALENDAR (gtk_popover_get_child (popover));
  g_assert_true (GTK_IS_CALENDAR (calendar));

  gtk_menu_button_popup (from_button);
  mc_test_wait_until (popover_shown, popover, 5000, "the From calendar");

  /* Moving to another month (the calendar's first arrow) picks nothing. */
  g_signal_connect_swapped (calendar, "prev-month", G_CALLBACK (flag_set), &moved);
  gtk_widget_activate (find_type (GTK_WIDGET (calendar), GTK_TYPE_BUTTON, 0));
  mc_test_wait_until (flag_is_set, &moved, 5000, "the previous month");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  assert_range (picker, "2028-08-02", "2028-08-31");

  pick_day (calendar, 2027, 12, 1);
  g_assert_nonnull (mc_range_picker_get_message (picker));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  assert_range (picker, "2028-08-02", "2028-08-31");

  pick_day (calendar, 2028, 7, 15);
  g_assert_null (mc_range_picker_get_message (picker));
  assert_range (picker, "2028-07-15", "2028-08-31");
  mc_test_wait_until (popover_gone, popover, 5000, "the From calendar to close");

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  McReportsPage *page;
  char          *from;
  McReportGroup  group;
} ReportWait;

static gboolean
report_shown (gpointer data)
{
  ReportWait *wait = data;
  McReport *report = mc_reports_page_get_report (wait->page);

  return report != NULL &&
         g_strcmp0 (mc_reports_page_get_state (wait->page), "report") == 0 &&
         g_strcmp0 (mc_report_get_from (report), wait->from) == 0 &&
         mc_report_get_group (report) == wait->group;
}

static void
test_chart_and_table (void)
{
  g_autoptr(McTestService) service = mc_test_service_new_demo ();
  McClient *client = service->client;
  GtkWidget *window = gtk_window_new ();
  McReportsPage *page = g_object_new (MC_TYPE_REPORTS_PAGE, NULL);
  McRangePicker *picker = mc_reports_page_get_range_picker (page);
  McUsageChart *chart = mc_reports_page_get_chart (page);
  g_autoptr(McReport) expected = NULL;
  GAsyncResult *result = NULL;
  ReportWait wait = { page, NULL, MC_REPORT_GROUP_WEEK };
  GListModel *rows, *table;
  McReportRow *totals;
  guint64 sum_counts[MC_N_CONVERSATION_CATEGORIES] = { 0 };
  gint64 sum_cost = 0;
  GDate from, to;
  guint n;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  mc_test_wait_until (is_mapped, picker, 5000, "the page");
  /* Each key once, none the window's: Alt+1…4 (the pages), _Add Credits,
   * _Broadcasts, _Dashboard, _Payments, _Reports. */
  mc_test_assert_mnemonics (window, "1234abdpr");
  mc_reports_page_set_session (page, mc_test_service_session (service));

  mc_range_picker_select_preset (picker, MC_RANGE_PRESET_LAST_6_MONTHS);
  mc_reports_page_set_group (page, MC_REPORT_GROUP_WEEK);
  mc_range_picker_get_range (picker, &from, &to);
  wait.from = mc_date_to_string (&from);
  mc_test_wait_until (report_shown, &wait, 15000, "the six-month report by week");

  /* The same report, asked for directly. */
  mc_client_get_conversation_report_async (client, &from, &to, MC_REPORT_GROUP_WEEK, NULL,
                                           mc_test_result_cb, &result);
  expected = mc_client_get_conversation_report_finish (client,
                                                       mc_test_wait_result (&result, "the report"),
                                                       NULL);
  g_clear_object (&result);
  g_assert_nonnull (expected);

  rows = mc_report_get_rows (expected);
  n = g_list_model_get_n_items (rows);
  g_assert_cmpuint (n, >=, 26);
  g_assert_cmpuint (mc_usage_chart_get_n_bars (chart), ==, n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McReportRow) row = g_list_model_get_item (rows, i);
      gint64 bar = 0;

      for (guint c = 0; c < MC_N_CONVERSATION_CATEGORIES; c++)
        {
          g_assert_cmpint (mc_usage_chart_get_segment (chart, i, c), ==,
                           (gint64) mc_report_row_get_count (row, c));
          bar += mc_usage_chart_get_segment (chart, i, c);
          sum_counts[c] += mc_report_row_get_count (row, c);
        }
      g_assert_cmpint (bar, <=, mc_usage_chart_get_axis_max (chart));
      sum_cost += mc_report_row_get_total_cost (row);
    }

  /* Every month of the demo has usage. */
  totals = mc_report_get_totals (expected);
  g_assert_cmpuint (mc_report_row_get_total_count (totals), >, 0);
  for (guint c = 0; c < MC_N_CONVERSATION_CATEGORIES; c++)
    g_assert_cmpuint (sum_counts[c], ==, mc_report_row_get_count (totals, c));
  g_assert_cmpint (sum_cost, ==, mc_report_row_get_total_cost (totals));

  /* Spend: the segments are the costs. */
  mc_usage_chart_set_metric (chart, MC_CHART_METRIC_SPEND);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McReportRow) row = g_list_model_get_item (rows, i);

      for (guint c = 0; c < MC_N_CONVERSATION_CATEGORIES; c++)
        g_assert_cmpint (mc_usage_chart_get_segment (chart, i, c), ==,
                         mc_report_row_get_cost (row, c));
    }

  /* The tooltip names the week and the total. */
  {
    g_autofree char *tip = mc_usage_chart_describe_bar (chart, n - 1);
    g_autoptr(McReportRow) last = g_list_model_get_item (rows, n - 1);
    g_autofree char *cost = mc_money_format (mc_report_row_get_total_cost (last), MC_CURRENCY_INR);

    g_assert_true (g_str_has_prefix (tip, "Week of "));
    g_assert_true (strstr (tip, cost) != NULL);
  }

  /* The table: one row per period, then the totals as the service added them. */
  table = mc_reports_page_get_table_model (page);
  g_assert_cmpuint (g_list_model_get_n_items (table), ==, n + 1);
  {
    g_autofree char *label = mc_reports_page_get_cell_text (page, n, -1);
    g_autofree char *total = mc_reports_page_get_cell_text (page, n, MC_N_CONVERSATION_CATEGORIES);
    g_autofree char *cost = mc_money_format (mc_report_row_get_total_cost (totals), MC_CURRENCY_INR);
    g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT " · ",
                                              mc_report_row_get_total_count (totals));

    g_assert_cmpstr (label, ==, "Total");
    g_assert_true (g_str_has_prefix (total, count));
    g_assert_true (g_str_has_suffix (total, cost));
  }

  /* Another range and grouping: a new report replaces the old. */
  mc_range_picker_select_preset (picker, MC_RANGE_PRESET_THIS_MONTH);
  mc_reports_page_set_group (page, MC_REPORT_GROUP_DAY);
  mc_range_picker_get_range (picker, &from, &to);
  g_free (wait.from);
  wait.from = mc_date_to_string (&from);
  wait.group = MC_REPORT_GROUP_DAY;
  mc_test_wait_until (report_shown, &wait, 15000, "this month by day");
  g_assert_cmpuint (mc_usage_chart_get_n_bars (chart), ==, g_date_get_day (&to));

  g_free (wait.from);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/mc/reports/presets-and-limits", test_presets_and_limits);
  g_test_add_func ("/mc/reports/seconds-to-next-day", test_seconds_to_next_day);
  g_test_add_func ("/mc/reports/follows-day", test_follows_day);
  g_test_add_func ("/mc/reports/date-popover", test_date_popover);
  g_test_add_func ("/mc/reports/chart-and-table", test_chart_and_table);

  return g_test_run ();
}
