/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "mc-broadcast-dialog.h"
#include "mc-core.h"
#include "mc-recipients.h"
#include "mc-util.h"

#define ESTIMATE_DELAY_MS 300
#define MAX_IMPORT_SIZE (8 * 1024 * 1024)
#define MAX_NAME 200
#define MAX_INVALID_SHOWN 10

struct _McBroadcastDialog
{
  AdwWindow             parent_instance;

  /* template widgets */
  GtkButton            *cancel_button;
  GtkButton            *create_button;
  GtkLabel             *restricted_label;
  AdwEntryRow          *name_row;
  GtkButton            *import_button;
  GtkTextView          *recipients_view;
  GtkLabel             *summary_label;
  GtkLabel             *invalid_label;
  GtkCheckButton       *now_check;
  GtkCheckButton       *later_check;
  GtkBox               *when_box;
  GtkMenuButton        *date_button;
  GtkCalendar          *calendar;
  GtkSpinButton        *hour_spin;
  GtkSpinButton        *minute_spin;
  AdwActionRow         *cost_row;
  GtkSpinner           *estimate_spinner;
  GtkLabel             *cost_label;
  GtkLabel             *balance_label;
  GtkBox               *warning_box;
  GtkLabel             *warning_label;
  GtkButton            *add_credits_button;
  GtkLabel             *message_label;

  /* owned */
  McSession            *session;
  GtkWindow            *parent_window;  /* outlives us, for GtkWindow's finalize */
  McRecipients         *recipients;
  McBroadcastEstimate  *estimate;
  GCancellable         *estimate_cancellable;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  char                 *idempotency_key;
  char                 *warning;
  char                 *summary;
  guint                 estimate_id;
  gboolean              estimating;
  gboolean              busy;
};

G_DEFINE_FINAL_TYPE (McBroadcastDialog, mc_broadcast_dialog, ADW_TYPE_WINDOW)

enum {
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static McAccount *
get_account (McBroadcastDialog *self)
{
  return mc_session_get_account (self->session);
}

static gboolean
is_restricted (McBroadcastDialog *self)
{
  return mc_account_get_state (get_account (self)) == MC_ACCOUNT_STATE_RESTRICTED;
}

static GDateTime *
get_schedule (McBroadcastDialog *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->calendar);

  return g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                g_date_time_get_day_of_month (day),
                                gtk_spin_button_get_value_as_int (self->hour_spin),
                                gtk_spin_button_get_value_as_int (self->minute_spin), 0);
}

static gboolean
schedule_is_future (McBroadcastDialog *self)
{
  g_autoptr(GDateTime) when = get_schedule (self);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_compare (when, now) > 0;
}

static void
show_message (McBroadcastDialog *self,
              const char        *message)
{
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static void
set_warning (McBroadcastDialog *self,
             const char        *warning,
             gboolean           offer_credits)
{
  g_clear_pointer (&self->warning, g_free);
  self->warning = g_strdup (warning);
  gtk_label_set_label (self->warning_label, warning != NULL ? warning : "");
  gtk_widget_set_visible (GTK_WIDGET (self->warning_box), warning != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->add_credits_button), offer_credits);
}

