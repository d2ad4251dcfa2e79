/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The Payments page against a real service: the history with status,
 * amount, tax, total and dates, live updates, and cancelling or completing
 * a pending payment from its row. */

#include "config.h"

#include <adwaita.h>

#include "mc-app-test-util.h"
#include "mc-core.h"
#include "mc-payment-row.h"
#include "mc-payments-page.h"
#include "mc-session.h"

typedef struct
{
  McTestService  *service;
  McSession      *session;
  GtkWindow      *window;
  McPaymentsPage *page;
  McPayment      *open_recharge;
  char           *toast;
} Fixture;

static void
open_recharge_cb (McPaymentsPage *page,
                  McPayment      *payment,
                  Fixture        *fixture)
{
  g_set_object (&fixture->open_recharge, payment);
}

static void
toast_cb (McPaymentsPage *page,
          const char     *message,
          Fixture        *fixture)
{
  g_free (fixture->toast);
  fixture->toast = g_strdup (message);
}

static GtkListBox *
list_box (Fixture *fixture)
{
  return GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (fixture->page),
                                                      MC_TYPE_PAYMENTS_PAGE, "list_box"));
}

static McPaymentRow *
row_for (Fixture   *fixture,
         McPayment *payment)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list_box (fixture), i)) != NULL; i++)
    if (g_strcmp0 (mc_payment_get_id (mc_payment_row_get_payment (MC_PAYMENT_ROW (row))),
                   mc_payment_get_id (payment)) == 0)
      return MC_PAYMENT_ROW (row);

  return NULL;
}

static McPaymentRow *
wait_for_row (Fixture   *fixture,
              McPayment *payment)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  McPaymentRow *row;

  while ((row = row_for (fixture, payment)) == NULL && g_get_monotonic_time () < deadline)
    mc_test_run_for (20);

  g_assert_nonnull (row);
  return row;
}

/* The status label: the row's suffix styled caption-heading. */
static const char *
status_text (McPaymentRow *row)
{
  GtkWidget *stack[64];
  int top = 0;

  stack[top++] = GTK_WIDGET (row);
  while (top > 0)
    {
      GtkWidget *w = stack[--top];

      if (GTK_IS_LABEL (w) && gtk_widget_has_css_class (w, "caption-heading"))
        return gtk_label_get_label (GTK_LABEL (w));
      for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL && top < 64;
           c = gtk_widget_get_next_sibling (c))
        stack[top++] = c;
    }

  return NULL;
}

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  fixture->service = mc_test_service_new ("INR");
  fixture->session = mc_session_new (fixture->service->client, FALSE);
  mc_session_start (fixture->session);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  fixture->page = g_object_new (MC_TYPE_PAYMENTS_PAGE, NULL);
  g_signal_connect (fixture->page, "open-recharge", G_CALLBACK (open_recharge_cb), fixture);
  g_signal_connect (fixture->page, "toast", G_CALLBACK (toast_cb), fixture);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  mc_session_stop (fixture->session);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->open_recharge);
  g_clear_pointer (&fixture->toast, g_free);
  mc_test_run_for (20);
  g_clear_pointer (&fixture->service, mc_test_service_free);
}

static void
test_history (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(McPayment) paid = mc_test_service_create_payment (fixture->service,
                                                              1000 * MC_MONEY_SCALE);
  g_autoptr(McPayment) pending = NULL;
  McPaymentRow *row;

  mc_test_service_pay (fixture->service, paid);
  pending = mc_test_service_create_payment (fixture->service, 10005 * MC_MONEY_SCALE / 100);

  mc_payments_page_set_session (fixture->page, fixture->session);
  row = wait_for_row (fixture, paid);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "₹1,180.00");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                            "₹1,000.00 + ₹180.00 GST · started "));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), " · paid "));
  g_assert_cmpstr (status_text (row), ==, "Completed");
  g_assert_null (mc_test_find_button (GTK_WIDGET (row), "_Cancel"));

  /* Newest first; the pending one offers Complete and Cancel. */
  row = wait_for_row (fixture, pending);
  g_assert_true (gtk_list_box_get_row_at_index (list_box (fixture), 0) == GTK_LIST_BOX_ROW (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "₹118.06");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                            "₹100.05 + ₹18.01 GST"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), " · expires "));
  g_assert_cmpstr (status_text (row), ==, "Pending");
  g_assert_nonnull (mc_test_find_button (GTK_WIDGET (row), "_Cancel"));
  g_assert_nonnull (mc_test_find_button (GTK_WIDGET (row), "C_omplete"));
}

static void
test_live (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(McPayment) later = NULL;
  McPaymentRow *row;

  mc_payments_page_set_session (fixture->page, fixture->session);
  mc_test_run_for (200);

  /* A payment made elsewhere appears, and its row follows it to Completed. */
  later = mc_test_service_create_payment (fixture->service, 500 * MC_MONEY_SCALE);
  row = wait_for_row (fixture, later);
  g_assert_cmpstr (status_text (row), ==, "Pending");

  mc_test_service_pay (fixture->service, later);
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (g_strcmp0 (status_text (row), "Completed") != 0 && g_get_monotonic_time () < deadline)
      mc_test_run_for (20);
  }
  g_assert_cmpstr (status_text (row), ==, "Completed");
  g_assert_null (mc_test_find_button (GTK_WIDGET (row), "_Cancel"));
}

static void
test_cancel_and_complete (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(McPayment) first = mc_test_service_create_payment (fixture->service,
                                                               200 * MC_MONEY_SCALE);
  g_autoptr(McPayment) second = mc_test_service_create_payment (fixture->service,
                                                                300 * MC_MONEY_SCALE);
  g_autoptr(McPayment) fresh = NULL;
  McPaymentRow *row;

  mc_payments_page_set_session (fixture->page, fixture->session);

  /* Complete asks the window to reopen checkout for that payment. */
  row = wait_for_row (fixture, first);
  mc_test_click (mc_test_find_button (GTK_WIDGET (row), "C_omplete"));
  g_assert_true (fixture->open_recharge == first);

  /* Cancel cancels it on the service, and says so. */
  row = wait_for_row (fixture, second);
  mc_test_click (mc_test_find_button (GTK_WIDGET (row), "_Cancel"));
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (fixture->toast == NULL && g_get_monotonic_time () < deadline)
      mc_test_run_for (20);
  }
  g_assert_cmpstr (fixture->toast, ==, "Payment cancelled");
  fresh = mc_test_service_get_payment (fixture->service, mc_payment_get_id (second));
  g_assert_cmpint (mc_payment_get_status (fresh), ==, MC_PAYMENT_STATUS_CANCELLED);
  g_assert_cmpstr (status_text (row), ==, "Cancelled");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/app/payments-page/history", Fixture, NULL, setup, test_history, teardown);
  g_test_add ("/app/payments-page/live", Fixture, NULL, setup, test_live, teardown);
  g_test_add ("/app/payments-page/cancel-and-complete", Fixture, NULL, setup,
              test_cancel_and_complete, teardown);

  return g_test_run ();
}
