/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "mc-core.h"
#include "mc-export-dialog.h"
#include "mc-trace.h"
#include "mc-util.h"

/* The progress shows at most this often: each change lays the dialog out
 * again and is announced to assistive technology, and a download brings a
 * chunk every few hundred microseconds. */
#define PROGRESS_INTERVAL_MS 100

struct _McExportDialog
{
  AdwWindow             parent_instance;

  /* template widgets */
  GtkButton            *cancel_button;
  GtkButton            *export_button;
  GtkCheckButton       *conversations_check;
  GtkCheckButton       *daily_check;
  McRangePicker        *range_picker;
  GtkBox               *progress_box;
  GtkProgressBar       *progress_bar;
  GtkLabel             *progress_label;
  GtkLabel             *message_label;

  /* owned */
  McSession            *session;
  GtkWindow            *parent_window;  /* outlives us, for GtkWindow's finalize */
  GCancellable         *cancellable;    /* the export in flight */
  GtkFileChooserNative *chooser;
  GFile                *destination;
  char                 *message;
  guint64               expected_rows;  /* 0 while unknown */
  guint64               progress_bytes; /* the last progress reported… */
  guint64               progress_rows;
  guint                 progress_id;    /* …shown when this fires */
  guint                 pulse_id;
  gboolean              busy;
};

G_DEFINE_FINAL_TYPE (McExportDialog, mc_export_dialog, ADW_TYPE_WINDOW)

enum {
  EXPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_message (McExportDialog *self,
              const char     *message)
{
  g_clear_pointer (&self->message, g_free);
  self->message = g_strdup (message);
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static void
set_busy (McExportDialog *self,
          gboolean        busy)
{
  self->busy = busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->conversations_check), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->daily_check), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->range_picker), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_box), busy);
  if (!busy)
    {
      g_clear_handle_id (&self->pulse_id, g_source_remove);
      g_clear_handle_id (&self->progress_id, g_source_remove);
    }
}

static gboolean
pulse_cb (gpointer user_data)
{
  McExportDialog *self = user_data;

  if (self->expected_rows == 0)
    gtk_progress_bar_pulse (self->progress_bar);

  return G_SOURCE_CONTINUE;
}

static gboolean
show_progress_cb (gpointer user_data)
{
  McExportDialog *self = user_data;
  g_autofree char *size = g_format_size (self->progress_bytes);
  g_autofree char *text = NULL;
  guint n = (guint) MIN (self->progress_rows, G_MAXUINT);

  self->progress_id = 0;

  /* Translators: "1200 rows, 80.1 kB" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u row, %s", "%'u rows, %s", n), n, size);
  gtk_label_set_label (self->progress_label, text);

  if (self->expected_rows > 0)
    gtk_progress_bar_set_fraction (self->progress_bar,
                                   MIN (1.0, (double) self->progress_rows / (double) self->expected_rows));

  return G_SOURCE_REMOVE;
}

static void
progress_cb (guint64  bytes,
             guint64  rows,
             gpointer user_data)
{
  McExportDialog *self = user_data;

  if (self->progress_label == NULL || !self->busy)
    return;   /* destroyed or cancelled meanwhile */

  self->progress_bytes = bytes;
  self->progress_rows = rows;
  if (self->progress_id == 0)
    self->progress_id = g_timeout_add (PROGRESS_INTERVAL_MS, show_progress_cb, self);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(McExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_steal_pointer (&self->destination);
  guint64 rows = 0;
  gboolean ok;

  ok = mc_client_export_usage_finish (MC_CLIENT (object), result, NULL, &rows, &error);
  if (self->export_button == NULL)
    return;   /* destroyed meanwhile */

  if (!ok)
    {
      set_busy (self, FALSE);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, _("Export cancelled. No file was written."));
      else
        {
          /* Translators: %s says why */
          g_autofree char *text = g_strdup_printf (_("The export failed: %s No file was written."),
                                                   error->message);

          show_message (self, text);
        }
      return;
    }

  mc_trace_mark ("export-finished");
  gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
  set_busy (self, FALSE);
  g_signal_emit (self, signals[EXPORTED], 0, file, rows);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
expected_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(McExportDialog) self = user_data;
  g_autoptr(McReport) report = NULL;

  report = mc_client_get_conversation_report_finish (MC_CLIENT (object), result, NULL);
  if (report != NULL && self->busy)
    self->expected_rows = mc_report_row_get_total_count (mc_report_get_totals (report));
}

