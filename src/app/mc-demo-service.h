/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "mc-token-store.h"

G_BEGIN_DECLS

#define MC_TYPE_DEMO_SERVICE (mc_demo_service_get_type ())
G_DECLARE_FINAL_TYPE (McDemoService, mc_demo_service, MC, DEMO_SERVICE, GObject)

/*
 * McDemoService: the embedded default. Runs `message-credits-service serve
 * --sandbox-gateway` as a child process on a free loopback port, with its
 * database under `$XDG_DATA_HOME/message-credits/`, creating the demo account
 * on first run. The child dies with the app (PR_SET_PDEATHSIG), and one that
 * dies on its own is restarted on the same database, so nothing is lost.
 *
 * Signals: "restarted" (const char *url), "failed" (const char *message:
 * it kept dying and was given up).
 */

McDemoService    *mc_demo_service_new              (void);
char             *mc_demo_service_find_binary      (void);
void              mc_demo_service_start_async      (McDemoService        *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean          mc_demo_service_start_finish     (McDemoService        *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void              mc_demo_service_stop             (McDemoService        *self);
const char       *mc_demo_service_get_url          (McDemoService        *self);
const char       *mc_demo_service_get_token        (McDemoService        *self);
const char       *mc_demo_service_get_database     (McDemoService        *self);
GPid              mc_demo_service_get_pid          (McDemoService        *self);

G_END_DECLS