static void
update (McBroadcastDialog *self)
{
  McAccount *account;
  McCurrency currency;
  gboolean restricted;
  gboolean later = gtk_check_button_get_active (self->later_check);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  glong name_length = g_utf8_strlen (name, -1);
  guint n = self->recipients != NULL ? self->recipients->n_valid : 0;
  gboolean can_create;
  g_autofree char *balance = NULL;
  g_autoptr(GDateTime) when = get_schedule (self);
  g_autofree char *when_text = g_date_time_format (when, _("%-d %b %Y"));

  if (self->session == NULL)
    return;   /* still being built */

  account = get_account (self);
  currency = mc_account_get_currency (account);
  restricted = is_restricted (self);
  balance = mc_money_format (mc_account_get_balance (account), currency);

  gtk_menu_button_set_label (self->date_button, when_text);
  gtk_label_set_label (self->balance_label, balance);
  gtk_widget_set_visible (GTK_WIDGET (self->restricted_label), restricted);
  gtk_widget_set_sensitive (GTK_WIDGET (self->when_box), later);
  gtk_button_set_label (self->create_button, later ? _("_Schedule") : _("_Send Now"));
  mc_widget_set_accessible_label (GTK_WIDGET (self->create_button),
                                  later ? _("Schedule") : _("Send Now"));

  gtk_spinner_set_spinning (self->estimate_spinner, self->estimating);
  gtk_widget_set_visible (GTK_WIDGET (self->estimate_spinner), self->estimating);

  if (self->estimate != NULL && !self->estimating)
    {
      g_autofree char *cost = mc_money_format (mc_broadcast_estimate_get_estimated_cost (self->estimate),
                                               currency);
      g_autofree char *rate = mc_money_format (mc_broadcast_estimate_get_rate (self->estimate),
                                               currency);
      guint count = (guint) MIN (mc_broadcast_estimate_get_recipients (self->estimate), G_MAXUINT);
      /* Translators: "1200 recipients × ₹0.80" */
      g_autofree char *detail =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u recipient × %s", "%'u recipients × %s",
                                      count), count, rate);

      gtk_label_set_label (self->cost_label, cost);
      adw_action_row_set_subtitle (self->cost_row, detail);
    }
  else if (!self->estimating)
    {
      gtk_label_set_label (self->cost_label, "—");
      adw_action_row_set_subtitle (self->cost_row, n == 0 ? _("Add recipients to see the cost") : "");
    }

  if (restricted)
    set_warning (self, _("Your account is restricted: nothing can be sent until you add credits."),
                 TRUE);
  else if (self->estimate != NULL && !self->estimating &&
           !mc_broadcast_estimate_get_sufficient (self->estimate))
    {
      g_autofree char *cost = mc_money_format (mc_broadcast_estimate_get_estimated_cost (self->estimate),
                                               currency);
      g_autofree char *shortfall = mc_money_format (mc_broadcast_estimate_get_shortfall (self->estimate),
                                                    currency);
      g_autofree char *text = NULL;

      if (later)
        /* Translators: amounts of money: the cost, the balance, the shortfall */
        text = g_strdup_printf (_("Insufficient balance: this broadcast needs %s but the balance is %s, "
                                  "short by %s. It will fail unless you add credits before it is due."),
                                cost, balance, shortfall);
      else
        /* Translators: amounts of money: the cost, the balance, the shortfall */
        text = g_strdup_printf (_("Insufficient balance: this broadcast needs %s but the balance is %s, "
                                  "short by %s. Add credits to send it."),
                                cost, balance, shortfall);
      set_warning (self, text, TRUE);
    }
  else
    set_warning (self, NULL, FALSE);

  can_create = !self->busy && !restricted &&
               name_length >= 1 && name_length <= MAX_NAME &&
               n >= 1 && n <= MC_RECIPIENTS_MAX;
  if (later)
    can_create = can_create && schedule_is_future (self);
  else
    /* A broadcast sent now that the balance cannot cover would only fail. */
    can_create = can_create && !self->estimating && self->estimate != NULL &&
                 mc_broadcast_estimate_get_sufficient (self->estimate);

  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), can_create);
}

static void
estimate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(McBroadcastDialog) self = user_data;
  g_autoptr(McBroadcastEstimate) estimate = NULL;
  g_autoptr(GError) error = NULL;

  estimate = mc_client_estimate_broadcast_finish (MC_CLIENT (object), result, &error);
  if (estimate == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->create_button == NULL)
    return;   /* destroyed meanwhile */

  self->estimating = FALSE;
  g_set_object (&self->estimate, estimate);
  show_message (self, estimate == NULL ? error->message : NULL);
  update (self);
}

static void
parse_recipients (McBroadcastDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->recipients_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autoptr(GString) summary = g_string_new (NULL);
  guint n_invalid;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  mc_recipients_free (self->recipients);
  self->recipients = mc_recipients_parse (text);
  n_invalid = g_strv_length (self->recipients->invalid);

  if (self->recipients->n_valid == 0 && n_invalid == 0)
    g_string_append (summary, _("No numbers yet"));
  else
    g_string_append_printf (summary,
                            g_dngettext (GETTEXT_PACKAGE, "%'u number", "%'u numbers",
                                         self->recipients->n_valid),
                            self->recipients->n_valid);
  if (self->recipients->duplicates > 0)
    {
      g_string_append (summary, " · ");
      g_string_append_printf (summary,
                              g_dngettext (GETTEXT_PACKAGE, "%u repeat removed",
                                           "%u repeats removed", self->recipients->duplicates),
                              self->recipients->duplicates);
    }
  if (self->recipients->n_valid > MC_RECIPIENTS_MAX)
    {
      g_string_append (summary, " · ");
      g_string_append_printf (summary, _("at most %u per broadcast"), MC_RECIPIENTS_MAX);
    }
  g_free (self->summary);
  self->summary = g_strdup (summary->str);
  gtk_label_set_label (self->summary_label, summary->str);

  gtk_widget_set_visible (GTK_WIDGET (self->invalid_label), n_invalid > 0);
  if (n_invalid > 0)
    {
      g_autoptr(GString) list = g_string_new (NULL);

      for (guint i = 0; i < n_invalid && i < MAX_INVALID_SHOWN; i++)
        {
          if (i > 0)
            g_string_append (list, ", ");
          g_string_append (list, self->recipients->invalid[i]);
        }
      if (n_invalid > MAX_INVALID_SHOWN)
        g_string_append (list, ", …");

      {
        /* Translators: %u entries; %s lists them */
        g_autofree char *text_invalid =
          g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u entry is not a WhatsApp number and is left out: %s",
                                        "%u entries are not WhatsApp numbers and are left out: %s",
                                        n_invalid), n_invalid, list->str);

        gtk_label_set_label (self->invalid_label, text_invalid);
      }
    }
}

