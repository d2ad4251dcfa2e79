/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The Add Credits dialog against a real service on loopback: what a person
 * sees beside the field as they type, the GST rows, when the button may be
 * pressed, and the payment flow to "Payment successful". */

#include "config.h"

#include <adwaita.h>

#include "mc-app-test-util.h"
#include "mc-core.h"
#include "mc-recharge-dialog.h"

typedef struct
{
  McTestService    *service;
  GtkWindow        *parent;
  McRechargeDialog *dialog;
} Fixture;

static GtkWidget *
child (Fixture    *fixture,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (fixture->dialog),
                                                   MC_TYPE_RECHARGE_DIALOG, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static const char *
label_text (Fixture    *fixture,
            const char *name)
{
  return gtk_label_get_label (GTK_LABEL (child (fixture, name)));
}

static void
type (Fixture    *fixture,
      const char *text)
{
  /* As typing does: through the editable, which emits "changed". */
  gtk_editable_set_text (GTK_EDITABLE (child (fixture, "amount_row")), text);
}

static gboolean
add_sensitive (Fixture *fixture)
{
  return gtk_widget_is_sensitive (child (fixture, "add_button"));
}

/* The message beside the field, or NULL when none is shown. */
static const char *
message (Fixture *fixture)
{
  GtkWidget *label = child (fixture, "message_label");

  return gtk_widget_get_visible (label) ? gtk_label_get_label (GTK_LABEL (label)) : NULL;
}

static void
assert_message_is (Fixture          *fixture,
                   McCurrency        currency,
                   McRechargeReason  reason)
{
  g_autofree char *expected = mc_recharge_reason_message (currency, reason);

  g_assert_nonnull (expected);
  g_assert_cmpstr (message (fixture), ==, expected);
  g_assert_false (add_sensitive (fixture));
  g_assert_true (gtk_widget_has_css_class (child (fixture, "amount_row"), "error"));
  g_assert_cmpstr (label_text (fixture, "total_value"), ==, "—");
}

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  fixture->service = mc_test_service_new (data != NULL ? data : "INR");
  fixture->parent = GTK_WINDOW (gtk_window_new ());
  gtk_window_present (fixture->parent);
  fixture->dialog = mc_recharge_dialog_new (fixture->parent, fixture->service->client);
  g_object_add_weak_pointer (G_OBJECT (fixture->dialog), (gpointer *) &fixture->dialog);
  gtk_window_present (GTK_WINDOW (fixture->dialog));
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  if (fixture->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  gtk_window_destroy (fixture->parent);

  /* The dialog is finalized once its last callback returned. */
  mc_test_wait_for_null ((gpointer *) &fixture->dialog, 5000, "the dialog");
  g_clear_pointer (&fixture->service, mc_test_service_free);
}

static void
test_titles (Fixture       *fixture,
             gconstpointer  data)
{
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->dialog)), ==, "Add Credits");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child (fixture, "amount_row"))),
                   ==, "Amount");
  g_assert_cmpstr (label_text (fixture, "currency_label"), ==, "₹");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child (fixture, "tax_row"))),
                   ==, "GST (18%)");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child (fixture, "total_row"))),
                   ==, "Total payable");
  g_assert_cmpstr (label_text (fixture, "limits_label"), ==,
                   "From ₹100.00 to ₹1,00,000.00 in one payment.");

  /* Nothing typed yet: nothing to complain about, nothing to press. */
  g_assert_null (message (fixture));
  g_assert_false (add_sensitive (fixture));
  g_assert_cmpint (mc_recharge_dialog_get_stage (fixture->dialog), ==, MC_RECHARGE_STAGE_AMOUNT);
}

static void
test_validation (Fixture       *fixture,
                 gconstpointer  data)
{
  type (fixture, "50");
  assert_message_is (fixture, MC_CURRENCY_INR, MC_RECHARGE_BELOW_MINIMUM);
  g_assert_cmpstr (message (fixture), ==, "The minimum recharge is ₹100.00.");

  type (fixture, "100001");
  assert_message_is (fixture, MC_CURRENCY_INR, MC_RECHARGE_ABOVE_MAXIMUM);

  type (fixture, "12abc");
  assert_message_is (fixture, MC_CURRENCY_INR, MC_RECHARGE_NOT_A_NUMBER);

  type (fixture, "1e3");
  assert_message_is (fixture, MC_CURRENCY_INR, MC_RECHARGE_NOT_A_NUMBER);

  type (fixture, "100.123");
  assert_message_is (fixture, MC_CURRENCY_INR, MC_RECHARGE_TOO_MANY_DECIMALS);

  type (fixture, "0");
  assert_message_is (fixture, MC_CURRENCY_INR, MC_RECHARGE_NOT_POSITIVE);

  /* Clearing the field takes the complaint away but still allows nothing. */
  type (fixture, "");
  g_assert_null (message (fixture));
  g_assert_false (add_sensitive (fixture));
  g_assert_false (gtk_widget_has_css_class (child (fixture, "amount_row"), "error"));

  /* The limits themselves are fine. */
  type (fixture, "100");
  g_assert_null (message (fixture));
  g_assert_true (add_sensitive (fixture));
  type (fixture, "1,00,000");
  g_assert_null (message (fixture));
  g_assert_true (add_sensitive (fixture));
  g_assert_cmpstr (label_text (fixture, "total_value"), ==, "₹1,18,000.00");
}

