/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "mc-events.h"

struct _McEvents
{
  GHashTable *by_account;  /* account id → GPtrArray of SoupWebsocketConnection */
};

McEvents *
mc_events_new (void)
{
  McEvents *self = g_new0 (McEvents, 1);

  self->by_account = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_ptr_array_unref);
  return self;
}

static void
forget_connection (McEvents                *self,
                   SoupWebsocketConnection *connection)
{
  g_autofree char *account_id = g_strdup (g_object_get_data (G_OBJECT (connection), "mc-account-id"));
  GPtrArray *list;

  if (account_id == NULL)
    return;

  list = g_hash_table_lookup (self->by_account, account_id);
  if (list == NULL)
    return;

  g_signal_handlers_disconnect_by_data (connection, self);
  g_ptr_array_remove (list, connection);
  if (list->len == 0)
    g_hash_table_remove (self->by_account, account_id);
}

static void
closed_cb (SoupWebsocketConnection *connection,
           McEvents                *self)
{
  forget_connection (self, connection);
}

static void
message_cb (SoupWebsocketConnection *connection,
            gint                     type,
            GBytes                  *message,
            McEvents                *self)
{
  /* The stream is one-way; whatever a client sends is ignored. */
}

void
mc_events_free (McEvents *self)
{
  if (self == NULL)
    return;

  mc_events_close_all (self);
  g_hash_table_unref (self->by_account);
  g_free (self);
}

void
mc_events_add (McEvents                *self,
               const char              *account_id,
               const char              *token_hash,
               SoupWebsocketConnection *connection)
{
  GPtrArray *list;

  g_return_if_fail (self != NULL);
  g_return_if_fail (account_id != NULL);
  g_return_if_fail (token_hash != NULL);
  g_return_if_fail (SOUP_IS_WEBSOCKET_CONNECTION (connection));

  list = g_hash_table_lookup (self->by_account, account_id);
  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->by_account, g_strdup (account_id), list);
    }

  g_object_set_data_full (G_OBJECT (connection), "mc-account-id", g_strdup (account_id), g_free);
  g_object_set_data_full (G_OBJECT (connection), "mc-token-hash", g_strdup (token_hash), g_free);
  g_ptr_array_add (list, g_object_ref (connection));
  soup_websocket_connection_set_keepalive_interval (connection, 30);
  g_signal_connect (connection, "closed", G_CALLBACK (closed_cb), self);
  g_signal_connect (connection, "message", G_CALLBACK (message_cb), self);
}

void
mc_events_publish (McEvents   *self,
                   const char *account_id,
                   const char *text)
{
  GPtrArray *list;

  g_return_if_fail (self != NULL);

  list = g_hash_table_lookup (self->by_account, account_id);
  if (list == NULL)
    return;

  for (guint i = 0; i < list->len; i++)
    {
      SoupWebsocketConnection *connection = g_ptr_array_index (list, i);

      if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_send_text (connection, text);
    }
}

guint
mc_events_count (McEvents   *self,
                 const char *account_id)
{
  GPtrArray *list = g_hash_table_lookup (self->by_account, account_id);

  return list ? list->len : 0;
}

gboolean
mc_events_is_empty (McEvents *self)
{
  return g_hash_table_size (self->by_account) == 0;
}

void
mc_events_close_unless (McEvents         *self,
                        const char       *account_id,
                        McEventsKeepFunc  keep,
                        gpointer          user_data)
{
  g_autoptr(GPtrArray) doomed = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *list;

  g_return_if_fail (self != NULL);
  g_return_if_fail (keep != NULL);

  list = g_hash_table_lookup (self->by_account, account_id);
  if (list == NULL)
    return;

  /* Decide first, close after: a connection that closes leaves @list. */
  for (guint i = 0; i < list->len; i++)
    {
      SoupWebsocketConnection *connection = g_ptr_array_index (list, i);
      const char *token_hash = g_object_get_data (G_OBJECT (connection), "mc-token-hash");

      if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN &&
          !keep (token_hash, user_data))
        g_ptr_array_add (doomed, g_object_ref (connection));
    }

  /* Once closing, a connection gets no more events (mc_events_publish()). */
  for (guint i = 0; i < doomed->len; i++)
    soup_websocket_connection_close (g_ptr_array_index (doomed, i), SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                                     "The token was replaced");
}

void
mc_events_close_all (McEvents *self)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->by_account);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GPtrArray *list = value;

      for (guint i = 0; i < list->len; i++)
        g_ptr_array_add (all, g_object_ref (g_ptr_array_index (list, i)));
    }

  for (guint i = 0; i < all->len; i++)
    {
      SoupWebsocketConnection *connection = g_ptr_array_index (all, i);

      g_signal_handlers_disconnect_by_data (connection, self);
      if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
    }

  g_hash_table_remove_all (self->by_account);
}