/**
 * mc_export_dialog_export_to:
 * @self: the dialog
 * @file: where to save; replaced only once the whole export arrived
 *
 * Starts the export of the chosen contents and range (what the file chooser
 * does on *Save*).
 */
void
mc_export_dialog_export_to (McExportDialog *self,
                            GFile          *file)
{
  McClient *client;
  McExportKind kind;
  GDate from, to;

  g_return_if_fail (MC_IS_EXPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!self->busy);

  client = mc_session_get_client (self->session);
  kind = mc_export_dialog_get_kind (self);
  mc_range_picker_get_range (self->range_picker, &from, &to);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_set_object (&self->destination, file);

  show_message (self, NULL);
  set_busy (self, TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_label (self->progress_label, _("Starting…"));

  /* The bar moves by rows where their number is known beforehand. */
  self->expected_rows = 0;
  if (kind == MC_EXPORT_KIND_DAILY)
    self->expected_rows = (guint64) (g_date_days_between (&from, &to) + 1) * MC_N_CONVERSATION_CATEGORIES;
  else
    mc_client_get_conversation_report_async (client, &from, &to, MC_REPORT_GROUP_MONTH,
                                             self->cancellable, expected_cb, g_object_ref (self));
  self->pulse_id = g_timeout_add (150, pulse_cb, self);

  mc_trace_mark ("export-started");
  mc_client_export_usage_async (client, &from, &to, kind, file,
                                progress_cb, g_object_ref (self), g_object_unref,
                                self->cancellable, exported_cb, g_object_ref (self));
}

static void
chooser_response_cb (McExportDialog       *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);

  if (file != NULL)
    mc_export_dialog_export_to (self, file);
}

