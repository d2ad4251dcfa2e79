/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "mc-core.h"
#include "mc-payment-row.h"
#include "mc-util.h"

struct _McPaymentRow
{
  AdwActionRow  parent_instance;

  GtkLabel     *status_label;
  GtkWidget    *complete_button;
  GtkWidget    *cancel_button;

  McPayment    *payment;
};

G_DEFINE_FINAL_TYPE (McPaymentRow, mc_payment_row, ADW_TYPE_ACTION_ROW)

enum {
  COMPLETE,
  CANCEL,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * mc_payment_status_label:
 * @status: a payment status
 *
 * Returns: (transfer none): the status in words, "Pending", "Completed", …
 */
const char *
mc_payment_status_label (McPaymentStatus status)
{
  switch (status)
    {
    case MC_PAYMENT_STATUS_PENDING:
      return _("Pending");
    case MC_PAYMENT_STATUS_COMPLETED:
      return _("Completed");
    case MC_PAYMENT_STATUS_FAILED:
      return _("Failed");
    case MC_PAYMENT_STATUS_CANCELLED:
      return _("Cancelled");
    case MC_PAYMENT_STATUS_EXPIRED:
      return _("Expired");
    default:
      return "";
    }
}

static void
update (McPaymentRow *self)
{
  static const char * const classes[] = { "warning", "success", "error", "dim-label" };
  McPayment *payment = self->payment;
  McCurrency currency = mc_payment_get_currency (payment);
  McPaymentStatus status = mc_payment_get_status (payment);
  g_autofree char *amount = mc_money_format (mc_payment_get_amount (payment), currency);
  g_autofree char *tax = mc_money_format (mc_payment_get_tax (payment), currency);
  g_autofree char *total = mc_money_format (mc_payment_get_total (payment), currency);
  g_autofree char *created = mc_format_date_time (mc_payment_get_created_at (payment));
  g_autoptr(GString) subtitle = g_string_new (NULL);
  const char *tax_name = mc_tax_name (currency);
  const char *status_class;

  if (tax_name != NULL)
    /* Translators: "₹1,000.00 + ₹180.00 GST" */
    g_string_append_printf (subtitle, _("%s + %s %s"), amount, tax, tax_name);
  else
    g_string_append (subtitle, amount);

  g_string_append (subtitle, " · ");
  /* Translators: %s is a date and time */
  g_string_append_printf (subtitle, _("started %s"), created);

  if (status == MC_PAYMENT_STATUS_COMPLETED)
    {
      g_autofree char *completed = mc_format_date_time (mc_payment_get_completed_at (payment));

      g_string_append (subtitle, " · ");
      /* Translators: %s is a date and time */
      g_string_append_printf (subtitle, _("paid %s"), completed);
    }
  else if (status == MC_PAYMENT_STATUS_PENDING)
    {
      g_autofree char *expires = mc_format_date_time (mc_payment_get_expires_at (payment));

      g_string_append (subtitle, " · ");
      /* Translators: %s is a date and time */
      g_string_append_printf (subtitle, _("expires %s"), expires);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), total);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle->str);

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), classes[i]);
  switch (status)
    {
    case MC_PAYMENT_STATUS_PENDING:
      status_class = "warning";
      break;
    case MC_PAYMENT_STATUS_COMPLETED:
      status_class = "success";
      break;
    case MC_PAYMENT_STATUS_FAILED:
      status_class = "error";
      break;
    case MC_PAYMENT_STATUS_CANCELLED:
    case MC_PAYMENT_STATUS_EXPIRED:
    default:
      status_class = "dim-label";
      break;
    }
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), status_class);
  gtk_label_set_label (self->status_label, mc_payment_status_label (status));

  gtk_widget_set_visible (self->complete_button, status == MC_PAYMENT_STATUS_PENDING);
  gtk_widget_set_visible (self->cancel_button, status == MC_PAYMENT_STATUS_PENDING);
}

static void
complete_clicked_cb (McPaymentRow *self)
{
  g_signal_emit (self, signals[COMPLETE], 0);
}

static void
cancel_clicked_cb (McPaymentRow *self)
{
  g_signal_emit (self, signals[CANCEL], 0);
}

static void
mc_payment_row_dispose (GObject *object)
{
  McPaymentRow *self = MC_PAYMENT_ROW (object);

  g_clear_object (&self->payment);

  G_OBJECT_CLASS (mc_payment_row_parent_class)->dispose (object);
}

static void
mc_payment_row_class_init (McPaymentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_payment_row_dispose;

  signals[COMPLETE] = g_signal_new ("complete", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CANCEL] = g_signal_new ("cancel", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
mc_payment_row_init (McPaymentRow *self)
{
  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_valign (GTK_WIDGET (self->status_label), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "caption-heading");
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), GTK_WIDGET (self->status_label));

  self->complete_button = gtk_button_new_with_mnemonic (_("C_omplete"));
  gtk_widget_set_valign (self->complete_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (self->complete_button, _("Open the checkout page again"));
  mc_widget_set_accessible_label (self->complete_button, _("Complete Payment"));
  g_signal_connect_object (self->complete_button, "clicked",
                           G_CALLBACK (complete_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->complete_button);

  self->cancel_button = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_widget_set_valign (self->cancel_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->cancel_button, "destructive-action");
  mc_widget_set_accessible_label (self->cancel_button, _("Cancel Payment"));
  g_signal_connect_object (self->cancel_button, "clicked",
                           G_CALLBACK (cancel_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->cancel_button);
}

GtkWidget *
mc_payment_row_new (McPayment *payment)
{
  McPaymentRow *self;

  g_return_val_if_fail (MC_IS_PAYMENT (payment), NULL);

  self = g_object_new (MC_TYPE_PAYMENT_ROW, NULL);
  self->payment = g_object_ref (payment);
  g_signal_connect_object (payment, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);

  return GTK_WIDGET (self);
}

/**
 * mc_payment_row_get_payment:
 *
 * Returns: (transfer none): the payment
 */
McPayment *
mc_payment_row_get_payment (McPaymentRow *self)
{
  g_return_val_if_fail (MC_IS_PAYMENT_ROW (self), NULL);

  return self->payment;
}
