/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

#include "mc-core.h"
#include "mc-lookahead.h"
#include "mc-util.h"

#define RELOAD_DELAY_MS 250
#define PAGE_SIZE 200

struct _McLookahead
{
  GObject       parent_instance;

  McSession    *session;       /* weak: the session owns us */
  GListStore   *broadcasts;
  GListStore   *at_risk;
  GHashTable   *warned;        /* ids already notified */
  GSettings    *settings;
  GCancellable *cancellable;
  char         *error;
  guint         reload_id;
  guint         warn_id;
  gboolean      loaded;
  gboolean      loading;
  gboolean      again;
};

G_DEFINE_FINAL_TYPE (McLookahead, mc_lookahead, G_TYPE_OBJECT)

enum {
  CHANGED,
  WARN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void load (McLookahead *self);

/**
 * mc_broadcast_is_at_risk:
 * @broadcast: a broadcast
 * @account: the live account
 *
 * Returns: whether @broadcast is scheduled and would fail if sent now
 */
gboolean
mc_broadcast_is_at_risk (McBroadcast *broadcast,
                         McAccount   *account)
{
  g_return_val_if_fail (MC_IS_BROADCAST (broadcast), FALSE);
  g_return_val_if_fail (MC_IS_ACCOUNT (account), FALSE);

  if (mc_broadcast_get_status (broadcast) != MC_BROADCAST_STATUS_SCHEDULED ||
      !mc_account_get_loaded (account))
    return FALSE;

  return mc_account_get_state (account) == MC_ACCOUNT_STATE_RESTRICTED ||
         mc_broadcast_get_estimated_cost (broadcast) > mc_account_get_balance (account);
}

static void
notify_broadcast (McLookahead *self,
                  McBroadcast *broadcast)
{
  McAccount *account = mc_session_get_account (self->session);
  NotifyNotification *notification;
  g_autoptr(GError) error = NULL;
  g_autofree char *cost = mc_money_format (mc_broadcast_get_estimated_cost (broadcast),
                                           mc_broadcast_get_currency (broadcast));
  g_autofree char *balance = mc_money_format (mc_account_get_balance (account),
                                              mc_account_get_currency (account));
  g_autofree char *when = mc_format_date_time (mc_broadcast_get_scheduled_at (broadcast));
  g_autofree char *body = NULL;

  g_hash_table_add (self->warned, g_strdup (mc_broadcast_get_id (broadcast)));
  g_signal_emit (self, signals[WARN], 0, broadcast);

  if (!g_settings_get_boolean (self->settings, "notify-broadcasts") || !notify_is_initted ())
    return;

  /* Translators: “name” is due at a time; two amounts of money */
  body = g_strdup_printf (_("“%s” is due %s and needs %s, but the balance is %s. "
                            "Add credits so that it does not fail."),
                          mc_broadcast_get_name (broadcast), when, cost, balance);
  notification = notify_notification_new (_("A broadcast will fail"), body, NULL);
  notify_notification_set_app_name (notification, _("Message Credits"));
  notify_notification_set_hint_string (notification, "desktop-entry", APP_ID);
  notify_notification_set_urgency (notification, NOTIFY_URGENCY_NORMAL);

  /* A local D-Bus round trip; libnotify offers no asynchronous call. */
  if (!notify_notification_show (notification, &error))
    g_debug ("No desktop notification (%s)", error->message);
  g_object_unref (notification);
}

static gboolean warn_timeout_cb (gpointer user_data);

/* Warns about what is due within the look-ahead, and sets a timer for the
 * next one. */
static void
schedule_warnings (McLookahead *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan next = G_MAXINT64;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->at_risk));

  g_clear_handle_id (&self->warn_id, g_source_remove);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McBroadcast) broadcast = g_list_model_get_item (G_LIST_MODEL (self->at_risk), i);
      GTimeSpan until;

      if (g_hash_table_contains (self->warned, mc_broadcast_get_id (broadcast)))
        continue;

      until = g_date_time_difference (mc_broadcast_get_scheduled_at (broadcast), now) -
              MC_LOOKAHEAD_WARN_BEFORE;
      if (until <= 0)
        notify_broadcast (self, broadcast);
      else
        next = MIN (next, until);
    }

  if (next != G_MAXINT64)
    self->warn_id = g_timeout_add_seconds ((guint) MIN (next / G_TIME_SPAN_SECOND + 1, G_MAXUINT / 2),
                                           warn_timeout_cb, self);
}

