/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "mc-store-events.h"
#include "mc-store-private.h"

/*
 * Schema version 4: the event journal.
 *
 * `seq` is the rowid: the next row gets the largest one plus one, so rows
 * come in commit order (one writer at a time) and a rolled-back row leaves
 * nothing behind. No foreign key: rows are short-lived and an account is
 * never deleted, so the lookup on every insert would buy nothing.
 */
const char mc_store_migration_events[] =
  "CREATE TABLE event_journal ("
  "  seq INTEGER PRIMARY KEY,"
  "  account_id TEXT NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind = 'event' OR kind = 'token_rotated'),"
  "  event_seq INTEGER NOT NULL,"
  "  message TEXT CHECK ((kind = 'event') = (message IS NOT NULL)),"
  "  created_at INTEGER NOT NULL"
  ");";

static const char * const kind_names[] = {
  [MC_JOURNAL_EVENT] = "event",
  [MC_JOURNAL_TOKEN_ROTATED] = "token_rotated",
};

void
mc_journal_entry_free (McJournalEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->account_id);
  g_free (entry->message);
  g_free (entry);
}

gboolean
mc_store_journal_append (McStore        *self,
                         const char     *account_id,
                         McJournalKind   kind,
                         gint64          event_seq,
                         const char     *message,
                         gint64          at,
                         GError        **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "INSERT INTO event_journal (account_id, kind, event_seq, message, created_at) VALUES (?, ?, ?, ?, ?)",
    error);

  g_return_val_if_fail (mc_store_in_transaction (self), FALSE);
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), FALSE);

  if (stmt == NULL)
    return FALSE;

  mc_store_bind_text (stmt, 1, account_id);
  mc_store_bind_text (stmt, 2, kind_names[kind]);
  sqlite3_bind_int64 (stmt, 3, event_seq);
  mc_store_bind_text (stmt, 4, message);
  sqlite3_bind_int64 (stmt, 5, at);

  return mc_store_step_done (self, stmt, error);
}

gboolean
mc_store_journal_last (McStore  *self,
                       gint64   *out_seq,
                       GError  **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self, "SELECT max (seq) FROM event_journal", error);

  if (stmt == NULL || mc_store_step (self, stmt, error) != SQLITE_ROW)
    return FALSE;

  *out_seq = sqlite3_column_int64 (stmt, 0);  /* NULL reads as 0 */
  return TRUE;
}

GPtrArray *
mc_store_journal_list_after (McStore  *self,
                             gint64    after,
                             guint     limit,
                             GError  **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "SELECT seq, account_id, kind, message FROM event_journal WHERE seq > ? ORDER BY seq LIMIT ?", error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_journal_entry_free);
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, after);
  sqlite3_bind_int64 (stmt, 2, limit);

  while ((rc = mc_store_step (self, stmt, error)) == SQLITE_ROW)
    {
      McJournalEntry *entry = g_new0 (McJournalEntry, 1);
      const char *kind = (const char *) sqlite3_column_text (stmt, 2);

      entry->seq = sqlite3_column_int64 (stmt, 0);
      entry->account_id = mc_store_column_dup (stmt, 1);
      entry->kind = g_strcmp0 (kind, "token_rotated") == 0 ? MC_JOURNAL_TOKEN_ROTATED : MC_JOURNAL_EVENT;
      entry->message = mc_store_column_dup (stmt, 3);
      g_ptr_array_add (list, entry);
    }

  return rc == SQLITE_DONE ? g_steal_pointer (&list) : NULL;
}

gboolean
mc_store_journal_prune (McStore  *self,
                        gint64    handled,
                        GError  **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self, "DELETE FROM event_journal WHERE seq < ?", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, handled);
  return mc_store_step_done (self, stmt, error);
}

gboolean
mc_store_data_version (McStore  *self,
                       gint64   *out_version,
                       GError  **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self, "PRAGMA data_version", error);

  if (stmt == NULL || mc_store_step (self, stmt, error) != SQLITE_ROW)
    return FALSE;

  *out_version = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}
