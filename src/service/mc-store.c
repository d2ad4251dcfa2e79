/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "mc-ids.h"
#include "mc-store-events.h"
#include "mc-store-private.h"
#include "mc-store-usage.h"

G_DEFINE_QUARK (mc-store-error-quark, mc_store_error)

/*
 * Schema version 1: accounts, the append-only ledger, payments,
 * idempotency keys, notifications and the e-mail outbox.
 *
 * The ledger triggers make `balance = sum(ledger)` a property of the
 * database itself: inserting a line moves the balance by its amount and
 * fails unless its balance_after is the new balance, and a line can never
 * be changed or removed. A payment can have at most one recharge line.
 */
static const char migration_1[] =
  "CREATE TABLE accounts ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  email TEXT NOT NULL,"
  "  currency TEXT NOT NULL CHECK (currency IN ('INR', 'USD')),"
  "  timezone TEXT NOT NULL,"
  "  token_hash TEXT NOT NULL UNIQUE,"
  "  balance INTEGER NOT NULL DEFAULT 0,"
  "  low_balance_threshold INTEGER NOT NULL CHECK (low_balance_threshold >= 0),"
  "  rate_free INTEGER NOT NULL CHECK (rate_free >= 0),"
  "  rate_business_initiated INTEGER NOT NULL CHECK (rate_business_initiated >= 0),"
  "  rate_user_initiated INTEGER NOT NULL CHECK (rate_user_initiated >= 0),"
  "  event_seq INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE ledger ("
  "  seq INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  account_id TEXT NOT NULL REFERENCES accounts (id),"
  "  at INTEGER NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('recharge', 'conversation', 'broadcast', 'adjustment')),"
  "  amount INTEGER NOT NULL,"
  "  balance_after INTEGER NOT NULL,"
  "  description TEXT NOT NULL,"
  "  ref TEXT"
  ");"
  "CREATE INDEX ledger_by_account ON ledger (account_id, at, seq);"
  "CREATE UNIQUE INDEX ledger_one_recharge_per_payment ON ledger (ref) WHERE kind = 'recharge';"
  "CREATE TRIGGER ledger_moves_balance AFTER INSERT ON ledger BEGIN"
  "  UPDATE accounts SET balance = balance + NEW.amount WHERE id = NEW.account_id;"
  "  SELECT RAISE (ABORT, 'ledger line does not match the balance')"
  "    WHERE (SELECT balance FROM accounts WHERE id = NEW.account_id) IS NOT NEW.balance_after;"
  "END;"
  "CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger BEGIN"
  "  SELECT RAISE (ABORT, 'the ledger is append-only');"
  "END;"
  "CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger BEGIN"
  "  SELECT RAISE (ABORT, 'the ledger is append-only');"
  "END;"
  "CREATE TABLE payments ("
  "  seq INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  account_id TEXT NOT NULL REFERENCES accounts (id),"
  "  status TEXT NOT NULL CHECK (status IN ('pending', 'completed', 'failed', 'cancelled', 'expired')),"
  "  currency TEXT NOT NULL CHECK (currency IN ('INR', 'USD')),"
  "  amount INTEGER NOT NULL CHECK (amount > 0),"
  "  tax INTEGER NOT NULL CHECK (tax >= 0),"
  "  total INTEGER NOT NULL CHECK (total = amount + tax),"
  "  checkout_token TEXT NOT NULL UNIQUE,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  completed_at INTEGER,"
  "  pending_notified INTEGER NOT NULL DEFAULT 0,"
  "  CHECK ((status = 'completed') = (completed_at IS NOT NULL))"
  ");"
  "CREATE INDEX payments_by_account ON payments (account_id, created_at, seq);"
  "CREATE INDEX payments_pending ON payments (expires_at) WHERE status = 'pending';"
  "CREATE TABLE idempotency_keys ("
  "  account_id TEXT NOT NULL REFERENCES accounts (id),"
  "  scope TEXT NOT NULL,"
  "  key TEXT NOT NULL,"
  "  fingerprint TEXT NOT NULL,"
  "  object_id TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  PRIMARY KEY (account_id, scope, key)"
  ");"
  "CREATE INDEX idempotency_by_age ON idempotency_keys (created_at);"
  "CREATE TABLE notifications ("
  "  seq INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  account_id TEXT NOT NULL REFERENCES accounts (id),"
  "  at INTEGER NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  title TEXT NOT NULL,"
  "  body TEXT NOT NULL,"
  "  read INTEGER NOT NULL DEFAULT 0,"
  "  ref TEXT"
  ");"
  "CREATE INDEX notifications_by_account ON notifications (account_id, at, seq);"
  "CREATE TABLE outbox ("
  "  seq INTEGER PRIMARY KEY,"
  "  message_id TEXT NOT NULL UNIQUE,"
  "  account_id TEXT NOT NULL REFERENCES accounts (id),"
  "  kind TEXT NOT NULL,"
  "  recipient TEXT NOT NULL,"
  "  subject TEXT NOT NULL,"
  "  body TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  next_attempt_at INTEGER NOT NULL,"
  "  sent_at INTEGER,"
  "  last_error TEXT"
  ");"
  "CREATE INDEX outbox_unsent ON outbox (next_attempt_at) WHERE sent_at IS NULL;";

/*
 * Schema version 2: indexes for what every request and every commit asks,
 * the account's pending count and the payment timer's next due time, so
 * that neither grows with the number of payments.
 */
