/* SPDX-License-Identifier: GPL-3.0-or-later */

/* New Broadcast and the Broadcasts page against a real service: the numbers
 * read from pasted text, the live estimate against the balance when it
 * covers the cost, when it does not (the warning, the shortfall, the
 * look-ahead on a scheduled one), and on a restricted account. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <adwaita.h>

#include "mc-app-test-util.h"
#include "mc-broadcast-dialog.h"
#include "mc-broadcasts-page.h"
#include "mc-core.h"
#include "mc-lookahead.h"
#include "mc-recipients.h"

static void
test_recipients_parse (void)
{
  g_autoptr(McRecipients) r =
    mc_recipients_parse ("phone,name\n"
                         "+91 98765-43210,Asha\r\n"
                         "919876543210\n"
                         "\"(1) 415.555.0100\";12345;\n"
                         "91987654321x\n"
                         "\t447700900123\n");

  g_assert_cmpuint (r->n_valid, ==, 3);
  g_assert_cmpstr (r->valid[0], ==, "919876543210");
  g_assert_cmpstr (r->valid[1], ==, "14155550100");
  g_assert_cmpstr (r->valid[2], ==, "447700900123");
  g_assert_null (r->valid[3]);
  g_assert_cmpuint (r->duplicates, ==, 1);
  g_assert_cmpuint (g_strv_length (r->invalid), ==, 2);
  g_assert_cmpstr (r->invalid[0], ==, "12345");
  g_assert_cmpstr (r->invalid[1], ==, "91987654321x");
}

static gboolean
estimated (gpointer data)
{
  return mc_broadcast_dialog_get_estimate (data) != NULL;
}

typedef struct
{
  McBroadcast *broadcast;
} Created;

static void
created_cb (McBroadcastDialog *dialog,
            McBroadcast       *broadcast,
            Created           *created)
{
  created->broadcast = g_object_ref (broadcast);
}

static gboolean
was_created (gpointer data)
{
  return ((Created *) data)->broadcast != NULL;
}

static McBroadcastDialog *
open_dialog (McTestService *service,
             GtkWindow     *parent)
{
  McBroadcastDialog *dialog = mc_broadcast_dialog_new (parent,
                                                       mc_test_service_session (service));

  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
test_sufficient (void)
{
  g_autoptr(McTestService) service = mc_test_service_new_demo ();
  GtkWidget *parent = gtk_window_new ();
  McBroadcastDialog *dialog = open_dialog (service, GTK_WINDOW (parent));
  McBroadcastEstimate *estimate;
  Created created = { NULL };

  g_signal_connect (dialog, "created", G_CALLBACK (created_cb), &created);

  mc_broadcast_dialog_set_name (dialog, "Weekend offer");
  mc_broadcast_dialog_set_recipients_text (dialog,
                                           "919876543210\n919876543211, 919876543212\n"
                                           "+91 98765 43210\nnot-a-number-123");
  g_assert_true (mc_broadcast_dialog_get_estimating (dialog));
  g_assert_false (mc_broadcast_dialog_can_create (dialog));
  mc_test_wait_until (estimated, dialog, 10000, "the estimate");

  g_assert_cmpstr (mc_broadcast_dialog_get_recipients_summary (dialog), ==,
                   "3 numbers · 1 repeat removed");
  estimate = mc_broadcast_dialog_get_estimate (dialog);
  g_assert_cmpuint (mc_broadcast_estimate_get_recipients (estimate), ==, 3);
  g_assert_cmpint (mc_broadcast_estimate_get_estimated_cost (estimate), ==, 3 * 8000);
  g_assert_true (mc_broadcast_estimate_get_sufficient (estimate));
  g_assert_null (mc_broadcast_dialog_get_warning (dialog));
  g_assert_true (mc_broadcast_dialog_can_create (dialog));

  mc_broadcast_dialog_create (dialog);
  mc_test_wait_until (was_created, &created, 10000, "the broadcast");
  g_assert_cmpint (mc_broadcast_get_status (created.broadcast), ==, MC_BROADCAST_STATUS_SENT);
  g_assert_cmpuint (mc_broadcast_get_recipients (created.broadcast), ==, 3);

  g_clear_object (&created.broadcast);
  gtk_window_destroy (GTK_WINDOW (parent));
}

static gboolean
warned (gpointer data)
{
  return *(McBroadcast **) data != NULL;
}

static void
warn_cb (McLookahead  *lookahead,
         McBroadcast  *broadcast,
         McBroadcast **slot)
{
  g_set_object (slot, broadcast);
}

typedef struct
{
  McLookahead *lookahead;
  const char  *id;
} AtRisk;

static gboolean
listed_at_risk (gpointer data)
{
  AtRisk *wait = data;
  GListModel *risky = mc_lookahead_get_at_risk (wait->lookahead);

  for (guint i = 0; i < g_list_model_get_n_items (risky); i++)
    {
      g_autoptr(McBroadcast) b = g_list_model_get_item (risky, i);

      if (g_strcmp0 (mc_broadcast_get_id (b), wait->id) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_insufficient (void)
{
  g_autoptr(McTestService) service = mc_test_service_new ("INR");
  GtkWidget *parent = gtk_window_new ();
  McLookahead *lookahead = mc_lookahead_get_for_session (mc_test_service_session (service));
  McBroadcastDialog *dialog;
  McBroadcastEstimate *estimate;
  Created created = { NULL };
  McBroadcast *warned_about = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) soon = g_date_time_add_minutes (now, 90);
  AtRisk wait = { lookahead, NULL };
  const char *warning;

  /* ₹1.00: five recipients at ₹0.80 cost ₹4.00. */
  mc_test_service_adjust (service, "1.00");
  g_signal_connect (lookahead, "warn", G_CALLBACK (warn_cb), &warned_about);

  dialog = open_dialog (service, GTK_WINDOW (parent));
  g_signal_connect (dialog, "created", G_CALLBACK (created_cb), &created);
  mc_broadcast_dialog_set_name (dialog, "Diwali offer");
  mc_broadcast_dialog_set_recipients_text (dialog,
                                           "919800000001\n919800000002\n919800000003\n"
                                           "919800000004\n919800000005");
  mc_test_wait_until (estimated, dialog, 10000, "the estimate");

  estimate = mc_broadcast_dialog_get_estimate (dialog);
  g_assert_false (mc_broadcast_estimate_get_sufficient (estimate));
  g_assert_cmpint (mc_broadcast_estimate_get_shortfall (estimate), ==, 30000);
  warning = mc_broadcast_dialog_get_warning (dialog);
  g_assert_nonnull (warning);
  g_assert_true (g_str_has_prefix (warning, "Insufficient balance"));
  g_assert_true (strstr (warning, "short by ₹3.00") != NULL);
  g_assert_true (strstr (warning, "₹4.00") != NULL);
  /* Sending now would only fail. */
  g_assert_false (mc_broadcast_dialog_can_create (dialog));

  /* Scheduled in an hour and a half: allowed, with the warning kept. */
  mc_broadcast_dialog_set_schedule (dialog, soon);
  g_assert_true (mc_broadcast_dialog_can_create (dialog));
  g_assert_true (strstr (mc_broadcast_dialog_get_warning (dialog), "before it is due") != NULL);

  mc_broadcast_dialog_create (dialog);
  mc_test_wait_until (was_created, &created, 10000, "the broadcast");
  g_assert_cmpint (mc_broadcast_get_status (created.broadcast), ==, MC_BROADCAST_STATUS_SCHEDULED);

  /* The look-ahead lists it, and warns at once: it is due within three hours. */
  mc_lookahead_add (lookahead, created.broadcast);
  wait.id = mc_broadcast_get_id (created.broadcast);
  mc_test_wait_until (listed_at_risk, &wait, 10000, "the broadcast at risk");
  mc_test_wait_until (warned, &warned_about, 10000, "the desktop warning");
  g_assert_cmpstr (mc_broadcast_get_id (warned_about), ==, wait.id);

  /* A recharge that covers it lifts the risk. */
  mc_test_service_adjust (service, "10.00");
  g_assert_cmpuint (g_list_model_get_n_items (mc_lookahead_get_at_risk (lookahead)), ==, 0);

  g_clear_object (&warned_about);
  g_clear_object (&created.broadcast);
  gtk_window_destroy (GTK_WINDOW (parent));
}

