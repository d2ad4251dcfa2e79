/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "mc-core.h"
#include "mc-recharge-dialog.h"
#include "mc-util.h"

struct _McRechargeDialog
{
  AdwWindow        parent_instance;

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  GtkButton       *close_button;
  GtkButton       *add_button;
  GtkStack        *stack;
  AdwEntryRow     *amount_row;
  GtkLabel        *currency_label;
  GtkLabel        *message_label;
  GtkLabel        *limits_label;
  GtkBox          *quick_box;
  AdwActionRow    *amount_sum_row;
  AdwActionRow    *tax_row;
  AdwActionRow    *total_row;
  GtkLabel        *amount_value;
  GtkLabel        *tax_value;
  GtkLabel        *total_value;
  AdwStatusPage   *busy_page;
  GtkSpinner      *busy_spinner;
  AdwStatusPage   *waiting_page;
  GtkLabel        *browser_label;
  GtkButton       *open_again_button;
  GtkButton       *copy_link_button;
  GtkButton       *cancel_payment_button;
  AdwStatusPage   *success_page;
  GtkButton       *done_button;
  AdwStatusPage   *failed_page;
  GtkButton       *retry_button;

  /* owned */
  GtkWindow       *parent_window;  /* outlives us, for GtkWindow's finalize */
  McClient        *client;
  McPayment       *payment;
  GCancellable    *cancellable;
  char            *idempotency_key;
  gint64           key_amount;

  McCurrency       currency;
  gint64           amount;          /* the valid amount typed, or -1 */
  McRechargeStage  stage;
  guint            retry_creates : 1;  /* Try Again re-sends the same create */
  guint            cancelling : 1;
  guint            completed_emitted : 1;
};

G_DEFINE_FINAL_TYPE (McRechargeDialog, mc_recharge_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_PAYMENT,
  PROP_STAGE,
  N_PROPS
};

enum {
  PAYMENT_COMPLETED,
  PAYMENT_LEFT_PENDING,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Quick amounts in whole major units. */
static const gint64 quick_inr[] = { 500, 1000, 2000, 5000 };
static const gint64 quick_usd[] = { 10, 25, 50, 100 };

static void
toast (McRechargeDialog *self,
       const char       *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static char *
format_money (McRechargeDialog *self,
              gint64            units)
{
  return mc_money_format (units, self->currency);
}

static void
set_stage (McRechargeDialog *self,
           McRechargeStage   stage)
{
  static const char * const pages[] = { "amount", "busy", "waiting", "success", "failed" };
  gboolean amount_stage = stage == MC_RECHARGE_STAGE_AMOUNT;

  G_STATIC_ASSERT (G_N_ELEMENTS (pages) == MC_RECHARGE_STAGE_FAILED + 1);

  gtk_stack_set_visible_child_name (self->stack, pages[stage]);
  gtk_spinner_set_spinning (self->busy_spinner, stage == MC_RECHARGE_STAGE_CREATING);

  gtk_widget_set_visible (GTK_WIDGET (self->add_button), amount_stage);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), amount_stage && self->amount > 0);
  gtk_button_set_label (self->close_button, amount_stage ? _("_Cancel") : _("_Close"));
  mc_widget_set_accessible_label (GTK_WIDGET (self->close_button),
                                  amount_stage ? _("Cancel") : _("Close"));

  switch (stage)
    {
    case MC_RECHARGE_STAGE_AMOUNT:
      gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->add_button));
      gtk_widget_grab_focus (GTK_WIDGET (self->amount_row));
      break;
    case MC_RECHARGE_STAGE_CREATING:
      gtk_window_set_default_widget (GTK_WINDOW (self), NULL);
      break;
    case MC_RECHARGE_STAGE_WAITING:
      gtk_window_set_default_widget (GTK_WINDOW (self), NULL);
      gtk_widget_grab_focus (GTK_WIDGET (self->open_again_button));
      break;
    case MC_RECHARGE_STAGE_SUCCESS:
      gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->done_button));
      gtk_widget_grab_focus (GTK_WIDGET (self->done_button));
      break;
    case MC_RECHARGE_STAGE_FAILED:
      gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->retry_button));
      gtk_widget_grab_focus (GTK_WIDGET (self->retry_button));
      break;
    default:
      g_assert_not_reached ();
    }

  if (self->stage != stage)
    {
      self->stage = stage;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGE]);
    }
}

