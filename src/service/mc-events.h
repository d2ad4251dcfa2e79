/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/*
 * McEvents: the live-event hub. It keeps each account's open WebSocket
 * connections and sends them the JSON messages that committed changes
 * produce (api.md, "Live events").
 */
typedef struct _McEvents McEvents;

McEvents  *mc_events_new          (void);
void       mc_events_free         (McEvents                *self);

/**
 * mc_events_add:
 * @self: the hub
 * @account_id: the account the connection authenticated as
 * @token_hash: the hash of the token it authenticated with
 * @connection: (transfer none): an open server-side connection
 *
 * Keeps @connection until it closes.
 */
void       mc_events_add          (McEvents                *self,
                                   const char              *account_id,
                                   const char              *token_hash,
                                   SoupWebsocketConnection *connection);

/**
 * mc_events_publish:
 * @self: the hub
 * @account_id: whose clients get it
 * @text: one JSON text message
 *
 * Sends @text to every open connection of the account.
 */
void       mc_events_publish      (McEvents                *self,
                                   const char              *account_id,
                                   const char              *text);

/**
 * mc_events_count:
 *
 * Returns: how many connections the account has open
 */
guint      mc_events_count        (McEvents                *self,
                                   const char              *account_id);

/**
 * mc_events_is_empty:
 *
 * Returns: whether no connection of any account is open
 */
gboolean   mc_events_is_empty     (McEvents                *self);

/**
 * McEventsKeepFunc:
 * @token_hash: the hash of the token a connection authenticated with
 * @user_data: what mc_events_close_unless() was given
 *
 * Returns: whether the connection may stay open
 */
typedef gboolean (*McEventsKeepFunc) (const char *token_hash,
                                      gpointer    user_data);

/**
 * mc_events_close_unless:
 * @self: the hub
 * @account_id: whose connections to look at
 * @keep: says which may stay
 * @user_data: for @keep
 *
 * Closes, with 1008 (policy violation), every connection of the account
 * that @keep refuses: those opened with a token that has been replaced.
 */
void       mc_events_close_unless (McEvents                *self,
                                   const char              *account_id,
                                   McEventsKeepFunc         keep,
                                   gpointer                 user_data);

/**
 * mc_events_close_all:
 *
 * Closes every connection with 1001 (going away), at shutdown.
 */
void       mc_events_close_all    (McEvents                *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McEvents, mc_events_free)

G_END_DECLS