typedef struct
{
  McBroadcastDialog *dialog;
  const char        *expected;
} SummaryWait;

static gboolean
summary_is (gpointer data)
{
  SummaryWait *wait = data;

  return g_strcmp0 (mc_broadcast_dialog_get_recipients_summary (wait->dialog), wait->expected) == 0;
}

/* Counts are grouped the locale's way: "1,200 numbers" where the C library
 * groups (hi_IN, en_IN), "1200 numbers" in C. */
static void
test_counts_grouped (void)
{
  g_autoptr(McTestService) service = NULL;
  g_autoptr(GString) numbers = g_string_new (NULL);
  GtkWidget *parent;
  McBroadcastDialog *dialog;
  SummaryWait wait = { NULL, NULL };

  if (setlocale (LC_NUMERIC, "hi_IN.UTF-8") == NULL)
    {
      g_test_skip ("no hi_IN.UTF-8 locale (build-aux/install-deps makes it)");
      return;
    }

  service = mc_test_service_new ("INR");
  parent = gtk_window_new ();
  dialog = open_dialog (service, GTK_WINDOW (parent));
  wait.dialog = dialog;
  for (guint i = 0; i < 1200; i++)
    g_string_append_printf (numbers, "9198%08u\n", i);
  mc_broadcast_dialog_set_recipients_text (dialog, numbers->str);
  wait.expected = "1,200 numbers";
  mc_test_wait_until (summary_is, &wait, 10000, "1,200 numbers");

  setlocale (LC_NUMERIC, "C.UTF-8");
  mc_broadcast_dialog_set_recipients_text (dialog, numbers->str + 13);
  wait.expected = "1199 numbers";
  mc_test_wait_until (summary_is, &wait, 10000, "1199 numbers");

  setlocale (LC_NUMERIC, "");
  gtk_window_destroy (GTK_WINDOW (parent));
}

