/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-store.h"

G_BEGIN_DECLS

/*
 * The store's second half (schema version 2): conversations and their
 * per-day rollup, broadcasts and support tickets. As with mc-store.h, every
 * SQL statement lives in mc-store*.c; the rest of the service calls these
 * functions.
 */

/**
 * McCategory:
 * @MC_CATEGORY_FREE: a free conversation
 * @MC_CATEGORY_BUSINESS_INITIATED: opened by the business (templates, broadcasts)
 * @MC_CATEGORY_USER_INITIATED: opened by the customer
 *
 * A conversation's category, in api.md's order (reports and the daily
 * export list them in this order).
 */
typedef enum
{
  MC_CATEGORY_FREE,
  MC_CATEGORY_BUSINESS_INITIATED,
  MC_CATEGORY_USER_INITIATED,
} McCategory;

#define MC_N_CATEGORIES 3

/**
 * mc_category_to_string:
 *
 * Returns: (transfer none): `"free"`, `"business_initiated"` or `"user_initiated"`
 */
const char *mc_category_to_string   (McCategory   category);

/**
 * mc_category_from_string:
 * @text: (nullable): text from a request
 * @out: (out): the category
 *
 * Returns: %TRUE when @text names a category exactly
 */
gboolean    mc_category_from_string (const char  *text,
                                     McCategory  *out);

/**
 * mc_account_rate:
 *
 * Returns: the account's rate for @category, in 1/10,000 units
 */
gint64      mc_account_rate         (const McAccount *account,
                                     McCategory       category);

/**
 * McConversation:
 * @start_given: whether the request named `started_at` (a replay must
 *   match in this too)
 *
 * A conversation row. Money in 1/10,000 units.
 */
typedef struct
{
  char       *id;
  char       *account_id;
  char       *external_id;
  McCategory  category;
  char       *wa_id;
  gint64      started_at;
  gboolean    start_given;
  gint64      cost;
  gint64      created_at;
} McConversation;

void             mc_conversation_free             (McConversation *conversation);

gboolean         mc_store_conversation_insert     (McStore               *self,
                                                   const McConversation  *conversation,
                                                   GError               **error);

/**
 * mc_store_conversation_by_external_id:
 *
 * Returns: (transfer full) (nullable): the account's conversation with that
 *   `external_id`, or %NULL (with @error unset when there is none)
 */
McConversation  *mc_store_conversation_by_external_id (McStore           *self,
                                                   const char            *account_id,
                                                   const char            *external_id,
                                                   GError               **error);

/**
 * McConversationRow:
 *
 * One conversation as an export reads it. The strings belong to SQLite and
 * are valid only during the #McConversationRowFunc call.
 */
typedef struct
{
  gint64      seq;
  const char *id;
  gint64      started_at;
  const char *category;
  const char *wa_id;
  gint64      cost;
} McConversationRow;

typedef void (*McConversationRowFunc) (const McConversationRow *row,
                                       gpointer                 user_data);

/**
 * mc_store_conversation_page:
 * @self: the store (not in a transaction: the page is read in one short
 *   read transaction of its own)
 * @account_id: the account
 * @from: the first instant, inclusive
 * @to: the last instant, exclusive
 * @max_seq: only rows inserted up to this one (an export's snapshot)
 * @after_at: keyset: the `started_at` of the last row already read
 * @after_seq: keyset: its seq (-1 to start)
 * @limit: at most this many rows
 * @func: called for each row, oldest first
 * @user_data: for @func
 * @out_count: (out): how many rows @func saw
 * @error: a store error
 *
 * Reads the next page of an export by keyset pagination, so each page
 * costs the same however deep into the range it is.
 *
 * Returns: %TRUE on success
 */
gboolean         mc_store_conversation_page       (McStore               *self,
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
                                                   GError               **error);

/**
 * mc_store_max_seq:
 * @table: `"conversations"` or `"ledger"`
 * @out_seq: (out): the newest row's seq (0 for none)
 *
 * Where an export's snapshot ends: rows inserted after it started are left
 * out, so that a long download is consistent.
 */
gboolean         mc_store_max_seq                 (McStore               *self,
                                                   const char            *table,
                                                   gint64                *out_seq,
                                                   GError               **error);

