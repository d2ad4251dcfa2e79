/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

#include "mc-notifier.h"
#include "mc-util.h"

struct _McNotifier
{
  GObject       parent_instance;

  GApplication *application;  /* weak */
  McSession    *session;
  GCancellable *cancellable;
  GPtrArray    *shown;        /* NotifyNotification kept for their actions */
  GSettings    *settings;
  gboolean      available;
};

G_DEFINE_FINAL_TYPE (McNotifier, mc_notifier, G_TYPE_OBJECT)

enum {
  SHOWN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
summary_for (McNotification *notice)
{
  switch (mc_notification_get_kind (notice))
    {
    case MC_NOTIFICATION_KIND_LOW_BALANCE:
      return _("Low balance");
    case MC_NOTIFICATION_KIND_ACCOUNT_RESTRICTED:
      return _("Account restricted");
    case MC_NOTIFICATION_KIND_PAYMENT_COMPLETED:
      return _("Payment successful");
    case MC_NOTIFICATION_KIND_PAYMENT_FAILED:
      return _("Payment failed");
    case MC_NOTIFICATION_KIND_PAYMENT_PENDING:
      return _("Pending payment");
    case MC_NOTIFICATION_KIND_INSUFFICIENT_BALANCE:
      return _("Not enough credits for a broadcast");
    case MC_NOTIFICATION_KIND_BROADCAST_FAILED:
      return _("Broadcast failed");
    default:
      return mc_notification_get_title (notice);
    }
}

static const char *
page_for (McNotification *notice)
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

static NotifyUrgency
urgency_for (McNotification *notice)
{
  switch (mc_notification_get_kind (notice))
    {
    case MC_NOTIFICATION_KIND_ACCOUNT_RESTRICTED:
      return NOTIFY_URGENCY_CRITICAL;
    case MC_NOTIFICATION_KIND_PAYMENT_COMPLETED:
      return NOTIFY_URGENCY_LOW;
    case MC_NOTIFICATION_KIND_LOW_BALANCE:
    case MC_NOTIFICATION_KIND_PAYMENT_FAILED:
    case MC_NOTIFICATION_KIND_PAYMENT_PENDING:
    case MC_NOTIFICATION_KIND_INSUFFICIENT_BALANCE:
    case MC_NOTIFICATION_KIND_BROADCAST_FAILED:
    default:
      return NOTIFY_URGENCY_NORMAL;
    }
}

/* The Preferences switch that covers this kind of notice. */
static const char *
setting_for (McNotification *notice)
{
  switch (mc_notification_get_kind (notice))
    {
    case MC_NOTIFICATION_KIND_PAYMENT_COMPLETED:
    case MC_NOTIFICATION_KIND_PAYMENT_FAILED:
    case MC_NOTIFICATION_KIND_PAYMENT_PENDING:
      return "notify-payments";
    case MC_NOTIFICATION_KIND_INSUFFICIENT_BALANCE:
    case MC_NOTIFICATION_KIND_BROADCAST_FAILED:
      return "notify-broadcasts";
    case MC_NOTIFICATION_KIND_LOW_BALANCE:
    case MC_NOTIFICATION_KIND_ACCOUNT_RESTRICTED:
    default:
      return "notify-balance";
    }
}

static void
default_action_cb (NotifyNotification *notification,
                   char               *action,
                   gpointer            user_data)
{
  McNotifier *self = user_data;
  const char *page = g_object_get_data (G_OBJECT (notification), "mc-page");

  if (self->application != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (self->application), "show-page",
                                    g_variant_new_string (page));
}

static void
closed_cb (NotifyNotification *notification,
           McNotifier         *self)
{
  g_ptr_array_remove (self->shown, notification);
}

static void
marked_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(McNotification) notice = NULL;
  g_autoptr(GError) error = NULL;