static void
request_estimate (McBroadcastDialog *self)
{
  g_clear_handle_id (&self->estimate_id, g_source_remove);
  g_cancellable_cancel (self->estimate_cancellable);
  g_clear_object (&self->estimate_cancellable);
  g_clear_object (&self->estimate);

  if (self->recipients == NULL || self->recipients->n_valid == 0 ||
      self->recipients->n_valid > MC_RECIPIENTS_MAX)
    {
      self->estimating = FALSE;
      update (self);
      return;
    }

  self->estimating = TRUE;
  self->estimate_cancellable = g_cancellable_new ();
  mc_client_estimate_broadcast_async (mc_session_get_client (self->session),
                                      (const char * const *) self->recipients->valid, 0,
                                      self->estimate_cancellable, estimate_cb,
                                      g_object_ref (self));
  update (self);
}

static gboolean
estimate_timeout_cb (gpointer user_data)
{
  McBroadcastDialog *self = user_data;

  self->estimate_id = 0;
  parse_recipients (self);
  request_estimate (self);

  return G_SOURCE_REMOVE;
}

static void
queue_estimate (McBroadcastDialog *self)
{
  g_clear_handle_id (&self->estimate_id, g_source_remove);
  g_cancellable_cancel (self->estimate_cancellable);
  /* Until the new figures arrive, the old ones do not count. */
  self->estimating = TRUE;
  self->estimate_id = g_timeout_add (ESTIMATE_DELAY_MS, estimate_timeout_cb, self);
  update (self);
}

static void
inputs_changed (McBroadcastDialog *self)
{
  /* Another broadcast: another idempotency key. */
  g_clear_pointer (&self->idempotency_key, g_free);
  show_message (self, NULL);
}

static void
recipients_changed_cb (McBroadcastDialog *self)
{
  inputs_changed (self);
  queue_estimate (self);
}

static void
name_changed_cb (McBroadcastDialog *self)
{
  inputs_changed (self);
  update (self);
}

static void
when_toggled_cb (McBroadcastDialog *self)
{
  inputs_changed (self);
  update (self);
}

static void
schedule_changed_cb (McBroadcastDialog *self)
{
  inputs_changed (self);
  update (self);
}

static void
account_changed_cb (McBroadcastDialog *self)
{
  /* The balance moved: the estimate compares against the new one. */
  if (self->recipients != NULL && self->recipients->n_valid > 0)
    queue_estimate (self);
  else
    update (self);
}

static void
add_credits_cb (McBroadcastDialog *self)
{
  if (self->parent_window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->parent_window), "win.add-credits", NULL);
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(McBroadcastDialog) self = user_data;
  g_autoptr(McBroadcast) broadcast = NULL;
  g_autoptr(GError) error = NULL;

  broadcast = mc_client_broadcast_finish (MC_CLIENT (object), result, NULL, &error);
  if (self->create_button == NULL)
    return;   /* destroyed meanwhile */

  self->busy = FALSE;
  if (broadcast == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, error->message);
      update (self);
      return;
    }

  g_signal_emit (self, signals[CREATED], 0, broadcast);
  gtk_window_destroy (GTK_WINDOW (self));
}

/**
 * mc_broadcast_dialog_create:
 * @self: the dialog
 *
 * What *Send Now* or *Schedule* does; nothing unless
 * mc_broadcast_dialog_can_create().
 */