/**
 * McLedgerRow:
 *
 * A ledger line as an export reads it; strings valid only during the call.
 */
typedef struct
{
  gint64      seq;
  const char *id;
  gint64      at;
  const char *kind;
  gint64      amount;
  gint64      balance_after;
  const char *description;
  const char *ref;
} McLedgerRow;

typedef void (*McLedgerRowFunc) (const McLedgerRow *row,
                                 gpointer           user_data);

/**
 * mc_store_ledger_page:
 *
 * As mc_store_conversation_page() for ledger lines (`at` in [@from, @to)).
 */
gboolean         mc_store_ledger_page             (McStore               *self,
                                                   const char            *account_id,
                                                   gint64                 from,
                                                   gint64                 to,
                                                   gint64                 max_seq,
                                                   gint64                 after_at,
                                                   gint64                 after_seq,
                                                   guint                  limit,
                                                   McLedgerRowFunc        func,
                                                   gpointer               user_data,
                                                   guint                 *out_count,
                                                   GError               **error);

/* The per-day rollup of conversations (account timezone). */

/**
 * McUsageDay:
 * @day: `YYYY-MM-DD` in the account's timezone
 *
 * One cell of the rollup: a day's conversations of one category.
 */
typedef struct
{
  char        day[11];
  McCategory  category;
  gint64      count;
  gint64      cost;
} McUsageDay;

/**
 * mc_store_usage_add:
 * @day: `YYYY-MM-DD` in the account's timezone
 * @count: conversations to add
 * @cost: their cost
 *
 * Adds to the rollup, in the caller's transaction (the same one that
 * records the conversations).
 */
gboolean         mc_store_usage_add               (McStore               *self,
                                                   const char            *account_id,
                                                   const char            *day,
                                                   McCategory             category,
                                                   gint64                 count,
                                                   gint64                 cost,
                                                   GError               **error);

/**
 * mc_store_usage_list:
 * @from_day: first day, `YYYY-MM-DD`, inclusive
 * @to_day: last day, inclusive
 *
 * Returns: (transfer full) (element-type McUsageDay) (nullable): the
 *   rollup's cells in the range, by day then category (days without
 *   conversations have none)
 */
GArray          *mc_store_usage_list              (McStore               *self,
                                                   const char            *account_id,
                                                   const char            *from_day,
                                                   const char            *to_day,
                                                   GError               **error);

/* Broadcasts */

typedef enum
{
  MC_BROADCAST_SCHEDULED,
  MC_BROADCAST_SENT,
  MC_BROADCAST_FAILED,
  MC_BROADCAST_CANCELLED,
} McBroadcastStatus;

const char *mc_broadcast_status_to_string   (McBroadcastStatus  status);
gboolean    mc_broadcast_status_from_string (const char        *text,
                                             McBroadcastStatus *out);

/**
 * McBroadcast:
 * @rate: the per-recipient rate it was estimated at
 * @sent_at: 0 until sent
 * @failure_reason: (nullable): `insufficient_credits` or `account_restricted`
 *   once failed
 */
typedef struct
{
  gint64             seq;
  char              *id;
  char              *account_id;
  char              *name;
  gint64             recipients;
  gint64             rate;
  gint64             estimated_cost;
  McBroadcastStatus  status;
  gint64             scheduled_at;
  gint64             sent_at;
  char              *failure_reason;
  gint64             created_at;
} McBroadcast;

void         mc_broadcast_free              (McBroadcast       *broadcast);

gboolean     mc_store_broadcast_insert      (McStore           *self,
                                             const McBroadcast *broadcast,
                                             GError           **error);

/**
 * mc_store_broadcast_get:
 * @account_id: (nullable): the owner, or %NULL for any
 *
 * Returns: (transfer full) (nullable): the broadcast, %NULL with @error
 *   unset when there is none
 */
McBroadcast *mc_store_broadcast_get         (McStore           *self,
                                             const char        *account_id,
                                             const char        *id,
                                             GError           **error);

/**
 * mc_store_broadcast_update:
 *
 * Writes @broadcast's status, sent_at and failure_reason.
 */
gboolean     mc_store_broadcast_update      (McStore           *self,
                                             const McBroadcast *broadcast,
                                             GError           **error);

