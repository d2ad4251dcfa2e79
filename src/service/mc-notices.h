/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-service.h"

G_BEGIN_DECLS

/**
 * mc_notices_add:
 * @service: the service, inside mc_service_begin()
 * @account: the account it is for
 * @at: when
 * @kind: api.md's notification kind (`"low_balance"`, …)
 * @ref: (nullable): the object it is about (`pay_…`)
 * @title: a short line
 * @body: a sentence or two
 * @email_body: (nullable): the text of the e-mail to queue with it, or
 *   %NULL for a notice without e-mail
 * @error: a store error
 *
 * Records a notification, queues its live event and, with @email_body, an
 * outbox e-mail (subject @title, header `X-Notice-Kind: kind`, a stable
 * Message-ID), all in the caller's transaction.
 *
 * Returns: %TRUE on success
 */
gboolean   mc_notices_add      (McService        *service,
                                const McAccount  *account,
                                gint64            at,
                                const char       *kind,
                                const char       *ref,
                                const char       *title,
                                const char       *body,
                                const char       *email_body,
                                GError          **error);

G_END_DECLS