void
mc_broadcast_dialog_create (McBroadcastDialog *self)
{
  g_autofree char *name = NULL;
  g_autoptr(GDateTime) when = NULL;

  g_return_if_fail (MC_IS_BROADCAST_DIALOG (self));

  if (!mc_broadcast_dialog_can_create (self))
    return;

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  if (gtk_check_button_get_active (self->later_check))
    when = get_schedule (self);
  if (self->idempotency_key == NULL)
    self->idempotency_key = mc_client_new_idempotency_key ();

  self->busy = TRUE;
  show_message (self, NULL);
  update (self);
  mc_client_create_broadcast_async (mc_session_get_client (self->session), name,
                                    (const char * const *) self->recipients->valid, 0,
                                    when, self->idempotency_key, self->cancellable,
                                    created_cb, g_object_ref (self));
}

static void
create_clicked_cb (McBroadcastDialog *self)
{
  mc_broadcast_dialog_create (self);
}

static void
file_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(McBroadcastDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  GtkTextBuffer *buffer;
  GtkTextIter end;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->create_button != NULL)
        show_message (self, error->message);
      return;
    }

  if (self->create_button == NULL)
    return;

  if (length > MAX_IMPORT_SIZE || !g_utf8_validate (contents, (gssize) length, NULL))
    {
      show_message (self, length > MAX_IMPORT_SIZE ?
                    _("The file is too large: import at most 50,000 numbers.") :
                    _("The file is not a text or CSV file."));
      return;
    }

  buffer = gtk_text_view_get_buffer (self->recipients_view);
  gtk_text_buffer_get_end_iter (buffer, &end);
  if (gtk_text_buffer_get_char_count (buffer) > 0)
    gtk_text_buffer_insert (buffer, &end, "\n", 1);
  gtk_text_buffer_insert (buffer, &end, contents, (int) length);
}

static void
import_response_cb (McBroadcastDialog    *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);

  if (file != NULL)
    g_file_load_contents_async (file, self->cancellable, file_loaded_cb, g_object_ref (self));
}

static void
import_clicked_cb (McBroadcastDialog *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Import Numbers"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, _("CSV and Text Files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_mime_type (filter, "text/plain");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "txt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);

  g_signal_connect_object (self->chooser, "response", G_CALLBACK (import_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
mc_broadcast_dialog_dispose (GObject *object)
{
  McBroadcastDialog *self = MC_BROADCAST_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->estimate_cancellable);
  g_clear_handle_id (&self->estimate_id, g_source_remove);
  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (mc_session_get_account (self->session), self);
  gtk_window_set_transient_for (GTK_WINDOW (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_BROADCAST_DIALOG);

  G_OBJECT_CLASS (mc_broadcast_dialog_parent_class)->dispose (object);
}

static void
mc_broadcast_dialog_finalize (GObject *object)
{
  McBroadcastDialog *self = MC_BROADCAST_DIALOG (object);
  GtkWindow *parent = g_steal_pointer (&self->parent_window);

  g_clear_object (&self->session);
  g_clear_object (&self->estimate);
  g_clear_object (&self->estimate_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->recipients, mc_recipients_free);
  g_clear_pointer (&self->idempotency_key, g_free);
  g_clear_pointer (&self->warning, g_free);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (mc_broadcast_dialog_parent_class)->finalize (object);
  g_clear_object (&parent);
}

static void
mc_broadcast_dialog_class_init (McBroadcastDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_broadcast_dialog_dispose;
  object_class->finalize = mc_broadcast_dialog_finalize;

  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, MC_TYPE_BROADCAST);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/messagecredits/MessageCredits/mc-broadcast-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, McBroadcastDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastDialog, restricted_label);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastDialog, recipients_view);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastDialog, invalid_label);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastDialog, now_check);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastDialog, later_check);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastDialog, when_box);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastDialog, date_button);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastDialog, calendar);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastDialog, hour_spin);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastDialog, minute_spin);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastDialog, cost_row);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastDialog, estimate_spinner);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastDialog, cost_label);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastDialog, balance_label);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastDialog, warning_box);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastDialog, warning_label);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastDialog, add_credits_button);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastDialog, message_label);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, when_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, schedule_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_credits_cb);
}

