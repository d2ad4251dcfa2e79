/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "mc-conversations.h"
#include "mc-core.h"
#include "mc-export.h"
#include "mc-objects.h"
#include "mc-store-usage.h"

/* Rows per piece of the body: about 100 KiB, made in about a millisecond,
 * so the main loop goes back to other requests between pieces. */
#define PAGE_ROWS 1000
/* Days per piece of a daily export (three rows each). */
#define PAGE_DAYS 62

#define RUNNING_KEY "mc-export-running"

typedef enum
{
  KIND_CONVERSATIONS,
  KIND_DAILY,
  KIND_TRANSACTIONS,
} Kind;

static const struct
{
  const char *name;
  const char *file_prefix;
  const char *header;
} kinds[] = {
  [KIND_CONVERSATIONS] = { "conversations", "conversations",
                           "conversation_id,started_at,category,wa_id,cost,currency\r\n" },
  [KIND_DAILY] = { "daily", "conversations-daily",
                   "date,category,count,cost,currency\r\n" },
  [KIND_TRANSACTIONS] = { "transactions", "transactions",
                          "transaction_id,at,kind,amount,balance_after,description,ref,currency\r\n" },
};

typedef struct
{
  gint64 units;
  char   text[32];
} MoneyText;

typedef struct
{
  McService  *service;
  GHashTable *running;     /* account id → exports running; shared, one ref each */
  char       *account_id;
  Kind        kind;
  const char *currency;

  /* The range: instants [from_at, to_at) and days [from, to]. */
  gint64      from_at;
  gint64      to_at;
  GDate       next_day;
  GDate       to;

  gint64      max_seq;     /* the snapshot: rows inserted later are left out */
  gint64      after_at;    /* keyset: the last row written */
  gint64      after_seq;
  gboolean    header_done;
  gboolean    done;

  GString    *out;

  /* Rows come in time order with a handful of distinct costs: format the
   * date part of a time once per day, and each cost once. */
  gint64      cached_day;
  char        day_prefix[12];
  MoneyText   money[8];
  guint       money_next;
} Export;

static GHashTable *
running_table (McService *service)
{
  GHashTable *running = mc_service_get_data (service, RUNNING_KEY);

  if (running == NULL)
    {
      running = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      mc_service_set_data (service, RUNNING_KEY, running, (GDestroyNotify) g_hash_table_unref);
    }

  return running;
}

static void
export_free (Export *e)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (e->running, e->account_id));

  /* The slot is given back however the download ends: complete, failed or
   * abandoned by the client. */
  if (count <= 1)
    g_hash_table_remove (e->running, e->account_id);
  else
    g_hash_table_replace (e->running, g_strdup (e->account_id), GUINT_TO_POINTER (count - 1));

  g_hash_table_unref (e->running);
  g_free (e->account_id);
  g_string_free (e->out, TRUE);
  g_free (e);
}

static const char *
money_text (Export *e,
            gint64  units)
{
  g_autofree char *text = NULL;
  MoneyText *slot;

  for (guint i = 0; i < G_N_ELEMENTS (e->money); i++)
    if (e->money[i].text[0] != '\0' && e->money[i].units == units)
      return e->money[i].text;

  text = mc_money_to_string (units);
  slot = &e->money[e->money_next];
  e->money_next = (e->money_next + 1) % G_N_ELEMENTS (e->money);
  slot->units = units;
  g_strlcpy (slot->text, text, sizeof slot->text);

  return slot->text;
}

static void
append_two (char  *out,
            gint64 value)
{
  out[0] = (char) ('0' + value / 10);
  out[1] = (char) ('0' + value % 10);
}

/* The time as mc_time_format_unix() writes it, the date part cached per day. */
static void
append_time (Export *e,
             gint64  at)
{
  gint64 day = at >= 0 ? at / 86400 : (at - 86399) / 86400;
  gint64 seconds = at - day * 86400;
  char clock[10];

  if (day != e->cached_day || e->day_prefix[0] == '\0')
    {
      g_autofree char *full = mc_time_format_unix (day * 86400);

      /* "2026-11-26T" of "2026-11-26T00:00:00Z" */
      g_strlcpy (e->day_prefix, full, MIN (sizeof e->day_prefix, strlen (full) - 8));
      e->cached_day = day;
    }

  append_two (clock, seconds / 3600);
  clock[2] = ':';
  append_two (clock + 3, seconds / 60 % 60);
  clock[5] = ':';
  append_two (clock + 6, seconds % 60);
  clock[8] = 'Z';
  clock[9] = '\0';

  g_string_append (e->out, e->day_prefix);
  g_string_append_len (e->out, clock, 9);
}

