/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-router.h"

G_BEGIN_DECLS

/*
 * Each file of routes registers its own. To add a feature, add a file with
 * a `mc_routes_*_register()` function, declare it here and list it in
 * mc-service.c's `route_registrars`.
 */

void  mc_routes_account_register        (McRouter *router);
void  mc_routes_transactions_register   (McRouter *router);
void  mc_routes_notifications_register  (McRouter *router);
void  mc_routes_payments_register       (McRouter *router);
void  mc_checkout_register              (McRouter *router);
void  mc_webhook_register               (McRouter *router);
void  mc_routes_usage_register          (McRouter *router);
void  mc_routes_broadcasts_register     (McRouter *router);
void  mc_routes_tickets_register        (McRouter *router);

G_END_DECLS
