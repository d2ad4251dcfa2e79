/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-session.h"

G_BEGIN_DECLS

#define MC_TYPE_BROADCAST_DIALOG (mc_broadcast_dialog_get_type ())
G_DECLARE_FINAL_TYPE (McBroadcastDialog, mc_broadcast_dialog, MC, BROADCAST_DIALOG, AdwWindow)

/*
 * McBroadcastDialog: *New Broadcast*. A name; recipients pasted or imported
 * from a CSV or text file (de-duplicated, invalid entries listed); *Send Now*
 * or a date and time; and the estimated cost against the balance, updated
 * live from the estimate route (debounced; it changes nothing), with a clear
 * warning, the shortfall and an *Add Credits* shortcut when the balance does
 * not cover it. A restricted account cannot create broadcasts.
 *
 * Signal "created" (McBroadcast *broadcast).
 */

McBroadcastDialog   *mc_broadcast_dialog_new            (GtkWindow         *parent,
                                                         McSession         *session);
void                 mc_broadcast_dialog_set_name       (McBroadcastDialog *self,
                                                         const char        *name);
void                 mc_broadcast_dialog_set_recipients_text (McBroadcastDialog *self,
                                                              const char        *text);
void                 mc_broadcast_dialog_set_schedule   (McBroadcastDialog *self,
                                                         GDateTime         *when);
McBroadcastEstimate *mc_broadcast_dialog_get_estimate   (McBroadcastDialog *self);
gboolean             mc_broadcast_dialog_get_estimating (McBroadcastDialog *self);
const char          *mc_broadcast_dialog_get_warning    (McBroadcastDialog *self);
const char          *mc_broadcast_dialog_get_recipients_summary (McBroadcastDialog *self);
gboolean             mc_broadcast_dialog_can_create     (McBroadcastDialog *self);
void                 mc_broadcast_dialog_create         (McBroadcastDialog *self);

G_END_DECLS
