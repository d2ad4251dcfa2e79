/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-session.h"

G_BEGIN_DECLS

#define MC_TYPE_PAYMENTS_PAGE (mc_payments_page_get_type ())
G_DECLARE_FINAL_TYPE (McPaymentsPage, mc_payments_page, MC, PAYMENTS_PAGE, GtkWidget)

/*
 * McPaymentsPage: the payment history, newest first, with paging. A pending
 * payment can be completed (signal "open-recharge" (McPayment *)) or
 * cancelled from its row. Signal "toast" (const char *) asks the window to
 * say something briefly.
 */

void  mc_payments_page_set_session  (McPaymentsPage *self,
                                     McSession      *session);
void  mc_payments_page_reload       (McPaymentsPage *self);

G_END_DECLS
