/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "mc-store-private.h"
#include "mc-store-usage.h"

/*
 * Schema version 2: conversations with their per-day rollup, broadcasts and
 * support tickets.
 *
 * - A conversation's `external_id` is unique per account, forever (api.md:
 *   it never expires), which also makes its one debit happen only once.
 *   Conversation ids carry 128 random bits and nothing looks them up, so
 *   they get no index of their own: at millions of rows that index would
 *   cost more than it could ever catch.
 * - `usage_daily` holds, per account, day (in the account's timezone, which
 *   never changes) and category, the count and cost of conversations. It is
 *   written in the same transaction as each conversation, so a report reads
 *   one row per day and category instead of every conversation.
 * - CHECKs spell out `a = 'x' OR a = 'y'` rather than `a IN ('x', 'y')`,
 *   which SQLite evaluates by building a temporary table on every insert.
 * - A broadcast is debited at most once: one `broadcast` ledger line per
 *   broadcast id, enforced by a unique index like a payment's recharge.
 */
const char mc_store_migration_usage[] =
  "CREATE TABLE conversations ("
  "  seq INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL,"
  "  account_id TEXT NOT NULL REFERENCES accounts (id),"
  "  external_id TEXT NOT NULL,"
  "  category TEXT NOT NULL"
  "    CHECK (category = 'free' OR category = 'business_initiated' OR category = 'user_initiated'),"
  "  wa_id TEXT NOT NULL,"
  "  started_at INTEGER NOT NULL,"
  "  start_given INTEGER NOT NULL CHECK (start_given = 0 OR start_given = 1),"
  "  cost INTEGER NOT NULL CHECK (cost >= 0),"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE UNIQUE INDEX conversations_by_external_id ON conversations (account_id, external_id);"
  "CREATE INDEX conversations_by_start ON conversations (account_id, started_at);"
  "CREATE TABLE usage_daily ("
  "  account_id TEXT NOT NULL REFERENCES accounts (id),"
  "  day TEXT NOT NULL CHECK (length (day) = 10),"
  "  category TEXT NOT NULL"
  "    CHECK (category = 'free' OR category = 'business_initiated' OR category = 'user_initiated'),"
  "  count INTEGER NOT NULL CHECK (count >= 0),"
  "  cost INTEGER NOT NULL CHECK (cost >= 0),"
  "  PRIMARY KEY (account_id, day, category)"
  ") WITHOUT ROWID;"
  "CREATE TABLE broadcasts ("
  "  seq INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  account_id TEXT NOT NULL REFERENCES accounts (id),"
  "  name TEXT NOT NULL,"
  "  recipients INTEGER NOT NULL CHECK (recipients > 0),"
  "  rate INTEGER NOT NULL CHECK (rate >= 0),"
  "  estimated_cost INTEGER NOT NULL CHECK (estimated_cost = rate * recipients),"
  "  status TEXT NOT NULL"
  "    CHECK (status = 'scheduled' OR status = 'sent' OR status = 'failed' OR status = 'cancelled'),"
  "  scheduled_at INTEGER NOT NULL,"
  "  sent_at INTEGER,"
  "  failure_reason TEXT"
  "    CHECK (failure_reason = 'insufficient_credits' OR failure_reason = 'account_restricted'),"
  "  created_at INTEGER NOT NULL,"
  "  CHECK ((status = 'sent') = (sent_at IS NOT NULL)),"
  "  CHECK ((status = 'failed') = (failure_reason IS NOT NULL))"
  ");"
  "CREATE INDEX broadcasts_by_account ON broadcasts (account_id, created_at, seq);"
  "CREATE INDEX broadcasts_due ON broadcasts (scheduled_at) WHERE status = 'scheduled';"
  "CREATE UNIQUE INDEX ledger_one_debit_per_broadcast ON ledger (ref) WHERE kind = 'broadcast';"
  "CREATE TABLE tickets ("
  "  seq INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  account_id TEXT NOT NULL REFERENCES accounts (id),"
  "  subject TEXT NOT NULL,"
  "  body TEXT NOT NULL,"
  "  payment_id TEXT,"
  "  status TEXT NOT NULL CHECK (status = 'open' OR status = 'closed'),"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX tickets_by_account ON tickets (account_id, created_at, seq);";

/* Categories */