static const char migration_2[] =
  "CREATE INDEX payments_by_account_status ON payments (account_id, status);"
  "CREATE INDEX payments_pending_unnotified ON payments (created_at)"
  "  WHERE status = 'pending' AND pending_notified = 0;";

/*
 * Schema version 5: what `serve` was last told that the objects and
 * e-mails of every process show (the support contact, the public URL), so
 * that `account adjust`, which writes an account event and may queue an
 * e-mail, shows the same as `serve` does. One row.
 */
static const char migration_5[] =
  "CREATE TABLE serve_settings ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  public_url TEXT NOT NULL,"
  "  support_phone TEXT,"
  "  support_email TEXT"
  ");";

/*
 * The schema's history. Append new versions at the end (2, 3, …) with
 * their SQL in the feature's own mc-store-*.c file; never edit an entry
 * that has shipped.
 */
static const McStoreMigration migrations[] = {
  { 1, "accounts, ledger, payments, idempotency keys, notifications, outbox", migration_1 },
  { 2, "indexes for pending counts and the payment timer", migration_2 },
  { 3, "conversations, their daily rollup, broadcasts, tickets", mc_store_migration_usage },
  { 4, "the event journal, for live events from every process", mc_store_migration_events },
  { 5, "serve's settings, for the other commands", migration_5 },
};

struct _McStore
{
  sqlite3    *db;
  char       *path;
  GHashTable *statements;  /* SQL text → sqlite3_stmt */
  int         schema_version;
};

void
mc_store_set_error (McStore  *self,
                    int       rc,
                    GError  **error)
{
  int primary = rc & 0xff;
  McStoreError code = MC_STORE_ERROR_FAILED;

  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    code = MC_STORE_ERROR_BUSY;
  else if (primary == SQLITE_CONSTRAINT)
    code = MC_STORE_ERROR_CONSTRAINT;

  g_set_error (error, MC_STORE_ERROR, code, "SQLite: %s (%d)",
               self && self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc), rc);
}

sqlite3 *
mc_store_get_db (McStore *self)
{
  return self->db;
}

sqlite3_stmt *
mc_store_prepare (McStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt == NULL)
    {
      int rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);

      if (rc != SQLITE_OK)
        {
          mc_store_set_error (self, rc, error);
          return NULL;
        }
      g_hash_table_insert (self->statements, (gpointer) sql, stmt);
    }

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  return stmt;
}

int
mc_store_step (McStore       *self,
               sqlite3_stmt  *stmt,
               GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return rc;

  mc_store_set_error (self, rc, error);
  sqlite3_reset (stmt);
  return -1;
}

gboolean
mc_store_step_done (McStore       *self,
                    sqlite3_stmt  *stmt,
                    GError       **error)
{
  int rc = mc_store_step (self, stmt, error);

  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_FAILED,
                           "A statement expected to return nothing returned a row");
      return FALSE;
    }

  return rc == SQLITE_DONE;
}

void
mc_store_bind_text (sqlite3_stmt *stmt,
                    int           index,
                    const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

char *
mc_store_column_dup (sqlite3_stmt *stmt,
                     int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text ? g_strdup ((const char *) text) : NULL;
}

gboolean
mc_store_lookup_name (const char * const *names,
                      guint               n_names,
                      const char         *text,
                      guint              *out)
{
  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    {
      if (g_strcmp0 (text, names[i]) == 0)
        {
          *out = i;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
exec (McStore     *self,
      const char  *sql,
      GError     **error)
{
  char *message = NULL;
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, MC_STORE_ERROR,
                   (rc & 0xff) == SQLITE_BUSY ? MC_STORE_ERROR_BUSY : MC_STORE_ERROR_FAILED,
                   "SQLite: %s", message ? message : sqlite3_errstr (rc));
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

static int
read_user_version (McStore  *self,
                   GError  **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self, "PRAGMA user_version", error);

  if (stmt == NULL || mc_store_step (self, stmt, error) != SQLITE_ROW)
    return -1;

  return sqlite3_column_int (stmt, 0);
}

static gboolean
migrate (McStore  *self,
         GError  **error)
{
  int version = read_user_version (self, error);
  int latest = migrations[G_N_ELEMENTS (migrations) - 1].version;

  if (version < 0)
    return FALSE;

  if (version > latest)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_SCHEMA,
                   "The database has schema version %d, newer than this program knows (%d)",
                   version, latest);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    {
      const McStoreMigration *m = &migrations[i];
      char pragma[64];

      g_assert (m->version == (int) i + 1);
      if (m->version <= version)
        continue;

      if (!mc_store_begin (self, error))
        return FALSE;

      /* Another process may have migrated while this one waited for the lock. */
      version = read_user_version (self, error);
      if (version < 0)
        {
          mc_store_rollback (self);
          return FALSE;
        }
      if (m->version <= version)
        {
          mc_store_rollback (self);
          continue;
        }

      /* user_version cannot be a bound parameter; the number is ours. */
      g_snprintf (pragma, sizeof pragma, "PRAGMA user_version = %d", m->version);
      if (!exec (self, m->sql, error) || !exec (self, pragma, error) || !mc_store_commit (self, error))
        {
          mc_store_rollback (self);
          g_prefix_error (error, "Migration %d (%s): ", m->version, m->summary);
          return FALSE;
        }
      g_debug ("Store migrated to schema %d: %s", m->version, m->summary);
      version = m->version;
    }

  self->schema_version = version;
  return TRUE;
}

McStore *
mc_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(McStore) self = NULL;
  g_auto(McStoreStmt) stmt = NULL;
  const char *mode;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_new0 (McStore, 1);
  self->path = g_strdup (path);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify) sqlite3_finalize);

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_FAILED, "Cannot open %s: %s",
                   path, self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  if (!exec (self,
             "PRAGMA foreign_keys = ON;"
             "PRAGMA synchronous = FULL;"
             "PRAGMA trusted_schema = OFF;",
             error))
    return NULL;

  stmt = mc_store_prepare (self, "PRAGMA journal_mode = WAL", error);
  if (stmt == NULL || mc_store_step (self, stmt, error) != SQLITE_ROW)
    return NULL;
  mode = (const char *) sqlite3_column_text (stmt, 0);
  if (mode == NULL || (g_ascii_strcasecmp (mode, "wal") != 0 && g_ascii_strcasecmp (mode, "memory") != 0))
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_FAILED,
                   "Cannot put %s in WAL mode (it is in %s mode)", path, mode ? mode : "no");
      return NULL;
    }
  sqlite3_reset (stmt);
  stmt = NULL;

  if (!migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

void
mc_store_close (McStore *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->statements);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_free (self->path);
  g_free (self);
}

