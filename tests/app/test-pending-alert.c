/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The Pending Payment alert against a real service on loopback: each
 * response does what its words say, on the service. */

#include "config.h"

#include <adwaita.h>

#include "mc-app-test-util.h"
#include "mc-core.h"
#include "mc-pending-alert.h"

typedef struct
{
  McTestService  *service;
  GtkWindow      *parent;
  GListStore     *payments;
  McPendingAlert *alert;

  /* what the alert reported */
  gboolean        open_recharge;
  McPayment      *open_recharge_payment;
  gboolean        cancelled;
  guint           n_cancelled;
  char           *cancel_error;
} Fixture;

static void
open_recharge_cb (McPendingAlert *alert,
                  McPayment      *payment,
                  Fixture        *fixture)
{
  fixture->open_recharge = TRUE;
  g_set_object (&fixture->open_recharge_payment, payment);
}

static void
cancelled_cb (McPendingAlert *alert,
              guint           n,
              const char     *error_message,
              Fixture        *fixture)
{
  fixture->cancelled = TRUE;
  fixture->n_cancelled = n;
  fixture->cancel_error = g_strdup (error_message);
}

static void
show_alert (Fixture *fixture)
{
  fixture->alert = mc_pending_alert_new (fixture->parent, fixture->service->client,
                                         G_LIST_MODEL (fixture->payments));
  g_object_add_weak_pointer (G_OBJECT (fixture->alert), (gpointer *) &fixture->alert);
  g_signal_connect (fixture->alert, "open-recharge", G_CALLBACK (open_recharge_cb), fixture);
  g_signal_connect (fixture->alert, "cancelled", G_CALLBACK (cancelled_cb), fixture);
  gtk_window_present (GTK_WINDOW (fixture->alert));
}

static void
add_payment (Fixture *fixture,
             gint64   amount)
{
  g_autoptr(McPayment) payment = mc_test_service_create_payment (fixture->service, amount);

  /* Newest first, as the service lists them. */
  g_list_store_insert (fixture->payments, 0, payment);
}

static McPaymentStatus
status_on_service (Fixture *fixture,
                   guint    position)
{
  g_autoptr(McPayment) listed = g_list_model_get_item (G_LIST_MODEL (fixture->payments), position);
  g_autoptr(McPayment) fresh = mc_test_service_get_payment (fixture->service,
                                                            mc_payment_get_id (listed));

  return mc_payment_get_status (fresh);
}

static void
respond (Fixture    *fixture,
         const char *label)
{
  GtkWidget *button = mc_test_find_button (GTK_WIDGET (fixture->alert), label);

  g_assert_nonnull (button);
  mc_test_click (button);
  /* A response closes the alert. */
  g_assert_true (fixture->alert == NULL || !gtk_widget_get_visible (GTK_WIDGET (fixture->alert)));
}

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  fixture->service = mc_test_service_new ("INR");
  fixture->parent = GTK_WINDOW (gtk_window_new ());
  gtk_window_present (fixture->parent);
  fixture->payments = g_list_store_new (MC_TYPE_PAYMENT);
  add_payment (fixture, 1000 * MC_MONEY_SCALE);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  if (fixture->alert != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->alert));
  gtk_window_destroy (fixture->parent);
  mc_test_wait_for_null ((gpointer *) &fixture->alert, 5000, "the alert");

  g_clear_object (&fixture->open_recharge_payment);
  g_clear_object (&fixture->payments);
  g_clear_pointer (&fixture->cancel_error, g_free);
  g_clear_pointer (&fixture->service, mc_test_service_free);
}

static void
test_text (Fixture       *fixture,
           gconstpointer  data)
{
  AdwMessageDialog *dialog;

  show_alert (fixture);
  dialog = ADW_MESSAGE_DIALOG (fixture->alert);

  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Pending Payment");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                            "Amount ₹1,000.00 + GST ₹180.00 = total ₹1,180.00, started just now"));

  /* Four responses; "Later" is what closing means. */
  g_assert_true (adw_message_dialog_has_response (dialog, "complete"));
  g_assert_true (adw_message_dialog_has_response (dialog, "cancel"));
  g_assert_true (adw_message_dialog_has_response (dialog, "different"));
  g_assert_true (adw_message_dialog_has_response (dialog, "later"));
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "later");
  g_assert_nonnull (mc_test_find_button (GTK_WIDGET (dialog), "C_omplete Payment"));
  g_assert_nonnull (mc_test_find_button (GTK_WIDGET (dialog), "_Cancel Payment"));
  g_assert_nonnull (mc_test_find_button (GTK_WIDGET (dialog), "_Recharge Different Amount"));
  g_assert_nonnull (mc_test_find_button (GTK_WIDGET (dialog), "_Later"));
}

