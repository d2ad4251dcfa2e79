/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "mc-core.h"
#include "mc-support-dialog.h"
#include "mc-util.h"

#define MAX_SUBJECT 200
#define MAX_BODY 10000

struct _McSupportDialog
{
  AdwWindow        parent_instance;

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  AdwActionRow    *phone_row;
  AdwActionRow    *email_row;
  AdwEntryRow     *subject_row;
  AdwComboRow     *payment_row;
  GtkTextView     *message_view;
  GtkLabel        *error_label;
  GtkButton       *send_button;
  GtkListBox      *tickets_list;

  /* owned */
  McSession       *session;
  GtkWindow       *parent_window;  /* outlives us, for GtkWindow's finalize */
  GListStore      *tickets;
  GListStore      *payments;       /* the choices after "None" */
  GtkStringList   *payment_names;
  GCancellable    *cancellable;
  gboolean         busy;
};

G_DEFINE_FINAL_TYPE (McSupportDialog, mc_support_dialog, ADW_TYPE_WINDOW)

static char *
get_message (McSupportDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->message_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
update (McSupportDialog *self)
{
  g_autofree char *subject = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->subject_row))));
  g_autofree char *body = get_message (self);
  glong subject_length = g_utf8_strlen (subject, -1);
  glong body_length = g_utf8_strlen (g_strstrip (body), -1);

  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button),
                            !self->busy &&
                            subject_length >= 1 && subject_length <= MAX_SUBJECT &&
                            body_length >= 1 && body_length <= MAX_BODY);
  if (body_length > MAX_BODY)
    gtk_label_set_label (self->error_label, _("The message is too long: at most 10,000 characters."));
}

static void
changed_cb (McSupportDialog *self)
{
  gtk_label_set_label (self->error_label, "");
  update (self);
}

static GtkWidget *
create_ticket_row (gpointer item,
                   gpointer user_data)
{
  McTicket *ticket = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *status = gtk_label_new (NULL);
  g_autofree char *when = mc_format_date_time (mc_ticket_get_created_at (ticket));
  const char *state = mc_ticket_get_status (ticket);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), mc_ticket_get_subject (ticket));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), when);
  if (g_strcmp0 (state, "open") == 0)
    gtk_label_set_label (GTK_LABEL (status), C_("ticket state", "Open"));
  else if (g_strcmp0 (state, "closed") == 0)
    gtk_label_set_label (GTK_LABEL (status), C_("ticket state", "Closed"));
  else
    gtk_label_set_label (GTK_LABEL (status), state);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), status);

  return row;
}

static GtkWidget *
create_placeholder (void)
{
  GtkWidget *label = gtk_label_new (_("No tickets yet"));

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  return label;
}

static void
tickets_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(McSupportDialog) self = user_data;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  list = mc_client_list_finish (MC_CLIENT (object), result, NULL, &error);
  if (list == NULL || self->tickets_list == NULL)
    {
      if (list == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          self->error_label != NULL)
        gtk_label_set_label (self->error_label, error->message);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    g_ptr_array_add (items, g_list_model_get_item (list, i));
  g_list_store_splice (self->tickets, 0, g_list_model_get_n_items (G_LIST_MODEL (self->tickets)),
                       items->pdata, items->len);
}

static void
load_tickets (McSupportDialog *self)
{
  mc_client_list_tickets_async (mc_session_get_client (self->session), 50, NULL,
                                self->cancellable, tickets_cb, g_object_ref (self));
}

static void
payments_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(McSupportDialog) self = user_data;
  g_autoptr(GListModel) list = NULL;

  list = mc_client_list_finish (MC_CLIENT (object), result, NULL, NULL);
  if (list == NULL || self->payment_row == NULL)
    return;

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(McPayment) payment = g_list_model_get_item (list, i);
      g_autofree char *amount = mc_money_format (mc_payment_get_amount (payment),
                                                 mc_payment_get_currency (payment));
      g_autofree char *when = mc_format_date_time (mc_payment_get_created_at (payment));
      /* Translators: an amount of money and a date */
      g_autofree char *text = g_strdup_printf (_("%s on %s"), amount, when);

      g_list_store_append (self->payments, payment);
      gtk_string_list_append (self->payment_names, text);
    }
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(McSupportDialog) self = user_data;
  g_autoptr(McTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;

  ticket = mc_client_create_ticket_finish (MC_CLIENT (object), result, &error);
  if (self->send_button == NULL)
    return;   /* destroyed meanwhile */

  self->busy = FALSE;
  if (ticket == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_label (self->error_label, error->message);
      update (self);
      return;
    }

  g_list_store_insert (self->tickets, 0, ticket);
  gtk_editable_set_text (GTK_EDITABLE (self->subject_row), "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->message_view), "", -1);
  adw_combo_row_set_selected (self->payment_row, 0);
  adw_toast_overlay_add_toast (self->toast_overlay,
                               adw_toast_new (_("Ticket sent: support will answer by e-mail")));
  update (self);
}

/**
 * mc_support_dialog_send:
 * @self: the dialog
 *
 * What *Send Ticket* does; nothing unless mc_support_dialog_can_send().
 */
void
mc_support_dialog_send (McSupportDialog *self)
{
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  guint selected;
  const char *payment_id = NULL;

  g_return_if_fail (MC_IS_SUPPORT_DIALOG (self));

  if (!mc_support_dialog_can_send (self))
    return;

  subject = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->subject_row))));
  body = g_strstrip (get_message (self));
  selected = adw_combo_row_get_selected (self->payment_row);
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0)
    {
      g_autoptr(McPayment) payment = g_list_model_get_item (G_LIST_MODEL (self->payments), selected - 1);

      if (payment != NULL)
        payment_id = mc_payment_get_id (payment);
    }

  self->busy = TRUE;
  update (self);
  mc_client_create_ticket_async (mc_session_get_client (self->session), subject, body, payment_id,
                                 self->cancellable, sent_cb, g_object_ref (self));
}

