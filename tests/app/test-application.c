/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The application's own windows, opened from the main menu's actions: About
 * (name, version, licence GPL-3.0-or-later, credits) and Keyboard Shortcuts
 * (every shortcut listed works, and every shortcut that works is listed). */

#include "config.h"

#include <adwaita.h>

#include "mc-app-test-util.h"
#include "mc-application.h"
#include "mc-window.h"

typedef struct
{
  McApplication *application;
  GtkWindow     *window;
} Fixture;

static gboolean
mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* One application for the program, as a person has one: its D-Bus object
 * stays exported as long as the process runs. */
static McApplication *application;

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  /* The first start opens the main window, on the welcome page; later
   * activations raise it. */
  g_application_activate (G_APPLICATION (application));
  fixture->application = application;
  fixture->window = gtk_application_get_active_window (GTK_APPLICATION (application));
  g_assert_true (MC_IS_WINDOW (fixture->window));
  mc_test_wait_until (mapped, fixture->window, 10000, "the main window");
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  GList *windows = gtk_window_list_toplevels ();

  /* Close what the test opened. */
  for (GList *l = windows; l != NULL; l = l->next)
    if (l->data != (gpointer) fixture->window)
      gtk_window_close (l->data);
  g_list_free (windows);
}

/* The header bar's main menu: a menu button on screen with a menu model
 * (the notices button holds a popover). */
static GtkWidget *
main_menu_button (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)) != NULL)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = main_menu_button (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The action behind the item of @menu (or of its sections) labelled @label
 * (mnemonic left out). */
static char *
menu_action (GMenuModel *menu,
             const char *label)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      g_autofree char *item_label = NULL;
      g_autofree char *action = NULL;

      if (section != NULL)
        {
          char *found = menu_action (section, label);

          if (found != NULL)
            return found;
          continue;
        }

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &item_label) &&
          g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action))
        {
          g_auto(GStrv) parts = g_strsplit (item_label, "_", -1);
          g_autofree char *plain = g_strjoinv ("", parts);

          if (g_strcmp0 (plain, label) == 0)
            return g_steal_pointer (&action);
        }
    }

  return NULL;
}

static char *
main_menu_action (Fixture    *fixture,
                  const char *label)
{
  GtkWidget *button = main_menu_button (GTK_WIDGET (fixture->window));

  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Main Menu");

  return menu_action (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button)), label);
}

static GtkWindow *
find_toplevel (GType type)
{
  GList *windows = gtk_window_list_toplevels ();
  GtkWindow *found = NULL;

  for (GList *l = windows; l != NULL && found == NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      found = l->data;
  g_list_free (windows);

  return found;
}

static void
test_about (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *action = main_menu_action (fixture, "About Message Credits");
  AdwAboutWindow *about;
  const char * const *developers;

  g_assert_cmpstr (action, ==, "app.about");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), action, NULL);

  about = ADW_ABOUT_WINDOW (find_toplevel (ADW_TYPE_ABOUT_WINDOW));
  g_assert_nonnull (about);
  mc_test_wait_until (mapped, about, 10000, "the About window");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about)) == fixture->window);

  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, "Message Credits");
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_application_icon (about), ==, APP_ID);
  /* GPL-3.0-or-later: GTK's GPL 3 is "version 3 or later". */
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  g_assert_nonnull (adw_about_window_get_copyright (about));
  g_assert_nonnull (adw_about_window_get_developer_name (about));
  developers = adw_about_window_get_developers (about);
  g_assert_nonnull (developers);
  g_assert_nonnull (developers[0]);
  g_assert_true (g_str_has_prefix (adw_about_window_get_website (about), "https://"));
  g_assert_true (g_str_has_prefix (adw_about_window_get_issue_url (about), "https://"));
  /* What the person sees first: the name and the version. */
  g_assert_nonnull (mc_test_find_label (GTK_WIDGET (about), "Message Credits"));
  g_assert_nonnull (mc_test_find_label (GTK_WIDGET (about), PACKAGE_VERSION));
}

typedef struct
{
  GtkApplication *application;
  GPtrArray      *listed;   /* action names and accelerators the overlay lists */
} Listed;

static void
check_shortcut (GtkWidget *shortcut,
                Listed    *listed)
{
  g_autofree char *title = NULL;
  g_autofree char *action = NULL;
  g_autofree char *accelerator = NULL;

  g_object_get (shortcut, "title", &title, "action-name", &action, "accelerator", &accelerator,
                NULL);
  g_test_message ("listed: %s (%s, %s)", title, action ? action : "-",
                  accelerator ? accelerator : "-");
  g_assert_nonnull (title);

  if (action != NULL)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (listed->application, action);

      /* Listed by its action: the action has keys. */
      g_assert_nonnull (accels);
      g_assert_nonnull (accels[0]);
      g_ptr_array_add (listed->listed, g_steal_pointer (&action));
    }
  else
    {
      g_auto(GStrv) actions = NULL;
      g_autofree char *page = g_ascii_strdown (title, -1);
      g_autofree char *expected = g_strdup_printf ("win.show-page::%s", page);

      /* Listed by its keys: they go to the page of that name. */
      g_assert_nonnull (accelerator);
      actions = gtk_application_get_actions_for_accel (listed->application, accelerator);
      g_assert_nonnull (actions);
      g_assert_cmpstr (actions[0], ==, expected);
      g_ptr_array_add (listed->listed, g_steal_pointer (&expected));
    }
}

static void
walk_shortcuts (GtkWidget *widget,
                Listed    *listed)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    check_shortcut (widget, listed);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    walk_shortcuts (child, listed);
}

static void
test_shortcuts (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *action = main_menu_action (fixture, "Keyboard Shortcuts");
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) described = NULL;
  Listed listed = { GTK_APPLICATION (fixture->application), names };
  GtkShortcutsWindow *overlay;

  g_assert_cmpstr (action, ==, "win.show-help-overlay");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), action, NULL);

  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (fixture->window));
  g_assert_nonnull (overlay);
  mc_test_wait_until (mapped, overlay, 10000, "the Keyboard Shortcuts window");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (overlay)) == fixture->window);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (overlay)), ==, "Keyboard Shortcuts");

  walk_shortcuts (GTK_WIDGET (overlay), &listed);
  g_assert_cmpuint (names->len, >=, 8);

  /* Every key the application answers to is listed. */
  described = gtk_application_list_action_descriptions (GTK_APPLICATION (fixture->application));
  for (guint i = 0; described[i] != NULL; i++)
    {
      g_test_message ("answers to keys: %s", described[i]);
      if (!g_ptr_array_find_with_equal_func (names, described[i], g_str_equal, NULL))
        g_error ("%s has keys but is not in Keyboard Shortcuts", described[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);

  application = mc_application_new (NULL);
  /* Its own instance: tests run side by side on one session bus. */
  g_application_set_flags (G_APPLICATION (application), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);

  g_test_add ("/app/application/about", Fixture, NULL, setup, test_about, teardown);
  g_test_add ("/app/application/shortcuts", Fixture, NULL, setup, test_shortcuts, teardown);

  status = g_test_run ();

  g_application_quit (G_APPLICATION (application));
  g_clear_object (&application);

  return status;
}
