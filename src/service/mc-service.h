/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "mc-events.h"
#include "mc-http.h"
#include "mc-router.h"
#include "mc-store.h"

G_BEGIN_DECLS

/** MC_IDEMPOTENCY_LIFETIME: how long an `Idempotency-Key` is remembered (24 h) */
#define MC_IDEMPOTENCY_LIFETIME (24 * G_GINT64_CONSTANT (3600))

/**
 * McServiceConfig:
 * @db_path: the SQLite database
 * @public_url: (nullable): the base of `checkout_url`; %NULL means the
 *   address the service listens on
 * @sandbox_gateway: whether the checkout page has Pay / Decline buttons
 * @webhook_secret: (nullable): the gateway's HMAC key; %NULL turns
 *   `/webhooks/gateway` off
 * @smtp_url: (nullable): `smtp://host:port`; %NULL writes `.eml` files
 * @support_phone: (nullable): shown in the account object
 * @support_email: (nullable): shown in the account object
 *
 * What `serve` was told on its command line.
 */
typedef struct
{
  char     *db_path;
  char     *public_url;
  gboolean  sandbox_gateway;
  GBytes   *webhook_secret;
  char     *smtp_url;
  char     *support_phone;
  char     *support_email;
} McServiceConfig;

void              mc_service_config_clear (McServiceConfig *config);

/**
 * McService:
 *
 * The credit service: its store, its routes, its live-event hub and, once
 * listening, its HTTP server, mailer and timers. A service that never
 * listens (the CLI, tests, the fuzzer) handles requests through
 * mc_service_handle(), the same entry point HTTP uses.
 */
typedef struct _McService McService;

/**
 * mc_service_new:
 * @config: (transfer none): the configuration (copied)
 * @error: why the database could not be opened
 *
 * Opens (and migrates) the database and registers every route.
 *
 * Returns: (transfer full) (nullable): the service
 */
McService        *mc_service_new           (const McServiceConfig *config,
                                            GError               **error);
void              mc_service_free          (McService             *self);

McStore          *mc_service_get_store     (McService             *self);
const McServiceConfig *mc_service_get_config (McService           *self);
McEvents         *mc_service_get_events    (McService             *self);

/**
 * mc_service_set_data:
 * @self: the service
 * @key: a name, by convention the part's (`"mc-broadcast-scheduler"`)
 * @data: (transfer full) (nullable): the part's state
 * @destroy: (nullable): frees @data when replaced or when the service is
 *   freed (after mc_service_shutdown())
 *
 * Keeps the state of a part of the service (the broadcast scheduler, the
 * exports running) so that parts added later need no field here.
 */
void              mc_service_set_data      (McService             *self,
                                            const char            *key,
                                            gpointer               data,
                                            GDestroyNotify         destroy);

/**
 * mc_service_get_data:
 *
 * Returns: (transfer none) (nullable): what mc_service_set_data() keeps
 *   under @key
 */
gpointer          mc_service_get_data      (McService             *self,
                                            const char            *key);

/**
 * mc_service_get_router:
 *
 * Returns: (transfer none): the route table, for tests that add a route of
 *   their own
 */
McRouter         *mc_service_get_router    (McService             *self);

/**
 * mc_service_get_public_url:
 *
 * Returns: (transfer none): the base URL for links the service hands out,
 *   without a trailing `/` (`http://127.0.0.1:8750`)
 */
const char       *mc_service_get_public_url (McService            *self);

/**
 * mc_service_use_serve_settings:
 * @self: a service that does not listen (a command such as `account adjust`)
 * @error: a store error
 *
 * Takes the support contact and public URL that `serve` last ran with on
 * this database, so that the account objects, live events and e-mails
 * this process writes show what `serve`'s own do. Nothing changes when
 * `serve` never ran.
 *
 * Returns: %TRUE on success
 */
gboolean          mc_service_use_serve_settings (McService        *self,
                                                 GError          **error);

/**
 * mc_service_handle:
 * @self: the service
 * @req: the request
 * @res: the response to fill in
 *
 * Authenticates, routes and runs a request. Every request goes through
 * here, whether from libsoup, a test or the fuzzer; it always leaves a
 * status in @res.
 */
void              mc_service_handle        (McService             *self,
                                            McRequest             *req,
                                            McResponse            *res);

/**
 * mc_service_listen:
 * @self: the service
 * @address: `HOST:PORT` (port 0 picks a free one)
 * @error: why it could not listen
 *
 * Starts the HTTP server, the mailer and the payment timers (with a sweep
 * of whatever fell due while the service was down).
 *
 * Returns: %TRUE on success
 */
gboolean          mc_service_listen        (McService             *self,
                                            const char            *address,
                                            GError               **error);

/**
 * mc_service_get_url:
 *
 * Returns: (transfer none) (nullable): the address the service listens on,
 *   `http://127.0.0.1:43817`
 */
const char       *mc_service_get_url       (McService             *self);

/**
 * mc_service_shutdown:
 *
 * Stops listening, closes live connections and lets a delivery in flight
 * finish (a few seconds at most), so nothing is sent twice.
 */
void              mc_service_shutdown      (McService             *self);

/**
 * mc_service_begin:
 *
 * Opens a write transaction (BEGIN IMMEDIATE). Live events emitted until
 * the commit are journaled in it and sent only once it succeeds.
 */
gboolean          mc_service_begin         (McService             *self,
                                            GError               **error);

/**
 * mc_service_commit:
 *
 * Commits, then (when listening) sends the live events this and any other
 * process committed since the last time, in commit order, and wakes the
 * mailer and the payment timers. On failure everything is rolled back.
 */
gboolean          mc_service_commit        (McService             *self,
                                            GError               **error);
void              mc_service_rollback      (McService             *self);

/**
 * mc_service_emit:
 * @self: the service, inside mc_service_begin()
 * @account_id: whose clients get it
 * @type: `"account"`, `"payment"`, `"notification"`, …
 * @object: (transfer none): the object, as the API shows it
 *
 * Gives the change the account's next `seq` and writes `{"seq": N, "type":
 * T, T: object}` to the event journal, both in the same transaction, for
 * `serve` to send after the commit (mc-store-events.h).
 */
gboolean          mc_service_emit          (McService             *self,
                                            const char            *account_id,
                                            const char            *type,
                                            JsonObject            *object,
                                            GError               **error);

/**
 * mc_service_emit_account:
 *
 * mc_service_emit() of the account as it stands now in the transaction.
 */
gboolean          mc_service_emit_account  (McService             *self,
                                            const char            *account_id,
                                            GError               **error);

/**
 * mc_service_token_rotated:
 * @self: the service, inside mc_service_begin()
 * @account_id: the account whose token was replaced
 *
 * Journals the rotation, so that `serve` (this process or another) closes
 * the live connections the old token opened once the change is committed.
 */
gboolean          mc_service_token_rotated (McService             *self,
                                            const char            *account_id,
                                            GError               **error);

/**
 * mc_service_mail_queued:
 *
 * Tells the service that the open transaction added outbox mail, so the
 * mailer is woken after the commit.
 */
void              mc_service_mail_queued   (McService             *self);

/**
 * mc_service_internal_error:
 * @res: the response
 * @error: what went wrong (logged, not shown)
 *
 * `500 internal`, for failures of the machine, never of the input.
 */
void              mc_service_internal_error (McResponse           *res,
                                             const GError         *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McService, mc_service_free)

G_END_DECLS