static void
mc_broadcast_dialog_init (McBroadcastDialog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);

  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_calendar_select_day (self->calendar, tomorrow);
  g_signal_connect_object (gtk_text_view_get_buffer (self->recipients_view), "changed",
                           G_CALLBACK (recipients_changed_cb), self, G_CONNECT_SWAPPED);

  mc_widget_set_accessible_label (GTK_WIDGET (self->cancel_button), _("Cancel"));
  mc_widget_set_accessible_label (GTK_WIDGET (self->import_button), _("Import File…"));
  mc_widget_set_accessible_label (GTK_WIDGET (self->add_credits_button), _("Add Credits"));
  mc_widget_set_accessible_label (GTK_WIDGET (self->now_check), _("Send Now"));
  mc_widget_set_accessible_label (GTK_WIDGET (self->later_check), _("Schedule"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->date_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Date"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->calendar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Date"), -1);
  parse_recipients (self);
}

/**
 * mc_broadcast_dialog_new:
 * @parent: the main window (its `win.add-credits` is the shortcut offered)
 * @session: the session to create the broadcast in
 *
 * Returns: (transfer none): a new dialog, not yet shown
 */
McBroadcastDialog *
mc_broadcast_dialog_new (GtkWindow *parent,
                         McSession *session)
{
  McBroadcastDialog *self;

  g_return_val_if_fail (MC_IS_SESSION (session), NULL);

  self = g_object_new (MC_TYPE_BROADCAST_DIALOG, "transient-for", parent, NULL);
  g_set_object (&self->parent_window, parent);
  self->session = g_object_ref (session);
  g_signal_connect_object (mc_session_get_account (session), "notify::balance",
                           G_CALLBACK (account_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (mc_session_get_account (session), "notify::state",
                           G_CALLBACK (account_changed_cb), self, G_CONNECT_SWAPPED);
  update (self);

  return self;
}

void
mc_broadcast_dialog_set_name (McBroadcastDialog *self,
                              const char        *name)
{
  g_return_if_fail (MC_IS_BROADCAST_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
}

void
mc_broadcast_dialog_set_recipients_text (McBroadcastDialog *self,
                                         const char        *text)
{
  g_return_if_fail (MC_IS_BROADCAST_DIALOG (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->recipients_view), text, -1);
}

/**
 * mc_broadcast_dialog_set_schedule:
 * @self: the dialog
 * @when: (nullable): a time to schedule for (to the minute), or %NULL to send now
 */
void
mc_broadcast_dialog_set_schedule (McBroadcastDialog *self,
                                  GDateTime         *when)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_if_fail (MC_IS_BROADCAST_DIALOG (self));

  if (when == NULL)
    {
      gtk_check_button_set_active (self->now_check, TRUE);
      return;
    }

  local = g_date_time_to_local (when);
  gtk_calendar_select_day (self->calendar, local);
  gtk_spin_button_set_value (self->hour_spin, g_date_time_get_hour (local));
  gtk_spin_button_set_value (self->minute_spin, g_date_time_get_minute (local));
  gtk_check_button_set_active (self->later_check, TRUE);
}

/**
 * mc_broadcast_dialog_get_estimate:
 *
 * Returns: (transfer none) (nullable): the estimate shown, %NULL while none
 *   is current
 */
McBroadcastEstimate *
mc_broadcast_dialog_get_estimate (McBroadcastDialog *self)
{
  g_return_val_if_fail (MC_IS_BROADCAST_DIALOG (self), NULL);

  return self->estimating ? NULL : self->estimate;
}

gboolean
mc_broadcast_dialog_get_estimating (McBroadcastDialog *self)
{
  g_return_val_if_fail (MC_IS_BROADCAST_DIALOG (self), FALSE);

  return self->estimating;
}

/**
 * mc_broadcast_dialog_get_warning:
 *
 * Returns: (transfer none) (nullable): the balance warning shown
 */
const char *
mc_broadcast_dialog_get_warning (McBroadcastDialog *self)
{
  g_return_val_if_fail (MC_IS_BROADCAST_DIALOG (self), NULL);

  return self->warning;
}

/**
 * mc_broadcast_dialog_get_recipients_summary:
 *
 * Returns: (transfer none): what the recipients line says, "3 numbers · 1 repeat removed"
 */
const char *
mc_broadcast_dialog_get_recipients_summary (McBroadcastDialog *self)
{
  g_return_val_if_fail (MC_IS_BROADCAST_DIALOG (self), NULL);

  return self->summary;
}

gboolean
mc_broadcast_dialog_can_create (McBroadcastDialog *self)
{
  g_return_val_if_fail (MC_IS_BROADCAST_DIALOG (self), FALSE);

  return gtk_widget_get_sensitive (GTK_WIDGET (self->create_button));
}
