/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-service.h"

G_BEGIN_DECLS

/** MC_EXPORTS_PER_ACCOUNT: how many exports one account may run at once */
#define MC_EXPORTS_PER_ACCOUNT 2

/**
 * mc_export_handle:
 * @service: the service
 * @req: `GET /v1/usage/export?from=…&to=…&kind=conversations|daily|transactions`
 * @res: the response
 *
 * The CSV export of api.md: RFC 4180 rows with CRLF ends after a header
 * row, free text guarded against formula injection, as an attachment named
 * after the kind and range (`conversations-2026-05-26-to-2026-11-26.csv`).
 *
 * The body is streamed: each piece is one page of a keyset-paginated
 * query, read in a short read transaction of its own (so WAL checkpoints go
 * on during a long download), made only once the previous piece has been
 * written to the client (so memory does not grow with the row count and a
 * slow client slows only its own download). The rows are those that
 * existed when the export started. An account runs at most
 * %MC_EXPORTS_PER_ACCOUNT exports at once; another is `429
 * too_many_requests`.
 */
void   mc_export_handle   (McService  *service,
                           McRequest  *req,
                           McResponse *res);

G_END_DECLS