static void
show_message (McRechargeDialog *self,
              const char       *message)
{
  gboolean invalid = message != NULL && *message != '\0';

  gtk_label_set_label (self->message_label, invalid ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), invalid);

  if (invalid)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->amount_row), "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->amount_row),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->amount_row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                      -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->amount_row), "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->amount_row), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->amount_row),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

static void
update_amount (McRechargeDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->amount_row));
  McRechargeReason reason;
  McTaxBreakdown tax = { 0, };
  gint64 units = 0;

  if (self->currency == MC_CURRENCY_INVALID)
    reason = MC_RECHARGE_NOT_A_NUMBER;
  else
    reason = mc_recharge_check_input (self->currency, text, &units);

  if (reason == MC_RECHARGE_OK && mc_tax_compute (self->currency, units, &tax, NULL))
    {
      g_autofree char *amount = format_money (self, tax.amount);
      g_autofree char *tax_text = format_money (self, tax.tax);
      g_autofree char *total = format_money (self, tax.total);

      self->amount = units;
      gtk_label_set_label (self->amount_value, amount);
      gtk_label_set_label (self->tax_value, tax_text);
      gtk_label_set_label (self->total_value, total);
      show_message (self, NULL);
    }
  else
    {
      g_autofree char *message = NULL;

      if (reason != MC_RECHARGE_OK && reason != MC_RECHARGE_EMPTY)
        message = mc_recharge_reason_message (self->currency, reason);

      self->amount = -1;
      gtk_label_set_label (self->amount_value, "—");
      gtk_label_set_label (self->tax_value, "—");
      gtk_label_set_label (self->total_value, "—");
      show_message (self, message);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button),
                            self->stage == MC_RECHARGE_STAGE_AMOUNT && self->amount > 0);
}

static void
amount_changed_cb (McRechargeDialog *self)
{
  update_amount (self);
}

static void
quick_amount_clicked_cb (McRechargeDialog *self,
                         GtkButton        *button)
{
  gint64 whole = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "mc-whole-units"));
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, whole);

  gtk_editable_set_text (GTK_EDITABLE (self->amount_row), text);
  gtk_editable_set_position (GTK_EDITABLE (self->amount_row), -1);
}

static void
launched_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(McRechargeDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_debug ("No browser opened the checkout page: %s", error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->browser_label), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->copy_link_button), "suggested-action");
      gtk_widget_grab_focus (GTK_WIDGET (self->copy_link_button));
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->browser_label), FALSE);
}

static void
open_checkout (McRechargeDialog *self)
{
  g_autoptr(GdkAppLaunchContext) context = NULL;
  const char *url;

  g_assert (self->payment != NULL);

  url = mc_payment_get_checkout_url (self->payment);
  if (url == NULL || *url == '\0')
    {
      gtk_widget_set_visible (GTK_WIDGET (self->browser_label), TRUE);
      return;
    }

  context = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));
  g_app_info_launch_default_for_uri_async (url, G_APP_LAUNCH_CONTEXT (context),
                                           self->cancellable, launched_cb,
                                           g_object_ref (self));
}

static void
show_failure (McRechargeDialog *self,
              const char       *title,
              const char       *description,
              gboolean          retry_creates)
{
  adw_status_page_set_title (self->failed_page, title);
  adw_status_page_set_description (self->failed_page, description);
  self->retry_creates = !!retry_creates;
  set_stage (self, MC_RECHARGE_STAGE_FAILED);
}

