/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mc-accounts.h"
#include "mc-broadcasts.h"
#include "mc-clock.h"
#include "mc-conversations.h"
#include "mc-core.h"
#include "mc-demo.h"
#include "mc-ids.h"
#include "mc-ledger.h"
#include "mc-objects.h"
#include "mc-payments.h"
#include "mc-store-usage.h"

/*
 * The demo account and the benchmark's big account, written through one
 * bulk path: a single transaction (or a few large ones), the store's cached
 * prepared statements, ledger lines whose balance is carried along in C
 * and which are moved into the ledger thousands at a time (the database's
 * ledger trigger still checks every one), and the daily rollup added once
 * per day instead of once per conversation. Where a
 * debit crosses the low-balance threshold or zero, it goes through
 * mc_ledger_post() instead, so history gets exactly the notices the live
 * rules would have given.
 *
 * Everything random comes from one GRand with a fixed seed: the same
 * content every time, only ids, the token and dates relative to today
 * differ (and which days are weekends).
 */

#define SEED 20261126
#define MINUTE G_GINT64_CONSTANT (60)
#define HOUR (60 * MINUTE)
#define DAY (24 * HOUR)
#define UNITS(major) ((gint64) (major) * MC_MONEY_SCALE)

/* Conversations per hour of the (local) day, relative. */
static const guint hour_weights[24] = {
  2, 1, 1, 1, 1, 2, 4, 8, 14, 22, 28, 30, 28, 24, 22, 22, 24, 28, 30, 30, 26, 18, 10, 5,
};

#define CUSTOMERS 9000

/* Ledger lines staged before one statement moves them to the ledger. */
#define BATCH_ROWS 4000

typedef enum
{
  EVENT_PAYMENT,          /* a recharge is started (and, unless it completes, settled) */
  EVENT_PAYMENT_SETTLE,   /* a started recharge completes */
  EVENT_BROADCAST_SENT,
  EVENT_BROADCAST_FAILED,
  EVENT_BROADCAST_SCHEDULED,
} EventKind;

typedef enum
{
  OUTCOME_COMPLETE,
  OUTCOME_FAIL,
  OUTCOME_CANCEL,
  OUTCOME_EXPIRE,
} Outcome;

typedef struct
{
  gint64     at;
  EventKind  kind;
  Outcome    outcome;
  gint64     amount;
  gint64     settle_after;
  guint      payment;         /* EVENT_PAYMENT_SETTLE: index in Gen.payments */
  gboolean   then_broadcast;  /* EVENT_PAYMENT_SETTLE: send a broadcast a while later */
} Event;

/*
 * How the owner answers each low-balance notice: how long until a recharge,
 * how much, whether the card is declined first, whether a broadcast
 * follows. The second is answered only after nine hours, so history has a
 * short restricted spell too.
 */
static const struct
{
  gint64   delay;
  gint64   amount;
  gboolean declined_first;
  gboolean then_broadcast;
} answers[] = {
  { 2 * HOUR + 40 * MINUTE, UNITS (20000), TRUE, FALSE },
  { 9 * HOUR, UNITS (15000), FALSE, FALSE },
  { 1 * HOUR + 15 * MINUTE, UNITS (15000), FALSE, TRUE },
  { 2 * HOUR, UNITS (25000), FALSE, FALSE },
  { 1 * HOUR, UNITS (25000), FALSE, FALSE },
};

typedef struct
{
  McService   *service;
  McStore     *store;
  McAccount   *account;      /* refreshed after every non-bulk change */
  GRand       *rand;
  gint64       now;
  gboolean     answer_notices;
  guint        notices_answered;

  /* Per-day rollup being built. */
  char         day[11];
  gint64       day_count[MC_N_CATEGORIES];
  gint64       day_cost[MC_N_CATEGORIES];

  guint        pending_rows;   /* conversations staged, not yet written */

  GArray      *events;         /* in time order; run ones before next_event */
  guint        next_event;
  GPtrArray   *payments;

  guint64      conversations;
  guint64      refused;
} Gen;

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static gboolean
refresh_account (Gen     *gen,
                 GError **error)
{
  McAccount *account = mc_store_account_get (gen->store, gen->account->id, error);

  if (account == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_FAILED, "The demo account is gone");
      return FALSE;
    }

  mc_account_free (gen->account);
  gen->account = account;
  return TRUE;
}

