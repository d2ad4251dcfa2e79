/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "mc-notices-button.h"
#include "mc-util.h"

#define PAGE_SIZE 50
#define RELOAD_DELAY_MS 300

struct _McNoticesButton
{
  GtkWidget      parent_instance;

  GtkMenuButton *button;
  GtkLabel      *badge;
  GtkListBox    *list;
  GtkStack      *stack;

  McSession     *session;
  GListStore    *notices;
  GCancellable  *cancellable;
  guint          reload_id;
  guint          unread;
};

G_DEFINE_FINAL_TYPE (McNoticesButton, mc_notices_button, GTK_TYPE_WIDGET)

/**
 * mc_notification_get_page:
 * @notice: a notice
 *
 * Returns: (transfer none): the window page the notice is about
 */
const char *
mc_notification_get_page (McNotification *notice)
{
  switch (mc_notification_get_kind (notice))
    {
    case MC_NOTIFICATION_KIND_PAYMENT_COMPLETED:
    case MC_NOTIFICATION_KIND_PAYMENT_FAILED:
    case MC_NOTIFICATION_KIND_PAYMENT_PENDING:
      return "payments";
    case MC_NOTIFICATION_KIND_INSUFFICIENT_BALANCE:
    case MC_NOTIFICATION_KIND_BROADCAST_FAILED:
      return "broadcasts";
    case MC_NOTIFICATION_KIND_LOW_BALANCE:
    case MC_NOTIFICATION_KIND_ACCOUNT_RESTRICTED:
    default:
      return "dashboard";
    }
}

static void
update_badge (McNoticesButton *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->notices));
  g_autofree char *count = NULL;
  g_autofree char *a11y = NULL;

  self->unread = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McNotification) notice = g_list_model_get_item (G_LIST_MODEL (self->notices), i);

      if (!mc_notification_get_read (notice))
        self->unread++;
    }

  count = self->unread > 99 ? g_strdup ("99+") : g_strdup_printf ("%u", self->unread);
  gtk_label_set_label (self->badge, count);
  gtk_widget_set_visible (GTK_WIDGET (self->badge), self->unread > 0);

  if (self->unread > 0)
    /* Translators: the accessible name of the notices button */
    a11y = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Notices, %u unread",
                                         "Notices, %u unread", self->unread), self->unread);
  else
    a11y = g_strdup (_("Notices"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  a11y, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), a11y);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  McNotification *notice = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new (mc_notification_get_title (notice));
  GtkWidget *body = gtk_label_new (mc_notification_get_body (notice));
  g_autofree char *age = mc_format_age (mc_notification_get_at (notice), NULL);
  GtkWidget *when = gtk_label_new (age);
  gboolean unread = !mc_notification_get_read (notice);

  gtk_widget_set_margin_top (box, 9);
  gtk_widget_set_margin_bottom (box, 9);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  for (GtkWidget *l = title; l != NULL; l = l == title ? body : l == body ? when : NULL)
    {
      gtk_label_set_xalign (GTK_LABEL (l), 0);
      gtk_label_set_wrap (GTK_LABEL (l), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (l), 40);
      gtk_box_append (GTK_BOX (box), l);
    }
  gtk_widget_add_css_class (title, unread ? "heading" : "body");
  gtk_widget_add_css_class (body, "caption");
  gtk_widget_add_css_class (when, "caption");
  gtk_widget_add_css_class (when, "dim-label");
  if (!unread)
    gtk_widget_add_css_class (body, "dim-label");

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "mc-notice", g_object_ref (notice), g_object_unref);
  {
    /* Translators: an unread notice's accessible name, "Unread: Low balance" */
    g_autofree char *a11y = unread ? g_strdup_printf (_("Unread: %s"), mc_notification_get_title (notice))
                                   : g_strdup (mc_notification_get_title (notice));

    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    mc_notification_get_body (notice), -1);
  }

  return row;
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(McNoticesButton) self = user_data;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  list = mc_client_list_finish (MC_CLIENT (object), result, NULL, &error);
  if (list == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not list notices: %s", error->message);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    g_ptr_array_add (items, g_list_model_get_item (list, i));
  g_list_store_splice (self->notices, 0, g_list_model_get_n_items (G_LIST_MODEL (self->notices)),
                       items->pdata, items->len);
  update_badge (self);
}

static void
load (McNoticesButton *self)
{
  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->session == NULL)
    return;

  mc_client_list_notifications_async (mc_session_get_client (self->session), FALSE, PAGE_SIZE,
                                      NULL, self->cancellable, listed_cb, g_object_ref (self));
}

static gboolean
reload_timeout_cb (gpointer user_data)
{
  McNoticesButton *self = user_data;

  self->reload_id = 0;
  load (self);

  return G_SOURCE_REMOVE;
}

static void
queue_reload (McNoticesButton *self)
{
  if (self->reload_id == 0)
    self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_timeout_cb, self);
}