static const char * const category_names[] = {
  [MC_CATEGORY_FREE] = "free",
  [MC_CATEGORY_BUSINESS_INITIATED] = "business_initiated",
  [MC_CATEGORY_USER_INITIATED] = "user_initiated",
};

G_STATIC_ASSERT (G_N_ELEMENTS (category_names) == MC_N_CATEGORIES);

const char *
mc_category_to_string (McCategory category)
{
  g_return_val_if_fail ((guint) category < MC_N_CATEGORIES, NULL);

  return category_names[category];
}

gboolean
mc_category_from_string (const char *text,
                         McCategory *out)
{
  guint value;

  if (!mc_store_lookup_name (category_names, MC_N_CATEGORIES, text, &value))
    return FALSE;

  *out = (McCategory) value;
  return TRUE;
}

gint64
mc_account_rate (const McAccount *account,
                 McCategory       category)
{
  switch (category)
    {
    case MC_CATEGORY_FREE:
      return account->rate_free;
    case MC_CATEGORY_BUSINESS_INITIATED:
      return account->rate_business_initiated;
    case MC_CATEGORY_USER_INITIATED:
      return account->rate_user_initiated;
    default:
      g_return_val_if_reached (0);
    }
}

/* Conversations */

void
mc_conversation_free (McConversation *conversation)
{
  if (conversation == NULL)
    return;

  g_free (conversation->id);
  g_free (conversation->account_id);
  g_free (conversation->external_id);
  g_free (conversation->wa_id);
  g_free (conversation);
}

gboolean
mc_store_conversation_insert (McStore               *self,
                              const McConversation  *c,
                              GError               **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "INSERT INTO conversations (id, account_id, external_id, category, wa_id, started_at,"
    " start_given, cost, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;

  mc_store_bind_text (stmt, 1, c->id);
  mc_store_bind_text (stmt, 2, c->account_id);
  mc_store_bind_text (stmt, 3, c->external_id);
  mc_store_bind_text (stmt, 4, mc_category_to_string (c->category));
  mc_store_bind_text (stmt, 5, c->wa_id);
  sqlite3_bind_int64 (stmt, 6, c->started_at);
  sqlite3_bind_int (stmt, 7, c->start_given ? 1 : 0);
  sqlite3_bind_int64 (stmt, 8, c->cost);
  sqlite3_bind_int64 (stmt, 9, c->created_at);

  return mc_store_step_done (self, stmt, error);
}

McConversation *
mc_store_conversation_by_external_id (McStore     *self,
                                      const char  *account_id,
                                      const char  *external_id,
                                      GError     **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "SELECT id, account_id, external_id, category, wa_id, started_at, start_given, cost, created_at"
    " FROM conversations WHERE account_id = ? AND external_id = ?", error);
  McConversation *c;

  if (stmt == NULL)
    return NULL;

  mc_store_bind_text (stmt, 1, account_id);
  mc_store_bind_text (stmt, 2, external_id);
  if (mc_store_step (self, stmt, error) != SQLITE_ROW)
    return NULL;

  c = g_new0 (McConversation, 1);
  c->id = mc_store_column_dup (stmt, 0);
  c->account_id = mc_store_column_dup (stmt, 1);
  c->external_id = mc_store_column_dup (stmt, 2);
  if (!mc_category_from_string ((const char *) sqlite3_column_text (stmt, 3), &c->category))
    c->category = MC_CATEGORY_FREE;
  c->wa_id = mc_store_column_dup (stmt, 4);
  c->started_at = sqlite3_column_int64 (stmt, 5);
  c->start_given = sqlite3_column_int (stmt, 6) != 0;
  c->cost = sqlite3_column_int64 (stmt, 7);
  c->created_at = sqlite3_column_int64 (stmt, 8);

  return c;
}