const char *
mc_store_get_path (McStore *self)
{
  return self->path;
}

int
mc_store_get_schema_version (McStore *self)
{
  return self->schema_version;
}

gboolean
mc_store_in_transaction (McStore *self)
{
  return !sqlite3_get_autocommit (self->db);
}

gboolean
mc_store_begin (McStore  *self,
                GError  **error)
{
  g_return_val_if_fail (!mc_store_in_transaction (self), FALSE);

  return exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
mc_store_begin_read (McStore  *self,
                     GError  **error)
{
  g_return_val_if_fail (!mc_store_in_transaction (self), FALSE);

  return exec (self, "BEGIN DEFERRED", error);
}

gboolean
mc_store_commit (McStore  *self,
                 GError  **error)
{
  return exec (self, "COMMIT", error);
}

void
mc_store_rollback (McStore *self)
{
  if (mc_store_in_transaction (self))
    exec (self, "ROLLBACK", NULL);
}

/* Cursors */

char *
mc_store_cursor_to_string (const McStoreCursor *cursor)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT, cursor->at, cursor->seq);
}

gboolean
mc_store_cursor_parse (const char    *text,
                       McStoreCursor *out)
{
  g_auto(GStrv) parts = NULL;
  gint64 at, seq;

  if (text == NULL || strlen (text) > 48)
    return FALSE;

  parts = g_strsplit (text, ".", -1);
  if (g_strv_length (parts) != 2)
    return FALSE;

  if (!g_ascii_string_to_signed (parts[0], 10, G_MININT64, G_MAXINT64, &at, NULL) ||
      !g_ascii_string_to_signed (parts[1], 10, 0, G_MAXINT64, &seq, NULL))
    return FALSE;

  out->at = at;
  out->seq = seq;
  return TRUE;
}

/* Accounts */

void
mc_account_free (McAccount *account)
{
  if (account == NULL)
    return;

  g_free (account->id);
  g_free (account->name);
  g_free (account->email);
  g_free (account->timezone);
  g_free (account);
}

#define ACCOUNT_COLUMNS \
  "id, name, email, currency, timezone, balance, low_balance_threshold," \
  " rate_free, rate_business_initiated, rate_user_initiated, created_at, token_hash"

static McAccount *
account_from_row (sqlite3_stmt *stmt)
{
  McAccount *account = g_new0 (McAccount, 1);

  account->id = mc_store_column_dup (stmt, 0);
  account->name = mc_store_column_dup (stmt, 1);
  account->email = mc_store_column_dup (stmt, 2);
  account->currency = mc_currency_from_code ((const char *) sqlite3_column_text (stmt, 3));
  account->timezone = mc_store_column_dup (stmt, 4);
  account->balance = sqlite3_column_int64 (stmt, 5);
  account->low_balance_threshold = sqlite3_column_int64 (stmt, 6);
  account->rate_free = sqlite3_column_int64 (stmt, 7);
  account->rate_business_initiated = sqlite3_column_int64 (stmt, 8);
  account->rate_user_initiated = sqlite3_column_int64 (stmt, 9);
  account->created_at = sqlite3_column_int64 (stmt, 10);

  return account;
}

gboolean
mc_store_account_insert (McStore          *self,
                         const McAccount  *account,
                         const char       *token_hash,
                         GError          **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "INSERT INTO accounts (id, name, email, currency, timezone, token_hash, balance,"
    " low_balance_threshold, rate_free, rate_business_initiated, rate_user_initiated, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;

  mc_store_bind_text (stmt, 1, account->id);
  mc_store_bind_text (stmt, 2, account->name);
  mc_store_bind_text (stmt, 3, account->email);
  mc_store_bind_text (stmt, 4, mc_currency_to_code (account->currency));
  mc_store_bind_text (stmt, 5, account->timezone);
  mc_store_bind_text (stmt, 6, token_hash);
  sqlite3_bind_int64 (stmt, 7, account->low_balance_threshold);
  sqlite3_bind_int64 (stmt, 8, account->rate_free);
  sqlite3_bind_int64 (stmt, 9, account->rate_business_initiated);
  sqlite3_bind_int64 (stmt, 10, account->rate_user_initiated);
  sqlite3_bind_int64 (stmt, 11, account->created_at);

  return mc_store_step_done (self, stmt, error);
}

