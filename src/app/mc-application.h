/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MC_TYPE_APPLICATION (mc_application_get_type ())
G_DECLARE_FINAL_TYPE (McApplication, mc_application, MC, APPLICATION, AdwApplication)

/*
 * McApplication: Message Credits. Options `--demo` (the embedded demo
 * service) and `--server URL` (with the token from `MESSAGE_CREDITS_TOKEN`);
 * without either, the remembered choice, else the welcome page.
 */

McApplication *mc_application_new (const char *env_token);

G_END_DECLS
