/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * For the store's own files (mc-store*.c) only: the SQLite handle, the
 * statement cache and the list of schema migrations. Nothing outside
 * mc-store*.c includes this header, so SQL stays in the store.
 */

#include <sqlite3.h>

#include "mc-store.h"

G_BEGIN_DECLS

/**
 * McStoreMigration:
 * @version: the `PRAGMA user_version` the database has once it has run
 * @summary: what it adds, for the log
 * @sql: the statements, run in one transaction
 *
 * One step of the schema. The list in mc-store.c is numbered 1, 2, 3, …
 * without gaps; a new feature appends an entry (with its SQL in its own
 * mc-store-*.c file) and never edits an old one, because databases out in
 * the world have already run it.
 */
typedef struct
{
  int         version;
  const char *summary;
  const char *sql;
} McStoreMigration;

typedef sqlite3_stmt *McStoreStmt;

/* g_auto(McStoreStmt) resets the statement when it goes out of scope, which
 * ends any read it holds open. */
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (McStoreStmt, sqlite3_reset, NULL)

/**
 * mc_store_prepare:
 * @self: the store
 * @sql: a constant SQL text with `?` parameters (never built from input)
 * @error: the SQLite error
 *
 * Returns: (transfer none) (nullable): the cached prepared statement,
 *   reset and with its bindings cleared
 */
sqlite3_stmt *mc_store_prepare        (McStore       *self,
                                       const char    *sql,
                                       GError       **error);

/**
 * mc_store_step:
 *
 * Returns: %SQLITE_ROW, %SQLITE_DONE, or -1 with @error set
 */
int           mc_store_step           (McStore       *self,
                                       sqlite3_stmt  *stmt,
                                       GError       **error);

/**
 * mc_store_step_done:
 *
 * Runs a statement that returns no rows.
 *
 * Returns: %TRUE when it ran to completion
 */
gboolean      mc_store_step_done      (McStore       *self,
                                       sqlite3_stmt  *stmt,
                                       GError       **error);

/**
 * mc_store_set_error:
 *
 * Turns the connection's last error into a #GError in %MC_STORE_ERROR.
 */
void          mc_store_set_error      (McStore       *self,
                                       int            rc,
                                       GError       **error);

void          mc_store_bind_text      (sqlite3_stmt  *stmt,
                                       int            index,
                                       const char    *text);
char         *mc_store_column_dup     (sqlite3_stmt  *stmt,
                                       int            column);

sqlite3      *mc_store_get_db         (McStore       *self);

/**
 * mc_store_lookup_name:
 * @names: an enum's names as stored, indexed by value
 * @n_names: how many
 * @text: (nullable): a stored name
 * @out: (out): its value
 *
 * Returns: %TRUE when @text is one of @names
 */
gboolean      mc_store_lookup_name    (const char * const *names,
                                       guint               n_names,
                                       const char         *text,
                                       guint              *out);

G_END_DECLS