static McAccount *
account_query_one (McStore     *self,
                   const char  *sql,
                   const char  *value,
                   char       **out_token_hash,
                   GError     **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self, sql, error);
  McAccount *account;
  int rc;

  if (stmt == NULL)
    return NULL;

  mc_store_bind_text (stmt, 1, value);
  rc = mc_store_step (self, stmt, error);
  if (rc != SQLITE_ROW)
    return NULL;

  account = account_from_row (stmt);
  if (out_token_hash != NULL)
    *out_token_hash = mc_store_column_dup (stmt, 11);

  return account;
}

McAccount *
mc_store_account_get (McStore     *self,
                      const char  *id,
                      GError     **error)
{
  return account_query_one (self, "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE id = ?",
                            id, NULL, error);
}

McAccount *
mc_store_account_by_token_hash (McStore     *self,
                                const char  *token_hash,
                                GError     **error)
{
  g_autofree char *stored = NULL;
  McAccount *account;

  account = account_query_one (self, "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE token_hash = ?",
                               token_hash, &stored, error);
  if (account == NULL)
    return NULL;

  /* The index found the row; the comparison that decides is constant-time. */
  if (stored == NULL || !mc_const_equal (stored, strlen (stored), token_hash, strlen (token_hash)))
    {
      mc_account_free (account);
      return NULL;
    }

  return account;
}

static gboolean
update_one (McStore     *self,
            sqlite3_stmt *stmt,
            GError     **error)
{
  if (!mc_store_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (self->db) != 1)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_FAILED, "No such row");
      return FALSE;
    }

  return TRUE;
}

gboolean
mc_store_account_set_token_hash (McStore     *self,
                                 const char  *id,
                                 const char  *token_hash,
                                 GError     **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "UPDATE accounts SET token_hash = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;

  mc_store_bind_text (stmt, 1, token_hash);
  mc_store_bind_text (stmt, 2, id);

  return update_one (self, stmt, error);
}

gboolean
mc_store_account_set_threshold (McStore     *self,
                                const char  *id,
                                gint64       threshold,
                                GError     **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "UPDATE accounts SET low_balance_threshold = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, threshold);
  mc_store_bind_text (stmt, 2, id);

  return update_one (self, stmt, error);
}

gboolean
mc_store_account_next_event_seq (McStore     *self,
                                 const char  *id,
                                 gint64      *out_seq,
                                 GError     **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "UPDATE accounts SET event_seq = event_seq + 1 WHERE id = ? RETURNING event_seq", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  mc_store_bind_text (stmt, 1, id);
  rc = mc_store_step (self, stmt, error);
  if (rc < 0)
    return FALSE;
  if (rc != SQLITE_ROW)
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_FAILED, "No such account");
      return FALSE;
    }

  *out_seq = sqlite3_column_int64 (stmt, 0);
  /* RETURNING finishes its work on the first step; run it to the end. */
  while ((rc = mc_store_step (self, stmt, error)) == SQLITE_ROW)
    ;

  return rc == SQLITE_DONE;
}

