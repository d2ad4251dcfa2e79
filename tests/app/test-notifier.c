/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Desktop notifications, checked for real: a private session bus with
 * python-dbusmock's notification daemon, a real service, and the app's
 * notifier following the live event stream. */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <gio/gio.h>
#include <libnotify/notify.h>

#include "mc-app-test-util.h"
#include "mc-core.h"
#include "mc-lookahead.h"
#include "mc-notifier.h"
#include "mc-session.h"
#include "mc-util.h"

/* One private session bus and mock daemon for the whole program. */
static GTestDBus   *bus;
static GSubprocess *daemon_process;
static GDBusProxy  *mock;

typedef struct
{
  McTestService *service;
  GApplication  *application;
  McSession     *session;
  McNotifier    *notifier;
  GPtrArray     *shown;   /* McNotification the notifier showed */
  char          *page;    /* what app.show-page was asked for */
  GSettings     *settings;
} Fixture;

static void
show_page_cb (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  Fixture *fixture = user_data;

  g_free (fixture->page);
  fixture->page = g_variant_dup_string (param, NULL);
}

static void
die_with_test (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  if (getppid () != GPOINTER_TO_INT (user_data))
    _exit (1);
}

static void
name_appeared_cb (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* Every Notify call the mock daemon received, as (summary, app name,
 * desktop-entry hint, body) in a flat array, CALL_FIELDS to a call. */
#define CALL_FIELDS 4

static GPtrArray *
notify_calls (void)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) calls = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  GVariantIter iter;
  GVariant *args;
  guint64 timestamp;

  reply = g_dbus_proxy_call_sync (mock, "GetMethodCalls", g_variant_new ("(s)", "Notify"),
                                  G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
  g_assert_no_error (error);
  calls = g_variant_get_child_value (reply, 0);

  g_variant_iter_init (&iter, calls);
  while (g_variant_iter_loop (&iter, "(t@av)", &timestamp, &args))
    {
      g_autoptr(GVariant) app_name = g_variant_get_child_value (args, 0);
      g_autoptr(GVariant) summary = g_variant_get_child_value (args, 3);
      g_autoptr(GVariant) body = g_variant_get_child_value (args, 4);
      g_autoptr(GVariant) hints = g_variant_get_child_value (args, 6);
      g_autoptr(GVariant) body_v = g_variant_get_variant (body);
      g_autoptr(GVariant) app_name_v = g_variant_get_variant (app_name);
      g_autoptr(GVariant) summary_v = g_variant_get_variant (summary);
      g_autoptr(GVariant) hints_v = g_variant_get_variant (hints);
      const char *entry = NULL;

      g_variant_lookup (hints_v, "desktop-entry", "&s", &entry);
      g_ptr_array_add (out, g_variant_dup_string (summary_v, NULL));
      g_ptr_array_add (out, g_variant_dup_string (app_name_v, NULL));
      g_ptr_array_add (out, g_strdup (entry));
      g_ptr_array_add (out, g_variant_dup_string (body_v, NULL));
    }

  return out;
}

static guint
count_summary (GPtrArray  *calls,
               const char *summary)
{
  guint n = 0;

  for (guint i = 0; i < calls->len; i += CALL_FIELDS)
    if (g_strcmp0 (g_ptr_array_index (calls, i), summary) == 0)
      n++;

  return n;
}

static void
shown_cb (McNotifier     *notifier,
          McNotification *notice,
          Fixture        *fixture)
{
  g_ptr_array_add (fixture->shown, g_object_ref (notice));
}

static gboolean
shown_kind (Fixture            *fixture,
            McNotificationKind  kind)
{
  for (guint i = 0; i < fixture->shown->len; i++)
    if (mc_notification_get_kind (g_ptr_array_index (fixture->shown, i)) == kind)
      return TRUE;

  return FALSE;
}