static void
send_clicked_cb (McSupportDialog *self)
{
  mc_support_dialog_send (self);
}

static void
mc_support_dialog_dispose (GObject *object)
{
  McSupportDialog *self = MC_SUPPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->tickets_list != NULL)
    gtk_list_box_bind_model (self->tickets_list, NULL, NULL, NULL, NULL);
  gtk_window_set_transient_for (GTK_WINDOW (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_SUPPORT_DIALOG);

  G_OBJECT_CLASS (mc_support_dialog_parent_class)->dispose (object);
}

static void
mc_support_dialog_finalize (GObject *object)
{
  McSupportDialog *self = MC_SUPPORT_DIALOG (object);
  GtkWindow *parent = g_steal_pointer (&self->parent_window);

  g_clear_object (&self->session);
  g_clear_object (&self->tickets);
  g_clear_object (&self->payments);
  g_clear_object (&self->payment_names);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (mc_support_dialog_parent_class)->finalize (object);
  g_clear_object (&parent);
}

static void
mc_support_dialog_class_init (McSupportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_support_dialog_dispose;
  object_class->finalize = mc_support_dialog_finalize;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/messagecredits/MessageCredits/mc-support-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, McSupportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, McSupportDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, McSupportDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, McSupportDialog, subject_row);
  gtk_widget_class_bind_template_child (widget_class, McSupportDialog, payment_row);
  gtk_widget_class_bind_template_child (widget_class, McSupportDialog, message_view);
  gtk_widget_class_bind_template_child (widget_class, McSupportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, McSupportDialog, send_button);
  gtk_widget_class_bind_template_child (widget_class, McSupportDialog, tickets_list);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, send_clicked_cb);
}

static void
mc_support_dialog_init (McSupportDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->tickets = g_list_store_new (MC_TYPE_TICKET);
  self->payments = g_list_store_new (MC_TYPE_PAYMENT);
  self->payment_names = gtk_string_list_new (NULL);
  gtk_string_list_append (self->payment_names, _("None"));

  gtk_widget_init_template (GTK_WIDGET (self));

  adw_combo_row_set_model (self->payment_row, G_LIST_MODEL (self->payment_names));
  gtk_list_box_bind_model (self->tickets_list, G_LIST_MODEL (self->tickets), create_ticket_row,
                           NULL, NULL);
  gtk_list_box_set_placeholder (self->tickets_list, create_placeholder ());
  g_signal_connect_object (gtk_text_view_get_buffer (self->message_view), "changed",
                           G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  mc_widget_set_accessible_label (GTK_WIDGET (self->send_button), _("Send Ticket"));
}

/**
 * mc_support_dialog_new:
 * @parent: the main window
 * @session: the session whose account raises the ticket
 *
 * Returns: (transfer none): a new dialog, not yet shown
 */
McSupportDialog *
mc_support_dialog_new (GtkWindow *parent,
                       McSession *session)
{
  McSupportDialog *self;
  McAccount *account;
  const char *phone, *email;

  g_return_val_if_fail (MC_IS_SESSION (session), NULL);

  self = g_object_new (MC_TYPE_SUPPORT_DIALOG, "transient-for", parent, NULL);
  g_set_object (&self->parent_window, parent);
  self->session = g_object_ref (session);

  account = mc_session_get_account (session);
  phone = mc_account_get_support_phone (account);
  email = mc_account_get_support_email (account);
  adw_action_row_set_subtitle (self->phone_row, phone != NULL ? phone : _("Not published by your provider"));
  adw_action_row_set_subtitle (self->email_row, email != NULL ? email : _("Not published by your provider"));

  load_tickets (self);
  mc_client_list_payments_async (mc_session_get_client (session), -1, 20, NULL,
                                 self->cancellable, payments_cb, g_object_ref (self));

  return self;
}

void
mc_support_dialog_set_subject (McSupportDialog *self,
                               const char      *subject)
{
  g_return_if_fail (MC_IS_SUPPORT_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->subject_row), subject);
}

void
mc_support_dialog_set_message (McSupportDialog *self,
                               const char      *message)
{
  g_return_if_fail (MC_IS_SUPPORT_DIALOG (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->message_view), message, -1);
}

gboolean
mc_support_dialog_can_send (McSupportDialog *self)
{
  g_return_val_if_fail (MC_IS_SUPPORT_DIALOG (self), FALSE);

  return gtk_widget_get_sensitive (GTK_WIDGET (self->send_button));
}

/**
 * mc_support_dialog_get_tickets:
 *
 * Returns: (transfer none): the account's tickets shown, newest first
 */
GListModel *
mc_support_dialog_get_tickets (McSupportDialog *self)
{
  g_return_val_if_fail (MC_IS_SUPPORT_DIALOG (self), NULL);

  return G_LIST_MODEL (self->tickets);
}