static gboolean
warn_timeout_cb (gpointer user_data)
{
  McLookahead *self = user_data;

  self->warn_id = 0;
  schedule_warnings (self);

  return G_SOURCE_REMOVE;
}

static void
update_at_risk (McLookahead *self)
{
  McAccount *account;
  g_autoptr(GPtrArray) risky = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  if (self->session == NULL)
    return;

  account = mc_session_get_account (self->session);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->broadcasts));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McBroadcast) broadcast = g_list_model_get_item (G_LIST_MODEL (self->broadcasts), i);

      if (mc_broadcast_is_at_risk (broadcast, account))
        g_ptr_array_add (risky, g_object_ref (broadcast));
    }

  g_list_store_splice (self->at_risk, 0, g_list_model_get_n_items (G_LIST_MODEL (self->at_risk)),
                       risky->pdata, risky->len);
  schedule_warnings (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(McLookahead) self = user_data;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  self->loading = FALSE;
  list = mc_client_list_finish (MC_CLIENT (object), result, NULL, &error);
  if (list == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_free (self->error);
      self->error = g_strdup (error->message);
      g_signal_emit (self, signals[CHANGED], 0);
      return;
    }

  g_clear_pointer (&self->error, g_free);
  n = g_list_model_get_n_items (list);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (list, i));
  g_list_store_splice (self->broadcasts,
                       0, g_list_model_get_n_items (G_LIST_MODEL (self->broadcasts)),
                       items->pdata, items->len);
  self->loaded = TRUE;
  update_at_risk (self);

  if (self->again)
    {
      self->again = FALSE;
      load (self);
    }
}

static void
load (McLookahead *self)
{
  g_clear_handle_id (&self->reload_id, g_source_remove);

  if (self->session == NULL)
    return;

  if (self->loading)
    {
      self->again = TRUE;
      return;
    }

  self->loading = TRUE;
  mc_client_list_broadcasts_async (mc_session_get_client (self->session), PAGE_SIZE, NULL,
                                   self->cancellable, listed_cb, g_object_ref (self));
}

static gboolean
reload_timeout_cb (gpointer user_data)
{
  McLookahead *self = user_data;

  self->reload_id = 0;
  load (self);

  return G_SOURCE_REMOVE;
}

static void
queue_reload (McLookahead *self)
{
  if (self->reload_id == 0)
    self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_timeout_cb, self);
}

