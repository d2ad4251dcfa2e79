/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-session.h"

G_BEGIN_DECLS

#define MC_TYPE_BROADCASTS_PAGE (mc_broadcasts_page_get_type ())
G_DECLARE_FINAL_TYPE (McBroadcastsPage, mc_broadcasts_page, MC, BROADCASTS_PAGE, GtkWidget)

/*
 * McBroadcastsPage: the account's broadcasts with name, recipients,
 * estimated cost, scheduled time and status (a failure with its reason in
 * words; a scheduled one the balance cannot cover with a warning), *Cancel*
 * on scheduled ones, and *New Broadcast* (`broadcasts.new`), disabled with
 * the reason while the account is restricted.
 *
 * Signals: "toast" (const char *message).
 */

void         mc_broadcasts_page_set_session   (McBroadcastsPage *self,
                                               McSession        *session);
GtkWindow   *mc_broadcasts_page_new_broadcast (McBroadcastsPage *self);
const char  *mc_broadcasts_page_get_blocked_reason (McBroadcastsPage *self);
GtkListBox  *mc_broadcasts_page_get_list      (McBroadcastsPage *self);
char        *mc_broadcast_describe_status     (McBroadcast      *broadcast,
                                               McAccount        *account);

G_END_DECLS