static void
wait_for_kind (Fixture            *fixture,
               McNotificationKind  kind,
               const char         *what)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while (!shown_kind (fixture, kind) && g_get_monotonic_time () < deadline)
    mc_test_run_for (20);

  if (!shown_kind (fixture, kind))
    g_error ("Timed out waiting for %s", what);
}

static void
resynced_cb (McEventStream *stream,
             gboolean      *done)
{
  *done = TRUE;
}

static void
start_daemon (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  gboolean appeared = FALSE;
  guint watch;

  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);

  /* Its log of calls would mix with the TAP output. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_test, GINT_TO_POINTER (getpid ()), NULL);
  daemon_process = g_subprocess_launcher_spawn (launcher, &error, "/usr/bin/python3", "-m",
                                                "dbusmock", "--template", "notification_daemon",
                                                NULL);
  g_assert_no_error (error);

  watch = g_bus_watch_name (G_BUS_TYPE_SESSION, "org.freedesktop.Notifications",
                            G_BUS_NAME_WATCHER_FLAGS_NONE, name_appeared_cb, NULL,
                            &appeared, NULL);
  mc_test_wait_for_flag (&appeared, 20000, "the notification daemon");
  g_bus_unwatch_name (watch);

  mock = g_dbus_proxy_new_for_bus_sync (G_BUS_TYPE_SESSION, G_DBUS_PROXY_FLAGS_NONE, NULL,
                                        "org.freedesktop.Notifications",
                                        "/org/freedesktop/Notifications",
                                        "org.freedesktop.DBus.Mock", NULL, &error);
  g_assert_no_error (error);
}

static void
stop_daemon (void)
{
  g_clear_object (&mock);
  g_subprocess_send_signal (daemon_process, SIGTERM);
  g_subprocess_wait (daemon_process, NULL, NULL);
  g_clear_object (&daemon_process);
  /* libnotify keeps its connection to the bus until told. */
  notify_uninit ();
  g_test_dbus_down (bus);
  g_clear_object (&bus);
}

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  g_autoptr(GVariant) cleared = NULL;
  g_autoptr(GError) error = NULL;
  gboolean synced = FALSE;
  gulong resynced;

  cleared = g_dbus_proxy_call_sync (mock, "ClearCalls", NULL, G_DBUS_CALL_FLAGS_NONE, 5000,
                                    NULL, &error);
  g_assert_no_error (error);

  /* Every kind switched on, as Preferences starts. */
  fixture->settings = g_settings_new (MC_SETTINGS_SCHEMA);
  g_settings_reset (fixture->settings, "notify-balance");
  g_settings_reset (fixture->settings, "notify-payments");
  g_settings_reset (fixture->settings, "notify-broadcasts");

  fixture->service = mc_test_service_new ("INR");
  /* Above the ₹100.00 threshold to begin with. */
  mc_test_service_adjust (fixture->service, "150.00");

  fixture->application = g_application_new ("io.github.messagecredits.MessageCredits.Test",
                                            G_APPLICATION_NON_UNIQUE);
  {
    g_autoptr(GSimpleAction) show_page = g_simple_action_new ("show-page", G_VARIANT_TYPE_STRING);

    g_signal_connect (show_page, "activate", G_CALLBACK (show_page_cb), fixture);
    g_action_map_add_action (G_ACTION_MAP (fixture->application), G_ACTION (show_page));
  }
  g_application_register (fixture->application, NULL, &error);
  g_assert_no_error (error);
  fixture->shown = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->notifier = mc_notifier_new (fixture->application);
  g_signal_connect (fixture->notifier, "shown", G_CALLBACK (shown_cb), fixture);

  /* The app's own wiring: a session whose stream feeds the notifier. */
  fixture->session = mc_session_new (fixture->service->client, FALSE);
  mc_notifier_set_session (fixture->notifier, fixture->session);
  resynced = g_signal_connect (mc_session_get_stream (fixture->session), "resynced",
                               G_CALLBACK (resynced_cb), &synced);
  mc_session_start (fixture->session);
  mc_test_wait_for_flag (&synced, 10000, "the session's first resync");
  g_signal_handler_disconnect (mc_session_get_stream (fixture->session), resynced);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  mc_session_stop (fixture->session);
  mc_notifier_set_session (fixture->notifier, NULL);
  g_assert_finalize_object (fixture->notifier);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->application);
  g_clear_pointer (&fixture->shown, g_ptr_array_unref);
  g_clear_pointer (&fixture->page, g_free);
  g_clear_pointer (&fixture->service, mc_test_service_free);
  g_clear_object (&fixture->settings);
}