static void
cell (Export     *e,
      const char *text,
      McCsvCell   kind)
{
  mc_csv_append_cell (e->out, text, kind);
  g_string_append_c (e->out, ',');
}

static void
end_row (Export *e)
{
  mc_csv_append_cell (e->out, e->currency, MC_CSV_VALUE);
  g_string_append_len (e->out, "\r\n", 2);
}

static void
conversation_row_cb (const McConversationRow *row,
                     gpointer                 user_data)
{
  Export *e = user_data;

  cell (e, row->id, MC_CSV_VALUE);
  append_time (e, row->started_at);
  g_string_append_c (e->out, ',');
  cell (e, row->category, MC_CSV_VALUE);
  cell (e, row->wa_id, MC_CSV_VALUE);
  cell (e, money_text (e, row->cost), MC_CSV_VALUE);
  end_row (e);

  e->after_at = row->started_at;
  e->after_seq = row->seq;
}

static void
ledger_row_cb (const McLedgerRow *row,
               gpointer           user_data)
{
  Export *e = user_data;
  g_autofree char *amount = mc_money_to_string (row->amount);
  g_autofree char *balance = mc_money_to_string (row->balance_after);

  cell (e, row->id, MC_CSV_VALUE);
  append_time (e, row->at);
  g_string_append_c (e->out, ',');
  cell (e, row->kind, MC_CSV_VALUE);
  cell (e, amount, MC_CSV_VALUE);
  cell (e, balance, MC_CSV_VALUE);
  /* The one free-text column: a broadcast's name, an operator's reason. */
  cell (e, row->description, MC_CSV_TEXT);
  cell (e, row->ref, MC_CSV_VALUE);
  end_row (e);

  e->after_at = row->at;
  e->after_seq = row->seq;
}

static gboolean
produce_daily (Export  *e,
               GError **error)
{
  g_autoptr(GArray) cells = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  GDate end = e->next_day;
  guint next_cell = 0;

  g_date_add_days (&end, PAGE_DAYS - 1);
  if (g_date_compare (&end, &e->to) > 0)
    end = e->to;

  first = mc_date_to_string (&e->next_day);
  last = mc_date_to_string (&end);
  cells = mc_store_usage_list (mc_service_get_store (e->service), e->account_id, first, last, error);
  if (cells == NULL)
    return FALSE;

  for (GDate day = e->next_day; g_date_compare (&day, &end) <= 0; g_date_add_days (&day, 1))
    {
      g_autofree char *date = mc_date_to_string (&day);
      gint64 count[MC_N_CATEGORIES] = { 0 };
      gint64 cost[MC_N_CATEGORIES] = { 0 };

      /* Cells come ordered by day. */
      while (next_cell < cells->len &&
             strcmp (g_array_index (cells, McUsageDay, next_cell).day, date) <= 0)
        {
          const McUsageDay *c = &g_array_index (cells, McUsageDay, next_cell++);

          if (strcmp (c->day, date) == 0)
            {
              count[c->category] += c->count;
              cost[c->category] += c->cost;
            }
        }

      for (guint i = 0; i < MC_N_CATEGORIES; i++)
        {
          char number[24];

          g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, count[i]);
          cell (e, date, MC_CSV_VALUE);
          cell (e, mc_category_to_string ((McCategory) i), MC_CSV_VALUE);
          cell (e, number, MC_CSV_VALUE);
          cell (e, money_text (e, cost[i]), MC_CSV_VALUE);
          end_row (e);
        }
    }

  e->next_day = end;
  g_date_add_days (&e->next_day, 1);
  e->done = g_date_compare (&e->next_day, &e->to) > 0;

  return TRUE;
}

