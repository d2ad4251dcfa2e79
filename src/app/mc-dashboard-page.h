/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-session.h"

G_BEGIN_DECLS

#define MC_TYPE_DASHBOARD_PAGE (mc_dashboard_page_get_type ())
G_DECLARE_FINAL_TYPE (McDashboardPage, mc_dashboard_page, MC, DASHBOARD_PAGE, GtkWidget)

/*
 * McDashboardPage: the balance, large; the account state in words with Add
 * Credits beside it; the low-balance threshold; pending payments; this
 * month's conversations and spend by category; the latest ledger lines.
 * Everything follows the live account and the event stream.
 */

void  mc_dashboard_page_set_session  (McDashboardPage *self,
                                      McSession       *session);

G_END_DECLS
