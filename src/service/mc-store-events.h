/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-store.h"

G_BEGIN_DECLS

/*
 * The event journal (schema version 4): every live event, and every token
 * rotation, is written to it in the transaction of the change that caused
 * it, by whichever process made the change (`serve`, `account adjust`,
 * `account rotate-token`). `serve` sends the rows it has not sent yet, in
 * the journal's order, after each of its own commits and whenever another
 * process has committed. Writers hold the write lock from their first row
 * to their commit, so the journal's order is the order of the commits, and
 * an account's `seq` grows by one along it.
 */

/**
 * McJournalKind:
 * @MC_JOURNAL_EVENT: a live event: `{"seq": N, "type": …}` for the account's sockets
 * @MC_JOURNAL_TOKEN_ROTATED: the account's token was replaced; sockets
 *   opened with the old one are closed
 */
typedef enum
{
  MC_JOURNAL_EVENT,
  MC_JOURNAL_TOKEN_ROTATED,
} McJournalKind;

/**
 * McJournalEntry:
 * @seq: the row's place in the journal (all accounts)
 * @message: (nullable): the JSON text message of an %MC_JOURNAL_EVENT
 */
typedef struct
{
  gint64         seq;
  char          *account_id;
  McJournalKind  kind;
  char          *message;
} McJournalEntry;

void        mc_journal_entry_free        (McJournalEntry  *entry);

/**
 * mc_store_journal_append:
 * @self: the store, in a write transaction
 * @account_id: whose change it is
 * @kind: what it is
 * @event_seq: the account's event `seq` for an %MC_JOURNAL_EVENT, else 0
 * @message: (nullable): the text message of an %MC_JOURNAL_EVENT
 * @at: when (service clock)
 * @error: a store error
 *
 * Returns: %TRUE on success
 */
gboolean    mc_store_journal_append      (McStore        *self,
                                          const char     *account_id,
                                          McJournalKind   kind,
                                          gint64          event_seq,
                                          const char     *message,
                                          gint64          at,
                                          GError        **error);

/**
 * mc_store_journal_last:
 * @out_seq: (out): the newest row's @seq, 0 for an empty journal
 *
 * Returns: %TRUE on success
 */
gboolean    mc_store_journal_last        (McStore        *self,
                                          gint64         *out_seq,
                                          GError        **error);

/**
 * mc_store_journal_list_after:
 * @after: a @seq already handled
 * @limit: at most this many rows
 *
 * Returns: (transfer full) (element-type McJournalEntry) (nullable): the
 *   committed rows after @after, oldest first
 */
GPtrArray  *mc_store_journal_list_after  (McStore        *self,
                                          gint64          after,
                                          guint           limit,
                                          GError        **error);

/**
 * mc_store_journal_prune:
 * @handled: the newest @seq that has been handled
 *
 * Deletes the rows before @handled. The row @handled itself stays, so that
 * the next row's @seq (SQLite's largest rowid plus one) is still above it.
 *
 * Returns: %TRUE on success
 */
gboolean    mc_store_journal_prune       (McStore        *self,
                                          gint64          handled,
                                          GError        **error);

/**
 * mc_store_data_version:
 * @out_version: (out): `PRAGMA data_version`
 *
 * A number that changes when another connection (another process, say)
 * commits, and only then: cheap enough to ask several times a second.
 *
 * Returns: %TRUE on success
 */
gboolean    mc_store_data_version        (McStore        *self,
                                          gint64         *out_version,
                                          GError        **error);

extern const char mc_store_migration_events[];

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McJournalEntry, mc_journal_entry_free)

G_END_DECLS
