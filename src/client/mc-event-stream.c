/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "mc-client-private.h"

#define DEFAULT_POLL_INTERVAL 30000
#define DEFAULT_MIN_DELAY 1000
#define DEFAULT_MAX_DELAY 60000
#define MAX_EVENT_SIZE (1024 * 1024)
#define KEEPALIVE_SECONDS 30
#define RESYNC_NOTIFICATIONS 100
#define RESYNC_MAX_HELD 50

struct _McEventStream
{
  GObject                   parent_instance;

  McClient                 *client;
  int                       state;
  gboolean                  started;
  gboolean                  unauthorized;
  gint64                    last_seq;

  GCancellable             *cancellable;
  SoupMessage              *connect_message;
  guint                     connect_deadline_id;
  SoupWebsocketConnection  *connection;
  gulong                    message_id;
  gulong                    closed_id;
  gulong                    error_id;

  guint                     attempt;
  guint                     reconnect_id;
  guint                     poll_id;
  guint                     poll_interval;
  guint                     min_delay;
  guint                     max_delay;

  guint                     resync_pending;
  gboolean                  resync_again;
  gboolean                  primed;
  GHashTable               *seen_notifications;
};

G_DEFINE_FINAL_TYPE (McEventStream, mc_event_stream, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_STATE,
  PROP_CONNECTED,
  PROP_LAST_SEQ,
  PROP_POLL_INTERVAL,
  PROP_RECONNECT_MIN_DELAY,
  PROP_RECONNECT_MAX_DELAY,
  N_PROPS
};

enum {
  ACCOUNT_CHANGED,
  PAYMENT_CHANGED,
  BROADCAST_CHANGED,
  NOTIFICATION_RECEIVED,
  RESYNCED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void resync (McEventStream *self);
static void connect_now (McEventStream *self);

static void
set_state (McEventStream      *self,
           McEventStreamState  state)
{
  gboolean was_connected = self->state == MC_EVENT_STREAM_STATE_CONNECTED;

  if (self->state == (int) state)
    return;

  self->state = state;
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (was_connected != (state == MC_EVENT_STREAM_STATE_CONNECTED))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
release_connection_cb (gpointer data)
{
  return G_SOURCE_REMOVE;
}

static void
drop_connection (McEventStream *self)
{
  SoupWebsocketConnection *connection = g_steal_pointer (&self->connection);

  if (connection == NULL)
    return;

  g_clear_signal_handler (&self->message_id, connection);
  g_clear_signal_handler (&self->closed_id, connection);
  g_clear_signal_handler (&self->error_id, connection);

  if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);

  /* We may be inside one of its signal emissions: let it go once idle. */
  g_idle_add_full (G_PRIORITY_DEFAULT, release_connection_cb, connection, g_object_unref);
}

/* Resync */

typedef struct
{
  McEventStream *self;
  int            status;
} HeldRefresh;

static void
resync_step_done (McEventStream *self)
{
  g_assert (self->resync_pending > 0);

  if (--self->resync_pending > 0)
    return;

  g_signal_emit (self, signals[RESYNCED], 0);

  if (self->resync_again && self->started)
    {
      self->resync_again = FALSE;
      resync (self);
    }
}

static void
resync_account_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(McEventStream) self = user_data;
  g_autoptr(McAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = mc_client_get_account_finish (MC_CLIENT (source), result, &error);
  if (account == NULL)
    g_debug ("Refreshing the account failed: %s", error->message);
  else if (self->started)
    g_signal_emit (self, signals[ACCOUNT_CHANGED], 0, account);

  resync_step_done (self);
}

static void
resync_payment_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  HeldRefresh *refresh = user_data;
  g_autoptr(McEventStream) self = refresh->self;
  g_autoptr(McPayment) payment = NULL;
  g_autoptr(GError) error = NULL;
  int before = refresh->status;

  g_free (refresh);

  payment = mc_client_payment_finish (MC_CLIENT (source), result, NULL, &error);
  if (payment == NULL)
    g_debug ("Refreshing a payment failed: %s", error->message);
  else if (self->started && (int) mc_payment_get_status (payment) != before)
    g_signal_emit (self, signals[PAYMENT_CHANGED], 0, payment);

  resync_step_done (self);
}

