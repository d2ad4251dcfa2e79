/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "mc-session.h"

struct _McSession
{
  GObject         parent_instance;

  McClient       *client;
  McEventStream  *stream;
  GCancellable   *cancellable;
  GDateTime      *last_update;
  char           *error_message;

  McSessionState  state;
  McTokenStoreKind token_store;
  guint           demo : 1;
  guint           started : 1;
  guint           probing : 1;
};

G_DEFINE_FINAL_TYPE (McSession, mc_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_STREAM,
  PROP_STATE,
  PROP_DEMO,
  PROP_LAST_UPDATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void probe (McSession *self);

static void
set_state (McSession      *self,
           McSessionState  state)
{
  if (state == MC_SESSION_STATE_ONLINE)
    {
      g_clear_pointer (&self->last_update, g_date_time_unref);
      self->last_update = g_date_time_new_now_utc ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_UPDATE]);
    }

  if (self->state == state)
    return;

  g_debug ("Session state %d -> %d", self->state, state);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
fail (McSession    *self,
      const GError *error)
{
  g_free (self->error_message);
  self->error_message = g_strdup (error->message);

  if (g_error_matches (error, MC_CLIENT_ERROR, MC_CLIENT_ERROR_UNAUTHORIZED))
    {
      mc_event_stream_stop (self->stream);
      set_state (self, MC_SESSION_STATE_UNAUTHORIZED);
      return;
    }

  set_state (self, MC_SESSION_STATE_OFFLINE);
}

static void
account_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(McSession) self = user_data;
  g_autoptr(McAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  self->probing = FALSE;

  account = mc_client_get_account_finish (MC_CLIENT (object), result, &error);
  if (account == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, error);
      return;
    }

  g_clear_pointer (&self->error_message, g_free);
  set_state (self, MC_SESSION_STATE_ONLINE);
}

/* One question to tell "the socket dropped" from "the service is gone"; the
 * stream's own backoff does the retrying, so this never loops. */
static void
probe (McSession *self)
{
  if (self->probing)
    return;

  self->probing = TRUE;
  mc_client_get_account_async (self->client, self->cancellable, account_cb, g_object_ref (self));
}

static void
stream_state_cb (McSession *self)
{
  switch (mc_event_stream_get_state (self->stream))
    {
    case MC_EVENT_STREAM_STATE_CONNECTED:
      /* The socket is up, so the service answers; a resync follows. */
      if (self->state != MC_SESSION_STATE_UNAUTHORIZED &&
          mc_account_get_loaded (mc_client_get_account (self->client)))
        set_state (self, MC_SESSION_STATE_ONLINE);
      break;
    case MC_EVENT_STREAM_STATE_POLLING:
      if (self->state != MC_SESSION_STATE_UNAUTHORIZED)
        probe (self);
      break;
    case MC_EVENT_STREAM_STATE_STOPPED:
    case MC_EVENT_STREAM_STATE_CONNECTING:
    default:
      break;
    }
}

static void
resynced_cb (McSession *self)
{
  if (self->state == MC_SESSION_STATE_UNAUTHORIZED)
    return;

  /* A resync is also announced after fetches that failed: only a live
   * socket, or an answer, says the service is there. */
  if (mc_event_stream_get_state (self->stream) == MC_EVENT_STREAM_STATE_CONNECTED)
    {
      if (mc_account_get_loaded (mc_client_get_account (self->client)))
        set_state (self, MC_SESSION_STATE_ONLINE);
    }
  else if (self->state != MC_SESSION_STATE_ONLINE)
    {
      /* Polling while the socket is down: one question per poll. */
      probe (self);
    }
}

static void
account_changed_cb (McSession *self)
{
  if (self->state == MC_SESSION_STATE_ONLINE)
    set_state (self, MC_SESSION_STATE_ONLINE);
}

static void
mc_session_dispose (GObject *object)
{
  McSession *self = MC_SESSION (object);

  g_cancellable_cancel (self->cancellable);
  if (self->stream != NULL)
    mc_event_stream_stop (self->stream);

  G_OBJECT_CLASS (mc_session_parent_class)->dispose (object);
}

static void
mc_session_finalize (GObject *object)
{
  McSession *self = MC_SESSION (object);

  g_clear_object (&self->stream);
  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->last_update, g_date_time_unref);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (mc_session_parent_class)->finalize (object);
}

