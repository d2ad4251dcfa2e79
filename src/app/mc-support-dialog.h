/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-session.h"

G_BEGIN_DECLS

#define MC_TYPE_SUPPORT_DIALOG (mc_support_dialog_get_type ())
G_DECLARE_FINAL_TYPE (McSupportDialog, mc_support_dialog, MC, SUPPORT_DIALOG, AdwWindow)

/*
 * McSupportDialog: *Contact Support*. The provider's phone and e-mail from
 * the account, a form to raise a ticket (subject, message, optionally one of
 * the recent payments), and the account's tickets with their status.
 */

McSupportDialog *mc_support_dialog_new        (GtkWindow       *parent,
                                               McSession       *session);
void             mc_support_dialog_set_subject (McSupportDialog *self,
                                                const char      *subject);
void             mc_support_dialog_set_message (McSupportDialog *self,
                                                const char      *message);
gboolean         mc_support_dialog_can_send    (McSupportDialog *self);
void             mc_support_dialog_send        (McSupportDialog *self);
GListModel      *mc_support_dialog_get_tickets (McSupportDialog *self);

G_END_DECLS