GPtrArray *
mc_store_account_list_ids (McStore  *self,
                           GError  **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self, "SELECT id FROM accounts ORDER BY created_at, id", error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (stmt == NULL)
    return NULL;

  while ((rc = mc_store_step (self, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (ids, mc_store_column_dup (stmt, 0));

  return rc == SQLITE_DONE ? g_steal_pointer (&ids) : NULL;
}

gboolean
mc_store_account_check_ledger (McStore     *self,
                               const char  *id,
                               gint64      *out_balance,
                               gint64      *out_sum,
                               GError     **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "SELECT a.balance, (SELECT coalesce (sum (l.amount), 0) FROM ledger l WHERE l.account_id = a.id)"
    " FROM accounts a WHERE a.id = ?", error);

  if (stmt == NULL)
    return FALSE;

  mc_store_bind_text (stmt, 1, id);
  if (mc_store_step (self, stmt, error) != SQLITE_ROW)
    {
      if (error && *error == NULL)
        g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_FAILED, "No such account");
      return FALSE;
    }

  *out_balance = sqlite3_column_int64 (stmt, 0);
  *out_sum = sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

/* Serve's settings */

gboolean
mc_store_serve_settings_put (McStore     *self,
                             const char  *public_url,
                             const char  *support_phone,
                             const char  *support_email,
                             GError     **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "INSERT OR REPLACE INTO serve_settings (id, public_url, support_phone, support_email)"
    " VALUES (1, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;

  mc_store_bind_text (stmt, 1, public_url);
  mc_store_bind_text (stmt, 2, support_phone);
  mc_store_bind_text (stmt, 3, support_email);

  return mc_store_step_done (self, stmt, error);
}

gboolean
mc_store_serve_settings_get (McStore   *self,
                             char     **out_public_url,
                             char     **out_support_phone,
                             char     **out_support_email,
                             GError   **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "SELECT public_url, support_phone, support_email FROM serve_settings WHERE id = 1", error);
  int rc;

  *out_public_url = NULL;
  *out_support_phone = NULL;
  *out_support_email = NULL;

  if (stmt == NULL)
    return FALSE;

  rc = mc_store_step (self, stmt, error);
  if (rc < 0)
    return FALSE;

  if (rc == SQLITE_ROW)
    {
      *out_public_url = mc_store_column_dup (stmt, 0);
      *out_support_phone = mc_store_column_dup (stmt, 1);
      *out_support_email = mc_store_column_dup (stmt, 2);
    }

  return TRUE;
}

/* Ledger */

void
mc_ledger_line_free (McLedgerLine *line)
{
  if (line == NULL)
    return;

  g_free (line->id);
  g_free (line->account_id);
  g_free (line->kind);
  g_free (line->description);
  g_free (line->ref);
  g_free (line);
}

gboolean
mc_store_ledger_insert (McStore             *self,
                        const McLedgerLine  *line,
                        GError             **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "INSERT INTO ledger (id, account_id, at, kind, amount, balance_after, description, ref)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;

  mc_store_bind_text (stmt, 1, line->id);
  mc_store_bind_text (stmt, 2, line->account_id);
  sqlite3_bind_int64 (stmt, 3, line->at);
  mc_store_bind_text (stmt, 4, line->kind);
  sqlite3_bind_int64 (stmt, 5, line->amount);
  sqlite3_bind_int64 (stmt, 6, line->balance_after);
  mc_store_bind_text (stmt, 7, line->description);
  mc_store_bind_text (stmt, 8, line->ref);

  return mc_store_step_done (self, stmt, error);
}

GPtrArray *
mc_store_ledger_list (McStore             *self,
                      const char          *account_id,
                      gint64               from,
                      gint64               to,
                      const McStoreCursor *after,
                      guint                limit,
                      GError             **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "SELECT seq, id, account_id, at, kind, amount, balance_after, description, ref FROM ledger"
    " WHERE account_id = ?1 AND at >= ?2 AND at < ?3"
    "   AND (?4 IS NULL OR at < ?4 OR (at = ?4 AND seq < ?5))"
    " ORDER BY at DESC, seq DESC LIMIT ?6", error);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_ledger_line_free);
  int rc;

  if (stmt == NULL)
    return NULL;

  mc_store_bind_text (stmt, 1, account_id);
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, to);
  if (after != NULL)
    {
      sqlite3_bind_int64 (stmt, 4, after->at);
      sqlite3_bind_int64 (stmt, 5, after->seq);
    }
  sqlite3_bind_int64 (stmt, 6, limit);

  while ((rc = mc_store_step (self, stmt, error)) == SQLITE_ROW)
    {
      McLedgerLine *line = g_new0 (McLedgerLine, 1);

      line->seq = sqlite3_column_int64 (stmt, 0);
      line->id = mc_store_column_dup (stmt, 1);
      line->account_id = mc_store_column_dup (stmt, 2);
      line->at = sqlite3_column_int64 (stmt, 3);
      line->kind = mc_store_column_dup (stmt, 4);
      line->amount = sqlite3_column_int64 (stmt, 5);
      line->balance_after = sqlite3_column_int64 (stmt, 6);
      line->description = mc_store_column_dup (stmt, 7);
      line->ref = mc_store_column_dup (stmt, 8);
      g_ptr_array_add (lines, line);
    }

  return rc == SQLITE_DONE ? g_steal_pointer (&lines) : NULL;
}

gboolean
mc_store_ledger_has_recharge (McStore     *self,
                              const char  *payment_id,
                              gboolean    *out_found,
                              GError     **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "SELECT 1 FROM ledger WHERE kind = 'recharge' AND ref = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  mc_store_bind_text (stmt, 1, payment_id);
  rc = mc_store_step (self, stmt, error);
  if (rc < 0)
    return FALSE;

  *out_found = (rc == SQLITE_ROW);
  return TRUE;
}

/* Payments */

static const char * const payment_status_names[] = {
  [MC_PAYMENT_PENDING] = "pending",
  [MC_PAYMENT_COMPLETED] = "completed",
  [MC_PAYMENT_FAILED] = "failed",
  [MC_PAYMENT_CANCELLED] = "cancelled",
  [MC_PAYMENT_EXPIRED] = "expired",
};

const char *
mc_payment_status_to_string (McPaymentStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (payment_status_names), NULL);

  return payment_status_names[status];
}

gboolean
mc_payment_status_from_string (const char      *text,
                               McPaymentStatus *out)
{
  guint value;

  if (!mc_store_lookup_name (payment_status_names, G_N_ELEMENTS (payment_status_names), text, &value))
    return FALSE;

  *out = (McPaymentStatus) value;
  return TRUE;
}

void
mc_payment_free (McPayment *payment)
{
  if (payment == NULL)
    return;

  g_free (payment->id);
  g_free (payment->account_id);
  g_free (payment->checkout_token);
  g_free (payment);
}

#define PAYMENT_COLUMNS \
  "seq, id, account_id, status, currency, amount, tax, total, checkout_token," \
  " created_at, expires_at, completed_at, pending_notified"

static McPayment *
payment_from_row (sqlite3_stmt *stmt)
{
  McPayment *payment = g_new0 (McPayment, 1);

  payment->seq = sqlite3_column_int64 (stmt, 0);
  payment->id = mc_store_column_dup (stmt, 1);
  payment->account_id = mc_store_column_dup (stmt, 2);
  if (!mc_payment_status_from_string ((const char *) sqlite3_column_text (stmt, 3), &payment->status))
    payment->status = MC_PAYMENT_FAILED;
  payment->currency = mc_currency_from_code ((const char *) sqlite3_column_text (stmt, 4));
  payment->amount = sqlite3_column_int64 (stmt, 5);
  payment->tax = sqlite3_column_int64 (stmt, 6);
  payment->total = sqlite3_column_int64 (stmt, 7);
  payment->checkout_token = mc_store_column_dup (stmt, 8);
  payment->created_at = sqlite3_column_int64 (stmt, 9);
  payment->expires_at = sqlite3_column_int64 (stmt, 10);
  payment->completed_at = sqlite3_column_int64 (stmt, 11);
  payment->pending_notified = sqlite3_column_int (stmt, 12) != 0;

  return payment;
}