static void
export_clicked_cb (McExportDialog *self)
{
  g_autofree char *name = NULL;
  const char *downloads;

  if (self->busy || self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Save Export"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  name = mc_export_dialog_get_default_name (self);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);

  downloads = g_get_user_special_dir (G_USER_DIRECTORY_DOWNLOAD);
  if (downloads != NULL && g_file_test (downloads, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) folder = g_file_new_for_path (downloads);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
    }

  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
cancel_clicked_cb (McExportDialog *self)
{
  if (self->busy)
    {
      g_cancellable_cancel (self->cancellable);
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static void
kind_toggled_cb (McExportDialog *self)
{
  show_message (self, NULL);
}

static gboolean
mc_export_dialog_close_request (GtkWindow *window)
{
  McExportDialog *self = MC_EXPORT_DIALOG (window);

  /* Closing stops the download; the client removes its temporary file. */
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (mc_export_dialog_parent_class)->close_request (window);
}

static void
mc_export_dialog_dispose (GObject *object)
{
  McExportDialog *self = MC_EXPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  gtk_window_set_transient_for (GTK_WINDOW (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_EXPORT_DIALOG);

  G_OBJECT_CLASS (mc_export_dialog_parent_class)->dispose (object);
}

static void
mc_export_dialog_finalize (GObject *object)
{
  McExportDialog *self = MC_EXPORT_DIALOG (object);
  GtkWindow *parent = g_steal_pointer (&self->parent_window);

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->destination);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (mc_export_dialog_parent_class)->finalize (object);
  g_clear_object (&parent);
}

static void
mc_export_dialog_class_init (McExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = mc_export_dialog_dispose;
  object_class->finalize = mc_export_dialog_finalize;
  window_class->close_request = mc_export_dialog_close_request;

  signals[EXPORTED] = g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                    G_TYPE_FILE, G_TYPE_UINT64);

  g_type_ensure (MC_TYPE_RANGE_PICKER);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/messagecredits/MessageCredits/mc-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, McExportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, McExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, McExportDialog, conversations_check);
  gtk_widget_class_bind_template_child (widget_class, McExportDialog, daily_check);
  gtk_widget_class_bind_template_child (widget_class, McExportDialog, range_picker);
  gtk_widget_class_bind_template_child (widget_class, McExportDialog, progress_box);
  gtk_widget_class_bind_template_child (widget_class, McExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, McExportDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, McExportDialog, message_label);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_toggled_cb);
}

static void
mc_export_dialog_init (McExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  mc_widget_set_accessible_label (GTK_WIDGET (self->cancel_button), _("Cancel"));
  mc_widget_set_accessible_label (GTK_WIDGET (self->export_button), _("Export…"));
  mc_widget_set_accessible_label (GTK_WIDGET (self->conversations_check), _("Conversations"));
  mc_widget_set_accessible_label (GTK_WIDGET (self->daily_check), _("Daily Totals"));
}

/**
 * mc_export_dialog_new:
 * @parent: the main window
 * @session: the session to export from (its account must be loaded)
 *
 * Returns: (transfer none): a new dialog, not yet shown
 */
McExportDialog *
mc_export_dialog_new (GtkWindow *parent,
                      McSession *session)
{
  McExportDialog *self;

  g_return_val_if_fail (MC_IS_SESSION (session), NULL);

  self = g_object_new (MC_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  /* Callbacks in flight keep the dialog alive after it is destroyed; its
   * transient parent must stay valid until then. */
  g_set_object (&self->parent_window, parent);
  self->session = g_object_ref (session);
  mc_range_picker_set_timezone (self->range_picker,
                                mc_account_get_timezone (mc_session_get_account (session)));

  return self;
}

/**
 * mc_export_dialog_get_range_picker:
 *
 * Returns: (transfer none): the range picker
 */
McRangePicker *
mc_export_dialog_get_range_picker (McExportDialog *self)
{
  g_return_val_if_fail (MC_IS_EXPORT_DIALOG (self), NULL);

  return self->range_picker;
}

void
mc_export_dialog_set_kind (McExportDialog *self,
                           McExportKind    kind)
{
  g_return_if_fail (MC_IS_EXPORT_DIALOG (self));

  gtk_check_button_set_active (kind == MC_EXPORT_KIND_DAILY ? self->daily_check
                                                            : self->conversations_check, TRUE);
}

McExportKind
mc_export_dialog_get_kind (McExportDialog *self)
{
  g_return_val_if_fail (MC_IS_EXPORT_DIALOG (self), MC_EXPORT_KIND_CONVERSATIONS);

  return gtk_check_button_get_active (self->daily_check) ? MC_EXPORT_KIND_DAILY
                                                         : MC_EXPORT_KIND_CONVERSATIONS;
}

/**
 * mc_export_dialog_get_default_name:
 *
 * Returns: (transfer full): the file name offered,
 *   "conversations-2026-05-26-to-2026-11-26.csv"
 */
char *
mc_export_dialog_get_default_name (McExportDialog *self)
{
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  GDate from, to;

  g_return_val_if_fail (MC_IS_EXPORT_DIALOG (self), NULL);

  mc_range_picker_get_range (self->range_picker, &from, &to);
  from_text = mc_date_to_string (&from);
  to_text = mc_date_to_string (&to);

  return g_strdup_printf ("%s-%s-to-%s.csv",
                          mc_export_dialog_get_kind (self) == MC_EXPORT_KIND_DAILY ?
                          "daily-totals" : "conversations",
                          from_text, to_text);
}

gboolean
mc_export_dialog_get_busy (McExportDialog *self)
{
  g_return_val_if_fail (MC_IS_EXPORT_DIALOG (self), FALSE);

  return self->busy;
}

/**
 * mc_export_dialog_get_message:
 *
 * Returns: (transfer none) (nullable): the error or cancellation shown
 */
const char *
mc_export_dialog_get_message (McExportDialog *self)
{
  g_return_val_if_fail (MC_IS_EXPORT_DIALOG (self), NULL);

  return self->message;
}

static void
show_items_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GFile) folder = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL)
    {
      g_autofree char *uri = g_file_get_uri (folder);

      /* No file manager on the bus: open the folder instead. */
      g_debug ("FileManager1.ShowItems failed (%s); opening the folder", error->message);
      gtk_show_uri (NULL, uri, GDK_CURRENT_TIME);
    }
}

