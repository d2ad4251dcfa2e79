/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The header bar's notices button against a real service: the unread count
 * on the button, the list newest first with unread ones in bold, opening
 * one marks it read on the service and shows its page, a notice that
 * arrives live joins the top of the list, and an account with none says
 * so. */

#include "config.h"

#include <adwaita.h>

#include "mc-app-test-util.h"
#include "mc-core.h"
#include "mc-notices-button.h"
#include "mc-session.h"

typedef struct
{
  McTestService   *service;
  McSession       *session;
  GtkWindow       *window;
  McNoticesButton *button;
  char            *page;   /* what win.show-page was asked for */
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

static GtkWidget *
find_by_class (GtkWidget  *root,
               const char *css_class)
{
  if (gtk_widget_has_css_class (root, css_class))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_class (child, css_class);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkMenuButton *
menu_button (Fixture *fixture)
{
  return GTK_MENU_BUTTON (mc_test_find_widget (GTK_WIDGET (fixture->button),
                                               GTK_TYPE_MENU_BUTTON));
}

static GtkLabel *
badge (Fixture *fixture)
{
  return GTK_LABEL (find_by_class (GTK_WIDGET (fixture->button), "notices-badge"));
}

static GtkListBox *
list_box (Fixture *fixture)
{
  GtkPopover *popover = gtk_menu_button_get_popover (menu_button (fixture));

  return GTK_LIST_BOX (mc_test_find_widget (GTK_WIDGET (popover), GTK_TYPE_LIST_BOX));
}

/* A row's first label: the notice's title. */
static GtkWidget *
row_title (GtkListBoxRow *row)
{
  return mc_test_find_widget (GTK_WIDGET (row), GTK_TYPE_LABEL);
}

static gboolean
window_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  g_autoptr(GSimpleActionGroup) win = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) show_page = g_simple_action_new ("show-page", G_VARIANT_TYPE_STRING);

  fixture->service = mc_test_service_new ("INR");
  fixture->session = mc_session_new (fixture->service->client, FALSE);
  mc_session_start (fixture->session);

  /* The window's page switcher, as McWindow offers it. */
  g_signal_connect (show_page, "activate", G_CALLBACK (show_page_cb), fixture);
  g_action_map_add_action (G_ACTION_MAP (win), G_ACTION (show_page));

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_widget_insert_action_group (GTK_WIDGET (fixture->window), "win", G_ACTION_GROUP (win));
  fixture->button = g_object_new (MC_TYPE_NOTICES_BUTTON, NULL);
  gtk_widget_set_halign (GTK_WIDGET (fixture->button), GTK_ALIGN_END);
  gtk_widget_set_valign (GTK_WIDGET (fixture->button), GTK_ALIGN_START);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->button));
  gtk_window_set_default_size (fixture->window, 600, 600);
  gtk_window_present (fixture->window);
  mc_test_wait_until (window_mapped, fixture->window, 10000, "the window");
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  mc_notices_button_set_session (fixture->button, NULL);
  gtk_window_destroy (fixture->window);
  mc_session_stop (fixture->session);
  g_clear_object (&fixture->session);
  g_clear_pointer (&fixture->page, g_free);
  g_clear_pointer (&fixture->service, mc_test_service_free);
}

typedef struct
{
  Fixture *fixture;
  guint    listed;
  guint    unread;
} ListWait;

static gboolean
listed (gpointer data)
{
  ListWait *wait = data;
  McNoticesButton *button = wait->fixture->button;

  return g_list_model_get_n_items (mc_notices_button_get_notices (button)) == wait->listed &&
         mc_notices_button_get_unread (button) == wait->unread;
}

static void
wait_for (Fixture    *fixture,
          guint       n_listed,
          guint       n_unread,
          const char *what)
{
  ListWait wait = { fixture, n_listed, n_unread };

  mc_test_wait_until (listed, &wait, 10000, what);
}

static McNotificationKind
kind_at (Fixture *fixture,
         guint    position)
{
  g_autoptr(McNotification) notice =
    g_list_model_get_item (mc_notices_button_get_notices (fixture->button), position);

  return mc_notification_get_kind (notice);
}