/* The daemon says a notification's default action was invoked, as when the
 * person clicks it. The mock numbers notifications from 1 for the whole
 * program; the notifier reacts only to its own. */
static void
invoke_default_action (void)
{
  for (guint32 id = 1; id <= 64; id++)
    {
      g_autoptr(GVariant) reply = NULL;
      g_autoptr(GError) error = NULL;
      GVariant *args[2] = { g_variant_new_variant (g_variant_new_uint32 (id)),
                            g_variant_new_variant (g_variant_new_string ("default")) };

      reply = g_dbus_proxy_call_sync (mock, "EmitSignal",
                                      g_variant_new ("(sss@av)", "org.freedesktop.Notifications",
                                                     "ActionInvoked", "us",
                                                     g_variant_new_array (G_VARIANT_TYPE_VARIANT,
                                                                          args, 2)),
                                      G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
      g_assert_no_error (error);
    }
}

static void
assert_marked_read (Fixture *fixture)
{
  /* Shown notices are marked read on the service. */
  for (guint i = 0; i < fixture->shown->len; i++)
    {
      McNotification *notice = g_ptr_array_index (fixture->shown, i);
      gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

      while (!mc_notification_get_read (notice) && g_get_monotonic_time () < deadline)
        mc_test_run_for (20);
      g_assert_true (mc_notification_get_read (notice));
    }
}

static void
test_low_balance_once (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) calls = NULL;

  /* A threshold just under ₹150.00: the next ₹0.80 conversation crosses it. */
  mc_test_service_set_threshold (fixture->service, 1495000);
  mc_test_service_converse (fixture->service, "business_initiated");
  wait_for_kind (fixture, MC_NOTIFICATION_KIND_LOW_BALANCE, "the low-balance notice");

  calls = notify_calls ();
  g_assert_cmpuint (count_summary (calls, "Low balance"), ==, 1);
  g_assert_cmpstr (g_ptr_array_index (calls, 1), ==, "Message Credits");
  g_assert_cmpstr (g_ptr_array_index (calls, 2), ==, APP_ID);
  g_clear_pointer (&calls, g_ptr_array_unref);

  /* Further down, still below (₹150.00 - 0.80 - 0.80 - 0.35): no second
   * one, as the service decides crossings. */
  mc_test_service_converse (fixture->service, "business_initiated");
  mc_test_service_converse (fixture->service, "user_initiated");
  mc_test_service_refresh_account (fixture->service);
  g_assert_cmpint (mc_account_get_balance (mc_client_get_account (fixture->service->client)), ==,
                   1480500);
  mc_test_run_for (500);

  calls = notify_calls ();
  g_assert_cmpuint (count_summary (calls, "Low balance"), ==, 1);
  g_assert_cmpuint (calls->len / CALL_FIELDS, ==, 1);

  assert_marked_read (fixture);
}

