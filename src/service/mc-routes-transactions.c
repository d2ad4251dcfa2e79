/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "mc-core.h"
#include "mc-objects.h"
#include "mc-routes.h"
#include "mc-service.h"

static gboolean
read_date (McRequest  *req,
           McResponse *res,
           const char *name,
           GDate      *out,
           gboolean   *out_present)
{
  const char *text = mc_request_get_query (req, name);

  *out_present = FALSE;
  if (text == NULL)
    return TRUE;

  if (!mc_date_parse (text, out))
    {
      mc_response_error (res, 400, "invalid_date", name,
                         "“%s” must be a date written YYYY-MM-DD.", name);
      return FALSE;
    }

  *out_present = TRUE;
  return TRUE;
}

static JsonObject *
ledger_line_item (McService     *service,
                  gconstpointer  item,
                  McStoreCursor *out_cursor)
{
  const McLedgerLine *line = item;

  out_cursor->at = line->at;
  out_cursor->seq = line->seq;
  return mc_ledger_line_to_json (line);
}

static void
list_transactions (McService  *service,
                   McRequest  *req,
                   McResponse *res)
{
  McStore *store = mc_service_get_store (service);
  g_autoptr(McAccount) account = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  McStoreCursor cursor;
  gboolean has_cursor = FALSE, has_from = FALSE, has_to = FALSE;
  GDate from, to;
  gint64 from_at = G_MININT64, to_at = G_MAXINT64;
  guint limit;

  if (!mc_list_params (req, res, &limit, &cursor, &has_cursor) ||
      !read_date (req, res, "from", &from, &has_from) ||
      !read_date (req, res, "to", &to, &has_to))
    return;

  if (has_from && has_to && g_date_compare (&from, &to) > 0)
    {
      mc_response_error (res, 422, "range_invalid", "from", "“from” must be on or before “to”.");
      return;
    }

  account = mc_store_account_get (store, req->account_id, &error);
  if (account == NULL)
    {
      mc_service_internal_error (res, error);
      return;
    }

  if (has_from)
    from_at = mc_account_day_start (account, &from);
  if (has_to)
    {
      GDate after = to;

      /* Up to the end of the day: the start of the next one, exclusive. */
      if (g_date_get_julian (&after) < G_MAXUINT32 - 1)
        g_date_add_days (&after, 1);
      to_at = g_date_get_year (&after) > 9999 ? G_MAXINT64 : mc_account_day_start (account, &after);
    }

  lines = mc_store_ledger_list (store, req->account_id, from_at, to_at,
                                has_cursor ? &cursor : NULL, limit + 1, &error);
  if (lines == NULL)
    {
      mc_service_internal_error (res, error);
      return;
    }

  mc_list_respond (service, res, lines, limit, ledger_line_item);
}

void
mc_routes_transactions_register (McRouter *router)
{
  mc_router_add (router, "GET", "/v1/transactions", MC_ROUTE_AUTH, list_transactions);
}
