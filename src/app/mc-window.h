/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-recharge-dialog.h"
#include "mc-session.h"

G_BEGIN_DECLS

#define MC_TYPE_WINDOW (mc_window_get_type ())
G_DECLARE_FINAL_TYPE (McWindow, mc_window, MC, WINDOW, AdwApplicationWindow)

/*
 * McWindow: the main window, "Message Credits". The welcome page, a status
 * page (connecting, errors), and the main view: header bar with Add Credits,
 * the Dashboard and Payments pages, an offline bar and toasts.
 *
 * Signals: "demo-requested" (), "connect-requested" (const char *url,
 * const char *token), both from the welcome page.
 */

McWindow         *mc_window_new              (GtkApplication *application);
void              mc_window_show_welcome     (McWindow       *self,
                                              const char     *provider_url,
                                              const char     *message);
void              mc_window_set_welcome_busy (McWindow       *self,
                                              gboolean        busy);
void              mc_window_show_busy        (McWindow       *self,
                                              const char     *title,
                                              const char     *description);
void              mc_window_show_error       (McWindow       *self,
                                              const char     *title,
                                              const char     *description,
                                              gboolean        can_retry);
void              mc_window_set_session      (McWindow       *self,
                                              McSession      *session);
McSession        *mc_window_get_session      (McWindow       *self);
void              mc_window_show_page        (McWindow       *self,
                                              const char     *name);
void              mc_window_add_toast        (McWindow       *self,
                                              const char     *title);
McRechargeDialog *mc_window_open_recharge    (McWindow       *self,
                                              McPayment      *payment);
void              mc_window_check_pending    (McWindow       *self);

G_END_DECLS