static void
broadcast_changed_cb (McLookahead *self,
                      McBroadcast *broadcast)
{
  /* The object is refreshed in place; a new one means a new broadcast. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->broadcasts)); i++)
    {
      g_autoptr(McBroadcast) item = g_list_model_get_item (G_LIST_MODEL (self->broadcasts), i);

      if (item == broadcast)
        {
          g_list_model_items_changed (G_LIST_MODEL (self->broadcasts), i, 1, 1);
          update_at_risk (self);
          return;
        }
    }

  queue_reload (self);
}

static void
balance_changed_cb (McLookahead *self)
{
  update_at_risk (self);
}

static void
mc_lookahead_dispose (GObject *object)
{
  McLookahead *self = MC_LOOKAHEAD (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_handle_id (&self->warn_id, g_source_remove);

  G_OBJECT_CLASS (mc_lookahead_parent_class)->dispose (object);
}

static void
mc_lookahead_finalize (GObject *object)
{
  McLookahead *self = MC_LOOKAHEAD (object);

  g_clear_weak_pointer (&self->session);
  g_clear_object (&self->broadcasts);
  g_clear_object (&self->at_risk);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->warned, g_hash_table_unref);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (mc_lookahead_parent_class)->finalize (object);
}

static void
mc_lookahead_class_init (McLookaheadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_lookahead_dispose;
  object_class->finalize = mc_lookahead_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[WARN] = g_signal_new ("warn", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, MC_TYPE_BROADCAST);
}

static void
mc_lookahead_init (McLookahead *self)
{
  self->broadcasts = g_list_store_new (MC_TYPE_BROADCAST);
  self->at_risk = g_list_store_new (MC_TYPE_BROADCAST);
  self->warned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->settings = g_settings_new (MC_SETTINGS_SCHEMA);
  self->cancellable = g_cancellable_new ();
}

/**
 * mc_lookahead_get_for_session:
 * @session: a session
 *
 * The session's look-ahead, made on first use; it lives as long as the
 * session and starts following its event stream at once.
 *
 * Returns: (transfer none): the look-ahead
 */
McLookahead *
mc_lookahead_get_for_session (McSession *session)
{
  McLookahead *self;

  g_return_val_if_fail (MC_IS_SESSION (session), NULL);

  self = g_object_get_data (G_OBJECT (session), "mc-lookahead");
  if (self != NULL)
    return self;

  self = g_object_new (MC_TYPE_LOOKAHEAD, NULL);
  g_set_weak_pointer (&self->session, session);
  g_object_set_data_full (G_OBJECT (session), "mc-lookahead", self, g_object_unref);

  g_signal_connect_object (mc_session_get_stream (session), "resynced",
                           G_CALLBACK (queue_reload), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (mc_session_get_stream (session), "broadcast-changed",
                           G_CALLBACK (broadcast_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (mc_session_get_account (session), "notify::balance",
                           G_CALLBACK (balance_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (mc_session_get_account (session), "notify::state",
                           G_CALLBACK (balance_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (mc_session_get_account (session), "notify::loaded",
                           G_CALLBACK (queue_reload), self, G_CONNECT_SWAPPED);

  if (mc_account_get_loaded (mc_session_get_account (session)))
    load (self);

  return self;
}

/**
 * mc_lookahead_get_broadcasts:
 *
 * Returns: (transfer none): the broadcasts (#McBroadcast), newest first
 */
GListModel *
mc_lookahead_get_broadcasts (McLookahead *self)
{
  g_return_val_if_fail (MC_IS_LOOKAHEAD (self), NULL);

  return G_LIST_MODEL (self->broadcasts);
}

/**
 * mc_lookahead_get_at_risk:
 *
 * Returns: (transfer none): the scheduled broadcasts the balance cannot cover
 */
GListModel *
mc_lookahead_get_at_risk (McLookahead *self)
{
  g_return_val_if_fail (MC_IS_LOOKAHEAD (self), NULL);

  return G_LIST_MODEL (self->at_risk);
}

gboolean
mc_lookahead_get_loaded (McLookahead *self)
{
  g_return_val_if_fail (MC_IS_LOOKAHEAD (self), FALSE);

  return self->loaded;
}

/**
 * mc_lookahead_get_error:
 *
 * Returns: (transfer none) (nullable): why the last load failed
 */
const char *
mc_lookahead_get_error (McLookahead *self)
{
  g_return_val_if_fail (MC_IS_LOOKAHEAD (self), NULL);

  return self->error;
}

void
mc_lookahead_reload (McLookahead *self)
{
  g_return_if_fail (MC_IS_LOOKAHEAD (self));

  load (self);
}

/**
 * mc_lookahead_add:
 * @self: the look-ahead
 * @broadcast: a broadcast just created
 *
 * Lists @broadcast at once, before the next reload confirms it.
 */
void
mc_lookahead_add (McLookahead *self,
                  McBroadcast *broadcast)
{
  guint position;

  g_return_if_fail (MC_IS_LOOKAHEAD (self));
  g_return_if_fail (MC_IS_BROADCAST (broadcast));

  if (!g_list_store_find (self->broadcasts, broadcast, &position))
    g_list_store_insert (self->broadcasts, 0, broadcast);
  update_at_risk (self);
  queue_reload (self);
}
