/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "mc-clock.h"
#include "mc-conversations.h"
#include "mc-core.h"
#include "mc-export.h"
#include "mc-objects.h"
#include "mc-routes.h"
#include "mc-service.h"

/* POST /v1/conversations */

static gboolean
external_id_valid (const char *text)
{
  glong chars;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;

  chars = g_utf8_strlen (text, -1);
  if (chars < 1 || chars > 255)
    return FALSE;

  for (const guchar *p = (const guchar *) text; *p; p++)
    if (*p < 0x20 || *p == 0x7f)
      return FALSE;

  return TRUE;
}

/* started_at as sent: absent or null (FALSE in @out_given), or an RFC 3339 time. */
static gboolean
read_started_at (JsonObject *body,
                 gboolean   *out_given,
                 gint64     *out_at,
                 gboolean   *out_parsed)
{
  JsonNode *node = mc_json_member (body, "started_at");
  g_autoptr(GDateTime) time = NULL;

  *out_given = FALSE;
  *out_at = 0;
  *out_parsed = TRUE;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  *out_given = TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;

  time = mc_time_parse (json_node_get_string (node));
  if (time == NULL)
    *out_parsed = FALSE;
  else
    *out_at = g_date_time_to_unix (time);

  return TRUE;
}

/* Whether a repeated external_id comes with the same request (compared after
 * parsing, so "…T15:00:00+05:30" equals "…T09:30:00Z"). */
static gboolean
same_request (const McConversation *existing,
              JsonObject           *body)
{
  JsonNode *category = mc_json_member (body, "category");
  JsonNode *wa_id = mc_json_member (body, "wa_id");
  gboolean given = FALSE, parsed = FALSE;
  gint64 at = 0;

  if (category == NULL || !JSON_NODE_HOLDS_VALUE (category) ||
      json_node_get_value_type (category) != G_TYPE_STRING ||
      g_strcmp0 (json_node_get_string (category), mc_category_to_string (existing->category)) != 0)
    return FALSE;

  if (wa_id == NULL || !JSON_NODE_HOLDS_VALUE (wa_id) ||
      json_node_get_value_type (wa_id) != G_TYPE_STRING ||
      g_strcmp0 (json_node_get_string (wa_id), existing->wa_id) != 0)
    return FALSE;

  if (!read_started_at (body, &given, &at, &parsed) || !parsed || given != existing->start_given)
    return FALSE;

  return !given || at == existing->started_at;
}

