/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "mc-core.h"
#include "mc-pending-alert.h"
#include "mc-util.h"

struct _McPendingAlert
{
  AdwMessageDialog  parent_instance;

  GtkWindow        *parent_window;  /* outlives us, for GtkWindow's finalize */
  McClient         *client;
  GListModel       *payments;
};

G_DEFINE_FINAL_TYPE (McPendingAlert, mc_pending_alert, ADW_TYPE_MESSAGE_DIALOG)

enum {
  OPEN_RECHARGE,
  CANCELLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  McPendingAlert *alert;
  guint           outstanding;
  guint           cancelled;
  char           *error_message;
  gboolean        then_recharge;
} CancelBatch;

static void
describe_payment (GString   *out,
                  McPayment *payment,
                  gboolean   bullet)
{
  McCurrency currency = mc_payment_get_currency (payment);
  g_autofree char *amount = mc_money_format (mc_payment_get_amount (payment), currency);
  g_autofree char *tax = mc_money_format (mc_payment_get_tax (payment), currency);
  g_autofree char *total = mc_money_format (mc_payment_get_total (payment), currency);
  g_autofree char *age = mc_format_age (mc_payment_get_created_at (payment), NULL);
  const char *tax_name = mc_tax_name (currency);

  if (bullet)
    g_string_append (out, "• ");

  if (tax_name != NULL && mc_payment_get_tax (payment) != 0)
    /* Translators: "Amount ₹1,000.00 + GST ₹180.00 = total ₹1,180.00, started 5 minutes ago" */
    g_string_append_printf (out, _("Amount %s + %s %s = total %s, started %s"),
                            amount, tax_name, tax, total, age);
  else
    /* Translators: "Amount $20.00, started 5 minutes ago" */
    g_string_append_printf (out, _("Amount %s, started %s"), total, age);
}

static char *
build_body (GListModel *payments)
{
  g_autoptr(GString) body = g_string_new (NULL);
  guint n = g_list_model_get_n_items (payments);

  if (n == 1)
    {
      g_autoptr(McPayment) payment = g_list_model_get_item (payments, 0);

      g_string_append (body, _("A payment was started but not completed. No credits were added yet."));
      g_string_append (body, "\n\n");
      describe_payment (body, payment, FALSE);
      g_string_append_c (body, '.');
      return g_string_free (g_steal_pointer (&body), FALSE);
    }

  g_string_append_printf (body,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "%u payment was started but not completed:",
                                       "%u payments were started but not completed:", n),
                          n);
  g_string_append (body, "\n");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McPayment) payment = g_list_model_get_item (payments, i);

      g_string_append_c (body, '\n');
      describe_payment (body, payment, TRUE);
    }
  g_string_append (body, "\n\n");
  g_string_append (body, _("Complete Payment reopens the newest one; Cancel Payment cancels them all."));

  return g_string_free (g_steal_pointer (&body), FALSE);
}

static void
batch_done (CancelBatch *batch)
{
  g_signal_emit (batch->alert, signals[CANCELLED], 0, batch->cancelled, batch->error_message);
  if (batch->then_recharge)
    g_signal_emit (batch->alert, signals[OPEN_RECHARGE], 0, NULL);

  g_object_unref (batch->alert);
  g_free (batch->error_message);
  g_free (batch);
}

static void
payment_cancelled_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  CancelBatch *batch = user_data;
  g_autoptr(McPayment) payment = NULL;
  g_autoptr(GError) error = NULL;

  payment = mc_client_payment_finish (MC_CLIENT (object), result, NULL, &error);
  if (payment != NULL)
    batch->cancelled++;
  else if (batch->error_message == NULL)
    batch->error_message = g_strdup (error->message);

  if (--batch->outstanding == 0)
    batch_done (batch);
}

static void
cancel_all (McPendingAlert *self,
            gboolean        then_recharge)
{
  CancelBatch *batch = g_new0 (CancelBatch, 1);
  guint n = g_list_model_get_n_items (self->payments);

  /* The dialog closes now; the batch keeps it (as an object) until done. */
  batch->alert = g_object_ref (self);
  batch->then_recharge = !!then_recharge;
  batch->outstanding = n;

  if (n == 0)
    {
      batch_done (batch);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McPayment) payment = g_list_model_get_item (self->payments, i);

      mc_client_cancel_payment_async (self->client, mc_payment_get_id (payment), NULL,
                                      payment_cancelled_cb, batch);
    }
}

