/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "mc-client.h"

G_BEGIN_DECLS

/**
 * McEventStreamState:
 * @MC_EVENT_STREAM_STATE_STOPPED: not started, or stopped
 * @MC_EVENT_STREAM_STATE_CONNECTING: opening the WebSocket (first time)
 * @MC_EVENT_STREAM_STATE_CONNECTED: the WebSocket is open; events arrive live
 * @MC_EVENT_STREAM_STATE_POLLING: the WebSocket is down: polling every
 *   "poll-interval" while reconnecting with backoff
 *
 * Where a #McEventStream stands.
 */
typedef enum
{
  MC_EVENT_STREAM_STATE_STOPPED,
  MC_EVENT_STREAM_STATE_CONNECTING,
  MC_EVENT_STREAM_STATE_CONNECTED,
  MC_EVENT_STREAM_STATE_POLLING,
} McEventStreamState;

#define MC_TYPE_EVENT_STREAM (mc_event_stream_get_type ())
G_DECLARE_FINAL_TYPE (McEventStream, mc_event_stream, MC, EVENT_STREAM, GObject)

/*
 * McEventStream: the live events of api.md (`GET /v1/events`, a WebSocket).
 *
 * Each event refreshes the client's models in place (the live #McAccount, and
 * the #McPayment, #McBroadcast and #McNotification objects the client handed
 * out) and then emits a signal:
 *
 * - "account-changed" (McAccount *account)
 * - "payment-changed" (McPayment *payment)
 * - "broadcast-changed" (McBroadcast *broadcast)
 * - "notification-received" (McNotification *notification): a notice the
 *   stream had not seen before (the first fetch after start() only records
 *   the existing ones, so old notices do not pop up again)
 * - "resynced" (): after every (re)connect, every gap in `seq`, and every
 *   poll, once the account, the held payments and broadcasts and the unread
 *   notifications were fetched again; lists shown elsewhere should reload.
 *
 * While the socket is down it polls every "poll-interval" milliseconds
 * (30,000 by default) and reconnects with exponential backoff and jitter
 * between "reconnect-min-delay" and "reconnect-max-delay" milliseconds (1,000
 * and 60,000). "state" (#McEventStreamState) and "connected" (gboolean) say
 * where it stands; "client" is construct-only; "last-seq" is the last
 * sequence number seen (-1 before the first event).
 *
 * A 401 on the upgrade (a rotated token) stops reconnecting: the stream stays
 * in %MC_EVENT_STREAM_STATE_POLLING, and the poll's error says why. Stop the
 * stream (or drop the last reference) to end it; it holds a reference on its
 * client.
 */

/**
 * mc_event_stream_new:
 * @client: the client whose models the events update
 *
 * Returns: (transfer full): a new stopped stream
 */
McEventStream       *mc_event_stream_new                   (McClient      *client);

/**
 * mc_event_stream_start:
 * @self: a stream
 *
 * Connects (asynchronously) and keeps connecting until
 * mc_event_stream_stop(). Does nothing when already started.
 */
void                 mc_event_stream_start                 (McEventStream *self);

/**
 * mc_event_stream_stop:
 * @self: a stream
 *
 * Closes the socket, cancels what is in flight and stops the timers.
 */
void                 mc_event_stream_stop                  (McEventStream *self);

McEventStreamState   mc_event_stream_get_state             (McEventStream *self);
gboolean             mc_event_stream_get_connected         (McEventStream *self);
gint64               mc_event_stream_get_last_seq          (McEventStream *self);

/**
 * mc_event_stream_get_client:
 *
 * Returns: (transfer none): the client
 */
McClient            *mc_event_stream_get_client            (McEventStream *self);

guint                mc_event_stream_get_poll_interval     (McEventStream *self);
void                 mc_event_stream_set_poll_interval     (McEventStream *self,
                                                            guint          msec);
guint                mc_event_stream_get_reconnect_min_delay (McEventStream *self);
void                 mc_event_stream_set_reconnect_min_delay (McEventStream *self,
                                                              guint          msec);
guint                mc_event_stream_get_reconnect_max_delay (McEventStream *self);
void                 mc_event_stream_set_reconnect_max_delay (McEventStream *self,
                                                              guint          msec);

G_END_DECLS