static void
create_conversation (McService  *service,
                     McRequest  *req,
                     McResponse *res)
{
  McStore *store = mc_service_get_store (service);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(McConversation) existing = NULL;
  g_autoptr(McAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  McConversation conversation = { 0 };
  const char *external_id = NULL;
  const char *category_text = NULL;
  const char *wa_id = NULL;
  gboolean given = FALSE, parsed = FALSE;
  gint64 started_at = 0;
  gint64 balance = 0;
  gint64 now;

  body = mc_request_parse_json_object (req, res);
  if (body == NULL || !mc_json_get_string (body, "external_id", TRUE, &external_id, res))
    return;

  if (!external_id_valid (external_id))
    {
      mc_response_error (res, 400, "invalid_request", "external_id",
                         "“external_id” must be 1 to 255 characters without control characters.");
      return;
    }

  /* A repeat is answered before any other check, like an Idempotency-Key. */
  existing = mc_store_conversation_by_external_id (store, req->account_id, external_id, &error);
  if (error != NULL)
    {
      mc_service_internal_error (res, error);
      return;
    }

  if (existing != NULL)
    {
      if (!same_request (existing, body))
        {
          mc_response_error (res, 409, "idempotency_conflict", "external_id",
                             "This external_id was already used for a different conversation.");
          return;
        }

      account = mc_store_account_get (store, req->account_id, &error);
      if (account == NULL)
        {
          mc_service_internal_error (res, error);
          return;
        }

      object = mc_conversation_to_json (existing, account->balance);
      mc_response_set_json_object (res, 200, object);
      soup_message_headers_replace (res->headers, "Idempotent-Replayed", "true");
      return;
    }

  if (!mc_json_get_string (body, "category", TRUE, &category_text, res))
    return;
  if (!mc_category_from_string (category_text, &conversation.category))
    {
      mc_response_error (res, 400, "invalid_request", "category",
                         "“category” must be free, business_initiated or user_initiated.");
      return;
    }

  if (!mc_json_get_string (body, "wa_id", TRUE, &wa_id, res))
    return;
  if (!mc_wa_id_is_valid (wa_id))
    {
      mc_response_error (res, 400, "invalid_phone", "wa_id",
                         "“wa_id” must be a WhatsApp id of 7 to 15 digits, without “+”.");
      return;
    }

  now = mc_service_now ();
  if (!read_started_at (body, &given, &started_at, &parsed))
    {
      mc_response_error (res, 400, "invalid_request", "started_at",
                         "“started_at” must be a string such as \"2026-11-26T09:30:00Z\".");
      return;
    }
  if (!parsed)
    {
      mc_response_error (res, 400, "invalid_date", "started_at",
                         "“started_at” must be an RFC 3339 time such as \"2026-11-26T09:30:00Z\".");
      return;
    }
  if (!given)
    started_at = now;
  else if (started_at > now + MC_CONVERSATION_MAX_FUTURE || started_at < now - MC_CONVERSATION_MAX_AGE)
    {
      mc_response_error (res, 400, "invalid_date", "started_at",
                         "“started_at” must be within the last 24 hours and at most 5 minutes ahead.");
      return;
    }

  if (!mc_service_begin (service, &error))
    goto failed;

  account = mc_store_account_get (store, req->account_id, &error);
  if (account == NULL)
    {
      if (error == NULL)
        g_set_error_literal (&error, MC_STORE_ERROR, MC_STORE_ERROR_FAILED, "The account is gone");
      goto failed;
    }

  if (strcmp (mc_account_state (account), "restricted") == 0)
    {
      g_autofree char *shown = mc_money_format (account->balance, account->currency);

      mc_service_rollback (service);
      mc_response_error (res, 402, "account_restricted", NULL,
                         "The balance is %s: conversations are paused until a recharge brings it above zero.",
                         shown);
      return;
    }

  conversation.external_id = (char *) external_id;
  conversation.wa_id = (char *) wa_id;
  conversation.started_at = started_at;
  conversation.start_given = given;

  if (!mc_conversations_record (service, account, &conversation, now, &balance, &error) ||
      !mc_service_commit (service, &error))
    goto failed;

  object = mc_conversation_to_json (&conversation, balance);
  g_free (conversation.id);
  g_free (conversation.account_id);
  mc_response_set_json_object (res, 201, object);
  return;

failed:
  g_free (conversation.id);
  g_free (conversation.account_id);
  mc_service_rollback (service);
  mc_service_internal_error (res, error);
}

/* GET /v1/reports/conversations */

typedef enum
{
  GROUP_DAY,
  GROUP_WEEK,
  GROUP_MONTH,
} Group;

typedef struct
{
  GDate  start;
  gint64 count[MC_N_CATEGORIES];
  gint64 cost[MC_N_CATEGORIES];
} Period;

/* The first day of the calendar period holding @day (weeks start on Monday). */
static void
period_start (const GDate *day,
              Group        group,
              GDate       *out)
{
  *out = *day;

  switch (group)
    {
    case GROUP_DAY:
      break;
    case GROUP_WEEK:
      g_date_subtract_days (out, (guint) g_date_get_weekday (day) - G_DATE_MONDAY);
      break;
    case GROUP_MONTH:
      g_date_set_day (out, 1);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
period_next (GDate *start,
             Group  group)
{
  switch (group)
    {
    case GROUP_DAY:
      g_date_add_days (start, 1);
      break;
    case GROUP_WEEK:
      g_date_add_days (start, 7);
      break;
    case GROUP_MONTH:
      g_date_add_months (start, 1);
      break;
    default:
      g_assert_not_reached ();
    }
}

static JsonObject *
categories_to_json (JsonObject   *object,
                    const gint64 *count,
                    const gint64 *cost)
{
  for (guint i = 0; i < MC_N_CATEGORIES; i++)
    {
      JsonObject *cell = json_object_new ();

      json_object_set_int_member (cell, "count", count[i]);
      mc_json_set_money (cell, "cost", cost[i]);
      json_object_set_object_member (object, mc_category_to_string ((McCategory) i), cell);
    }

  return object;
}

static void
report_conversations (McService  *service,
                      McRequest  *req,
                      McResponse *res)
{
  const char *group_text = mc_request_get_query (req, "group");
  g_autoptr(McAccount) account = NULL;
  g_autoptr(GArray) cells = NULL;
  g_autoptr(GArray) periods = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  gint64 total_count[MC_N_CATEGORIES] = { 0 };
  gint64 total_cost[MC_N_CATEGORIES] = { 0 };
  JsonArray *rows;
  Group group = GROUP_DAY;
  GDate from, to, start;
  guint current = 0;

  if (group_text == NULL || strcmp (group_text, "day") == 0)
    group = GROUP_DAY;
  else if (strcmp (group_text, "week") == 0)
    group = GROUP_WEEK;
  else if (strcmp (group_text, "month") == 0)
    group = GROUP_MONTH;
  else
    {
      mc_response_error (res, 400, "invalid_request", "group", "“group” must be day, week or month.");
      return;
    }

  if (!mc_report_range_read (service, req, res, &account, &from, &to))
    return;

  from_text = mc_date_to_string (&from);
  to_text = mc_date_to_string (&to);

  /* One row per period, zeros included; the rollup has a cell per day and
   * category, so this reads at most six months × three cells. */
  periods = g_array_new (FALSE, TRUE, sizeof (Period));
  for (period_start (&from, group, &start); g_date_compare (&start, &to) <= 0; period_next (&start, group))
    {
      Period period = { 0 };

      period.start = start;
      g_array_append_val (periods, period);
    }

  cells = mc_store_usage_list (mc_service_get_store (service), account->id, from_text, to_text, &error);
  if (cells == NULL)
    {
      mc_service_internal_error (res, error);
      return;
    }

  for (guint i = 0; i < cells->len; i++)
    {
      const McUsageDay *cell = &g_array_index (cells, McUsageDay, i);
      Period *period;
      GDate day;

      if (!mc_date_parse (cell->day, &day))
        continue;

      /* Cells come by day, so the period only ever moves forward. */
      while (current + 1 < periods->len &&
             g_date_compare (&g_array_index (periods, Period, current + 1).start, &day) <= 0)
        current++;

      period = &g_array_index (periods, Period, current);
      period->count[cell->category] += cell->count;
      period->cost[cell->category] += cell->cost;
      total_count[cell->category] += cell->count;
      total_cost[cell->category] += cell->cost;
    }

  rows = json_array_new ();
  for (guint i = 0; i < periods->len; i++)
    {
      const Period *period = &g_array_index (periods, Period, i);
      g_autofree char *label = mc_date_to_string (&period->start);
      JsonObject *row = json_object_new ();

      json_object_set_string_member (row, "period", label);
      json_array_add_object_element (rows, categories_to_json (row, period->count, period->cost));
    }

  root = json_object_new ();
  json_object_set_string_member (root, "currency", mc_currency_to_code (account->currency));
  json_object_set_string_member (root, "from", from_text);
  json_object_set_string_member (root, "to", to_text);
  json_object_set_string_member (root, "group", group == GROUP_DAY ? "day" : group == GROUP_WEEK ? "week" : "month");
  json_object_set_array_member (root, "rows", rows);
  json_object_set_object_member (root, "totals", categories_to_json (json_object_new (), total_count, total_cost));

  mc_response_set_json_object (res, 200, root);
}

void
mc_routes_usage_register (McRouter *router)
{
  mc_router_add (router, "POST", "/v1/conversations", MC_ROUTE_AUTH, create_conversation);
  mc_router_add (router, "GET", "/v1/reports/conversations", MC_ROUTE_AUTH, report_conversations);
  mc_router_add (router, "GET", "/v1/usage/export", MC_ROUTE_AUTH, mc_export_handle);
}
