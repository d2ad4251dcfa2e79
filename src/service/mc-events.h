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
 * @connection: (transfer none): an open server-side connection
 *
 * Keeps @connection until it closes.
 */
void       mc_events_add          (McEvents                *self,
                                   const char              *account_id,
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
 * mc_events_close_all:
 *
 * Closes every connection with 1001 (going away), at shutdown.
 */
void       mc_events_close_all    (McEvents                *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McEvents, mc_events_free)

G_END_DECLS
