/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "mc-client.h"
#include "mc-token-store.h"

G_BEGIN_DECLS

/**
 * McSessionState:
 * @MC_SESSION_STATE_CONNECTING: the account was never fetched yet
 * @MC_SESSION_STATE_ONLINE: the service answers; figures are live
 * @MC_SESSION_STATE_OFFLINE: the service cannot be reached; the last figures stay
 *   and the event stream keeps retrying with backoff
 * @MC_SESSION_STATE_UNAUTHORIZED: the service refused the token (rotated or wrong)
 *
 * How the app stands with its credit service.
 */
typedef enum
{
  MC_SESSION_STATE_CONNECTING,
  MC_SESSION_STATE_ONLINE,
  MC_SESSION_STATE_OFFLINE,
  MC_SESSION_STATE_UNAUTHORIZED,
} McSessionState;

#define MC_TYPE_SESSION (mc_session_get_type ())
G_DECLARE_FINAL_TYPE (McSession, mc_session, MC, SESSION, GObject)

/*
 * McSession: one connection to one credit service: the client, its live
 * account and its event stream, and whether the service answers.
 *
 * Properties (read-only): "client", "stream", "state" (#McSessionState),
 * "demo" (gboolean), "last-update" (#GDateTime: when figures last arrived).
 * Where its token is kept (for Preferences) is set by whoever made it.
 */

McSession       *mc_session_new              (McClient  *client,
                                              gboolean   demo);
void             mc_session_start            (McSession *self);
void             mc_session_stop             (McSession *self);
void             mc_session_retry_now        (McSession *self);
McClient        *mc_session_get_client       (McSession *self);
McAccount       *mc_session_get_account      (McSession *self);
McEventStream   *mc_session_get_stream       (McSession *self);
McSessionState   mc_session_get_state        (McSession *self);
gboolean         mc_session_get_demo         (McSession *self);
GDateTime       *mc_session_get_last_update  (McSession *self);
const char      *mc_session_get_error_message (McSession *self);
McTokenStoreKind mc_session_get_token_store  (McSession *self);
void             mc_session_set_token_store  (McSession        *self,
                                              McTokenStoreKind  kind);

G_END_DECLS