static gboolean
export_produce (gpointer     user_data,
                GByteArray  *chunk,
                GError     **error)
{
  Export *e = user_data;
  McStore *store = mc_service_get_store (e->service);
  guint rows = 0;
  gboolean ok = TRUE;

  if (e->done)
    return TRUE;  /* nothing more: the body is complete */

  g_string_truncate (e->out, 0);
  if (!e->header_done)
    {
      g_string_append (e->out, kinds[e->kind].header);
      e->header_done = TRUE;
    }

  switch (e->kind)
    {
    case KIND_CONVERSATIONS:
      ok = mc_store_conversation_page (store, e->account_id, e->from_at, e->to_at, e->max_seq,
                                       e->after_at, e->after_seq, PAGE_ROWS,
                                       conversation_row_cb, e, &rows, error);
      e->done = rows < PAGE_ROWS;
      break;

    case KIND_TRANSACTIONS:
      ok = mc_store_ledger_page (store, e->account_id, e->from_at, e->to_at, e->max_seq,
                                 e->after_at, e->after_seq, PAGE_ROWS,
                                 ledger_row_cb, e, &rows, error);
      e->done = rows < PAGE_ROWS;
      break;

    case KIND_DAILY:
      ok = produce_daily (e, error);
      break;

    default:
      g_assert_not_reached ();
    }

  if (!ok)
    return FALSE;

  g_byte_array_append (chunk, (const guint8 *) e->out->str, e->out->len);

  /* Keep the buffer's memory bounded by one page. */
  if (e->out->allocated_len > 1024 * 1024)
    {
      g_string_free (e->out, TRUE);
      e->out = g_string_sized_new (128 * 1024);
    }

  return TRUE;
}

void
mc_export_handle (McService  *service,
                  McRequest  *req,
                  McResponse *res)
{
  McStore *store = mc_service_get_store (service);
  const char *kind_text = mc_request_get_query (req, "kind");
  g_autoptr(McAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *disposition = NULL;
  GHashTable *running;
  Export *e;
  Kind kind = KIND_CONVERSATIONS;
  GDate from, to, after;
  gint64 max_seq = 0;
  guint count;
  gboolean found = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (kind_text == NULL || strcmp (kind_text, kinds[i].name) == 0)
        {
          kind = (Kind) i;
          found = TRUE;
          break;
        }
    }
  if (!found)
    {
      mc_response_error (res, 400, "invalid_request", "kind",
                         "“kind” must be conversations, daily or transactions.");
      return;
    }

  if (!mc_report_range_read (service, req, res, &account, &from, &to))
    return;

  running = running_table (service);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (running, account->id));
  if (count >= MC_EXPORTS_PER_ACCOUNT)
    {
      mc_response_error (res, 429, "too_many_requests", NULL,
                         "Two exports are already running for this account; try again when one has finished.");
      soup_message_headers_replace (res->headers, "Retry-After", "5");
      return;
    }

  if (kind != KIND_DAILY &&
      !mc_store_max_seq (store, kind == KIND_CONVERSATIONS ? "conversations" : "ledger", &max_seq, &error))
    {
      mc_service_internal_error (res, error);
      return;
    }

  e = g_new0 (Export, 1);
  e->service = service;
  e->running = g_hash_table_ref (running);
  e->account_id = g_strdup (account->id);
  e->kind = kind;
  e->currency = mc_currency_to_code (account->currency);
  e->next_day = from;
  e->to = to;
  after = to;
  g_date_add_days (&after, 1);
  e->from_at = mc_account_day_start (account, &from);
  e->to_at = mc_account_day_start (account, &after);
  e->max_seq = max_seq;
  e->after_at = G_MININT64;
  e->after_seq = -1;
  e->out = g_string_sized_new (128 * 1024);
  g_hash_table_replace (running, g_strdup (account->id), GUINT_TO_POINTER (count + 1));

  from_text = mc_date_to_string (&from);
  to_text = mc_date_to_string (&to);
  disposition = g_strdup_printf ("attachment; filename=\"%s-%s-to-%s.csv\"",
                                 kinds[kind].file_prefix, from_text, to_text);

  mc_response_set_stream (res, 200, "text/csv; charset=utf-8", export_produce, e, (GDestroyNotify) export_free);
  soup_message_headers_replace (res->headers, "Content-Disposition", disposition);
  soup_message_headers_replace (res->headers, "Cache-Control", "no-store");
  soup_message_headers_replace (res->headers, "X-Content-Type-Options", "nosniff");
}