static void
update_for_status (McRechargeDialog *self)
{
  g_autofree char *amount = NULL;
  g_autofree char *total = NULL;
  g_autofree char *text = NULL;

  g_assert (self->payment != NULL);

  amount = format_money (self, mc_payment_get_amount (self->payment));
  total = format_money (self, mc_payment_get_total (self->payment));

  switch (mc_payment_get_status (self->payment))
    {
    case MC_PAYMENT_STATUS_PENDING:
      if (self->cancelling)
        break;
      /* Translators: %s is a sum of money, "₹1,180.00" */
      text = g_strdup_printf (_("Pay %s on the checkout page in your browser. "
                                "This window follows the payment and updates by itself."),
                              total);
      adw_status_page_set_description (self->waiting_page, text);
      set_stage (self, MC_RECHARGE_STAGE_WAITING);
      break;

    case MC_PAYMENT_STATUS_COMPLETED:
      /* Translators: %s is a sum of money, "₹1,000.00" */
      text = g_strdup_printf (_("%s in credits was added to your balance."), amount);
      adw_status_page_set_description (self->success_page, text);
      g_clear_pointer (&self->idempotency_key, g_free);
      set_stage (self, MC_RECHARGE_STAGE_SUCCESS);
      if (!self->completed_emitted)
        {
          self->completed_emitted = TRUE;
          g_signal_emit (self, signals[PAYMENT_COMPLETED], 0, self->payment);
        }
      break;

    case MC_PAYMENT_STATUS_FAILED:
      g_clear_pointer (&self->idempotency_key, g_free);
      show_failure (self, _("Payment failed"),
                    _("The payment was declined and nothing was charged. "
                      "You can try again, with another card or bank if you like."),
                    FALSE);
      break;

    case MC_PAYMENT_STATUS_EXPIRED:
      g_clear_pointer (&self->idempotency_key, g_free);
      show_failure (self, _("Payment expired"),
                    _("The payment was not completed within 24 hours, and nothing was charged."),
                    FALSE);
      break;

    case MC_PAYMENT_STATUS_CANCELLED:
      g_clear_pointer (&self->idempotency_key, g_free);
      if (self->cancelling)
        {
          gtk_window_close (GTK_WINDOW (self));
          break;
        }
      show_failure (self, _("Payment cancelled"),
                    _("The payment was cancelled, and nothing was charged."), FALSE);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
payment_status_cb (McRechargeDialog *self)
{
  update_for_status (self);
}

static void
follow_payment (McRechargeDialog *self,
                McPayment        *payment)
{
  if (self->payment == payment)
    return;

  if (self->payment != NULL)
    g_signal_handlers_disconnect_by_func (self->payment, payment_status_cb, self);

  g_set_object (&self->payment, payment);
  self->completed_emitted = FALSE;
  self->cancelling = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->browser_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->copy_link_button), "suggested-action");

  g_signal_connect_object (payment, "notify::status",
                           G_CALLBACK (payment_status_cb), self, G_CONNECT_SWAPPED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAYMENT]);
  update_for_status (self);
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(McRechargeDialog) self = user_data;
  g_autoptr(McPayment) payment = NULL;
  g_autoptr(GError) error = NULL;

  payment = mc_client_payment_finish (MC_CLIENT (object), result, NULL, &error);
  if (payment == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      if (g_strcmp0 (mc_client_error_get_field (error), "amount") == 0)
        {
          /* The service refused the amount itself: say so beside the field. */
          g_clear_pointer (&self->idempotency_key, g_free);
          set_stage (self, MC_RECHARGE_STAGE_AMOUNT);
          show_message (self, error->message);
          return;
        }

      if (g_error_matches (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_NETWORK) ||
          g_error_matches (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_TIMEOUT) ||
          g_error_matches (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_INTERNAL))
        {
          /* Trying again sends the same Idempotency-Key: at most one payment. */
          show_failure (self, _("Could Not Start the Payment"),
                        _("The credit service could not be reached, and nothing was charged. "
                          "Check the connection and try again."),
                        TRUE);
          return;
        }

      g_clear_pointer (&self->idempotency_key, g_free);
      show_failure (self, _("Could Not Start the Payment"), error->message, FALSE);
      return;
    }

  follow_payment (self, payment);
  if (mc_payment_get_status (payment) == MC_PAYMENT_STATUS_PENDING)
    open_checkout (self);
}

static void
create_payment (McRechargeDialog *self)
{
  g_assert (self->idempotency_key != NULL);

  adw_status_page_set_title (self->busy_page, _("Starting Payment…"));
  set_stage (self, MC_RECHARGE_STAGE_CREATING);
  mc_client_create_payment_async (self->client, self->key_amount, self->idempotency_key,
                                  self->cancellable, created_cb, g_object_ref (self));
}

static void
add_clicked_cb (McRechargeDialog *self)
{
  if (self->stage != MC_RECHARGE_STAGE_AMOUNT || self->amount <= 0)
    return;

  /* One key per action: the same amount after a lost answer is the same
   * payment; another amount is another payment. */
  if (self->idempotency_key == NULL || self->key_amount != self->amount)
    {
      g_free (self->idempotency_key);
      self->idempotency_key = mc_client_new_idempotency_key ();
      self->key_amount = self->amount;
    }

  create_payment (self);
}

