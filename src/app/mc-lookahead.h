/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "mc-session.h"

G_BEGIN_DECLS

/* A desktop notice this long before a broadcast the balance cannot cover. */
#define MC_LOOKAHEAD_WARN_BEFORE (3 * G_TIME_SPAN_HOUR)

#define MC_TYPE_LOOKAHEAD (mc_lookahead_get_type ())
G_DECLARE_FINAL_TYPE (McLookahead, mc_lookahead, MC, LOOKAHEAD, GObject)

/*
 * McLookahead: the account's broadcasts, kept fresh from the event stream
 * (one list for the Broadcasts page, the dashboard bar and the notices), and
 * the look-ahead on them: a scheduled broadcast whose estimated cost exceeds
 * the balance (or due on a restricted account) is "at risk". It is listed in
 * "at-risk", and a desktop notification goes out MC_LOOKAHEAD_WARN_BEFORE
 * before it is due (at once when it is due sooner), once per broadcast,
 * unless the "notify-broadcasts" setting is off.
 *
 * One per session: mc_lookahead_get_for_session().
 *
 * Signals: "changed" () after the list or the balance changed; "warn"
 * (McBroadcast *) when a desktop warning goes out. Properties: "loaded",
 * "error" (nullable string: why the last load failed).
 */

McLookahead *mc_lookahead_get_for_session (McSession   *session);
GListModel  *mc_lookahead_get_broadcasts  (McLookahead *self);
GListModel  *mc_lookahead_get_at_risk     (McLookahead *self);
gboolean     mc_lookahead_get_loaded      (McLookahead *self);
const char  *mc_lookahead_get_error       (McLookahead *self);
void         mc_lookahead_reload          (McLookahead *self);
void         mc_lookahead_add             (McLookahead *self,
                                           McBroadcast *broadcast);
gboolean     mc_broadcast_is_at_risk      (McBroadcast *broadcast,
                                           McAccount   *account);

G_END_DECLS