static void
test_restricted (void)
{
  /* A fresh account has nothing: restricted. */
  g_autoptr(McTestService) service = mc_test_service_new ("INR");
  GtkWidget *window = gtk_window_new ();
  McBroadcastsPage *page = g_object_new (MC_TYPE_BROADCASTS_PAGE, NULL);
  McBroadcastDialog *dialog;

  g_assert_cmpint (mc_account_get_state (mc_client_get_account (service->client)), ==,
                   MC_ACCOUNT_STATE_RESTRICTED);

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  mc_broadcasts_page_set_session (page, mc_test_service_session (service));

  g_assert_nonnull (mc_broadcasts_page_get_blocked_reason (page));
  g_assert_true (strstr (mc_broadcasts_page_get_blocked_reason (page), "restricted") != NULL);
  g_assert_null (mc_broadcasts_page_new_broadcast (page));

  /* Even opened directly, the dialog refuses, and says why. */
  dialog = open_dialog (service, GTK_WINDOW (window));
  mc_broadcast_dialog_set_name (dialog, "Offer");
  mc_broadcast_dialog_set_recipients_text (dialog, "919800000001");
  mc_test_wait_until (estimated, dialog, 10000, "the estimate");
  g_assert_false (mc_broadcast_estimate_get_sufficient (mc_broadcast_dialog_get_estimate (dialog)));
  g_assert_true (strstr (mc_broadcast_dialog_get_warning (dialog), "restricted") != NULL);
  g_assert_false (mc_broadcast_dialog_can_create (dialog));

  /* A recharge lifts the block. */
  mc_test_service_adjust (service, "100.00");
  g_assert_null (mc_broadcasts_page_get_blocked_reason (page));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/mc/broadcast/recipients-parse", test_recipients_parse);
  g_test_add_func ("/mc/broadcast/sufficient", test_sufficient);
  g_test_add_func ("/mc/broadcast/insufficient-and-look-ahead", test_insufficient);
  g_test_add_func ("/mc/broadcast/restricted", test_restricted);
  g_test_add_func ("/mc/broadcast/counts-grouped", test_counts_grouped);

  return g_test_run ();
}
