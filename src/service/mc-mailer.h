/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-service.h"

G_BEGIN_DECLS

/*
 * McMailer: sends what the outbox table holds, after the commit that put
 * it there. Without an SMTP URL each message becomes an RFC 5322 `.eml`
 * file in `outbox/` beside the database; with one it goes through that
 * relay with libcurl. Delivery runs in a worker thread (the main loop never
 * waits on the network or the disk); the database is touched only on the
 * main thread. A message that fails stays queued and is retried with
 * exponential backoff; one marked sent is never sent again.
 */
typedef struct _McMailer McMailer;

/**
 * mc_mailer_new:
 * @service: the service whose store and configuration it uses
 *
 * Returns: (transfer full): a stopped mailer
 */
McMailer  *mc_mailer_new     (McService *service);
void       mc_mailer_free    (McMailer  *self);

/**
 * mc_mailer_start:
 *
 * Sends whatever is due now, then keeps watching the outbox (so mail
 * queued by another process, such as `account adjust`, goes out too).
 */
void       mc_mailer_start   (McMailer  *self);

/**
 * mc_mailer_kick:
 *
 * Asks for a pass soon: called after a commit that queued mail.
 */
void       mc_mailer_kick    (McMailer  *self);

/**
 * mc_mailer_stop:
 * @self: the mailer
 * @wait_ms: how long to let a delivery in flight finish
 *
 * Stops; a message whose delivery finishes while waiting is still marked
 * sent, so it is not sent again after a restart.
 */
void       mc_mailer_stop    (McMailer  *self,
                              guint      wait_ms);

/**
 * mc_mailer_render:
 * @service: for the sender address
 * @message: an outbox row
 *
 * The complete RFC 5322 message (CRLF line ends, quoted-printable UTF-8
 * body, encoded-word subject) with its stable Message-ID and
 * `X-Notice-Kind` header. The same row always renders to the same bytes.
 *
 * Returns: (transfer full): the message
 */
GBytes    *mc_mailer_render  (McService              *service,
                              const McOutboxMessage  *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McMailer, mc_mailer_free)

G_END_DECLS