static void
test_gst_rows (Fixture       *fixture,
               gconstpointer  data)
{
  type (fixture, "1000");
  g_assert_null (message (fixture));
  g_assert_true (add_sensitive (fixture));
  g_assert_true (gtk_widget_get_visible (child (fixture, "tax_row")));
  g_assert_cmpstr (label_text (fixture, "amount_value"), ==, "₹1,000.00");
  g_assert_cmpstr (label_text (fixture, "tax_value"), ==, "₹180.00");
  g_assert_cmpstr (label_text (fixture, "total_value"), ==, "₹1,180.00");

  /* Half-up to the paisa: 18.009 -> 18.01. */
  type (fixture, "100.05");
  g_assert_cmpstr (label_text (fixture, "tax_value"), ==, "₹18.01");
  g_assert_cmpstr (label_text (fixture, "total_value"), ==, "₹118.06");

  /* The currency symbol typed along is accepted. */
  type (fixture, "₹ 2,500");
  g_assert_cmpstr (label_text (fixture, "total_value"), ==, "₹2,950.00");

  /* Going invalid clears the figures and the button. */
  type (fixture, "99.99");
  g_assert_false (add_sensitive (fixture));
  g_assert_cmpstr (label_text (fixture, "tax_value"), ==, "—");
}

static void
test_quick_amounts (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWidget *button = mc_test_find_button (child (fixture, "quick_box"), "₹1,000");

  g_assert_nonnull (button);
  mc_test_click (button);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (fixture, "amount_row"))), ==, "1000");
  g_assert_cmpstr (label_text (fixture, "total_value"), ==, "₹1,180.00");
  g_assert_true (add_sensitive (fixture));
}

static void
test_usd (Fixture       *fixture,
          gconstpointer  data)
{
  g_assert_cmpstr (label_text (fixture, "currency_label"), ==, "$");
  g_assert_false (gtk_widget_get_visible (child (fixture, "tax_row")));

  type (fixture, "4.99");
  assert_message_is (fixture, MC_CURRENCY_USD, MC_RECHARGE_BELOW_MINIMUM);
  g_assert_cmpstr (message (fixture), ==, "The minimum recharge is $5.00.");

  type (fixture, "2000.01");
  assert_message_is (fixture, MC_CURRENCY_USD, MC_RECHARGE_ABOVE_MAXIMUM);

  type (fixture, "20.5");
  g_assert_null (message (fixture));
  g_assert_true (add_sensitive (fixture));
  g_assert_cmpstr (label_text (fixture, "amount_value"), ==, "$20.50");
  g_assert_cmpstr (label_text (fixture, "total_value"), ==, "$20.50");
  g_assert_false (gtk_widget_get_visible (child (fixture, "tax_row")));
}

static void
stage_cb (McRechargeDialog *dialog,
          GParamSpec       *pspec,
          gboolean         *changed)
{
  *changed = TRUE;
}

static void
wait_for_stage (Fixture         *fixture,
                McRechargeStage  stage)
{
  while (mc_recharge_dialog_get_stage (fixture->dialog) != stage)
    {
      gboolean changed = FALSE;
      gulong id = g_signal_connect (fixture->dialog, "notify::stage", G_CALLBACK (stage_cb),
                                    &changed);

      mc_test_wait_for_flag (&changed, 10000, "the dialog's next stage");
      g_signal_handler_disconnect (fixture->dialog, id);
    }
}

static void
completed_cb (McRechargeDialog *dialog,
              McPayment        *payment,
              guint            *count)
{
  (*count)++;
}