static void
retry_clicked_cb (McRechargeDialog *self)
{
  if (self->retry_creates && self->idempotency_key != NULL)
    {
      create_payment (self);
      return;
    }

  set_stage (self, MC_RECHARGE_STAGE_AMOUNT);
  update_amount (self);
}

static void
open_again_clicked_cb (McRechargeDialog *self)
{
  if (self->payment != NULL)
    open_checkout (self);
}

static void
copy_link_clicked_cb (McRechargeDialog *self)
{
  const char *url;

  if (self->payment == NULL)
    return;

  url = mc_payment_get_checkout_url (self->payment);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), url);
  toast (self, _("Link copied"));
}

static void
cancelled_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(McRechargeDialog) self = user_data;
  g_autoptr(McPayment) payment = NULL;
  g_autoptr(GError) error = NULL;

  payment = mc_client_payment_finish (MC_CLIENT (object), result, NULL, &error);
  if (payment != NULL)
    {
      /* Usually the status notify closed the window already. */
      update_for_status (self);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->cancelling = FALSE;
  if (g_error_matches (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_INVALID_STATE))
    {
      /* It completed or failed meanwhile: the fresh status says which. */
      mc_client_get_payment_async (self->client, mc_payment_get_id (self->payment),
                                   self->cancellable, NULL, NULL);
      return;
    }

  update_for_status (self);
  toast (self, error->message);
}

static void
cancel_payment_clicked_cb (McRechargeDialog *self)
{
  if (self->payment == NULL || self->cancelling)
    return;

  self->cancelling = TRUE;
  adw_status_page_set_title (self->busy_page, _("Cancelling Payment…"));
  set_stage (self, MC_RECHARGE_STAGE_CREATING);
  mc_client_cancel_payment_async (self->client, mc_payment_get_id (self->payment),
                                  self->cancellable, cancelled_cb, g_object_ref (self));
}

static gboolean
mc_recharge_dialog_close_request (GtkWindow *window)
{
  McRechargeDialog *self = MC_RECHARGE_DIALOG (window);

  if (self->payment != NULL && !self->cancelling &&
      mc_payment_get_status (self->payment) == MC_PAYMENT_STATUS_PENDING)
    g_signal_emit (self, signals[PAYMENT_LEFT_PENDING], 0, self->payment);

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (mc_recharge_dialog_parent_class)->close_request (window);
}

static void
add_quick_amounts (McRechargeDialog *self)
{
  const gint64 *amounts = NULL;
  gsize n = 0;

  switch (self->currency)
    {
    case MC_CURRENCY_INR:
      amounts = quick_inr;
      n = G_N_ELEMENTS (quick_inr);
      break;
    case MC_CURRENCY_USD:
      amounts = quick_usd;
      n = G_N_ELEMENTS (quick_usd);
      break;
    case MC_CURRENCY_INVALID:
    default:
      break;
    }

  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *label = format_money (self, amounts[i] * MC_MONEY_SCALE);
      GtkWidget *button;

      /* Whole amounts read better without ".00" on a button. */
      if (g_str_has_suffix (label, ".00"))
        label[strlen (label) - 3] = '\0';

      button = gtk_button_new_with_label (label);
      gtk_widget_add_css_class (button, "pill");
      g_object_set_data (G_OBJECT (button), "mc-whole-units", GSIZE_TO_POINTER (amounts[i]));
      g_signal_connect_object (button, "clicked", G_CALLBACK (quick_amount_clicked_cb),
                               self, G_CONNECT_SWAPPED);
      gtk_box_append (self->quick_box, button);
    }
}

