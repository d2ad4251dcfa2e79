/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MC_TYPE_WELCOME_PAGE (mc_welcome_page_get_type ())
G_DECLARE_FINAL_TYPE (McWelcomePage, mc_welcome_page, MC, WELCOME_PAGE, GtkWidget)

/*
 * McWelcomePage: the first thing a person sees with no server configured.
 * Signals: "demo" (), "connect" (const char *url, const char *token).
 */

GtkWidget *mc_welcome_page_new            (void);
void       mc_welcome_page_show_provider  (McWelcomePage *self,
                                           const char    *url,
                                           const char    *message);
void       mc_welcome_page_set_busy       (McWelcomePage *self,
                                           gboolean       busy);

G_END_DECLS