gboolean
mc_store_payment_insert (McStore          *self,
                         const McPayment  *payment,
                         GError          **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "INSERT INTO payments (id, account_id, status, currency, amount, tax, total, checkout_token,"
    " created_at, expires_at, completed_at, pending_notified)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;

  mc_store_bind_text (stmt, 1, payment->id);
  mc_store_bind_text (stmt, 2, payment->account_id);
  mc_store_bind_text (stmt, 3, mc_payment_status_to_string (payment->status));
  mc_store_bind_text (stmt, 4, mc_currency_to_code (payment->currency));
  sqlite3_bind_int64 (stmt, 5, payment->amount);
  sqlite3_bind_int64 (stmt, 6, payment->tax);
  sqlite3_bind_int64 (stmt, 7, payment->total);
  mc_store_bind_text (stmt, 8, payment->checkout_token);
  sqlite3_bind_int64 (stmt, 9, payment->created_at);
  sqlite3_bind_int64 (stmt, 10, payment->expires_at);
  if (payment->completed_at != 0)
    sqlite3_bind_int64 (stmt, 11, payment->completed_at);
  sqlite3_bind_int (stmt, 12, payment->pending_notified ? 1 : 0);

  return mc_store_step_done (self, stmt, error);
}

McPayment *
mc_store_payment_get (McStore     *self,
                      const char  *account_id,
                      const char  *id,
                      GError     **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "SELECT " PAYMENT_COLUMNS " FROM payments WHERE id = ?1 AND (?2 IS NULL OR account_id = ?2)", error);

  if (stmt == NULL)
    return NULL;

  mc_store_bind_text (stmt, 1, id);
  mc_store_bind_text (stmt, 2, account_id);
  if (mc_store_step (self, stmt, error) != SQLITE_ROW)
    return NULL;

  return payment_from_row (stmt);
}

McPayment *
mc_store_payment_by_checkout_token (McStore     *self,
                                    const char  *token,
                                    GError     **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "SELECT " PAYMENT_COLUMNS " FROM payments WHERE checkout_token = ?", error);

  if (stmt == NULL)
    return NULL;

  mc_store_bind_text (stmt, 1, token);
  if (mc_store_step (self, stmt, error) != SQLITE_ROW)
    return NULL;

  return payment_from_row (stmt);
}

gboolean
mc_store_payment_update (McStore          *self,
                         const McPayment  *payment,
                         GError          **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "UPDATE payments SET status = ?, completed_at = ?, pending_notified = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;

  mc_store_bind_text (stmt, 1, mc_payment_status_to_string (payment->status));
  if (payment->completed_at != 0)
    sqlite3_bind_int64 (stmt, 2, payment->completed_at);
  sqlite3_bind_int (stmt, 3, payment->pending_notified ? 1 : 0);
  mc_store_bind_text (stmt, 4, payment->id);

  return update_one (self, stmt, error);
}

static GPtrArray *
payments_from_stmt (McStore       *self,
                    sqlite3_stmt  *stmt,
                    GError       **error)
{
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_payment_free);
  int rc;

  while ((rc = mc_store_step (self, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (payments, payment_from_row (stmt));

  return rc == SQLITE_DONE ? g_steal_pointer (&payments) : NULL;
}

GPtrArray *
mc_store_payment_list (McStore               *self,
                       const char            *account_id,
                       const McPaymentStatus *status,
                       const McStoreCursor   *after,
                       guint                  limit,
                       GError               **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "SELECT " PAYMENT_COLUMNS " FROM payments"
    " WHERE account_id = ?1 AND (?2 IS NULL OR status = ?2)"
    "   AND (?3 IS NULL OR created_at < ?3 OR (created_at = ?3 AND seq < ?4))"
    " ORDER BY created_at DESC, seq DESC LIMIT ?5", error);

  if (stmt == NULL)
    return NULL;

  mc_store_bind_text (stmt, 1, account_id);
  mc_store_bind_text (stmt, 2, status ? mc_payment_status_to_string (*status) : NULL);
  if (after != NULL)
    {
      sqlite3_bind_int64 (stmt, 3, after->at);
      sqlite3_bind_int64 (stmt, 4, after->seq);
    }
  sqlite3_bind_int64 (stmt, 5, limit);

  return payments_from_stmt (self, stmt, error);
}

gboolean
mc_store_payment_count_pending (McStore     *self,
                                const char  *account_id,
                                gint64      *out_count,
                                GError     **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "SELECT count (*) FROM payments WHERE account_id = ? AND status = 'pending'", error);

  if (stmt == NULL)
    return FALSE;

  mc_store_bind_text (stmt, 1, account_id);
  if (mc_store_step (self, stmt, error) != SQLITE_ROW)
    return FALSE;

  *out_count = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

GPtrArray *
mc_store_payment_list_due (McStore  *self,
                           gint64    now,
                           gint64    pending_notice_age,
                           guint     limit,
                           GError  **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "SELECT " PAYMENT_COLUMNS " FROM payments"
    " WHERE status = 'pending' AND (expires_at <= ?1 OR (pending_notified = 0 AND created_at <= ?1 - ?2))"
    " ORDER BY seq LIMIT ?3", error);

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, pending_notice_age);
  sqlite3_bind_int64 (stmt, 3, limit);

  return payments_from_stmt (self, stmt, error);
}