gboolean
mc_store_max_seq (McStore     *self,
                  const char  *table,
                  gint64      *out_seq,
                  GError     **error)
{
  g_auto(McStoreStmt) stmt = NULL;

  /* Two fixed texts, never one built from input. */
  if (g_strcmp0 (table, "conversations") == 0)
    stmt = mc_store_prepare (self, "SELECT coalesce (max (seq), 0) FROM conversations", error);
  else if (g_strcmp0 (table, "ledger") == 0)
    stmt = mc_store_prepare (self, "SELECT coalesce (max (seq), 0) FROM ledger", error);
  else
    g_return_val_if_reached (FALSE);

  if (stmt == NULL || mc_store_step (self, stmt, error) != SQLITE_ROW)
    return FALSE;

  *out_seq = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

gboolean
mc_store_conversation_page (McStore               *self,
                            const char            *account_id,
                            gint64                 from,
                            gint64                 to,
                            gint64                 max_seq,
                            gint64                 after_at,
                            gint64                 after_seq,
                            guint                  limit,
                            McConversationRowFunc  func,
                            gpointer               user_data,
                            guint                 *out_count,
                            GError               **error)
{
  /* The index (account_id, started_at) holds the rowid too, so the range
   * starts right after the last row read and comes out already sorted. */
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "SELECT seq, id, started_at, category, wa_id, cost FROM conversations"
    " WHERE account_id = ?1 AND started_at >= ?2 AND started_at < ?3"
    "   AND (started_at > ?4 OR seq > ?5) AND seq <= ?6"
    " ORDER BY started_at, seq LIMIT ?7", error);
  guint count = 0;
  int rc;

  *out_count = 0;
  if (stmt == NULL)
    return FALSE;

  mc_store_bind_text (stmt, 1, account_id);
  sqlite3_bind_int64 (stmt, 2, MAX (from, after_at));
  sqlite3_bind_int64 (stmt, 3, to);
  sqlite3_bind_int64 (stmt, 4, after_at);
  sqlite3_bind_int64 (stmt, 5, after_seq);
  sqlite3_bind_int64 (stmt, 6, max_seq);
  sqlite3_bind_int64 (stmt, 7, limit);

  while ((rc = mc_store_step (self, stmt, error)) == SQLITE_ROW)
    {
      McConversationRow row = {
        .seq = sqlite3_column_int64 (stmt, 0),
        .id = (const char *) sqlite3_column_text (stmt, 1),
        .started_at = sqlite3_column_int64 (stmt, 2),
        .category = (const char *) sqlite3_column_text (stmt, 3),
        .wa_id = (const char *) sqlite3_column_text (stmt, 4),
        .cost = sqlite3_column_int64 (stmt, 5),
      };

      func (&row, user_data);
      count++;
    }

  *out_count = count;
  return rc == SQLITE_DONE;
}

gboolean
mc_store_ledger_page (McStore          *self,
                      const char       *account_id,
                      gint64            from,
                      gint64            to,
                      gint64            max_seq,
                      gint64            after_at,
                      gint64            after_seq,
                      guint             limit,
                      McLedgerRowFunc   func,
                      gpointer          user_data,
                      guint            *out_count,
                      GError          **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "SELECT seq, id, at, kind, amount, balance_after, description, ref FROM ledger"
    " WHERE account_id = ?1 AND at >= ?2 AND at < ?3"
    "   AND (at > ?4 OR seq > ?5) AND seq <= ?6"
    " ORDER BY at, seq LIMIT ?7", error);
  guint count = 0;
  int rc;

  *out_count = 0;
  if (stmt == NULL)
    return FALSE;

  mc_store_bind_text (stmt, 1, account_id);
  sqlite3_bind_int64 (stmt, 2, MAX (from, after_at));
  sqlite3_bind_int64 (stmt, 3, to);
  sqlite3_bind_int64 (stmt, 4, after_at);
  sqlite3_bind_int64 (stmt, 5, after_seq);
  sqlite3_bind_int64 (stmt, 6, max_seq);
  sqlite3_bind_int64 (stmt, 7, limit);

  while ((rc = mc_store_step (self, stmt, error)) == SQLITE_ROW)
    {
      McLedgerRow row = {
        .seq = sqlite3_column_int64 (stmt, 0),
        .id = (const char *) sqlite3_column_text (stmt, 1),
        .at = sqlite3_column_int64 (stmt, 2),
        .kind = (const char *) sqlite3_column_text (stmt, 3),
        .amount = sqlite3_column_int64 (stmt, 4),
        .balance_after = sqlite3_column_int64 (stmt, 5),
        .description = (const char *) sqlite3_column_text (stmt, 6),
        .ref = (const char *) sqlite3_column_text (stmt, 7),
      };

      func (&row, user_data);
      count++;
    }

  *out_count = count;
  return rc == SQLITE_DONE;
}

/* The rollup */

