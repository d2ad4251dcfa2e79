/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Preferences against a real service: the low-balance threshold is saved
 * on the service (PATCH /v1/account) and the live account follows; a value
 * that is refused is said beside the field and never sent; the
 * notification and Run in Background switches are the settings the
 * notifier and the window read. */

#include "config.h"

#include <adwaita.h>

#include "mc-app-test-util.h"
#include "mc-core.h"
#include "mc-preferences-window.h"
#include "mc-session.h"
#include "mc-util.h"

#define REFUSED "Enter an amount such as 250 or 250.50."

typedef struct
{
  McTestService       *service;
  McSession           *session;
  GtkWindow           *parent;
  McPreferencesWindow *preferences;
  GSettings           *settings;
} Fixture;

static gboolean
mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  fixture->settings = g_settings_new (MC_SETTINGS_SCHEMA);
  fixture->service = mc_test_service_new ("INR");
  fixture->session = mc_session_new (fixture->service->client, FALSE);
  mc_session_start (fixture->session);

  fixture->parent = GTK_WINDOW (gtk_window_new ());
  gtk_window_present (fixture->parent);
  fixture->preferences = mc_preferences_window_new (fixture->parent, fixture->session);
  gtk_window_present (GTK_WINDOW (fixture->preferences));
  mc_test_wait_until (mapped, fixture->preferences, 10000, "Preferences");
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->preferences));
  gtk_window_destroy (fixture->parent);
  mc_session_stop (fixture->session);
  g_clear_object (&fixture->session);
  g_clear_pointer (&fixture->service, mc_test_service_free);
  g_settings_reset (fixture->settings, "notify-balance");
  g_settings_reset (fixture->settings, "notify-payments");
  g_settings_reset (fixture->settings, "notify-broadcasts");
  g_settings_reset (fixture->settings, "run-in-background");
  g_clear_object (&fixture->settings);
}

static GtkWidget *
threshold_row (Fixture *fixture)
{
  GtkWidget *row = mc_test_find_widget (GTK_WIDGET (fixture->preferences), ADW_TYPE_ENTRY_ROW);

  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "Low-Balance Threshold");
  return row;
}

/* The row's apply button, shown once the text was edited, as a person
 * presses it. */
static void
apply (Fixture *fixture)
{
  GtkWidget *button = mc_test_find_widget (threshold_row (fixture), GTK_TYPE_BUTTON);

  g_assert_nonnull (button);
  mc_test_click (button);
  /* Back into the field, as the apply button leaves it. */
  gtk_widget_grab_focus (threshold_row (fixture));
}

static gint64
threshold_on_service (Fixture *fixture)
{
  mc_test_service_refresh_account (fixture->service);
  return mc_account_get_low_balance_threshold (mc_client_get_account (fixture->service->client));
}

typedef struct
{
  Fixture    *fixture;
  const char *text;
} LabelWait;

static gboolean
label_shown (gpointer data)
{
  LabelWait *wait = data;

  return mc_test_find_label (GTK_WIDGET (wait->fixture->preferences), wait->text) != NULL;
}

static gboolean
threshold_is (gpointer data)
{
  return mc_account_get_low_balance_threshold (mc_session_get_account (data)) == 12505000;
}

static void
test_threshold (Fixture       *fixture,
                gconstpointer  data)
{
  static const char *refused[] = { "abc", "250.505", "-5", "10,00", "$250" };
  GtkWidget *row = threshold_row (fixture);
  LabelWait wait = { fixture, "Alerts now come at ₹1,250.50" };

  /* The person clicks into the field (the apply button shows only while
   * it is being edited). */
  gtk_widget_grab_focus (row);
  mc_test_run_for (50);

  /* The service's default, in rupees. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "100.00");
  g_assert_nonnull (mc_test_find_label (row, "₹"));
  g_assert_null (mc_test_find_label (GTK_WIDGET (fixture->preferences), REFUSED));

  /* Refused as typed, said beside the field, and applying sends nothing. */
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_test_message ("typing %s", refused[i]);
      gtk_editable_set_text (GTK_EDITABLE (row), refused[i]);
      g_assert_nonnull (mc_test_find_label (GTK_WIDGET (fixture->preferences), REFUSED));
      g_assert_true (gtk_widget_has_css_class (row, "error"));
      apply (fixture);
      mc_test_run_for (200);
      g_assert_nonnull (mc_test_find_label (GTK_WIDGET (fixture->preferences), REFUSED));
      g_assert_cmpint (threshold_on_service (fixture), ==, 100 * MC_MONEY_SCALE);
    }

  /* Cleared: nothing to say yet. */
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  g_assert_null (mc_test_find_label (GTK_WIDGET (fixture->preferences), REFUSED));

  /* A good value, written the way people do: saved on the service, the
   * live account follows, and a toast says so. */
  gtk_editable_set_text (GTK_EDITABLE (row), "₹ 1,250.50");
  g_assert_null (mc_test_find_label (GTK_WIDGET (fixture->preferences), REFUSED));
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  apply (fixture);
  mc_test_wait_until (label_shown, &wait, 10000, "the toast");
  mc_test_wait_until (threshold_is, fixture->session, 10000, "the live account");
  g_assert_cmpint (threshold_on_service (fixture), ==, 12505000);
}

typedef struct
{
  GtkSwitch *toggle;
  gboolean   active;
} Flip;

static gboolean
switch_flipped (gpointer data)
{
  Flip *flip = data;

  return gtk_switch_get_active (flip->toggle) == flip->active;
}

static void
test_switches (Fixture       *fixture,
               gconstpointer  data)
{
  static const struct {
    const char *key;
    const char *title;
  } switches[] = {
    { "notify-balance", "Balance" },
    { "notify-payments", "Payments" },
    { "notify-broadcasts", "Broadcasts" },
    { "run-in-background", "Run in Background" },
  };
  Flip flip;

  for (guint i = 0; i < G_N_ELEMENTS (switches); i++)
    {
      GtkWidget *title = mc_test_find_label (GTK_WIDGET (fixture->preferences), switches[i].title);
      GtkWidget *row;
      GtkSwitch *toggle;
      gboolean before = g_settings_get_boolean (fixture->settings, switches[i].key);

      g_assert_nonnull (title);
      row = gtk_widget_get_ancestor (title, ADW_TYPE_ACTION_ROW);
      g_assert_nonnull (row);
      toggle = GTK_SWITCH (mc_test_find_widget (row, GTK_TYPE_SWITCH));
      g_assert_nonnull (toggle);
      g_assert_true (gtk_switch_get_active (toggle) == before);
      flip.toggle = toggle;
      flip.active = !before;

      /* Activating the row flips its switch, as a click on the row does;
       * the switch slides over before it says so. */
      gtk_widget_activate (row);
      mc_test_wait_until (switch_flipped, &flip, 5000, "the switch");
      g_assert_true (g_settings_get_boolean (fixture->settings, switches[i].key) == !before);
    }

  /* From the defaults (notices on, not in the background), each flipped. */
  g_assert_false (g_settings_get_boolean (fixture->settings, "notify-balance"));
  g_assert_true (g_settings_get_boolean (fixture->settings, "run-in-background"));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/app/preferences/threshold", Fixture, NULL, setup, test_threshold, teardown);
  g_test_add ("/app/preferences/switches", Fixture, NULL, setup, test_switches, teardown);

  return g_test_run ();
}