static void
test_pay (Fixture       *fixture,
          gconstpointer  data)
{
  McAccount *account = mc_client_get_account (fixture->service->client);
  gint64 before = mc_account_get_balance (account);
  g_autoptr(McPayment) server_side = NULL;
  McPayment *payment;
  guint completed = 0;

  g_signal_connect (fixture->dialog, "payment-completed", G_CALLBACK (completed_cb), &completed);

  type (fixture, "1000");
  mc_test_click (child (fixture, "add_button"));
  wait_for_stage (fixture, MC_RECHARGE_STAGE_WAITING);

  payment = mc_recharge_dialog_get_payment (fixture->dialog);
  g_assert_nonnull (payment);
  g_assert_cmpint (mc_payment_get_status (payment), ==, MC_PAYMENT_STATUS_PENDING);
  g_assert_cmpint (mc_payment_get_amount (payment), ==, 1000 * MC_MONEY_SCALE);
  g_assert_cmpint (mc_payment_get_total (payment), ==, 1180 * MC_MONEY_SCALE);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (child (fixture, "waiting_page"))),
                   ==, "Waiting for payment…");
  g_assert_true (gtk_widget_get_visible (child (fixture, "cancel_payment_button")));
  g_assert_true (gtk_widget_get_visible (child (fixture, "copy_link_button")));
  g_assert_true (gtk_widget_get_visible (child (fixture, "open_again_button")));

  /* Where no browser is installed, the dialog says so once the launch failed. */
  if (g_app_info_get_default_for_uri_scheme ("http") == NULL)
    {
      GtkWidget *browser_label = child (fixture, "browser_label");

      while (!gtk_widget_get_visible (browser_label))
        g_main_context_iteration (NULL, TRUE);
    }

  /* Copy Link puts the checkout URL on the clipboard. */
  mc_test_click (child (fixture, "copy_link_button"));

  /* The person pays on the checkout page; the dialog follows by itself. */
  mc_test_service_pay (fixture->service, payment);
  wait_for_stage (fixture, MC_RECHARGE_STAGE_SUCCESS);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (child (fixture, "success_page"))),
                   ==, "Payment successful");
  g_assert_cmpstr (adw_status_page_get_description (ADW_STATUS_PAGE (child (fixture, "success_page"))),
                   ==, "₹1,000.00 in credits was added to your balance.");
  g_assert_cmpuint (completed, ==, 1);

  server_side = mc_test_service_get_payment (fixture->service, mc_payment_get_id (payment));
  g_assert_cmpint (mc_payment_get_status (server_side), ==, MC_PAYMENT_STATUS_COMPLETED);

  /* The credits (not the tax) reach the balance. */
  mc_test_service_refresh_account (fixture->service);
  g_assert_cmpint (mc_account_get_balance (account) - before, ==, 1000 * MC_MONEY_SCALE);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  McPayment *first;
  g_autofree char *first_id = NULL;

  type (fixture, "500");
  mc_test_click (child (fixture, "add_button"));
  wait_for_stage (fixture, MC_RECHARGE_STAGE_WAITING);
  first = mc_recharge_dialog_get_payment (fixture->dialog);
  first_id = g_strdup (mc_payment_get_id (first));

  /* Cancelling closes the dialog and cancels the payment on the service. */
  mc_test_click (child (fixture, "cancel_payment_button"));
  mc_test_wait_for_null ((gpointer *) &fixture->dialog, 10000, "the dialog");

  {
    g_autoptr(McPayment) server_side = mc_test_service_get_payment (fixture->service, first_id);

    g_assert_cmpint (mc_payment_get_status (server_side), ==, MC_PAYMENT_STATUS_CANCELLED);
  }
}

static void
left_pending_cb (McRechargeDialog *dialog,
                 McPayment        *payment,
                 McPayment       **out)
{
  *out = g_object_ref (payment);
}

static void
test_resume_pending (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(McPayment) payment = mc_test_service_create_payment (fixture->service,
                                                                 250 * MC_MONEY_SCALE);
  g_autoptr(McPayment) left = NULL;

  /* "Complete Payment" reopens a dialog that goes straight to waiting. */
  gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  fixture->dialog = mc_recharge_dialog_new_for_payment (fixture->parent,
                                                        fixture->service->client, payment);
  g_object_add_weak_pointer (G_OBJECT (fixture->dialog), (gpointer *) &fixture->dialog);
  gtk_window_present (GTK_WINDOW (fixture->dialog));

  g_assert_cmpint (mc_recharge_dialog_get_stage (fixture->dialog), ==, MC_RECHARGE_STAGE_WAITING);
  g_assert_true (mc_recharge_dialog_get_payment (fixture->dialog) == payment);
  g_assert_cmpstr (adw_status_page_get_description (ADW_STATUS_PAGE (child (fixture, "waiting_page"))),
                   ==, "Pay ₹295.00 on the checkout page in your browser. "
                   "This window follows the payment and updates by itself.");

  /* Closing it while still pending says so, for the pending alert. */
  g_signal_connect (fixture->dialog, "payment-left-pending", G_CALLBACK (left_pending_cb), &left);
  gtk_window_close (GTK_WINDOW (fixture->dialog));
  g_assert_true (left == payment);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/app/recharge-dialog/titles", Fixture, NULL, setup, test_titles, teardown);
  g_test_add ("/app/recharge-dialog/validation", Fixture, NULL, setup, test_validation, teardown);
  g_test_add ("/app/recharge-dialog/gst-rows", Fixture, NULL, setup, test_gst_rows, teardown);
  g_test_add ("/app/recharge-dialog/quick-amounts", Fixture, NULL, setup, test_quick_amounts,
              teardown);
  g_test_add ("/app/recharge-dialog/usd", Fixture, "USD", setup, test_usd, teardown);
  g_test_add ("/app/recharge-dialog/pay", Fixture, NULL, setup, test_pay, teardown);
  g_test_add ("/app/recharge-dialog/cancel", Fixture, NULL, setup, test_cancel,
              teardown);
  g_test_add ("/app/recharge-dialog/resume-pending", Fixture, NULL, setup, test_resume_pending,
              teardown);

  return g_test_run ();
}