gboolean
mc_store_usage_add (McStore     *self,
                    const char  *account_id,
                    const char  *day,
                    McCategory   category,
                    gint64       count,
                    gint64       cost,
                    GError     **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "INSERT INTO usage_daily (account_id, day, category, count, cost) VALUES (?, ?, ?, ?, ?)"
    " ON CONFLICT (account_id, day, category)"
    " DO UPDATE SET count = count + excluded.count, cost = cost + excluded.cost", error);

  if (stmt == NULL)
    return FALSE;

  mc_store_bind_text (stmt, 1, account_id);
  mc_store_bind_text (stmt, 2, day);
  mc_store_bind_text (stmt, 3, mc_category_to_string (category));
  sqlite3_bind_int64 (stmt, 4, count);
  sqlite3_bind_int64 (stmt, 5, cost);

  return mc_store_step_done (self, stmt, error);
}

GArray *
mc_store_usage_list (McStore     *self,
                     const char  *account_id,
                     const char  *from_day,
                     const char  *to_day,
                     GError     **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "SELECT day, category, count, cost FROM usage_daily"
    " WHERE account_id = ? AND day >= ? AND day <= ? ORDER BY day", error);
  g_autoptr(GArray) cells = g_array_new (FALSE, TRUE, sizeof (McUsageDay));
  int rc;

  if (stmt == NULL)
    return NULL;

  mc_store_bind_text (stmt, 1, account_id);
  mc_store_bind_text (stmt, 2, from_day);
  mc_store_bind_text (stmt, 3, to_day);

  while ((rc = mc_store_step (self, stmt, error)) == SQLITE_ROW)
    {
      McUsageDay cell = { { 0 } };
      const char *day = (const char *) sqlite3_column_text (stmt, 0);

      if (day == NULL || strlen (day) != 10 ||
          !mc_category_from_string ((const char *) sqlite3_column_text (stmt, 1), &cell.category))
        continue;
      memcpy (cell.day, day, 10);
      cell.count = sqlite3_column_int64 (stmt, 2);
      cell.cost = sqlite3_column_int64 (stmt, 3);
      g_array_append_val (cells, cell);
    }

  return rc == SQLITE_DONE ? g_steal_pointer (&cells) : NULL;
}

/* Broadcasts */

static const char * const broadcast_status_names[] = {
  [MC_BROADCAST_SCHEDULED] = "scheduled",
  [MC_BROADCAST_SENT] = "sent",
  [MC_BROADCAST_FAILED] = "failed",
  [MC_BROADCAST_CANCELLED] = "cancelled",
};

const char *
mc_broadcast_status_to_string (McBroadcastStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (broadcast_status_names), NULL);

  return broadcast_status_names[status];
}

gboolean
mc_broadcast_status_from_string (const char        *text,
                                 McBroadcastStatus *out)
{
  guint value;

  if (!mc_store_lookup_name (broadcast_status_names, G_N_ELEMENTS (broadcast_status_names), text,
                             &value))
    return FALSE;

  *out = (McBroadcastStatus) value;
  return TRUE;
}

void
mc_broadcast_free (McBroadcast *broadcast)
{
  if (broadcast == NULL)
    return;

  g_free (broadcast->id);
  g_free (broadcast->account_id);
  g_free (broadcast->name);
  g_free (broadcast->failure_reason);
  g_free (broadcast);
}

#define BROADCAST_COLUMNS \
  "seq, id, account_id, name, recipients, rate, estimated_cost, status, scheduled_at, sent_at," \
  " failure_reason, created_at"

static McBroadcast *
broadcast_from_row (sqlite3_stmt *stmt)
{
  McBroadcast *b = g_new0 (McBroadcast, 1);

  b->seq = sqlite3_column_int64 (stmt, 0);
  b->id = mc_store_column_dup (stmt, 1);
  b->account_id = mc_store_column_dup (stmt, 2);
  b->name = mc_store_column_dup (stmt, 3);
  b->recipients = sqlite3_column_int64 (stmt, 4);
  b->rate = sqlite3_column_int64 (stmt, 5);
  b->estimated_cost = sqlite3_column_int64 (stmt, 6);
  if (!mc_broadcast_status_from_string ((const char *) sqlite3_column_text (stmt, 7), &b->status))
    b->status = MC_BROADCAST_FAILED;
  b->scheduled_at = sqlite3_column_int64 (stmt, 8);
  b->sent_at = sqlite3_column_int64 (stmt, 9);
  b->failure_reason = mc_store_column_dup (stmt, 10);
  b->created_at = sqlite3_column_int64 (stmt, 11);

  return b;
}