static void
mc_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  McSession *self = MC_SESSION (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_STREAM:
      g_value_set_object (value, self->stream);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_DEMO:
      g_value_set_boolean (value, self->demo);
      break;
    case PROP_LAST_UPDATE:
      g_value_set_boxed (value, self->last_update);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_session_class_init (McSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_session_dispose;
  object_class->finalize = mc_session_finalize;
  object_class->get_property = mc_session_get_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, MC_TYPE_CLIENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STREAM] =
    g_param_spec_object ("stream", NULL, NULL, MC_TYPE_EVENT_STREAM,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      MC_SESSION_STATE_CONNECTING, MC_SESSION_STATE_UNAUTHORIZED,
                      MC_SESSION_STATE_CONNECTING,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEMO] =
    g_param_spec_boolean ("demo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_UPDATE] =
    g_param_spec_boxed ("last-update", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_session_init (McSession *self)
{
  self->cancellable = g_cancellable_new ();
  self->state = MC_SESSION_STATE_CONNECTING;
}

/**
 * mc_session_new:
 * @client: a client for the service
 * @demo: whether the service is the app's own demo child
 *
 * Returns: (transfer full): a new session; call mc_session_start()
 */
McSession *
mc_session_new (McClient *client,
                gboolean  demo)
{
  McSession *self;

  g_return_val_if_fail (MC_IS_CLIENT (client), NULL);

  self = g_object_new (MC_TYPE_SESSION, NULL);
  self->client = g_object_ref (client);
  self->demo = !!demo;
  self->stream = mc_event_stream_new (client);

  g_signal_connect_object (self->stream, "notify::state",
                           G_CALLBACK (stream_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stream, "resynced",
                           G_CALLBACK (resynced_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stream, "account-changed",
                           G_CALLBACK (account_changed_cb), self, G_CONNECT_SWAPPED);

  return self;
}

/**
 * mc_session_start:
 * @self: a session
 *
 * Fetches the account and starts the event stream (which reconnects with
 * backoff and polls while the socket is down).
 */
void
mc_session_start (McSession *self)
{
  g_return_if_fail (MC_IS_SESSION (self));

  if (self->started)
    return;

  self->started = TRUE;
  probe (self);
  mc_event_stream_start (self->stream);
}

void
mc_session_stop (McSession *self)
{
  g_return_if_fail (MC_IS_SESSION (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->probing = FALSE;
  self->started = FALSE;
  mc_event_stream_stop (self->stream);
}

/**
 * mc_session_retry_now:
 * @self: a session
 *
 * Asks again at once instead of waiting for the next backoff step.
 */
void
mc_session_retry_now (McSession *self)
{
  g_return_if_fail (MC_IS_SESSION (self));

  mc_event_stream_stop (self->stream);
  mc_event_stream_start (self->stream);
  probe (self);
}

/**
 * mc_session_get_client:
 *
 * Returns: (transfer none): the client
 */
McClient *
mc_session_get_client (McSession *self)
{
  g_return_val_if_fail (MC_IS_SESSION (self), NULL);

  return self->client;
}

/**
 * mc_session_get_account:
 *
 * Returns: (transfer none): the live account
 */
McAccount *
mc_session_get_account (McSession *self)
{
  g_return_val_if_fail (MC_IS_SESSION (self), NULL);

  return mc_client_get_account (self->client);
}

/**
 * mc_session_get_stream:
 *
 * Returns: (transfer none): the event stream
 */
McEventStream *
mc_session_get_stream (McSession *self)
{
  g_return_val_if_fail (MC_IS_SESSION (self), NULL);

  return self->stream;
}

McSessionState
mc_session_get_state (McSession *self)
{
  g_return_val_if_fail (MC_IS_SESSION (self), MC_SESSION_STATE_CONNECTING);

  return self->state;
}

gboolean
mc_session_get_demo (McSession *self)
{
  g_return_val_if_fail (MC_IS_SESSION (self), FALSE);

  return self->demo;
}

/**
 * mc_session_get_last_update:
 *
 * Returns: (transfer none) (nullable): when figures last arrived
 */
GDateTime *
mc_session_get_last_update (McSession *self)
{
  g_return_val_if_fail (MC_IS_SESSION (self), NULL);

  return self->last_update;
}

/**
 * mc_session_get_error_message:
 *
 * Returns: (transfer none) (nullable): why the service last could not be used
 */
const char *
mc_session_get_error_message (McSession *self)
{
  g_return_val_if_fail (MC_IS_SESSION (self), NULL);

  return self->error_message;
}

McTokenStoreKind
mc_session_get_token_store (McSession *self)
{
  g_return_val_if_fail (MC_IS_SESSION (self), MC_TOKEN_STORE_NONE);

  return self->token_store;
}

/**
 * mc_session_set_token_store:
 * @self: a session
 * @kind: where the session's token is kept
 */
void
mc_session_set_token_store (McSession        *self,
                            McTokenStoreKind  kind)
{
  g_return_if_fail (MC_IS_SESSION (self));

  self->token_store = kind;
}