static void
resync_broadcast_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  HeldRefresh *refresh = user_data;
  g_autoptr(McEventStream) self = refresh->self;
  g_autoptr(McBroadcast) broadcast = NULL;
  g_autoptr(GError) error = NULL;
  int before = refresh->status;

  g_free (refresh);

  broadcast = mc_client_broadcast_finish (MC_CLIENT (source), result, NULL, &error);
  if (broadcast == NULL)
    g_debug ("Refreshing a broadcast failed: %s", error->message);
  else if (self->started && (int) mc_broadcast_get_status (broadcast) != before)
    g_signal_emit (self, signals[BROADCAST_CHANGED], 0, broadcast);

  resync_step_done (self);
}

static void
notification_seen (McEventStream  *self,
                   McNotification *notification,
                   gboolean        announce)
{
  const char *id = mc_notification_get_id (notification);

  if (g_hash_table_contains (self->seen_notifications, id))
    return;

  g_hash_table_add (self->seen_notifications, g_strdup (id));
  if (announce && self->started)
    g_signal_emit (self, signals[NOTIFICATION_RECEIVED], 0, notification);
}

static void
resync_notifications_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(McEventStream) self = user_data;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;

  list = mc_client_list_finish (MC_CLIENT (source), result, NULL, &error);
  if (list == NULL)
    g_debug ("Refreshing the notifications failed: %s", error->message);
  else
    {
      guint n = g_list_model_get_n_items (list);

      /* Oldest first, so the announcements come in the order they happened. */
      for (guint i = n; i > 0; i--)
        {
          g_autoptr(McNotification) notification = g_list_model_get_item (list, i - 1);

          notification_seen (self, notification, self->primed);
        }
      self->primed = TRUE;
    }

  resync_step_done (self);
}

static void
resync (McEventStream *self)
{
  g_autoptr(GPtrArray) payments = NULL;
  g_autoptr(GPtrArray) broadcasts = NULL;

  if (!self->started)
    return;

  if (self->resync_pending > 0)
    {
      self->resync_again = TRUE;
      return;
    }

  /* Held back by one until every request is on its way. */
  self->resync_pending = 1;

  self->resync_pending++;
  mc_client_get_account_async (self->client, self->cancellable, resync_account_cb, g_object_ref (self));

  payments = mc_client_list_held_payments (self->client);
  for (guint i = 0; i < MIN (payments->len, RESYNC_MAX_HELD); i++)
    {
      McPayment *payment = g_ptr_array_index (payments, i);
      HeldRefresh *refresh = g_new0 (HeldRefresh, 1);

      refresh->self = g_object_ref (self);
      refresh->status = mc_payment_get_status (payment);
      self->resync_pending++;
      mc_client_get_payment_async (self->client, mc_payment_get_id (payment), self->cancellable,
                                   resync_payment_cb, refresh);
    }

  broadcasts = mc_client_list_held_broadcasts (self->client);
  for (guint i = 0; i < MIN (broadcasts->len, RESYNC_MAX_HELD); i++)
    {
      McBroadcast *broadcast = g_ptr_array_index (broadcasts, i);
      HeldRefresh *refresh = g_new0 (HeldRefresh, 1);

      refresh->self = g_object_ref (self);
      refresh->status = mc_broadcast_get_status (broadcast);
      self->resync_pending++;
      mc_client_get_broadcast_async (self->client, mc_broadcast_get_id (broadcast), self->cancellable,
                                     resync_broadcast_cb, refresh);
    }

  self->resync_pending++;
  mc_client_list_notifications_async (self->client, TRUE, RESYNC_NOTIFICATIONS, NULL, self->cancellable,
                                      resync_notifications_cb, g_object_ref (self));

  resync_step_done (self);
}

/* Events */

static gboolean
handle_event (McEventStream  *self,
              JsonObject     *root,
              GError        **error)
{
  const char *type;
  JsonObject *object;

  if (!mc_json_get_string (root, "type", FALSE, &type, error))
    return FALSE;

  if (g_str_equal (type, "account"))
    {
      if (!mc_json_get_object (root, "account", FALSE, &object, error) ||
          !mc_client_update_account (self->client, object, error))
        return FALSE;
      g_signal_emit (self, signals[ACCOUNT_CHANGED], 0, mc_client_get_account (self->client));
    }
  else if (g_str_equal (type, "payment"))
    {
      g_autoptr(McPayment) payment = NULL;

      if (!mc_json_get_object (root, "payment", FALSE, &object, error) ||
          !(payment = mc_client_intern_payment (self->client, object, error)))
        return FALSE;
      g_signal_emit (self, signals[PAYMENT_CHANGED], 0, payment);
    }
  else if (g_str_equal (type, "broadcast"))
    {
      g_autoptr(McBroadcast) broadcast = NULL;

      if (!mc_json_get_object (root, "broadcast", FALSE, &object, error) ||
          !(broadcast = mc_client_intern_broadcast (self->client, object, error)))
        return FALSE;
      g_signal_emit (self, signals[BROADCAST_CHANGED], 0, broadcast);
    }
  else if (g_str_equal (type, "notification"))
    {
      g_autoptr(McNotification) notification = NULL;

      if (!mc_json_get_object (root, "notification", FALSE, &object, error) ||
          !(notification = mc_client_intern_notification (self->client, object, error)))
        return FALSE;
      notification_seen (self, notification, TRUE);
    }
  else
    g_debug ("Ignoring an event of unknown type “%s”", type);

  return TRUE;
}