static GPtrArray *
broadcasts_from_stmt (McStore       *self,
                      sqlite3_stmt  *stmt,
                      GError       **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_broadcast_free);
  int rc;

  while ((rc = mc_store_step (self, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (list, broadcast_from_row (stmt));

  return rc == SQLITE_DONE ? g_steal_pointer (&list) : NULL;
}

gboolean
mc_store_broadcast_insert (McStore            *self,
                           const McBroadcast  *b,
                           GError            **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "INSERT INTO broadcasts (id, account_id, name, recipients, rate, estimated_cost, status,"
    " scheduled_at, sent_at, failure_reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    error);

  if (stmt == NULL)
    return FALSE;

  mc_store_bind_text (stmt, 1, b->id);
  mc_store_bind_text (stmt, 2, b->account_id);
  mc_store_bind_text (stmt, 3, b->name);
  sqlite3_bind_int64 (stmt, 4, b->recipients);
  sqlite3_bind_int64 (stmt, 5, b->rate);
  sqlite3_bind_int64 (stmt, 6, b->estimated_cost);
  mc_store_bind_text (stmt, 7, mc_broadcast_status_to_string (b->status));
  sqlite3_bind_int64 (stmt, 8, b->scheduled_at);
  if (b->sent_at != 0)
    sqlite3_bind_int64 (stmt, 9, b->sent_at);
  mc_store_bind_text (stmt, 10, b->failure_reason);
  sqlite3_bind_int64 (stmt, 11, b->created_at);

  return mc_store_step_done (self, stmt, error);
}

McBroadcast *
mc_store_broadcast_get (McStore     *self,
                        const char  *account_id,
                        const char  *id,
                        GError     **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "SELECT " BROADCAST_COLUMNS " FROM broadcasts WHERE id = ?1 AND (?2 IS NULL OR account_id = ?2)",
    error);

  if (stmt == NULL)
    return NULL;

  mc_store_bind_text (stmt, 1, id);
  mc_store_bind_text (stmt, 2, account_id);
  if (mc_store_step (self, stmt, error) != SQLITE_ROW)
    return NULL;

  return broadcast_from_row (stmt);
}

gboolean
mc_store_broadcast_update (McStore            *self,
                           const McBroadcast  *b,
                           GError            **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "UPDATE broadcasts SET status = ?, sent_at = ?, failure_reason = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;

  mc_store_bind_text (stmt, 1, mc_broadcast_status_to_string (b->status));
  if (b->sent_at != 0)
    sqlite3_bind_int64 (stmt, 2, b->sent_at);
  mc_store_bind_text (stmt, 3, b->failure_reason);
  mc_store_bind_text (stmt, 4, b->id);

  if (!mc_store_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (mc_store_get_db (self)) != 1)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_FAILED, "No such broadcast");
      return FALSE;
    }

  return TRUE;
}

GPtrArray *
mc_store_broadcast_list (McStore                 *self,
                         const char              *account_id,
                         const McBroadcastStatus *status,
                         const McStoreCursor     *after,
                         guint                    limit,
                         GError                 **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "SELECT " BROADCAST_COLUMNS " FROM broadcasts"
    " WHERE account_id = ?1 AND (?2 IS NULL OR status = ?2)"
    "   AND (?3 IS NULL OR created_at < ?3 OR (created_at = ?3 AND seq < ?4))"
    " ORDER BY created_at DESC, seq DESC LIMIT ?5", error);

  if (stmt == NULL)
    return NULL;

  mc_store_bind_text (stmt, 1, account_id);
  mc_store_bind_text (stmt, 2, status ? mc_broadcast_status_to_string (*status) : NULL);
  if (after != NULL)
    {
      sqlite3_bind_int64 (stmt, 3, after->at);
      sqlite3_bind_int64 (stmt, 4, after->seq);
    }
  sqlite3_bind_int64 (stmt, 5, limit);

  return broadcasts_from_stmt (self, stmt, error);
}

GPtrArray *
mc_store_broadcast_list_due (McStore  *self,
                             gint64    now,
                             guint     limit,
                             GError  **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "SELECT " BROADCAST_COLUMNS " FROM broadcasts"
    " WHERE status = 'scheduled' AND scheduled_at <= ? ORDER BY scheduled_at, seq LIMIT ?", error);

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, limit);

  return broadcasts_from_stmt (self, stmt, error);
}

