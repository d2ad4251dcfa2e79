/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Export CSV against the demo service: the file's rows equal the service's
 * report, and a cancelled export leaves nothing behind. */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "mc-app-test-util.h"
#include "mc-core.h"
#include "mc-export-dialog.h"

typedef struct
{
  GFile   *file;
  guint64  rows;
} Exported;

static void
exported_cb (McExportDialog *dialog,
             GFile          *file,
             guint64         rows,
             Exported       *exported)
{
  exported->file = g_object_ref (file);
  exported->rows = rows;
}

static gboolean
was_exported (gpointer data)
{
  return ((Exported *) data)->file != NULL;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static const char * const categories[] = { "free", "business_initiated", "user_initiated" };

static void
test_daily_matches_report (void)
{
  g_autoptr(McTestService) service = mc_test_service_new_demo ();
  McClient *client = service->client;
  g_autofree char *dir = g_dir_make_tmp ("mc-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "daily.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWidget *parent = gtk_window_new ();
  McExportDialog *dialog = mc_export_dialog_new (GTK_WINDOW (parent),
                                                 mc_test_service_session (service));
  g_autoptr(McReport) report = NULL;
  g_autofree char *name = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GAsyncResult *result = NULL;
  Exported exported = { NULL, 0 };
  GListModel *rows;
  GDate from, to;
  guint n_days;

  g_signal_connect (dialog, "exported", G_CALLBACK (exported_cb), &exported);
  gtk_window_present (GTK_WINDOW (dialog));
  mc_test_wait_until (is_mapped, mc_export_dialog_get_range_picker (dialog), 5000,
                      "the dialog");
  /* Each key once: the presets' and the dialog's own (C_onversations…). */
  mc_test_assert_mnemonics (GTK_WIDGET (dialog), NULL);
  mc_range_picker_select_preset (mc_export_dialog_get_range_picker (dialog),
                                 MC_RANGE_PRESET_LAST_30_DAYS);
  mc_export_dialog_set_kind (dialog, MC_EXPORT_KIND_DAILY);
  mc_range_picker_get_range (mc_export_dialog_get_range_picker (dialog), &from, &to);

  name = mc_export_dialog_get_default_name (dialog);
  g_assert_true (g_str_has_prefix (name, "daily-totals-"));
  g_assert_true (g_str_has_suffix (name, ".csv"));

  mc_export_dialog_export_to (dialog, file);
  g_assert_true (mc_export_dialog_get_busy (dialog));
  mc_test_wait_until (was_exported, &exported, 20000, "the export");

  n_days = (guint) g_date_days_between (&from, &to) + 1;
  g_assert_cmpuint (n_days, ==, 30);
  g_assert_cmpuint (exported.rows, ==, n_days * 3);

  mc_client_get_conversation_report_async (client, &from, &to, MC_REPORT_GROUP_DAY, NULL,
                                           mc_test_result_cb, &result);
  report = mc_client_get_conversation_report_finish (client,
                                                     mc_test_wait_result (&result, "the report"),
                                                     NULL);
  g_clear_object (&result);
  g_assert_nonnull (report);
  rows = mc_report_get_rows (report);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n_days);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "date,category,count,cost,currency");
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + n_days * 3 + 1);   /* trailing CRLF */

  for (guint d = 0; d < n_days; d++)
    {
      g_autoptr(McReportRow) row = g_list_model_get_item (rows, d);

      for (guint c = 0; c < 3; c++)
        {
          g_autofree char *cost = mc_money_to_string (mc_report_row_get_cost (row, c));
          g_autofree char *line = g_strdup_printf ("%s,%s,%" G_GUINT64_FORMAT ",%s,INR",
                                                   mc_report_row_get_period (row), categories[c],
                                                   mc_report_row_get_count (row, c), cost);

          g_assert_cmpstr (lines[1 + d * 3 + c], ==, line);
        }
    }

  g_clear_object (&exported.file);
  gtk_window_destroy (GTK_WINDOW (parent));
  mc_test_remove_tree (dir);
}

static gboolean
not_busy (gpointer data)
{
  return !mc_export_dialog_get_busy (data);
}

static void
test_cancel_leaves_nothing (void)
{
  g_autoptr(McTestService) service = mc_test_service_new_demo ();
  g_autofree char *dir = g_dir_make_tmp ("mc-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "conversations.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWidget *parent = gtk_window_new ();
  McExportDialog *dialog = mc_export_dialog_new (GTK_WINDOW (parent),
                                                 mc_test_service_session (service));
  g_autoptr(GDir) listing = NULL;
  GtkWidget *cancel;

  gtk_window_present (GTK_WINDOW (dialog));
  mc_range_picker_select_preset (mc_export_dialog_get_range_picker (dialog),
                                 MC_RANGE_PRESET_LAST_6_MONTHS);
  mc_export_dialog_export_to (dialog, file);
  g_assert_true (mc_export_dialog_get_busy (dialog));

  /* Cancel, as the button does, while the download runs. */
  cancel = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), MC_TYPE_EXPORT_DIALOG,
                                                      "cancel_button"));
  g_signal_emit_by_name (cancel, "clicked");
  mc_test_wait_until (not_busy, dialog, 10000, "the export to stop");

  g_assert_cmpstr (mc_export_dialog_get_message (dialog), ==,
                   "Export cancelled. No file was written.");
  listing = g_dir_open (dir, 0, NULL);
  g_assert_null (g_dir_read_name (listing));

  gtk_window_destroy (GTK_WINDOW (parent));
  mc_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/mc/export/daily-matches-report", test_daily_matches_report);
  g_test_add_func ("/mc/export/cancel-leaves-nothing", test_cancel_leaves_nothing);

  return g_test_run ();
}
