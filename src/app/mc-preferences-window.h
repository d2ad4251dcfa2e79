/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-session.h"

G_BEGIN_DECLS

#define MC_TYPE_PREFERENCES_WINDOW (mc_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (McPreferencesWindow, mc_preferences_window, MC, PREFERENCES_WINDOW, AdwPreferencesWindow)

/*
 * McPreferencesWindow: which service the app uses and where its token is
 * kept (keyring or private file), a way back to the welcome page, and the
 * low-balance threshold.
 */

McPreferencesWindow *mc_preferences_window_new (GtkWindow *parent,
                                                McSession *session);

G_END_DECLS