static void
test_low_balance_after_adjust (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GPtrArray) calls = NULL;

  /* The operator's debit through the CLI: ₹150.00 -> ₹90.00 crosses the
   * ₹100.00 threshold. The CLI is another process than the running
   * service, which (as of now) publishes only its own commits; the app
   * learns of it from the gap in `seq` at the service's next live event,
   * here the next conversation (which crosses nothing itself). One live
   * event first, so that the stream knows where the sequence stood. */
  mc_test_service_converse (fixture->service, "user_initiated");
  mc_test_service_adjust (fixture->service, "-60.00");
  mc_test_service_converse (fixture->service, "user_initiated");
  wait_for_kind (fixture, MC_NOTIFICATION_KIND_LOW_BALANCE, "the low-balance notice");

  mc_test_service_adjust (fixture->service, "-10.00");
  mc_test_service_converse (fixture->service, "user_initiated");
  mc_test_service_refresh_account (fixture->service);
  g_assert_cmpint (mc_account_get_balance (mc_client_get_account (fixture->service->client)), ==,
                   789500);
  mc_test_run_for (500);

  calls = notify_calls ();
  g_assert_cmpuint (count_summary (calls, "Low balance"), ==, 1);
  g_assert_cmpuint (calls->len / CALL_FIELDS, ==, 1);

  assert_marked_read (fixture);
}

static void
test_payment_successful (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(McPayment) payment = mc_test_service_create_payment (fixture->service,
                                                                 1000 * MC_MONEY_SCALE);
  g_autoptr(GPtrArray) calls = NULL;

  mc_test_service_pay (fixture->service, payment);
  wait_for_kind (fixture, MC_NOTIFICATION_KIND_PAYMENT_COMPLETED, "the payment notice");

  calls = notify_calls ();
  g_assert_cmpuint (count_summary (calls, "Payment successful"), ==, 1);
  g_assert_cmpuint (count_summary (calls, "Low balance"), ==, 0);

  assert_marked_read (fixture);

  /* Clicking it raises the app on the Payments page. */
  invoke_default_action ();
  {
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while (fixture->page == NULL && g_get_monotonic_time () < deadline)
      mc_test_run_for (20);
  }
  g_assert_cmpstr (fixture->page, ==, "payments");
}

typedef struct
{
  const char         *setting;
  McNotificationKind  kind;
  const char         *summary;
} Switch;

static const Switch switches[] = {
  { "notify-balance", MC_NOTIFICATION_KIND_LOW_BALANCE, "Low balance" },
  { "notify-payments", MC_NOTIFICATION_KIND_PAYMENT_COMPLETED, "Payment successful" },
  { "notify-broadcasts", MC_NOTIFICATION_KIND_BROADCAST_FAILED, "Broadcast failed" },
};

/* One kind switched off in Preferences: its notice sends nothing to the
 * desktop and stays unread on the service (the notices button counts it),
 * while the other kinds still notify. */
static void
test_switched_off (Fixture       *fixture,
                   gconstpointer  data)
{
  const Switch *off = data;
  g_autoptr(McPayment) payment = NULL;
  g_autoptr(McBroadcast) broadcast = NULL;
  g_autoptr(GPtrArray) calls = NULL;

  g_settings_set_boolean (fixture->settings, off->setting, FALSE);

  /* Low balance: a conversation under a threshold just below ₹150.00. */
  mc_test_service_set_threshold (fixture->service, 1495000);
  mc_test_service_converse (fixture->service, "business_initiated");
  wait_for_kind (fixture, MC_NOTIFICATION_KIND_LOW_BALANCE, "the low-balance notice");

  /* Payment successful. */
  payment = mc_test_service_create_payment (fixture->service, 100 * MC_MONEY_SCALE);
  mc_test_service_pay (fixture->service, payment);
  wait_for_kind (fixture, MC_NOTIFICATION_KIND_PAYMENT_COMPLETED, "the payment notice");

  /* Broadcast failed: 10,000 recipients at ₹0.80 sent now on ₹249.20. */
  broadcast = mc_test_service_create_broadcast (fixture->service, "Clearance", 10000, NULL);
  g_assert_cmpint (mc_broadcast_get_status (broadcast), ==, MC_BROADCAST_STATUS_FAILED);
  wait_for_kind (fixture, MC_NOTIFICATION_KIND_BROADCAST_FAILED, "the broadcast notice");

  calls = notify_calls ();
  for (guint i = 0; i < G_N_ELEMENTS (switches); i++)
    {
      guint expected = &switches[i] == off ? 0 : 1;

      g_test_message ("%s: %u", switches[i].summary, count_summary (calls, switches[i].summary));
      g_assert_cmpuint (count_summary (calls, switches[i].summary), ==, expected);
    }
  g_assert_cmpuint (calls->len / CALL_FIELDS, ==, 2);

  /* What the desktop did not show is still unread; what it showed is read. */
  g_assert_true (mc_test_service_has_unread (fixture->service, off->kind));
  for (guint i = 0; i < G_N_ELEMENTS (switches); i++)
    {
      gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

      if (&switches[i] == off)
        continue;
      while (mc_test_service_has_unread (fixture->service, switches[i].kind) &&
             g_get_monotonic_time () < deadline)
        mc_test_run_for (50);
      g_assert_false (mc_test_service_has_unread (fixture->service, switches[i].kind));
    }
}