static void
handle_message (McEventStream         *self,
                SoupWebsocketDataType  type,
                GBytes                *message)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  gboolean gap;
  gint64 seq;
  const char *data;
  gsize size;

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    return;

  data = g_bytes_get_data (message, &size);
  root = mc_json_parse (data, size, &error);
  if (root == NULL ||
      !mc_json_get_int (json_node_get_object (root), "seq", 0, G_MAXINT64, &seq, &error))
    {
      g_debug ("Ignoring an event: %s", error->message);
      resync (self);
      return;
    }

  gap = self->last_seq >= 0 && seq != self->last_seq + 1;
  self->last_seq = seq;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SEQ]);

  if (!handle_event (self, json_node_get_object (root), &error))
    {
      g_debug ("Ignoring event %" G_GINT64_FORMAT ": %s", seq, error->message);
      gap = TRUE;
    }

  if (gap)
    resync (self);
}

static void
message_cb (SoupWebsocketConnection *connection,
            SoupWebsocketDataType    type,
            GBytes                  *message,
            McEventStream           *self)
{
  /* A handler may drop the last reference to the stream. */
  g_object_ref (self);
  handle_message (self, type, message);
  g_object_unref (self);
}

/* Connection */

static gboolean
poll_cb (gpointer user_data)
{
  McEventStream *self = user_data;

  resync (self);

  return G_SOURCE_CONTINUE;
}