static void
test_complete (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(McPayment) newest = NULL;

  add_payment (fixture, 500 * MC_MONEY_SCALE);
  newest = g_list_model_get_item (G_LIST_MODEL (fixture->payments), 0);
  show_alert (fixture);

  /* Several pending payments: one alert that lists them all. */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (fixture->alert)),
                            "2 payments were started but not completed"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (fixture->alert)),
                            "total ₹590.00"));

  respond (fixture, "C_omplete Payment");

  /* Checkout is reopened for the newest one; nothing is cancelled. */
  g_assert_true (fixture->open_recharge);
  g_assert_true (fixture->open_recharge_payment == newest);
  g_assert_false (fixture->cancelled);
  g_assert_cmpint (status_on_service (fixture, 0), ==, MC_PAYMENT_STATUS_PENDING);
  g_assert_cmpint (status_on_service (fixture, 1), ==, MC_PAYMENT_STATUS_PENDING);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  show_alert (fixture);
  respond (fixture, "_Cancel Payment");

  mc_test_wait_for_flag (&fixture->cancelled, 10000, "the cancellation");
  g_assert_cmpuint (fixture->n_cancelled, ==, 1);
  g_assert_null (fixture->cancel_error);
  g_assert_false (fixture->open_recharge);
  g_assert_cmpint (status_on_service (fixture, 0), ==, MC_PAYMENT_STATUS_CANCELLED);
}

static void
test_cancel_several (Fixture       *fixture,
                     gconstpointer  data)
{
  add_payment (fixture, 300 * MC_MONEY_SCALE);
  show_alert (fixture);
  respond (fixture, "_Cancel Payment");

  mc_test_wait_for_flag (&fixture->cancelled, 10000, "the cancellations");
  g_assert_cmpuint (fixture->n_cancelled, ==, 2);
  g_assert_cmpint (status_on_service (fixture, 0), ==, MC_PAYMENT_STATUS_CANCELLED);
  g_assert_cmpint (status_on_service (fixture, 1), ==, MC_PAYMENT_STATUS_CANCELLED);
}

static void
test_recharge_different (Fixture       *fixture,
                         gconstpointer  data)
{
  show_alert (fixture);
  respond (fixture, "_Recharge Different Amount");

  /* It cancels first, then asks for a new amount (no payment to follow). */
  mc_test_wait_for_flag (&fixture->open_recharge, 10000, "Add Credits to open");
  g_assert_true (fixture->cancelled);
  g_assert_cmpuint (fixture->n_cancelled, ==, 1);
  g_assert_null (fixture->open_recharge_payment);
  g_assert_cmpint (status_on_service (fixture, 0), ==, MC_PAYMENT_STATUS_CANCELLED);
}

static void
test_later (Fixture       *fixture,
            gconstpointer  data)
{
  show_alert (fixture);
  respond (fixture, "_Later");

  mc_test_run_for (200);
  g_assert_false (fixture->open_recharge);
  g_assert_false (fixture->cancelled);
  g_assert_cmpint (status_on_service (fixture, 0), ==, MC_PAYMENT_STATUS_PENDING);
}

static void
test_cancel_refused (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(McPayment) payment = g_list_model_get_item (G_LIST_MODEL (fixture->payments), 0);

  /* Paid meanwhile, in the browser: cancelling must not undo it. */
  show_alert (fixture);
  mc_test_service_pay (fixture->service, payment);
  respond (fixture, "_Cancel Payment");

  mc_test_wait_for_flag (&fixture->cancelled, 10000, "the cancellation");
  g_assert_cmpuint (fixture->n_cancelled, ==, 0);
  g_assert_nonnull (fixture->cancel_error);
  g_assert_cmpint (status_on_service (fixture, 0), ==, MC_PAYMENT_STATUS_COMPLETED);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/app/pending-alert/text", Fixture, NULL, setup, test_text, teardown);
  g_test_add ("/app/pending-alert/complete", Fixture, NULL, setup, test_complete, teardown);
  g_test_add ("/app/pending-alert/cancel", Fixture, NULL, setup, test_cancel, teardown);
  g_test_add ("/app/pending-alert/cancel-several", Fixture, NULL, setup, test_cancel_several,
              teardown);
  g_test_add ("/app/pending-alert/recharge-different", Fixture, NULL, setup,
              test_recharge_different, teardown);
  g_test_add ("/app/pending-alert/later", Fixture, NULL, setup, test_later, teardown);
  g_test_add ("/app/pending-alert/cancel-refused", Fixture, NULL, setup, test_cancel_refused,
              teardown);

  return g_test_run ();
}