static void
mc_recharge_dialog_constructed (GObject *object)
{
  McRechargeDialog *self = MC_RECHARGE_DIALOG (object);
  McAccount *account;
  const char *tax_name;

  G_OBJECT_CLASS (mc_recharge_dialog_parent_class)->constructed (object);

  g_assert (self->client != NULL);

  /* Callbacks in flight keep the dialog alive after it is destroyed; its
   * transient parent must stay valid until then. */
  g_set_object (&self->parent_window, gtk_window_get_transient_for (GTK_WINDOW (self)));

  account = mc_client_get_account (self->client);
  self->currency = mc_account_get_currency (account);
  if (self->payment != NULL && self->currency == MC_CURRENCY_INVALID)
    self->currency = mc_payment_get_currency (self->payment);

  if (self->currency != MC_CURRENCY_INVALID)
    {
      g_autofree char *min = format_money (self, mc_recharge_min (self->currency));
      g_autofree char *max = format_money (self, mc_recharge_max (self->currency));
      /* Translators: the smallest and the largest recharge, "₹100.00" and "₹1,00,000.00" */
      g_autofree char *limits = g_strdup_printf (_("From %s to %s in one payment."), min, max);

      gtk_label_set_label (self->currency_label, mc_currency_symbol (self->currency));
      gtk_label_set_label (self->limits_label, limits);
    }

  tax_name = mc_tax_name (self->currency);
  if (tax_name != NULL)
    {
      McTaxBreakdown probe = { 0, };
      g_autofree char *title = NULL;

      mc_tax_compute (self->currency, 0, &probe, NULL);
      /* Translators: a tax and its rate, "GST (18%)" */
      title = g_strdup_printf (_("%s (%u%%)"), tax_name, probe.rate_percent);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->tax_row), title);
      adw_action_row_set_subtitle (self->tax_row, _("Charged on top of the amount"));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->tax_row), tax_name != NULL);

  add_quick_amounts (self);
  update_amount (self);

  if (self->payment != NULL)
    {
      /* Resuming a pending payment: straight to checkout. */
      g_autoptr(McPayment) payment = g_steal_pointer (&self->payment);

      follow_payment (self, payment);
      if (mc_payment_get_status (payment) == MC_PAYMENT_STATUS_PENDING)
        open_checkout (self);
    }
  else
    {
      set_stage (self, MC_RECHARGE_STAGE_AMOUNT);
    }
}

static void
mc_recharge_dialog_dispose (GObject *object)
{
  McRechargeDialog *self = MC_RECHARGE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_window_set_transient_for (GTK_WINDOW (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_RECHARGE_DIALOG);

  G_OBJECT_CLASS (mc_recharge_dialog_parent_class)->dispose (object);
}

static void
mc_recharge_dialog_finalize (GObject *object)
{
  McRechargeDialog *self = MC_RECHARGE_DIALOG (object);
  GtkWindow *parent = g_steal_pointer (&self->parent_window);

  g_clear_object (&self->client);
  g_clear_object (&self->payment);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->idempotency_key, g_free);

  G_OBJECT_CLASS (mc_recharge_dialog_parent_class)->finalize (object);
  g_clear_object (&parent);
}

static void
mc_recharge_dialog_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  McRechargeDialog *self = MC_RECHARGE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_PAYMENT:
      g_value_set_object (value, self->payment);
      break;
    case PROP_STAGE:
      g_value_set_int (value, self->stage);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_recharge_dialog_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  McRechargeDialog *self = MC_RECHARGE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_PAYMENT:
      self->payment = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_recharge_dialog_class_init (McRechargeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = mc_recharge_dialog_constructed;
  object_class->dispose = mc_recharge_dialog_dispose;
  object_class->finalize = mc_recharge_dialog_finalize;
  object_class->get_property = mc_recharge_dialog_get_property;
  object_class->set_property = mc_recharge_dialog_set_property;

  window_class->close_request = mc_recharge_dialog_close_request;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, MC_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAYMENT] =
    g_param_spec_object ("payment", NULL, NULL, MC_TYPE_PAYMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STAGE] =
    g_param_spec_int ("stage", NULL, NULL,
                      MC_RECHARGE_STAGE_AMOUNT, MC_RECHARGE_STAGE_FAILED, MC_RECHARGE_STAGE_AMOUNT,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PAYMENT_COMPLETED] =
    g_signal_new ("payment-completed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, MC_TYPE_PAYMENT);
  signals[PAYMENT_LEFT_PENDING] =
    g_signal_new ("payment-left-pending", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, MC_TYPE_PAYMENT);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/messagecredits/MessageCredits/mc-recharge-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, McRechargeDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, McRechargeDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, McRechargeDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, McRechargeDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, McRechargeDialog, amount_row);
  gtk_widget_class_bind_template_child (widget_class, McRechargeDialog, currency_label);
  gtk_widget_class_bind_template_child (widget_class, McRechargeDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, McRechargeDialog, limits_label);
  gtk_widget_class_bind_template_child (widget_class, McRechargeDialog, quick_box);
  gtk_widget_class_bind_template_child (widget_class, McRechargeDialog, amount_sum_row);
  gtk_widget_class_bind_template_child (widget_class, McRechargeDialog, tax_row);
  gtk_widget_class_bind_template_child (widget_class, McRechargeDialog, total_row);
  gtk_widget_class_bind_template_child (widget_class, McRechargeDialog, amount_value);
  gtk_widget_class_bind_template_child (widget_class, McRechargeDialog, tax_value);
  gtk_widget_class_bind_template_child (widget_class, McRechargeDialog, total_value);
  gtk_widget_class_bind_template_child (widget_class, McRechargeDialog, busy_page);
  gtk_widget_class_bind_template_child (widget_class, McRechargeDialog, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, McRechargeDialog, waiting_page);
  gtk_widget_class_bind_template_child (widget_class, McRechargeDialog, browser_label);
  gtk_widget_class_bind_template_child (widget_class, McRechargeDialog, open_again_button);
  gtk_widget_class_bind_template_child (widget_class, McRechargeDialog, copy_link_button);
  gtk_widget_class_bind_template_child (widget_class, McRechargeDialog, cancel_payment_button);
  gtk_widget_class_bind_template_child (widget_class, McRechargeDialog, success_page);
  gtk_widget_class_bind_template_child (widget_class, McRechargeDialog, done_button);
  gtk_widget_class_bind_template_child (widget_class, McRechargeDialog, failed_page);
  gtk_widget_class_bind_template_child (widget_class, McRechargeDialog, retry_button);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, amount_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_again_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_link_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_payment_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
}