static gboolean
reconnect_cb (gpointer user_data)
{
  McEventStream *self = user_data;

  self->reconnect_id = 0;
  connect_now (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (McEventStream *self)
{
  guint delay = self->min_delay;
  guint half;

  if (self->unauthorized || self->reconnect_id != 0)
    return;

  for (guint i = 0; i < self->attempt && delay < self->max_delay; i++)
    delay = delay > G_MAXUINT / 2 ? G_MAXUINT : delay * 2;
  delay = MIN (delay, self->max_delay);
  self->attempt++;

  /* Jitter: anywhere in the upper half, so clients do not reconnect in step. */
  half = delay / 2;
  delay = half + (half > 0 ? g_random_int_range (0, (gint32) MIN (half, G_MAXINT32)) : 0);

  self->reconnect_id = g_timeout_add (MAX (delay, 1), reconnect_cb, self);
}

static void
go_down (McEventStream *self)
{
  drop_connection (self);
  set_state (self, MC_EVENT_STREAM_STATE_POLLING);

  if (self->poll_id == 0)
    {
      self->poll_id = g_timeout_add (self->poll_interval, poll_cb, self);
      resync (self);
    }

  schedule_reconnect (self);
}

static void
closed_cb (SoupWebsocketConnection *connection,
           McEventStream           *self)
{
  g_object_ref (self);
  g_debug ("The event stream closed (code %u)", soup_websocket_connection_get_close_code (connection));
  go_down (self);
  g_object_unref (self);
}

static void
error_cb (SoupWebsocketConnection *connection,
          GError                  *error,
          McEventStream           *self)
{
  g_debug ("Event stream error: %s", error->message);
}

static void
connect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(McEventStream) self = user_data;
  g_autoptr(SoupMessage) message = g_steal_pointer (&self->connect_message);
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *connection;

  g_clear_handle_id (&self->connect_deadline_id, g_source_remove);

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (connection == NULL)
    {
      if (!self->started)
        return;

      if (message != NULL && soup_message_get_status (message) == SOUP_STATUS_UNAUTHORIZED)
        self->unauthorized = TRUE;

      g_debug ("Connecting the event stream failed: %s", error->message);
      go_down (self);
      return;
    }

  if (!self->started)
    {
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      g_object_unref (connection);
      return;
    }

  self->connection = connection;
  soup_websocket_connection_set_max_incoming_payload_size (connection, MAX_EVENT_SIZE);
  soup_websocket_connection_set_keepalive_interval (connection, KEEPALIVE_SECONDS);
  self->message_id = g_signal_connect (connection, "message", G_CALLBACK (message_cb), self);
  self->closed_id = g_signal_connect (connection, "closed", G_CALLBACK (closed_cb), self);
  self->error_id = g_signal_connect (connection, "error", G_CALLBACK (error_cb), self);

  self->attempt = 0;
  self->last_seq = -1;
  g_clear_handle_id (&self->poll_id, g_source_remove);
  set_state (self, MC_EVENT_STREAM_STATE_CONNECTED);

  resync (self);
}

static gboolean
connect_deadline_cb (gpointer user_data)
{
  McEventStream *self = user_data;

  self->connect_deadline_id = 0;
  /* Cancelling the whole cancellable also stops a resync in flight; it
   * restarts as soon as the stream is down. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  return G_SOURCE_REMOVE;
}

static void
connect_now (McEventStream *self)
{
  if (!self->started || self->connection != NULL || self->connect_message != NULL)
    return;

  self->connect_message = mc_client_new_message (self->client, "GET", "v1/events");
  self->connect_deadline_id = g_timeout_add_seconds (mc_client_get_timeout (self->client),
                                                     connect_deadline_cb, self);
  soup_session_websocket_connect_async (mc_client_get_session (self->client), self->connect_message,
                                        NULL, NULL, G_PRIORITY_DEFAULT, self->cancellable,
                                        connect_cb, g_object_ref (self));
}

/* Object */

static void
mc_event_stream_dispose (GObject *object)
{
  McEventStream *self = (McEventStream *) object;

  mc_event_stream_stop (self);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (mc_event_stream_parent_class)->dispose (object);
}

static void
mc_event_stream_finalize (GObject *object)
{
  McEventStream *self = (McEventStream *) object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->seen_notifications, g_hash_table_unref);

  G_OBJECT_CLASS (mc_event_stream_parent_class)->finalize (object);
}

static void
mc_event_stream_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  McEventStream *self = MC_EVENT_STREAM (object);

  switch (prop_id)
    {
    case PROP_CLIENT: g_value_set_object (value, self->client); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_CONNECTED: g_value_set_boolean (value, mc_event_stream_get_connected (self)); break;
    case PROP_LAST_SEQ: g_value_set_int64 (value, self->last_seq); break;
    case PROP_POLL_INTERVAL: g_value_set_uint (value, self->poll_interval); break;
    case PROP_RECONNECT_MIN_DELAY: g_value_set_uint (value, self->min_delay); break;
    case PROP_RECONNECT_MAX_DELAY: g_value_set_uint (value, self->max_delay); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_event_stream_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  McEventStream *self = MC_EVENT_STREAM (object);

  switch (prop_id)
    {
    case PROP_CLIENT: self->client = g_value_dup_object (value); break;
    case PROP_POLL_INTERVAL: mc_event_stream_set_poll_interval (self, g_value_get_uint (value)); break;
    case PROP_RECONNECT_MIN_DELAY: mc_event_stream_set_reconnect_min_delay (self, g_value_get_uint (value)); break;
    case PROP_RECONNECT_MAX_DELAY: mc_event_stream_set_reconnect_max_delay (self, g_value_get_uint (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_event_stream_class_init (McEventStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_event_stream_dispose;
  object_class->finalize = mc_event_stream_finalize;
  object_class->get_property = mc_event_stream_get_property;
  object_class->set_property = mc_event_stream_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, MC_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, MC_TYPE_EVENT_STREAM_STATE, MC_EVENT_STREAM_STATE_STOPPED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SEQ] =
    g_param_spec_int64 ("last-seq", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POLL_INTERVAL] =
    g_param_spec_uint ("poll-interval", NULL, NULL, 1, G_MAXUINT, DEFAULT_POLL_INTERVAL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECONNECT_MIN_DELAY] =
    g_param_spec_uint ("reconnect-min-delay", NULL, NULL, 1, G_MAXUINT, DEFAULT_MIN_DELAY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECONNECT_MAX_DELAY] =
    g_param_spec_uint ("reconnect-max-delay", NULL, NULL, 1, G_MAXUINT, DEFAULT_MAX_DELAY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ACCOUNT_CHANGED] =
    g_signal_new ("account-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, MC_TYPE_ACCOUNT);
  signals[PAYMENT_CHANGED] =
    g_signal_new ("payment-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, MC_TYPE_PAYMENT);
  signals[BROADCAST_CHANGED] =
    g_signal_new ("broadcast-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, MC_TYPE_BROADCAST);
  signals[NOTIFICATION_RECEIVED] =
    g_signal_new ("notification-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, MC_TYPE_NOTIFICATION);
  signals[RESYNCED] =
    g_signal_new ("resynced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
mc_event_stream_init (McEventStream *self)
{
  self->state = MC_EVENT_STREAM_STATE_STOPPED;
  self->last_seq = -1;
  self->poll_interval = DEFAULT_POLL_INTERVAL;
  self->min_delay = DEFAULT_MIN_DELAY;
  self->max_delay = DEFAULT_MAX_DELAY;
  self->seen_notifications = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

McEventStream *
mc_event_stream_new (McClient *client)
{
  g_return_val_if_fail (MC_IS_CLIENT (client), NULL);

  return g_object_new (MC_TYPE_EVENT_STREAM, "client", client, NULL);
}

void
mc_event_stream_start (McEventStream *self)
{
  g_return_if_fail (MC_IS_EVENT_STREAM (self));
  g_return_if_fail (self->client != NULL);

  if (self->started)
    return;

  self->started = TRUE;
  self->unauthorized = FALSE;
  self->attempt = 0;
  self->primed = FALSE;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_state (self, MC_EVENT_STREAM_STATE_CONNECTING);
  connect_now (self);
}

void
mc_event_stream_stop (McEventStream *self)
{
  g_return_if_fail (MC_IS_EVENT_STREAM (self));

  if (!self->started)
    return;

  self->started = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->connect_deadline_id, g_source_remove);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  self->resync_again = FALSE;
  drop_connection (self);
  set_state (self, MC_EVENT_STREAM_STATE_STOPPED);
}

McEventStreamState
mc_event_stream_get_state (McEventStream *self)
{
  g_return_val_if_fail (MC_IS_EVENT_STREAM (self), MC_EVENT_STREAM_STATE_STOPPED);
  return self->state;
}

gboolean
mc_event_stream_get_connected (McEventStream *self)
{
  g_return_val_if_fail (MC_IS_EVENT_STREAM (self), FALSE);
  return self->state == MC_EVENT_STREAM_STATE_CONNECTED;
}

gint64
mc_event_stream_get_last_seq (McEventStream *self)
{
  g_return_val_if_fail (MC_IS_EVENT_STREAM (self), -1);
  return self->last_seq;
}

McClient *
mc_event_stream_get_client (McEventStream *self)
{
  g_return_val_if_fail (MC_IS_EVENT_STREAM (self), NULL);
  return self->client;
}

guint
mc_event_stream_get_poll_interval (McEventStream *self)
{
  g_return_val_if_fail (MC_IS_EVENT_STREAM (self), 0);
  return self->poll_interval;
}

void
mc_event_stream_set_poll_interval (McEventStream *self,
                                   guint          msec)
{
  g_return_if_fail (MC_IS_EVENT_STREAM (self));

  msec = MAX (msec, 1);
  if (self->poll_interval == msec)
    return;

  self->poll_interval = msec;
  if (self->poll_id != 0)
    {
      g_source_remove (self->poll_id);
      self->poll_id = g_timeout_add (self->poll_interval, poll_cb, self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLL_INTERVAL]);
}

guint
mc_event_stream_get_reconnect_min_delay (McEventStream *self)
{
  g_return_val_if_fail (MC_IS_EVENT_STREAM (self), 0);
  return self->min_delay;
}

void
mc_event_stream_set_reconnect_min_delay (McEventStream *self,
                                         guint          msec)
{
  g_return_if_fail (MC_IS_EVENT_STREAM (self));

  msec = MAX (msec, 1);
  if (self->min_delay == msec)
    return;

  self->min_delay = msec;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECT_MIN_DELAY]);
}

guint
mc_event_stream_get_reconnect_max_delay (McEventStream *self)
{
  g_return_val_if_fail (MC_IS_EVENT_STREAM (self), 0);
  return self->max_delay;
}

void
mc_event_stream_set_reconnect_max_delay (McEventStream *self,
                                         guint          msec)
{
  g_return_if_fail (MC_IS_EVENT_STREAM (self));

  msec = MAX (msec, 1);
  if (self->max_delay == msec)
    return;

  self->max_delay = msec;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECT_MAX_DELAY]);
}