gboolean
mc_store_broadcast_next_due (McStore  *self,
                             gint64   *out_when,
                             GError  **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "SELECT min (scheduled_at) FROM broadcasts WHERE status = 'scheduled'", error);

  if (stmt == NULL || mc_store_step (self, stmt, error) != SQLITE_ROW)
    return FALSE;

  *out_when = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? G_MAXINT64 : sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* Tickets */

void
mc_ticket_free (McTicket *ticket)
{
  if (ticket == NULL)
    return;

  g_free (ticket->id);
  g_free (ticket->account_id);
  g_free (ticket->subject);
  g_free (ticket->body);
  g_free (ticket->payment_id);
  g_free (ticket->status);
  g_free (ticket);
}

gboolean
mc_store_ticket_insert (McStore         *self,
                        const McTicket  *t,
                        GError         **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "INSERT INTO tickets (id, account_id, subject, body, payment_id, status, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;

  mc_store_bind_text (stmt, 1, t->id);
  mc_store_bind_text (stmt, 2, t->account_id);
  mc_store_bind_text (stmt, 3, t->subject);
  mc_store_bind_text (stmt, 4, t->body);
  mc_store_bind_text (stmt, 5, t->payment_id);
  mc_store_bind_text (stmt, 6, t->status);
  sqlite3_bind_int64 (stmt, 7, t->created_at);

  return mc_store_step_done (self, stmt, error);
}

GPtrArray *
mc_store_ticket_list (McStore              *self,
                      const char           *account_id,
                      const McStoreCursor  *after,
                      guint                 limit,
                      GError              **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "SELECT seq, id, account_id, subject, body, payment_id, status, created_at FROM tickets"
    " WHERE account_id = ?1 AND (?2 IS NULL OR created_at < ?2 OR (created_at = ?2 AND seq < ?3))"
    " ORDER BY created_at DESC, seq DESC LIMIT ?4", error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_ticket_free);
  int rc;

  if (stmt == NULL)
    return NULL;

  mc_store_bind_text (stmt, 1, account_id);
  if (after != NULL)
    {
      sqlite3_bind_int64 (stmt, 2, after->at);
      sqlite3_bind_int64 (stmt, 3, after->seq);
    }
  sqlite3_bind_int64 (stmt, 4, limit);

  while ((rc = mc_store_step (self, stmt, error)) == SQLITE_ROW)
    {
      McTicket *t = g_new0 (McTicket, 1);

      t->seq = sqlite3_column_int64 (stmt, 0);
      t->id = mc_store_column_dup (stmt, 1);
      t->account_id = mc_store_column_dup (stmt, 2);
      t->subject = mc_store_column_dup (stmt, 3);
      t->body = mc_store_column_dup (stmt, 4);
      t->payment_id = mc_store_column_dup (stmt, 5);
      t->status = mc_store_column_dup (stmt, 6);
      t->created_at = sqlite3_column_int64 (stmt, 7);
      g_ptr_array_add (list, t);
    }

  return rc == SQLITE_DONE ? g_steal_pointer (&list) : NULL;
}

/* The bulk path */

gboolean
mc_store_bulk_ledger_begin (McStore  *self,
                            GError  **error)
{
  char *message = NULL;
  int rc;

  /* A private staging table: only this connection sees it. */
  rc = sqlite3_exec (mc_store_get_db (self),
                     "CREATE TEMP TABLE IF NOT EXISTS bulk_ledger ("
                     "  id TEXT NOT NULL, at INTEGER NOT NULL, amount INTEGER NOT NULL,"
                     "  balance_after INTEGER NOT NULL, description TEXT NOT NULL, ref TEXT);"
                     "CREATE TEMP TABLE IF NOT EXISTS bulk_conversations ("
                     "  id TEXT NOT NULL, external_id TEXT NOT NULL, category TEXT NOT NULL,"
                     "  wa_id TEXT NOT NULL, started_at INTEGER NOT NULL, cost INTEGER NOT NULL);"
                     "DELETE FROM temp.bulk_ledger;"
                     "DELETE FROM temp.bulk_conversations;",
                     NULL, NULL, &message);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_FAILED, "SQLite: %s",
                   message ? message : sqlite3_errstr (rc));
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