static void
session_bus_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GFile) file = user_data;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_file_get_uri (file);
  const char *uris[] = { uri, NULL };

  bus = g_bus_get_finish (result, &error);
  if (bus == NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (file);
      g_autofree char *folder_uri = g_file_get_uri (folder);

      gtk_show_uri (NULL, folder_uri, GDK_CURRENT_TIME);
      return;
    }

  g_dbus_connection_call (bus, "org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1", "ShowItems",
                          g_variant_new ("(^ass)", uris, ""), NULL,
                          G_DBUS_CALL_FLAGS_NONE, 5000, NULL,
                          show_items_cb, g_file_get_parent (file));
}

/**
 * mc_show_in_file_manager:
 * @parent: (nullable): the window asking
 * @file: a file to show, selected, in its folder
 *
 * Asks the file manager over D-Bus (`org.freedesktop.FileManager1.ShowItems`;
 * GtkFileLauncher needs GTK 4.10), falling back to opening the folder.
 */
void
mc_show_in_file_manager (GtkWindow *parent,
                         GFile     *file)
{
  g_return_if_fail (G_IS_FILE (file));

  g_bus_get (G_BUS_TYPE_SESSION, NULL, session_bus_cb, g_object_ref (file));
}

/**
 * mc_export_dialog_copy_range:
 * @self: the dialog
 * @picker: a range picker (the Reports page's) whose range to offer
 */
void
mc_export_dialog_copy_range (McExportDialog *self,
                             McRangePicker  *picker)
{
  McRangePreset preset;
  GDate from, to;

  g_return_if_fail (MC_IS_EXPORT_DIALOG (self));
  g_return_if_fail (MC_IS_RANGE_PICKER (picker));

  preset = mc_range_picker_get_preset (picker);
  mc_range_picker_get_range (picker, &from, &to);
  if (preset == MC_RANGE_PRESET_CUSTOM)
    mc_range_picker_set_custom (self->range_picker, &from, &to);
  else
    mc_range_picker_select_preset (self->range_picker, preset);
}

static void
toast_show_file_cb (AdwToast *toast,
                    GFile    *file)
{
  mc_show_in_file_manager (NULL, file);
}

/**
 * mc_export_toast_new:
 * @file: the file written
 * @rows: how many data rows it holds
 *
 * Returns: (transfer full): a toast saying so, whose *Show in Files* button
 *   shows @file in the file manager
 */
AdwToast *
mc_export_toast_new (GFile   *file,
                     guint64  rows)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *text = NULL;
  guint n = (guint) MIN (rows, G_MAXUINT);
  AdwToast *toast;

  /* Translators: %u is a number of rows, %s a file name */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %'u row to %s",
                                       "Exported %'u rows to %s", n), n, name);
  toast = adw_toast_new (text);
  adw_toast_set_button_label (toast, _("_Show in Files"));
  adw_toast_set_timeout (toast, 10);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (toast_show_file_cb),
                         g_object_ref (file), (GClosureNotify) (void (*) (void)) g_object_unref, 0);

  return toast;
}