static void
mc_pending_alert_response (AdwMessageDialog *dialog,
                           const char       *response)
{
  McPendingAlert *self = MC_PENDING_ALERT (dialog);

  if (g_strcmp0 (response, "complete") == 0)
    {
      g_autoptr(McPayment) newest = g_list_model_get_item (self->payments, 0);

      if (newest != NULL)
        g_signal_emit (self, signals[OPEN_RECHARGE], 0, newest);
    }
  else if (g_strcmp0 (response, "cancel") == 0)
    {
      cancel_all (self, FALSE);
    }
  else if (g_strcmp0 (response, "different") == 0)
    {
      cancel_all (self, TRUE);
    }
}

static void
label_buttons (GtkWidget  *widget,
               const char *mnemonic,
               const char *plain)
{
  /* libadwaita 1.2 makes two buttons per response (horizontal and
   * vertical layouts) and gives no handle on them. */
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child) &&
          g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), mnemonic) == 0)
        mc_widget_set_accessible_label (child, plain);

      label_buttons (child, mnemonic, plain);
    }
}

static void
add_response (McPendingAlert        *self,
              const char            *id,
              const char            *mnemonic,
              const char            *plain,
              AdwResponseAppearance  appearance)
{
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (self), id, mnemonic);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), id, appearance);
  label_buttons (GTK_WIDGET (self), mnemonic, plain);
}

static void
mc_pending_alert_dispose (GObject *object)
{
  McPendingAlert *self = MC_PENDING_ALERT (object);

  g_clear_object (&self->client);
  g_clear_object (&self->payments);
  gtk_window_set_transient_for (GTK_WINDOW (self), NULL);

  G_OBJECT_CLASS (mc_pending_alert_parent_class)->dispose (object);
}

static void
mc_pending_alert_finalize (GObject *object)
{
  McPendingAlert *self = MC_PENDING_ALERT (object);
  GtkWindow *parent = g_steal_pointer (&self->parent_window);

  G_OBJECT_CLASS (mc_pending_alert_parent_class)->finalize (object);
  g_clear_object (&parent);
}

static void
mc_pending_alert_class_init (McPendingAlertClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = mc_pending_alert_dispose;
  object_class->finalize = mc_pending_alert_finalize;
  dialog_class->response = mc_pending_alert_response;

  signals[OPEN_RECHARGE] =
    g_signal_new ("open-recharge", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, MC_TYPE_PAYMENT);
  signals[CANCELLED] =
    g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
}

static void
mc_pending_alert_init (McPendingAlert *self)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);

  adw_message_dialog_set_heading (dialog, _("Pending Payment"));

  /* The order of the buttons, left to right; "Later" closes. */
  add_response (self, "later", _("_Later"), _("Later"), ADW_RESPONSE_DEFAULT);
  add_response (self, "cancel", _("_Cancel Payment"), _("Cancel Payment"),
                ADW_RESPONSE_DESTRUCTIVE);
  add_response (self, "different", _("_Recharge Different Amount"),
                _("Recharge Different Amount"), ADW_RESPONSE_DEFAULT);
  add_response (self, "complete", _("C_omplete Payment"), _("Complete Payment"),
                ADW_RESPONSE_SUGGESTED);

  adw_message_dialog_set_default_response (dialog, "complete");
  adw_message_dialog_set_close_response (dialog, "later");
}

/**
 * mc_pending_alert_new:
 * @parent: (nullable): the window it belongs to
 * @client: the connected client
 * @payments: a #GListModel of pending #McPayment, newest first (not empty)
 *
 * Returns: (transfer none): a new alert, not yet presented
 */
McPendingAlert *
mc_pending_alert_new (GtkWindow  *parent,
                      McClient   *client,
                      GListModel *payments)
{
  McPendingAlert *self;
  g_autofree char *body = NULL;

  g_return_val_if_fail (MC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (payments), NULL);
  g_return_val_if_fail (g_list_model_get_n_items (payments) > 0, NULL);

  self = g_object_new (MC_TYPE_PENDING_ALERT,
                       "transient-for", parent,
                       "modal", TRUE,
                       "destroy-with-parent", TRUE,
                       NULL);
  /* A cancellation in flight keeps the alert alive after it closed; its
   * transient parent must stay valid until then. */
  g_set_object (&self->parent_window, parent);
  self->client = g_object_ref (client);
  self->payments = g_object_ref (payments);

  body = build_body (payments);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);

  return self;
}

/**
 * mc_pending_alert_get_payments:
 *
 * Returns: (transfer none): the payments the alert is about
 */
GListModel *
mc_pending_alert_get_payments (McPendingAlert *self)
{
  g_return_val_if_fail (MC_IS_PENDING_ALERT (self), NULL);

  return self->payments;
}