gboolean
mc_store_bulk_ledger_add (McStore             *self,
                          const McLedgerLine  *line,
                          GError             **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "INSERT INTO temp.bulk_ledger (id, at, amount, balance_after, description, ref)"
    " VALUES (?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;

  mc_store_bind_text (stmt, 1, line->id);
  sqlite3_bind_int64 (stmt, 2, line->at);
  sqlite3_bind_int64 (stmt, 3, line->amount);
  sqlite3_bind_int64 (stmt, 4, line->balance_after);
  mc_store_bind_text (stmt, 5, line->description);
  mc_store_bind_text (stmt, 6, line->ref);

  return mc_store_step_done (self, stmt, error);
}

gboolean
mc_store_bulk_conversation_add (McStore               *self,
                                const McConversation  *c,
                                GError               **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "INSERT INTO temp.bulk_conversations (id, external_id, category, wa_id, started_at, cost)"
    " VALUES (?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;

  mc_store_bind_text (stmt, 1, c->id);
  mc_store_bind_text (stmt, 2, c->external_id);
  mc_store_bind_text (stmt, 3, mc_category_to_string (c->category));
  mc_store_bind_text (stmt, 4, c->wa_id);
  sqlite3_bind_int64 (stmt, 5, c->started_at);
  sqlite3_bind_int64 (stmt, 6, c->cost);

  return mc_store_step_done (self, stmt, error);
}

gboolean
mc_store_bulk_ledger_flush (McStore     *self,
                            const char  *account_id,
                            const char  *kind,
                            GError     **error)
{
  g_auto(McStoreStmt) conversations = mc_store_prepare (self,
    "INSERT INTO conversations (id, account_id, external_id, category, wa_id, started_at,"
    " start_given, cost, created_at)"
    " SELECT id, ?1, external_id, category, wa_id, started_at, 1, cost, started_at"
    " FROM temp.bulk_conversations ORDER BY rowid", error);
  g_auto(McStoreStmt) move = NULL;

  if (conversations == NULL)
    return FALSE;
  mc_store_bind_text (conversations, 1, account_id);
  if (!mc_store_step_done (self, conversations, error))
    return FALSE;

  move = mc_store_prepare (self,
    "INSERT INTO ledger (id, account_id, at, kind, amount, balance_after, description, ref)"
    " SELECT id, ?1, at, ?2, amount, balance_after, description, ref FROM temp.bulk_ledger ORDER BY rowid",
    error);
  if (move == NULL)
    return FALSE;

  mc_store_bind_text (move, 1, account_id);
  mc_store_bind_text (move, 2, kind);
  if (!mc_store_step_done (self, move, error))
    return FALSE;

  {
    g_auto(McStoreStmt) clear = mc_store_prepare (self, "DELETE FROM temp.bulk_ledger", error);
    g_auto(McStoreStmt) clear_conversations = NULL;

    if (clear == NULL || !mc_store_step_done (self, clear, error))
      return FALSE;

    clear_conversations = mc_store_prepare (self, "DELETE FROM temp.bulk_conversations", error);
    return clear_conversations != NULL && mc_store_step_done (self, clear_conversations, error);
  }
}

/* Housekeeping */

gboolean
mc_store_set_cache_mib (McStore  *self,
                        guint     mib,
                        GError  **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA cache_size = -%u; %s", MIN (mib, 4096) * 1024, g_getenv ("XEXP") ? g_getenv ("XEXP") : "");
  char *message = NULL;
  int rc;

  /* A pragma's value cannot be a bound parameter; the number is ours. */
  rc = sqlite3_exec (mc_store_get_db (self), sql, NULL, NULL, &message);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_FAILED, "SQLite: %s",
                   message ? message : sqlite3_errstr (rc));
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

gboolean
mc_store_outbox_mark_history_sent (McStore     *self,
                                   const char  *account_id,
                                   gint64       before,
                                   GError     **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "UPDATE outbox SET sent_at = created_at, attempts = attempts + 1"
    " WHERE account_id = ? AND sent_at IS NULL AND created_at < ?", error);

  if (stmt == NULL)
    return FALSE;

  mc_store_bind_text (stmt, 1, account_id);
  sqlite3_bind_int64 (stmt, 2, before);

  return mc_store_step_done (self, stmt, error);
}
