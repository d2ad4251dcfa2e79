/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "mc-clock.h"
#include "mc-conversations.h"
#include "mc-core.h"
#include "mc-ids.h"
#include "mc-ledger.h"
#include "mc-objects.h"

gboolean
mc_wa_id_is_valid (const char *text)
{
  gsize len;

  if (text == NULL)
    return FALSE;

  len = strlen (text);
  if (len < 7 || len > 15)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;

  return TRUE;
}

void
mc_account_day_string (const McAccount *account,
                       gint64           at,
                       char             out[11])
{
  GDate date;

  mc_account_today (account, at, &date);
  g_snprintf (out, 11, "%04u-%02u-%02u", (guint) g_date_get_year (&date),
              (guint) g_date_get_month (&date), (guint) g_date_get_day (&date));
}

char *
mc_conversation_description (McCategory  category,
                             const char *wa_id)
{
  switch (category)
    {
    case MC_CATEGORY_FREE:
      return g_strdup_printf ("Free conversation with %s", wa_id);
    case MC_CATEGORY_BUSINESS_INITIATED:
      return g_strdup_printf ("Business-initiated conversation with %s", wa_id);
    case MC_CATEGORY_USER_INITIATED:
      return g_strdup_printf ("User-initiated conversation with %s", wa_id);
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
mc_conversations_record (McService       *service,
                         const McAccount *account,
                         McConversation  *conversation,
                         gint64           now,
                         gint64          *out_balance,
                         GError         **error)
{
  McStore *store = mc_service_get_store (service);
  g_autoptr(McLedgerLine) line = NULL;
  char day[11];

  g_return_val_if_fail (mc_store_in_transaction (store), FALSE);

  g_clear_pointer (&conversation->id, g_free);
  conversation->id = mc_id_new ("conv");
  g_free (conversation->account_id);
  conversation->account_id = g_strdup (account->id);
  conversation->cost = mc_account_rate (account, conversation->category);
  conversation->created_at = now;

  mc_account_day_string (account, conversation->started_at, day);

  if (!mc_store_conversation_insert (store, conversation, error) ||
      !mc_store_usage_add (store, account->id, day, conversation->category, 1, conversation->cost, error))
    return FALSE;

  *out_balance = account->balance;

  /* A free conversation moves no money, so it writes no ledger line. */
  if (conversation->cost > 0)
    {
      g_autofree char *description = mc_conversation_description (conversation->category,
                                                                  conversation->wa_id);

      if (!mc_ledger_post (service, account->id, now, "conversation", -conversation->cost,
                           description, conversation->id, &line, error))
        return FALSE;
      *out_balance = line->balance_after;
    }

  return TRUE;
}

JsonObject *
mc_conversation_to_json (const McConversation *c,
                         gint64                balance)
{
  JsonObject *object = json_object_new ();

  /* Exactly api.md's object: the platform already knows what it sent. */
  json_object_set_string_member (object, "id", c->id);
  json_object_set_string_member (object, "category", mc_category_to_string (c->category));
  mc_json_set_money (object, "cost", c->cost);
  mc_json_set_money (object, "balance", balance);

  return object;
}

static gboolean
read_day (McRequest  *req,
          McResponse *res,
          const char *name,
          GDate      *out)
{
  const char *text = mc_request_get_query (req, name);

  if (text == NULL)
    {
      mc_response_error (res, 400, "invalid_request", name,
                         "“%s” is required: a date written YYYY-MM-DD.", name);
      return FALSE;
    }

  if (!mc_date_parse (text, out))
    {
      mc_response_error (res, 400, "invalid_date", name,
                         "“%s” must be a date written YYYY-MM-DD.", name);
      return FALSE;
    }

  return TRUE;
}

gboolean
mc_report_range_read (McService   *service,
                      McRequest   *req,
                      McResponse  *res,
                      McAccount  **out_account,
                      GDate       *out_from,
                      GDate       *out_to)
{
  g_autoptr(McAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  McRangeResult result;
  GDate today;

  if (!read_day (req, res, "from", out_from) || !read_day (req, res, "to", out_to))
    return FALSE;

  account = mc_store_account_get (mc_service_get_store (service), req->account_id, &error);
  if (account == NULL)
    {
      mc_service_internal_error (res, error);
      return FALSE;
    }

  mc_account_today (account, mc_service_now (), &today);
  result = mc_window_check (out_from, out_to, &today);
  message = mc_window_message (result, &today);

  switch (result)
    {
    case MC_RANGE_OK:
      break;
    case MC_RANGE_INVALID:
      mc_response_error (res, 422, "range_invalid",
                         g_date_compare (out_from, out_to) > 0 ? "from" : "to", "%s", message);
      return FALSE;
    case MC_RANGE_TOO_OLD:
      mc_response_error (res, 422, "range_too_old", "from", "%s", message);
      return FALSE;
    default:
      g_assert_not_reached ();
    }

  *out_account = g_steal_pointer (&account);
  return TRUE;
}