gboolean
mc_store_payment_next_due (McStore  *self,
                           gint64    pending_notice_age,
                           gint64   *out_when,
                           GError  **error)
{
  /* Two indexed minimums rather than one scan of every pending payment. */
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "SELECT (SELECT min (expires_at) FROM payments WHERE status = 'pending'),"
    "       (SELECT min (created_at) FROM payments WHERE status = 'pending' AND pending_notified = 0)",
    error);
  gint64 when = G_MAXINT64;

  if (stmt == NULL)
    return FALSE;

  if (mc_store_step (self, stmt, error) != SQLITE_ROW)
    return FALSE;

  if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    when = sqlite3_column_int64 (stmt, 0);
  if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
    when = MIN (when, sqlite3_column_int64 (stmt, 1) + pending_notice_age);

  *out_when = when;
  return TRUE;
}

/* Idempotency keys */

gboolean
mc_store_idempotency_get (McStore     *self,
                          const char  *account_id,
                          const char  *scope,
                          const char  *key,
                          gint64       not_before,
                          char       **out_fingerprint,
                          char       **out_object_id,
                          GError     **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "SELECT fingerprint, object_id FROM idempotency_keys"
    " WHERE account_id = ? AND scope = ? AND key = ? AND created_at >= ?", error);
  int rc;

  *out_fingerprint = NULL;
  *out_object_id = NULL;

  if (stmt == NULL)
    return FALSE;

  mc_store_bind_text (stmt, 1, account_id);
  mc_store_bind_text (stmt, 2, scope);
  mc_store_bind_text (stmt, 3, key);
  sqlite3_bind_int64 (stmt, 4, not_before);

  rc = mc_store_step (self, stmt, error);
  if (rc < 0)
    return FALSE;

  if (rc == SQLITE_ROW)
    {
      *out_fingerprint = mc_store_column_dup (stmt, 0);
      *out_object_id = mc_store_column_dup (stmt, 1);
    }

  return TRUE;
}

gboolean
mc_store_idempotency_put (McStore     *self,
                          const char  *account_id,
                          const char  *scope,
                          const char  *key,
                          const char  *fingerprint,
                          const char  *object_id,
                          gint64       created_at,
                          GError     **error)
{
  /* An expired key may be used again: the new use replaces the old one. */
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "INSERT OR REPLACE INTO idempotency_keys (account_id, scope, key, fingerprint, object_id, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;

  mc_store_bind_text (stmt, 1, account_id);
  mc_store_bind_text (stmt, 2, scope);
  mc_store_bind_text (stmt, 3, key);
  mc_store_bind_text (stmt, 4, fingerprint);
  mc_store_bind_text (stmt, 5, object_id);
  sqlite3_bind_int64 (stmt, 6, created_at);

  return mc_store_step_done (self, stmt, error);
}

gboolean
mc_store_idempotency_prune (McStore  *self,
                            gint64    before,
                            GError  **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "DELETE FROM idempotency_keys WHERE created_at < ?", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, before);
  return mc_store_step_done (self, stmt, error);
}

/* Notifications */

void
mc_notification_free (McNotification *notification)
{
  if (notification == NULL)
    return;

  g_free (notification->id);
  g_free (notification->account_id);
  g_free (notification->kind);
  g_free (notification->title);
  g_free (notification->body);
  g_free (notification->ref);
  g_free (notification);
}

#define NOTIFICATION_COLUMNS "seq, id, account_id, at, kind, title, body, read, ref"

static McNotification *
notification_from_row (sqlite3_stmt *stmt)
{
  McNotification *n = g_new0 (McNotification, 1);

  n->seq = sqlite3_column_int64 (stmt, 0);
  n->id = mc_store_column_dup (stmt, 1);
  n->account_id = mc_store_column_dup (stmt, 2);
  n->at = sqlite3_column_int64 (stmt, 3);
  n->kind = mc_store_column_dup (stmt, 4);
  n->title = mc_store_column_dup (stmt, 5);
  n->body = mc_store_column_dup (stmt, 6);
  n->read = sqlite3_column_int (stmt, 7) != 0;
  n->ref = mc_store_column_dup (stmt, 8);

  return n;
}

gboolean
mc_store_notification_insert (McStore               *self,
                              const McNotification  *n,
                              GError               **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "INSERT INTO notifications (id, account_id, at, kind, title, body, read, ref)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;

  mc_store_bind_text (stmt, 1, n->id);
  mc_store_bind_text (stmt, 2, n->account_id);
  sqlite3_bind_int64 (stmt, 3, n->at);
  mc_store_bind_text (stmt, 4, n->kind);
  mc_store_bind_text (stmt, 5, n->title);
  mc_store_bind_text (stmt, 6, n->body);
  sqlite3_bind_int (stmt, 7, n->read ? 1 : 0);
  mc_store_bind_text (stmt, 8, n->ref);

  return mc_store_step_done (self, stmt, error);
}

McNotification *
mc_store_notification_get (McStore     *self,
                           const char  *account_id,
                           const char  *id,
                           GError     **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "SELECT " NOTIFICATION_COLUMNS " FROM notifications WHERE id = ? AND account_id = ?", error);

  if (stmt == NULL)
    return NULL;

  mc_store_bind_text (stmt, 1, id);
  mc_store_bind_text (stmt, 2, account_id);
  if (mc_store_step (self, stmt, error) != SQLITE_ROW)
    return NULL;

  return notification_from_row (stmt);
}