/* A local time @days_ago days before today. */
static gint64
local_time (const McAccount *account,
            const GDate     *today,
            int              days_ago,
            int              hour,
            int              minute)
{
  GDate date = *today;

  if (days_ago >= 0)
    g_date_subtract_days (&date, (guint) days_ago);
  else
    g_date_add_days (&date, (guint) -days_ago);

  return mc_account_day_start (account, &date) + hour * HOUR + minute * MINUTE;
}

/* Inserts @event among those not run yet, in time order (after others at
 * the same instant). */
static void
add_event (Gen         *gen,
           const Event *event)
{
  guint pos = gen->next_event;

  while (pos < gen->events->len && g_array_index (gen->events, Event, pos).at <= event->at)
    pos++;
  g_array_insert_val (gen->events, pos, *event);
}

static void
add_recharge (Gen      *gen,
              gint64    at,
              gint64    amount,
              gint64    settle_after,
              Outcome   outcome,
              gboolean  then_broadcast)
{
  Event event = {
    .at = at,
    .kind = EVENT_PAYMENT,
    .outcome = outcome,
    .amount = amount,
    .settle_after = settle_after,
    .then_broadcast = then_broadcast,
  };

  add_event (gen, &event);
}

/* The owner answers a low-balance notice with a recharge a while later;
 * none is started in the last half hour, where the demo's own pending one
 * must stay the newest. */
static void
answer_notice (Gen    *gen,
               gint64  at)
{
  guint k = gen->notices_answered++;
  gint64 when;

  if (!gen->answer_notices || k >= G_N_ELEMENTS (answers))
    return;

  when = at + answers[k].delay;
  if (when > gen->now - 30 * MINUTE)
    return;

  if (answers[k].declined_first)
    {
      add_recharge (gen, when, answers[k].amount, 4 * MINUTE, OUTCOME_FAIL, FALSE);
      when += 25 * MINUTE;
    }
  add_recharge (gen, when, answers[k].amount, 3 * MINUTE, OUTCOME_COMPLETE, answers[k].then_broadcast);
}

/* Rounds @count up to a multiple of @step. */
static gint64
round_up (gint64 count,
          gint64 step)
{
  return (count + step - 1) / step * step;
}

/* Writes the rows gathered so far: before anything else reads the ledger. */
static gboolean
flush_rows (Gen     *gen,
            GError **error)
{
  if (gen->pending_rows > 0 &&
      !mc_store_bulk_ledger_flush (gen->store, gen->account->id, "conversation", error))
    return FALSE;

  gen->pending_rows = 0;
  return TRUE;
}

