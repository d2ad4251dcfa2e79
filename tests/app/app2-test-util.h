/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-session.h"

G_BEGIN_DECLS

/*
 * A real message-credits-service for the Reports, Export and Broadcasts
 * tests: `demo` (six months of usage, a scheduled broadcast the balance
 * cannot cover) or a fresh account (balance zero: restricted), served on a
 * free loopback port, with a started McSession whose account is loaded.
 */
typedef struct
{
  char        *dir;
  char        *db;
  char        *binary;
  char        *account_id;
  char        *token;
  GSubprocess *serve;
  McSession   *session;
} McApp2Service;

McApp2Service *mc_app2_service_new     (gboolean       demo);
void           mc_app2_service_free    (McApp2Service *service);
void           mc_app2_service_adjust  (McApp2Service *service,
                                        const char    *amount);
McClient      *mc_app2_service_client  (McApp2Service *service);
void           mc_app2_wait            (gboolean     (*done) (gpointer data),
                                        gpointer       data,
                                        guint          timeout_ms,
                                        const char    *what);
GAsyncResult  *mc_app2_wait_result     (GAsyncResult **slot,
                                        const char    *what);
void           mc_app2_result_cb       (GObject       *object,
                                        GAsyncResult  *result,
                                        gpointer       user_data);
void           mc_app2_remove_tree     (const char    *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McApp2Service, mc_app2_service_free)

G_END_DECLS