gboolean
mc_store_notification_mark_read (McStore     *self,
                                 const char  *account_id,
                                 const char  *id,
                                 GError     **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "UPDATE notifications SET read = 1 WHERE id = ? AND account_id = ?", error);

  if (stmt == NULL)
    return FALSE;

  mc_store_bind_text (stmt, 1, id);
  mc_store_bind_text (stmt, 2, account_id);

  return update_one (self, stmt, error);
}

GPtrArray *
mc_store_notification_list (McStore              *self,
                            const char           *account_id,
                            gboolean              unread_only,
                            const McStoreCursor  *after,
                            guint                 limit,
                            GError              **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "SELECT " NOTIFICATION_COLUMNS " FROM notifications"
    " WHERE account_id = ?1 AND (?2 = 0 OR read = 0)"
    "   AND (?3 IS NULL OR at < ?3 OR (at = ?3 AND seq < ?4))"
    " ORDER BY at DESC, seq DESC LIMIT ?5", error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_notification_free);
  int rc;

  if (stmt == NULL)
    return NULL;

  mc_store_bind_text (stmt, 1, account_id);
  sqlite3_bind_int (stmt, 2, unread_only ? 1 : 0);
  if (after != NULL)
    {
      sqlite3_bind_int64 (stmt, 3, after->at);
      sqlite3_bind_int64 (stmt, 4, after->seq);
    }
  sqlite3_bind_int64 (stmt, 5, limit);

  while ((rc = mc_store_step (self, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (list, notification_from_row (stmt));

  return rc == SQLITE_DONE ? g_steal_pointer (&list) : NULL;
}

/* Outbox */

void
mc_outbox_message_free (McOutboxMessage *message)
{
  if (message == NULL)
    return;

  g_free (message->message_id);
  g_free (message->account_id);
  g_free (message->kind);
  g_free (message->recipient);
  g_free (message->subject);
  g_free (message->body);
  g_free (message);
}

gboolean
mc_store_outbox_insert (McStore                *self,
                        const McOutboxMessage  *m,
                        GError                **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "INSERT INTO outbox (message_id, account_id, kind, recipient, subject, body, created_at,"
    " attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)", error);

  if (stmt == NULL)
    return FALSE;

  mc_store_bind_text (stmt, 1, m->message_id);
  mc_store_bind_text (stmt, 2, m->account_id);
  mc_store_bind_text (stmt, 3, m->kind);
  mc_store_bind_text (stmt, 4, m->recipient);
  mc_store_bind_text (stmt, 5, m->subject);
  mc_store_bind_text (stmt, 6, m->body);
  sqlite3_bind_int64 (stmt, 7, m->created_at);
  sqlite3_bind_int64 (stmt, 8, m->next_attempt_at);

  return mc_store_step_done (self, stmt, error);
}

GPtrArray *
mc_store_outbox_list_due (McStore  *self,
                          gint64    now,
                          guint     limit,
                          GError  **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "SELECT seq, message_id, account_id, kind, recipient, subject, body, created_at, attempts,"
    " next_attempt_at FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= ? ORDER BY seq LIMIT ?",
    error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_outbox_message_free);
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, limit);

  while ((rc = mc_store_step (self, stmt, error)) == SQLITE_ROW)
    {
      McOutboxMessage *m = g_new0 (McOutboxMessage, 1);

      m->seq = sqlite3_column_int64 (stmt, 0);
      m->message_id = mc_store_column_dup (stmt, 1);
      m->account_id = mc_store_column_dup (stmt, 2);
      m->kind = mc_store_column_dup (stmt, 3);
      m->recipient = mc_store_column_dup (stmt, 4);
      m->subject = mc_store_column_dup (stmt, 5);
      m->body = mc_store_column_dup (stmt, 6);
      m->created_at = sqlite3_column_int64 (stmt, 7);
      m->attempts = sqlite3_column_int64 (stmt, 8);
      m->next_attempt_at = sqlite3_column_int64 (stmt, 9);
      g_ptr_array_add (list, m);
    }

  return rc == SQLITE_DONE ? g_steal_pointer (&list) : NULL;
}

gboolean
mc_store_outbox_next_due (McStore  *self,
                          gint64   *out_when,
                          GError  **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "SELECT min (next_attempt_at) FROM outbox WHERE sent_at IS NULL", error);

  if (stmt == NULL)
    return FALSE;

  if (mc_store_step (self, stmt, error) != SQLITE_ROW)
    return FALSE;

  *out_when = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? G_MAXINT64 : sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

gboolean
mc_store_outbox_mark_sent (McStore  *self,
                           gint64    seq,
                           gint64    at,
                           GError  **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "UPDATE outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL"
    " WHERE seq = ? AND sent_at IS NULL", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, at);
  sqlite3_bind_int64 (stmt, 2, seq);

  return mc_store_step_done (self, stmt, error);
}

gboolean
mc_store_outbox_mark_failed (McStore     *self,
                             gint64       seq,
                             gint64       next_attempt_at,
                             const char  *reason,
                             GError     **error)
{
  g_auto(McStoreStmt) stmt = mc_store_prepare (self,
    "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?"
    " WHERE seq = ? AND sent_at IS NULL", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, next_attempt_at);
  mc_store_bind_text (stmt, 2, reason);
  sqlite3_bind_int64 (stmt, 3, seq);

  return mc_store_step_done (self, stmt, error);
}