static gboolean
run_event (Gen          *gen,
           const Event  *event,
           GError      **error)
{
  McAccount *account = gen->account;
  g_autoptr(McBroadcast) broadcast = NULL;
  gint64 rate = MAX (account->rate_business_initiated, 1);
  gboolean ok = TRUE;

  switch (event->kind)
    {
    case EVENT_PAYMENT:
      {
        McPayment *payment = NULL;
        gint64 settled = event->at + event->settle_after;

        if (!mc_payments_create (gen->service, account, event->amount, event->at, &payment, error))
          return FALSE;
        g_ptr_array_add (gen->payments, payment);

        switch (event->outcome)
          {
          case OUTCOME_COMPLETE:
            {
              Event settle = {
                .at = settled,
                .kind = EVENT_PAYMENT_SETTLE,
                .payment = gen->payments->len - 1,
                .then_broadcast = event->then_broadcast,
              };

              add_event (gen, &settle);
            }
            break;
          case OUTCOME_FAIL:
            ok = mc_payments_fail (gen->service, payment, settled, error);
            break;
          case OUTCOME_CANCEL:
            ok = mc_payments_cancel (gen->service, payment, settled, error);
            break;
          case OUTCOME_EXPIRE:
            ok = mc_payments_notify_pending (gen->service, payment, event->at + MC_PAYMENT_PENDING_NOTICE_AGE, error) &&
                 mc_payments_expire_if_due (gen->service, payment, payment->expires_at, NULL, error);
            break;
          default:
            g_assert_not_reached ();
          }
      }
      break;

    case EVENT_PAYMENT_SETTLE:
      ok = mc_payments_complete (gen->service, g_ptr_array_index (gen->payments, event->payment), event->at, error);
      if (ok && event->then_broadcast)
        {
          Event send = { .at = event->at + 3 * HOUR + 20 * MINUTE, .kind = EVENT_BROADCAST_SENT };

          add_event (gen, &send);
        }
      break;

    case EVENT_BROADCAST_SENT:
      /* Soon after a recharge, a modest one: the balance covers it. */
      ok = mc_broadcasts_create (gen->service, account, "Weekend offer", 2400, 0, event->at, &broadcast, error);
      break;

    case EVENT_BROADCAST_FAILED:
      /* A catalogue to more customers than the balance could pay for. */
      ok = mc_broadcasts_create (gen->service, account, "Festive catalogue",
                                 round_up (MAX (account->balance, 0) / rate + 2500, 500), 0,
                                 event->at, &broadcast, error);
      break;

    case EVENT_BROADCAST_SCHEDULED:
      {
        GDate today;
        gint64 tomorrow_ten;

        /* Tomorrow at 10:00 account time, half again more than the balance covers. */
        mc_account_today (account, gen->now, &today);
        tomorrow_ten = local_time (account, &today, -1, 10, 0);
        ok = mc_broadcasts_create (gen->service, account, "Year-end clearance",
                                   round_up (MAX (account->balance, 0) / rate * 3 / 2 + 1000, 1000),
                                   tomorrow_ten, event->at, &broadcast, error);
      }
      break;

    default:
      g_assert_not_reached ();
    }

  return ok && refresh_account (gen, error);
}