static void
marked_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(McNoticesButton) self = user_data;
  g_autoptr(McNotification) notice = NULL;
  g_autoptr(GError) error = NULL;

  notice = mc_client_mark_notification_read_finish (MC_CLIENT (object), result, &error);
  if (notice == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not mark a notice read: %s", error->message);
      return;
    }

  queue_reload (self);
}

/**
 * mc_notices_button_open_notice:
 * @self: the button
 * @notice: one of its notices
 *
 * Marks @notice read and shows its page.
 */
void
mc_notices_button_open_notice (McNoticesButton *self,
                               McNotification  *notice)
{
  g_return_if_fail (MC_IS_NOTICES_BUTTON (self));
  g_return_if_fail (MC_IS_NOTIFICATION (notice));

  gtk_menu_button_popdown (self->button);
  if (self->session != NULL && !mc_notification_get_read (notice))
    mc_client_mark_notification_read_async (mc_session_get_client (self->session),
                                            mc_notification_get_id (notice), self->cancellable,
                                            marked_cb, g_object_ref (self));
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-page", "s",
                              mc_notification_get_page (notice));
}

static void
row_activated_cb (McNoticesButton *self,
                  GtkListBoxRow   *row)
{
  mc_notices_button_open_notice (self, g_object_get_data (G_OBJECT (row), "mc-notice"));
}

static void
mc_notices_button_dispose (GObject *object)
{
  McNoticesButton *self = MC_NOTICES_BUTTON (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (mc_session_get_stream (self->session), self);
  g_clear_object (&self->session);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (mc_notices_button_parent_class)->dispose (object);
}

static void
mc_notices_button_finalize (GObject *object)
{
  McNoticesButton *self = MC_NOTICES_BUTTON (object);

  g_clear_object (&self->notices);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (mc_notices_button_parent_class)->finalize (object);
}

static void
mc_notices_button_class_init (McNoticesButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_notices_button_dispose;
  object_class->finalize = mc_notices_button_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mc-notices-button");
}

static void
mc_notices_button_init (McNoticesButton *self)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("preferences-system-notifications-symbolic");
  GtkWidget *badge = gtk_label_new (NULL);
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (_("Notices"));
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *empty = adw_status_page_new ();

  self->notices = g_list_store_new (MC_TYPE_NOTIFICATION);
  self->cancellable = g_cancellable_new ();

  gtk_widget_set_halign (badge, GTK_ALIGN_END);
  gtk_widget_set_valign (badge, GTK_ALIGN_START);
  gtk_widget_add_css_class (badge, "notices-badge");
  gtk_widget_set_visible (badge, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Notices"), -1);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), icon);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), badge);
  gtk_menu_button_set_child (GTK_MENU_BUTTON (button), overlay);

  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_margin_top (heading, 6);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_list_box_set_activate_on_single_click (GTK_LIST_BOX (list), TRUE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Notices"), -1);
  gtk_list_box_bind_model (GTK_LIST_BOX (list), G_LIST_MODEL (self->notices), create_row, self, NULL);
  g_signal_connect_object (list, "row-activated", G_CALLBACK (row_activated_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 120);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 460);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_widget_set_size_request (scrolled, 360, -1);
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "preferences-system-notifications-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No notices yet"));
  gtk_widget_add_css_class (empty, "compact");
  gtk_stack_add_named (GTK_STACK (stack), scrolled, "list");
  gtk_stack_add_named (GTK_STACK (stack), empty, "empty");
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "empty");
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), stack);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_widget_set_parent (button, GTK_WIDGET (self));

  self->button = GTK_MENU_BUTTON (button);
  self->badge = GTK_LABEL (badge);
  self->list = GTK_LIST_BOX (list);
  self->stack = GTK_STACK (stack);
  update_badge (self);
}

/**
 * mc_notices_button_set_session:
 * @self: the button
 * @session: (nullable): the session whose notices to list
 */
void
mc_notices_button_set_session (McNoticesButton *self,
                               McSession       *session)
{
  g_return_if_fail (MC_IS_NOTICES_BUTTON (self));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (mc_session_get_stream (self->session), self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_list_store_remove_all (self->notices);
  g_set_object (&self->session, session);

  if (session != NULL)
    {
      g_signal_connect_object (mc_session_get_stream (session), "resynced",
                               G_CALLBACK (queue_reload), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (mc_session_get_stream (session), "notification-received",
                               G_CALLBACK (queue_reload), self, G_CONNECT_SWAPPED);
      /* After the account, which the window shows first. */
      queue_reload (self);
    }

  update_badge (self);
}

guint
mc_notices_button_get_unread (McNoticesButton *self)
{
  g_return_val_if_fail (MC_IS_NOTICES_BUTTON (self), 0);

  return self->unread;
}

/**
 * mc_notices_button_get_notices:
 *
 * Returns: (transfer none): the notices listed, newest first
 */
GListModel *
mc_notices_button_get_notices (McNoticesButton *self)
{
  g_return_val_if_fail (MC_IS_NOTICES_BUTTON (self), NULL);

  return G_LIST_MODEL (self->notices);
}
