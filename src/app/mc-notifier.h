/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "mc-session.h"

G_BEGIN_DECLS

#define MC_TYPE_NOTIFIER (mc_notifier_get_type ())
G_DECLARE_FINAL_TYPE (McNotifier, mc_notifier, MC, NOTIFIER, GObject)

/*
 * McNotifier: turns the account's notices, as they arrive over the event
 * stream, into desktop notifications (libnotify), each with a default action
 * that raises the window on the right page (the application's
 * "app.show-page" action), and marks the notices read once shown. A kind
 * switched off in Preferences ("notify-balance", "notify-payments",
 * "notify-broadcasts") sends nothing and stays unread.
 *
 * Signals: "shown" (McNotification *): a new notice was handled, whether or
 * not the desktop showed it.
 */

McNotifier *mc_notifier_new          (GApplication *application);
void        mc_notifier_set_session  (McNotifier   *self,
                                      McSession    *session);

G_END_DECLS