GPtrArray   *mc_store_broadcast_list        (McStore                 *self,
                                             const char              *account_id,
                                             const McBroadcastStatus *status,
                                             const McStoreCursor     *after,
                                             guint                    limit,
                                             GError                 **error);

/**
 * mc_store_broadcast_list_due:
 *
 * Returns: (transfer full) (element-type McBroadcast) (nullable): scheduled
 *   broadcasts whose time is at or before @now, oldest first
 */
GPtrArray   *mc_store_broadcast_list_due    (McStore           *self,
                                             gint64             now,
                                             guint              limit,
                                             GError           **error);

/**
 * mc_store_broadcast_next_due:
 * @out_when: (out): the earliest `scheduled_at` of a scheduled broadcast,
 *   %G_MAXINT64 for none
 */
gboolean     mc_store_broadcast_next_due    (McStore           *self,
                                             gint64            *out_when,
                                             GError           **error);

/* Support tickets */

typedef struct
{
  gint64  seq;
  char   *id;
  char   *account_id;
  char   *subject;
  char   *body;
  char   *payment_id;
  char   *status;
  gint64  created_at;
} McTicket;

void         mc_ticket_free                 (McTicket          *ticket);

gboolean     mc_store_ticket_insert         (McStore           *self,
                                             const McTicket    *ticket,
                                             GError           **error);
GPtrArray   *mc_store_ticket_list           (McStore             *self,
                                             const char          *account_id,
                                             const McStoreCursor *after,
                                             guint                limit,
                                             GError             **error);

/* Operator and demo housekeeping */

/**
 * mc_store_bulk_ledger_begin:
 *
 * The bulk path (demo, benchmark seed) for ledger lines: they are staged
 * in a private temporary table (mc_store_bulk_ledger_add()) and moved to the
 * ledger many at a time by one statement (mc_store_bulk_ledger_flush()),
 * which SQLite runs far cheaper than one statement per line, because the
 * ledger's trigger makes each statement journal the pages it touches. The
 * trigger still moves the balance and checks every line's balance_after.
 */
gboolean     mc_store_bulk_ledger_begin     (McStore           *self,
                                             GError           **error);

/**
 * mc_store_bulk_ledger_add:
 * @line: a line; its account_id and kind are ignored (given to the flush)
 */
gboolean     mc_store_bulk_ledger_add       (McStore             *self,
                                             const McLedgerLine  *line,
                                             GError             **error);

/**
 * mc_store_bulk_conversation_add:
 * @conversation: a conversation; its account_id is ignored (given to the
 *   flush), start_given is taken as set and created_at as started_at
 *
 * Stages a conversation like a ledger line.
 */
gboolean     mc_store_bulk_conversation_add (McStore               *self,
                                             const McConversation  *conversation,
                                             GError               **error);

/**
 * mc_store_bulk_ledger_flush:
 *
 * Moves the staged conversations to @account_id's, and the staged lines,
 * in the order they were added, to its ledger as @kind lines.
 */
gboolean     mc_store_bulk_ledger_flush     (McStore           *self,
                                             const char        *account_id,
                                             const char        *kind,
                                             GError           **error);

/**
 * mc_store_set_cache_mib:
 * @mib: the page cache's size in MiB
 *
 * A large transaction (the demo, a benchmark's seed) that outgrows the page
 * cache spills pages to the WAL over and over; a cache that holds it
 * writes each page once, at the commit.
 */
gboolean     mc_store_set_cache_mib         (McStore           *self,
                                             guint              mib,
                                             GError           **error);

/**
 * mc_store_outbox_mark_history_sent:
 * @before: messages created before this instant
 *
 * Marks an account's queued e-mail as delivered at its creation time: for
 * generated history (the demo), whose e-mails belong to the past.
 */
gboolean     mc_store_outbox_mark_history_sent (McStore        *self,
                                             const char        *account_id,
                                             gint64             before,
                                             GError           **error);

/*
 * The migration of schema version 2, for the list in mc-store.c.
 */
extern const char mc_store_migration_usage[];

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McConversation, mc_conversation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McBroadcast, mc_broadcast_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McTicket, mc_ticket_free)

G_END_DECLS