static gboolean
popover_closed (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(McPayment) payment = NULL;
  g_autoptr(McBroadcast) failed = NULL;
  g_autoptr(McBroadcast) failed_again = NULL;
  GListModel *notices;
  GtkPopover *popover;
  GtkListBoxRow *row;

  /* Three notices while the app was away, oldest first: a low balance, a
   * payment, a failed broadcast. */
  mc_test_service_adjust (fixture->service, "150.00");
  mc_test_service_set_threshold (fixture->service, 1495000);
  mc_test_service_converse (fixture->service, "business_initiated");
  payment = mc_test_service_create_payment (fixture->service, 100 * MC_MONEY_SCALE);
  mc_test_service_pay (fixture->service, payment);
  failed = mc_test_service_create_broadcast (fixture->service, "Clearance", 10000, NULL);
  g_assert_cmpint (mc_broadcast_get_status (failed), ==, MC_BROADCAST_STATUS_FAILED);

  mc_notices_button_set_session (fixture->button, fixture->session);
  wait_for (fixture, 3, 3, "three unread notices");

  /* The count on the button, and in its name and tooltip. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (badge (fixture))));
  g_assert_cmpstr (gtk_label_get_label (badge (fixture)), ==, "3");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (menu_button (fixture))), ==,
                   "Notices, 3 unread");

  /* Newest first. */
  notices = mc_notices_button_get_notices (fixture->button);
  g_assert_cmpint (kind_at (fixture, 0), ==, MC_NOTIFICATION_KIND_BROADCAST_FAILED);
  g_assert_cmpint (kind_at (fixture, 1), ==, MC_NOTIFICATION_KIND_PAYMENT_COMPLETED);
  g_assert_cmpint (kind_at (fixture, 2), ==, MC_NOTIFICATION_KIND_LOW_BALANCE);
  for (guint i = 1; i < g_list_model_get_n_items (notices); i++)
    {
      g_autoptr(McNotification) newer = g_list_model_get_item (notices, i - 1);
      g_autoptr(McNotification) older = g_list_model_get_item (notices, i);

      g_assert_cmpint (g_date_time_compare (mc_notification_get_at (newer),
                                            mc_notification_get_at (older)), >=, 0);
    }

  /* Open the list: every row unread, in bold, with its title and body. */
  gtk_menu_button_popup (menu_button (fixture));
  popover = gtk_menu_button_get_popover (menu_button (fixture));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(McNotification) notice = g_list_model_get_item (notices, i);

      row = gtk_list_box_get_row_at_index (list_box (fixture), (int) i);
      g_assert_nonnull (row);
      g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (row_title (row))), ==,
                       mc_notification_get_title (notice));
      g_assert_true (gtk_widget_has_css_class (row_title (row), "heading"));
      g_assert_nonnull (mc_test_find_label (GTK_WIDGET (row), mc_notification_get_body (notice)));
    }

  /* Open the payment's notice: its page, the list closes, read on the
   * service, one fewer on the button, no longer bold. */
  row = gtk_list_box_get_row_at_index (list_box (fixture), 1);
  gtk_widget_activate (GTK_WIDGET (row));
  g_assert_cmpstr (fixture->page, ==, "payments");
  mc_test_wait_until (popover_closed, popover, 5000, "the list to close");
  wait_for (fixture, 3, 2, "two unread notices");
  g_assert_false (mc_test_service_has_unread (fixture->service,
                                              MC_NOTIFICATION_KIND_PAYMENT_COMPLETED));
  g_assert_true (mc_test_service_has_unread (fixture->service, MC_NOTIFICATION_KIND_LOW_BALANCE));
  g_assert_cmpstr (gtk_label_get_label (badge (fixture)), ==, "2");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (menu_button (fixture))), ==,
                   "Notices, 2 unread");
  row = gtk_list_box_get_row_at_index (list_box (fixture), 1);
  g_assert_false (gtk_widget_has_css_class (row_title (row), "heading"));

  /* The low balance one shows the dashboard, the broadcast one Broadcasts. */
  gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (list_box (fixture), 2)));
  g_assert_cmpstr (fixture->page, ==, "dashboard");
  gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (list_box (fixture), 0)));
  g_assert_cmpstr (fixture->page, ==, "broadcasts");
  wait_for (fixture, 3, 0, "no unread notices");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (badge (fixture))));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (menu_button (fixture))), ==,
                   "Notices");

  /* A notice that arrives while the app runs joins the top, unread. */
  failed_again = mc_test_service_create_broadcast (fixture->service, "Clearance again", 10000,
                                                   NULL);
  wait_for (fixture, 4, 1, "the live notice");
  g_assert_cmpint (kind_at (fixture, 0), ==, MC_NOTIFICATION_KIND_BROADCAST_FAILED);
  g_assert_cmpstr (gtk_label_get_label (badge (fixture)), ==, "1");
  row = gtk_list_box_get_row_at_index (list_box (fixture), 0);
  g_assert_true (gtk_widget_has_css_class (row_title (row), "heading"));
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  GtkPopover *popover;

  mc_notices_button_set_session (fixture->button, fixture->session);
  /* Let the first listing arrive. */
  mc_test_run_for (500);

  g_assert_cmpuint (g_list_model_get_n_items (mc_notices_button_get_notices (fixture->button)),
                    ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (badge (fixture))));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (menu_button (fixture))), ==, "Notices");

  gtk_menu_button_popup (menu_button (fixture));
  popover = gtk_menu_button_get_popover (menu_button (fixture));
  g_assert_nonnull (mc_test_find_label (GTK_WIDGET (popover), "No notices yet"));
  gtk_popover_popdown (popover);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/app/notices/list", Fixture, NULL, setup, test_list, teardown);
  g_test_add ("/app/notices/empty", Fixture, NULL, setup, test_empty, teardown);

  return g_test_run ();
}