  notice = mc_client_mark_notification_read_finish (MC_CLIENT (object), result, &error);
  if (notice == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Could not mark a notice read: %s", error->message);
}

static void
notification_received_cb (McNotifier     *self,
                          McNotification *notice)
{
  NotifyNotification *notification = NULL;
  g_autoptr(GError) error = NULL;
  gboolean told = FALSE;

  if (mc_notification_get_read (notice))
    return;

  if (self->available && g_settings_get_boolean (self->settings, setting_for (notice)))
    {
      notification = notify_notification_new (summary_for (notice),
                                               mc_notification_get_body (notice),
                                               NULL);
      notify_notification_set_app_name (notification, _("Message Credits"));
      notify_notification_set_hint_string (notification, "desktop-entry", APP_ID);
      notify_notification_set_urgency (notification, urgency_for (notice));
      notify_notification_set_category (notification,
                                        mc_notification_get_kind (notice) ==
                                        MC_NOTIFICATION_KIND_PAYMENT_COMPLETED ?
                                        "transfer.complete" : "transfer");
      g_object_set_data_full (G_OBJECT (notification), "mc-page",
                              g_strdup (page_for (notice)), g_free);
      notify_notification_add_action (notification, "default", _("Open"),
                                      default_action_cb, self, NULL);

      /* A local D-Bus round trip; libnotify offers no asynchronous call. */
      if (notify_notification_show (notification, &error))
        {
          g_ptr_array_add (self->shown, g_object_ref (notification));
          g_signal_connect_object (notification, "closed", G_CALLBACK (closed_cb), self, 0);
          told = TRUE;
        }
      else
        {
          g_debug ("No desktop notification (%s)", error->message);
        }
      g_object_unref (notification);
    }

  g_signal_emit (self, signals[SHOWN], 0, notice);

  /* Read once the desktop told the person; a kind switched off in
   * Preferences (or no notification daemon) leaves it unread, so the
   * notices button still counts it. */
  if (told && self->session != NULL)
    mc_client_mark_notification_read_async (mc_session_get_client (self->session),
                                            mc_notification_get_id (notice),
                                            self->cancellable, marked_read_cb, NULL);
}

static void
mc_notifier_dispose (GObject *object)
{
  McNotifier *self = MC_NOTIFIER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->session);
  g_clear_weak_pointer (&self->application);
  g_ptr_array_set_size (self->shown, 0);

  G_OBJECT_CLASS (mc_notifier_parent_class)->dispose (object);
}

static void
mc_notifier_finalize (GObject *object)
{
  McNotifier *self = MC_NOTIFIER (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (mc_notifier_parent_class)->finalize (object);
}

static void
mc_notifier_class_init (McNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_notifier_dispose;
  object_class->finalize = mc_notifier_finalize;

  signals[SHOWN] = g_signal_new ("shown", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, MC_TYPE_NOTIFICATION);
}

static void
mc_notifier_init (McNotifier *self)
{
  self->cancellable = g_cancellable_new ();
  self->shown = g_ptr_array_new_with_free_func (g_object_unref);
  self->settings = g_settings_new (MC_SETTINGS_SCHEMA);
}

/**
 * mc_notifier_new:
 * @application: the application whose "show-page" action the notices activate
 *
 * Returns: (transfer full): a new notifier
 */
McNotifier *
mc_notifier_new (GApplication *application)
{
  McNotifier *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);

  self = g_object_new (MC_TYPE_NOTIFIER, NULL);
  g_set_weak_pointer (&self->application, application);

  self->available = notify_is_initted () || notify_init (_("Message Credits"));
  if (self->available)
    notify_set_app_name (_("Message Credits"));

  return self;
}

/**
 * mc_notifier_set_session:
 * @self: a notifier
 * @session: (nullable): the session whose notices to show
 */
void
mc_notifier_set_session (McNotifier *self,
                         McSession  *session)
{
  g_return_if_fail (MC_IS_NOTIFIER (self));
  g_return_if_fail (session == NULL || MC_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (mc_session_get_stream (self->session), self);

  g_set_object (&self->session, session);

  if (session != NULL)
    g_signal_connect_object (mc_session_get_stream (session), "notification-received",
                             G_CALLBACK (notification_received_cb), self, G_CONNECT_SWAPPED);
}