static gboolean
run_events_until (Gen     *gen,
                  gint64   at,
                  GError **error)
{
  while (gen->next_event < gen->events->len)
    {
      const Event *event = &g_array_index (gen->events, Event, gen->next_event);

      if (event->at > at)
        break;
      gen->next_event++;
      if (!flush_rows (gen, error) || !run_event (gen, event, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
flush_day (Gen     *gen,
           GError **error)
{
  if (!flush_rows (gen, error))
    return FALSE;

  for (guint i = 0; i < MC_N_CATEGORIES; i++)
    {
      if (gen->day_count[i] > 0 &&
          !mc_store_usage_add (gen->store, gen->account->id, gen->day, (McCategory) i,
                               gen->day_count[i], gen->day_cost[i], error))
        return FALSE;
      gen->day_count[i] = 0;
      gen->day_cost[i] = 0;
    }

  return TRUE;
}

static McCategory
pick_category (GRand *rand)
{
  double r = g_rand_double (rand);

  if (r < 0.22)
    return MC_CATEGORY_FREE;
  if (r < 0.55)
    return MC_CATEGORY_BUSINESS_INITIATED;
  return MC_CATEGORY_USER_INITIATED;
}

/* One conversation: its row and its debit, as the route would write them. */
static gboolean
add_conversation (Gen     *gen,
                  gint64   at,
                  guint    day_index,
                  guint    n,
                  GError **error)
{
  McAccount *account = gen->account;
  McCategory category = pick_category (gen->rand);
  double r = g_rand_double (gen->rand);
  guint64 customer = (guint64) (CUSTOMERS * r * r);  /* regulars come back often */
  g_autofree char *id = NULL;
  g_autofree char *description = NULL;
  char external_id[48];
  char wa_id[16];
  McConversation conversation = { 0 };
  gint64 cost = mc_account_rate (account, category);
  gint64 threshold = account->low_balance_threshold;
  gint64 after;

  /* A restricted account's conversations are refused (402), not recorded. */
  if (account->balance <= 0)
    {
      gen->refused++;
      return TRUE;
    }

  g_snprintf (external_id, sizeof external_id, "wamid.demo.%u.%u", day_index, n);
  g_snprintf (wa_id, sizeof wa_id, "91%010" G_GUINT64_FORMAT,
              G_GUINT64_CONSTANT (7000000000) + customer * G_GUINT64_CONSTANT (104729) % G_GUINT64_CONSTANT (2999999999));
  id = mc_id_new ("conv");

  conversation.id = id;
  conversation.account_id = account->id;
  conversation.external_id = external_id;
  conversation.category = category;
  conversation.wa_id = wa_id;
  conversation.started_at = at;
  conversation.start_given = TRUE;
  conversation.cost = cost;
  conversation.created_at = at;

  if (!mc_store_bulk_conversation_add (gen->store, &conversation, error))
    return FALSE;
  gen->pending_rows++;

  gen->day_count[category]++;
  gen->day_cost[category] += cost;
  gen->conversations++;

  if (cost > 0)
    {
      description = mc_conversation_description (category, wa_id);
      after = account->balance - cost;

      if ((account->balance > threshold && after <= threshold) || (account->balance > 0 && after <= 0))
        {
          /* A crossing: the live path, with its notice and e-mail. */
          if (account->balance > threshold && after <= threshold)
            answer_notice (gen, at);
          if (!flush_rows (gen, error) ||
              !mc_ledger_post (gen->service, account->id, at, "conversation", -cost, description, id,
                               NULL, error) ||
              !refresh_account (gen, error))
            return FALSE;
        }
      else
        {
          g_autofree char *txn = mc_id_new ("txn");
          McLedgerLine line = {
            .id = txn,
            .at = at,
            .amount = -cost,
            .balance_after = after,
            .description = description,
            .ref = id,
          };

          if (!mc_store_bulk_ledger_add (gen->store, &line, error))
            return FALSE;
          account->balance = after;
        }
    }

  return gen->pending_rows < BATCH_ROWS || flush_rows (gen, error);
}

/* How many conversations each day gets, before any scaling: growth over
 * the months, weekdays busier than weekends, some noise. */
static GArray *
day_counts (GRand       *rand,
            const GDate *first,
            guint        n_days)
{
  GArray *counts = g_array_sized_new (FALSE, TRUE, sizeof (double), n_days);

  for (guint d = 0; d < n_days; d++)
    {
      GDate date = *first;
      double base = 600.0 + 750.0 * d / n_days;
      double factor;
      double count;

      g_date_add_days (&date, d);
      switch (g_date_get_weekday (&date))
        {
        case G_DATE_SATURDAY:
          factor = 0.55;
          break;
        case G_DATE_SUNDAY:
          factor = 0.35;
          break;
        case G_DATE_MONDAY:
        case G_DATE_TUESDAY:
        case G_DATE_WEDNESDAY:
        case G_DATE_THURSDAY:
        case G_DATE_FRIDAY:
        case G_DATE_BAD_WEEKDAY:
        default:
          factor = 1.0;
          break;
        }

      count = base * factor * (0.85 + 0.3 * g_rand_double (rand));
      g_array_append_val (counts, count);
    }

  return counts;
}

/* Seconds into a local day, drawn from the hour weights. */
static gint64
pick_time_of_day (GRand *rand)
{
  static guint total = 0;
  guint r, hour = 0;

  if (total == 0)
    for (guint i = 0; i < 24; i++)
      total += hour_weights[i];

  r = (guint) g_rand_int_range (rand, 0, (gint32) total);
  while (r >= hour_weights[hour])
    r -= hour_weights[hour++];

  return hour * HOUR + g_rand_int_range (rand, 0, (gint32) HOUR);
}

/*
 * Writes the conversations of [first, today] for @gen's account, @counts[d]
 * on day d, none after @gen->now. @commit_every: commit and begin again
 * after this many rows, at a day's end (0: never).
 */
static gboolean
generate (Gen          *gen,
          const GDate  *first,
          const GArray *counts,
          guint64       commit_every,
          GError      **error)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint64 since_commit = 0;

  for (guint d = 0; d < counts->len; d++)
    {
      GDate date = *first, next;
      gint64 start, span;
      guint count = (guint) g_array_index (counts, double, d);

      g_date_add_days (&date, d);
      next = date;
      g_date_add_days (&next, 1);
      start = mc_account_day_start (gen->account, &date);
      span = mc_account_day_start (gen->account, &next) - start;  /* 23 or 25 hours on DST days */
      g_snprintf (gen->day, sizeof gen->day, "%04u-%02u-%02u", (guint) g_date_get_year (&date),
                  (guint) g_date_get_month (&date), (guint) g_date_get_day (&date));

      g_array_set_size (times, 0);
      for (guint i = 0; i < count; i++)
        {
          gint64 at = start + pick_time_of_day (gen->rand) * span / DAY;

          if (at <= gen->now - MINUTE)
            g_array_append_val (times, at);
        }
      g_array_sort (times, compare_times);

      for (guint i = 0; i < times->len; i++)
        {
          gint64 at = g_array_index (times, gint64, i);

          if (!run_events_until (gen, at, error) || !add_conversation (gen, at, d, i, error))
            return FALSE;
        }

      if (!flush_day (gen, error))
        return FALSE;

      since_commit += times->len;
      if (commit_every > 0 && since_commit >= commit_every)
        {
          if (!mc_service_commit (gen->service, error) || !mc_service_begin (gen->service, error))
            return FALSE;
          since_commit = 0;
          g_printerr ("… %" G_GUINT64_FORMAT " conversations\n", gen->conversations);
        }
    }

  return run_events_until (gen, G_MAXINT64, error);
}

static void
gen_clear (Gen *gen)
{
  g_clear_pointer (&gen->payments, g_ptr_array_unref);

  g_clear_pointer (&gen->events, g_array_unref);
  g_clear_pointer (&gen->rand, g_rand_free);
  g_clear_pointer (&gen->account, mc_account_free);
}

static gboolean
create_account (McService  *service,
                gint64      created_at,
                Gen        *gen,
                char      **out_account_id,
                char      **out_token,
                GError    **error)
{
  McAccountSpec spec = {
    .name = "Acme Traders",
    .email = "owner@acme.example",
    .currency = MC_CURRENCY_INR,
    .timezone = "Asia/Kolkata",
    .rates = NULL,
  };

  if (!mc_accounts_create (service, &spec, created_at, out_account_id, out_token, error))
    return FALSE;

  gen->service = service;
  gen->store = mc_service_get_store (service);
  gen->account = mc_store_account_get (gen->store, *out_account_id, error);
  gen->rand = g_rand_new_with_seed (SEED);
  gen->events = g_array_new (FALSE, FALSE, sizeof (Event));
  gen->payments = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_payment_free);

  return gen->account != NULL;
}

gboolean
mc_demo_build (McService  *service,
               char      **out_account_id,
               char      **out_token,
               GError    **error)
{
  g_autofree char *account_id = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GArray) counts = NULL;
  Gen gen = { 0 };
  GDate today, first;
  gint64 now = mc_service_now ();
  gint64 created;

  /* The account's timezone decides the days; make it first, three days
   * before the window's first day. */
  {
    McAccount zone_only = { .timezone = (char *) "Asia/Kolkata" };

    mc_account_today (&zone_only, now, &today);
    mc_window_earliest (&today, &first);
    created = local_time (&zone_only, &first, 3, 9, 0);
  }

  if (!create_account (service, created, &gen, &account_id, &token, error))
    goto failed_early;
  gen.now = now;

  gen.answer_notices = TRUE;

  /* The first recharge, before any usage; the others answer the
   * low-balance notices as they come (answer_notice()). A cancelled one and
   * one left to expire happen on their own days. */
  add_recharge (&gen, created + 10 * MINUTE, UNITS (10000), 6 * MINUTE, OUTCOME_COMPLETE, FALSE);
  add_recharge (&gen, local_time (gen.account, &today, 96, 16, 20), UNITS (10000), 25 * MINUTE,
                OUTCOME_CANCEL, FALSE);
  add_recharge (&gen, local_time (gen.account, &today, 45, 18, 30), UNITS (15000), DAY,
                OUTCOME_EXPIRE, FALSE);
  {
    Event failed = { .at = local_time (gen.account, &today, 20, 11, 0), .kind = EVENT_BROADCAST_FAILED };
    Event scheduled = { .at = now - 5 * MINUTE, .kind = EVENT_BROADCAST_SCHEDULED };

    add_event (&gen, &failed);
    add_event (&gen, &scheduled);
  }

  counts = day_counts (gen.rand, &first, (guint) (g_date_get_julian (&today) - g_date_get_julian (&first) + 1));

  if (!mc_store_set_cache_mib (gen.store, 128, error) || !mc_store_bulk_ledger_begin (gen.store, error) ||
      !mc_service_begin (service, error))
    goto failed_early;

  if (!generate (&gen, &first, counts, 0, error))
    goto failed;

  /* The last recharge, still pending and started within the hour. */
  {
    g_autoptr(McPayment) pending = NULL;

    if (!mc_payments_create (service, gen.account, UNITS (10000), now - 20 * MINUTE, &pending, error))
      goto failed;
  }

  /* History's e-mails went out back then; do not send them all now. */
  if (!mc_store_outbox_mark_history_sent (gen.store, gen.account->id, now - 30 * MINUTE, error) ||
      !mc_service_commit (service, error))
    goto failed;

  g_debug ("Demo: %" G_GUINT64_FORMAT " conversations, %" G_GUINT64_FORMAT " refused while restricted",
           gen.conversations, gen.refused);

  gen_clear (&gen);
  *out_account_id = g_steal_pointer (&account_id);
  *out_token = g_steal_pointer (&token);
  return TRUE;

failed:
  mc_service_rollback (service);
failed_early:
  gen_clear (&gen);
  return FALSE;
}

gboolean
mc_demo_seed_bench (McService  *service,
                    guint64     n_conversations,
                    char      **out_account_id,
                    char      **out_token,
                    GError    **error)
{
  g_autofree char *account_id = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GArray) counts = NULL;
  Gen gen = { 0 };
  GDate today, first;
  gint64 now = mc_service_now ();
  gint64 credit;
  double total = 0;
  guint64 assigned = 0;

  {
    McAccount zone_only = { .timezone = (char *) "Asia/Kolkata" };

    mc_account_today (&zone_only, now, &today);
    mc_window_earliest (&today, &first);
  }

  if (!create_account (service, mc_account_day_start (&(McAccount) { .timezone = (char *) "Asia/Kolkata" }, &first) - DAY,
                       &gen, &account_id, &token, error))
    goto failed_early;
  gen.now = now;

  /* The same rhythm as the demo, scaled to the count asked for; the last
   * day (today, cut at now) absorbs the rounding. */
  counts = day_counts (gen.rand, &first, (guint) (g_date_get_julian (&today) - g_date_get_julian (&first) + 1));
  for (guint d = 0; d < counts->len; d++)
    total += g_array_index (counts, double, d);
  for (guint d = 0; d < counts->len; d++)
    {
      double *count = &g_array_index (counts, double, d);

      *count = d + 1 < counts->len ? (double) (guint64) (*count * n_conversations / total)
                                   : (double) (n_conversations - MIN (assigned, n_conversations));
      assigned += (guint64) *count;
    }
  /* Today's conversations may only be in its past: move them to yesterday. */
  if (counts->len >= 2)
    {
      g_array_index (counts, double, counts->len - 2) += g_array_index (counts, double, counts->len - 1);
      g_array_index (counts, double, counts->len - 1) = 0;
    }

  /* Enough credit for every conversation at the highest rate, up front. */
  credit = UNITS (10000) + (gint64) n_conversations * gen.account->rate_business_initiated;

  if (!mc_store_set_cache_mib (gen.store, 512, error) ||
      !mc_store_bulk_ledger_begin (gen.store, error) ||
      !mc_service_begin (service, error) ||
      !mc_ledger_post (service, gen.account->id, gen.account->created_at, "adjustment", credit,
                       "Benchmark credit", NULL, NULL, error) ||
      !refresh_account (&gen, error) ||
      !generate (&gen, &first, counts, 250000, error) ||
      !mc_service_commit (service, error))
    goto failed;

  gen_clear (&gen);
  *out_account_id = g_steal_pointer (&account_id);
  *out_token = g_steal_pointer (&token);
  return TRUE;

failed:
  mc_service_rollback (service);
failed_early:
  gen_clear (&gen);
  return FALSE;
}
