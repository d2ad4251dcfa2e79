/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-session.h"

G_BEGIN_DECLS

#define MC_TYPE_LOOKAHEAD_BAR (mc_lookahead_bar_get_type ())
G_DECLARE_FINAL_TYPE (McLookaheadBar, mc_lookahead_bar, MC, LOOKAHEAD_BAR, GtkWidget)

/*
 * McLookaheadBar: a warning bar over the dashboard when a scheduled
 * broadcast costs more than the balance, with *Add Credits* and *View*.
 * Shown while "stack" (an #AdwViewStack) shows its "dashboard" page.
 */

void         mc_lookahead_bar_set_session (McLookaheadBar *self,
                                           McSession      *session);
gboolean     mc_lookahead_bar_get_shown   (McLookaheadBar *self);
const char  *mc_lookahead_bar_get_text    (McLookaheadBar *self);

G_END_DECLS
