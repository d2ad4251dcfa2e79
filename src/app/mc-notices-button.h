/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-session.h"

G_BEGIN_DECLS

#define MC_TYPE_NOTICES_BUTTON (mc_notices_button_get_type ())
G_DECLARE_FINAL_TYPE (McNoticesButton, mc_notices_button, MC, NOTICES_BUTTON, GtkWidget)

/*
 * McNoticesButton: a header-bar button with the number of unread notices,
 * opening the account's notices, newest first, unread ones in bold. Opening
 * a notice marks it read and shows its page (`win.show-page`).
 */

void         mc_notices_button_set_session (McNoticesButton *self,
                                            McSession       *session);
guint        mc_notices_button_get_unread  (McNoticesButton *self);
GListModel  *mc_notices_button_get_notices (McNoticesButton *self);
void         mc_notices_button_open_notice (McNoticesButton *self,
                                            McNotification  *notice);
const char  *mc_notification_get_page      (McNotification  *notice);

G_END_DECLS