static void
mc_recharge_dialog_init (McRechargeDialog *self)
{
  self->amount = -1;
  self->stage = MC_RECHARGE_STAGE_AMOUNT;
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  mc_widget_set_accessible_label (GTK_WIDGET (self->close_button), _("Cancel"));
  mc_widget_set_accessible_label (GTK_WIDGET (self->add_button), _("Add Credits"));
  mc_widget_set_accessible_label (GTK_WIDGET (self->open_again_button),
                                  _("Open Payment Page Again"));
  mc_widget_set_accessible_label (GTK_WIDGET (self->copy_link_button), _("Copy Link"));
  mc_widget_set_accessible_label (GTK_WIDGET (self->cancel_payment_button), _("Cancel Payment"));
  mc_widget_set_accessible_label (GTK_WIDGET (self->done_button), _("Done"));
  mc_widget_set_accessible_label (GTK_WIDGET (self->retry_button), _("Try Again"));
}

/**
 * mc_recharge_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @client: the connected client, whose account is loaded
 *
 * Returns: (transfer none): a new dialog, not yet presented (the window list owns it)
 */
McRechargeDialog *
mc_recharge_dialog_new (GtkWindow *parent,
                        McClient  *client)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (MC_IS_CLIENT (client), NULL);

  return g_object_new (MC_TYPE_RECHARGE_DIALOG,
                       "client", client,
                       "transient-for", parent,
                       NULL);
}

/**
 * mc_recharge_dialog_new_for_payment:
 * @parent: (nullable): the window it belongs to
 * @client: the connected client
 * @payment: a payment to follow (a pending one is reopened at checkout)
 *
 * Returns: (transfer none): a new dialog following @payment
 */
McRechargeDialog *
mc_recharge_dialog_new_for_payment (GtkWindow *parent,
                                    McClient  *client,
                                    McPayment *payment)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (MC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (MC_IS_PAYMENT (payment), NULL);

  return g_object_new (MC_TYPE_RECHARGE_DIALOG,
                       "client", client,
                       "payment", payment,
                       "transient-for", parent,
                       NULL);
}

McRechargeStage
mc_recharge_dialog_get_stage (McRechargeDialog *self)
{
  g_return_val_if_fail (MC_IS_RECHARGE_DIALOG (self), MC_RECHARGE_STAGE_AMOUNT);

  return self->stage;
}

/**
 * mc_recharge_dialog_get_payment:
 *
 * Returns: (transfer none) (nullable): the payment being followed
 */
McPayment *
mc_recharge_dialog_get_payment (McRechargeDialog *self)
{
  g_return_val_if_fail (MC_IS_RECHARGE_DIALOG (self), NULL);

  return self->payment;
}

void
mc_recharge_dialog_set_amount_text (McRechargeDialog *self,
                                    const char       *text)
{
  g_return_if_fail (MC_IS_RECHARGE_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->amount_row), text ? text : "");
}