static void
warn_cb (McLookahead *lookahead,
         McBroadcast *broadcast,
         GPtrArray   *warned)
{
  g_ptr_array_add (warned, g_strdup (mc_broadcast_get_name (broadcast)));
}

static gboolean
warned_about (GPtrArray  *warned,
              const char *name)
{
  return g_ptr_array_find_with_equal_func (warned, name, g_str_equal, NULL);
}

typedef struct
{
  GPtrArray  *warned;
  const char *name;
} WarnWait;

static gboolean
has_warned (gpointer data)
{
  WarnWait *wait = data;

  return warned_about (wait->warned, wait->name);
}

static guint
count_body (GPtrArray  *calls,
            const char *summary,
            const char *needle)
{
  guint n = 0;

  for (guint i = 0; i < calls->len; i += CALL_FIELDS)
    if (g_strcmp0 (g_ptr_array_index (calls, i), summary) == 0 &&
        strstr (g_ptr_array_index (calls, i + 3), needle) != NULL)
      n++;

  return n;
}

/* The look-ahead: a desktop notification MC_LOOKAHEAD_WARN_BEFORE (three
 * hours) before a scheduled broadcast the balance cannot cover; at once for
 * one due sooner; not yet for one due later; never for one the balance
 * covers. Time is the wall clock: one broadcast is due a few seconds after
 * the three hours, so its warning comes a few seconds into the test. */
static void
test_look_ahead (Fixture       *fixture,
                 gconstpointer  data)
{
  gboolean notify = GPOINTER_TO_INT (data);
  McLookahead *lookahead = mc_lookahead_get_for_session (fixture->session);
  g_autoptr(GPtrArray) warned = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) in_two_hours = g_date_time_add_hours (now, 2);
  g_autoptr(GDateTime) in_six_hours = g_date_time_add_hours (now, 6);
  g_autoptr(GDateTime) three_hours_on = g_date_time_add (now, MC_LOOKAHEAD_WARN_BEFORE);
  g_autoptr(GDateTime) just_after = g_date_time_add_seconds (three_hours_on, 6);
  g_autoptr(McBroadcast) soon = NULL;
  g_autoptr(McBroadcast) later = NULL;
  g_autoptr(McBroadcast) far = NULL;
  g_autoptr(McBroadcast) covered = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  WarnWait wait = { warned, NULL };

  if (!notify)
    g_settings_set_boolean (fixture->settings, "notify-broadcasts", FALSE);
  g_signal_connect (lookahead, "warn", G_CALLBACK (warn_cb), warned);

  /* ₹150.00: 1,000 recipients at ₹0.80 (₹800.00) are not covered, 100
   * (₹80.00) are. */
  soon = mc_test_service_create_broadcast (fixture->service, "Due in two hours", 1000,
                                           in_two_hours);
  covered = mc_test_service_create_broadcast (fixture->service, "Covered", 100, in_two_hours);

  if (!notify)
    {
      /* Switched off: the look-ahead still marks it (the dashboard says
       * so), but the desktop is not told. */
      wait.name = "Due in two hours";
      mc_test_wait_until (has_warned, &wait, 10000, "the look-ahead to reach the broadcast");
      mc_test_run_for (300);
      calls = notify_calls ();
      g_assert_cmpuint (count_summary (calls, "A broadcast will fail"), ==, 0);
      g_assert_cmpuint (calls->len, ==, 0);
      g_signal_handlers_disconnect_by_data (lookahead, warned);
      return;
    }

  later = mc_test_service_create_broadcast (fixture->service, "Due just after three hours", 1000,
                                            just_after);
  far = mc_test_service_create_broadcast (fixture->service, "Due in six hours", 1000, in_six_hours);
  g_assert_cmpint (mc_broadcast_get_status (later), ==, MC_BROADCAST_STATUS_SCHEDULED);

  wait.name = "Due in two hours";
  mc_test_wait_until (has_warned, &wait, 10000, "the warning about the broadcast due in two hours");
  /* Not yet three hours before the next one. */
  g_assert_false (warned_about (warned, "Due just after three hours"));

  wait.name = "Due just after three hours";
  mc_test_wait_until (has_warned, &wait, 15000, "the warning three hours before");
  {
    g_autoptr(GDateTime) warned_at = g_date_time_new_now_utc ();

    /* Three hours before, to the second (the clock counts whole seconds). */
    g_assert_cmpint (g_date_time_difference (mc_broadcast_get_scheduled_at (later), warned_at), <=,
                     MC_LOOKAHEAD_WARN_BEFORE);
    g_assert_cmpint (g_date_time_difference (mc_broadcast_get_scheduled_at (later), warned_at), >,
                     MC_LOOKAHEAD_WARN_BEFORE - 5 * G_TIME_SPAN_SECOND);
  }
  g_assert_cmpuint (g_list_model_get_n_items (mc_lookahead_get_at_risk (lookahead)), ==, 3);
  mc_test_run_for (300);
  g_assert_false (warned_about (warned, "Due in six hours"));
  g_assert_false (warned_about (warned, "Covered"));
  g_assert_cmpuint (warned->len, ==, 2);

  calls = notify_calls ();
  g_assert_cmpuint (count_summary (calls, "A broadcast will fail"), ==, 2);
  g_assert_cmpuint (count_body (calls, "A broadcast will fail", "“Due in two hours”"), ==, 1);
  g_assert_cmpuint (count_body (calls, "A broadcast will fail",
                                "needs ₹800.00, but the balance is ₹150.00"), ==, 2);
  g_assert_cmpuint (count_body (calls, "A broadcast will fail", "“Due just after three hours”"), ==,
                    1);

  g_signal_handlers_disconnect_by_data (lookahead, warned);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  start_daemon ();

  g_test_add ("/app/notifier/low-balance-once", Fixture, NULL, setup, test_low_balance_once,
              teardown);
  g_test_add ("/app/notifier/low-balance-after-adjust", Fixture, NULL, setup,
              test_low_balance_after_adjust, teardown);
  g_test_add ("/app/notifier/payment-successful", Fixture, NULL, setup, test_payment_successful,
              teardown);

  for (guint i = 0; i < G_N_ELEMENTS (switches); i++)
    {
      g_autofree char *path = g_strdup_printf ("/app/notifier/switched-off/%s",
                                               switches[i].setting);

      g_test_add (path, Fixture, &switches[i], setup, test_switched_off, teardown);
    }
  g_test_add ("/app/notifier/look-ahead", Fixture, GINT_TO_POINTER (TRUE), setup, test_look_ahead,
              teardown);
  g_test_add ("/app/notifier/look-ahead-switched-off", Fixture, GINT_TO_POINTER (FALSE), setup,
              test_look_ahead, teardown);

  status = g_test_run ();
  stop_daemon ();

  return status;
}
