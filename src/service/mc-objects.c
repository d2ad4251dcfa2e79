/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "mc-core.h"
#include "mc-objects.h"

const char *
mc_account_state (const McAccount *account)
{
  if (account->balance <= 0)
    return "restricted";
  if (account->balance <= account->low_balance_threshold)
    return "low";
  return "ok";
}

const char *
mc_default_timezone (McCurrency currency)
{
  return currency == MC_CURRENCY_INR ? "Asia/Kolkata" : "UTC";
}

void
mc_json_set_money (JsonObject *object,
                   const char *name,
                   gint64      units)
{
  g_autofree char *text = mc_money_to_string (units);

  json_object_set_string_member (object, name, text);
}

void
mc_json_set_time (JsonObject *object,
                  const char *name,
                  gint64      unix_seconds)
{
  g_autofree char *text = NULL;

  if (unix_seconds == 0)
    {
      json_object_set_null_member (object, name);
      return;
    }

  text = mc_time_format_unix (unix_seconds);
  json_object_set_string_member (object, name, text);
}

void
mc_json_set_nullable_string (JsonObject *object,
                             const char *name,
                             const char *value)
{
  if (value == NULL)
    json_object_set_null_member (object, name);
  else
    json_object_set_string_member (object, name, value);
}

JsonObject *
mc_account_to_json (McService       *service,
                    const McAccount *account,
                    gint64           pending_payments)
{
  const McServiceConfig *config = mc_service_get_config (service);
  JsonObject *object = json_object_new ();
  JsonObject *rates = json_object_new ();
  JsonObject *support = json_object_new ();
  const char *tax_name = mc_tax_name (account->currency);

  json_object_set_string_member (object, "id", account->id);
  json_object_set_string_member (object, "name", account->name);
  json_object_set_string_member (object, "email", account->email);
  json_object_set_string_member (object, "currency", mc_currency_to_code (account->currency));
  json_object_set_string_member (object, "timezone", account->timezone);
  mc_json_set_money (object, "balance", account->balance);
  json_object_set_string_member (object, "state", mc_account_state (account));
  mc_json_set_money (object, "low_balance_threshold", account->low_balance_threshold);
  mc_json_set_money (object, "recharge_min", mc_recharge_min (account->currency));
  mc_json_set_money (object, "recharge_max", mc_recharge_max (account->currency));

  if (tax_name != NULL)
    {
      JsonObject *tax = json_object_new ();
      g_autofree char *rate = g_strdup_printf ("%d", MC_GST_RATE_PERCENT);

      json_object_set_string_member (tax, "name", tax_name);
      json_object_set_string_member (tax, "rate_percent", rate);
      json_object_set_object_member (object, "tax", tax);
    }
  else
    json_object_set_null_member (object, "tax");

  mc_json_set_money (rates, "free", account->rate_free);
  mc_json_set_money (rates, "business_initiated", account->rate_business_initiated);
  mc_json_set_money (rates, "user_initiated", account->rate_user_initiated);
  json_object_set_object_member (object, "rates", rates);

  json_object_set_int_member (object, "pending_payments", pending_payments);

  mc_json_set_nullable_string (support, "phone", config->support_phone);
  mc_json_set_nullable_string (support, "email", config->support_email);
  json_object_set_object_member (object, "support", support);

  return object;
}

JsonObject *
mc_account_load_json (McService   *service,
                      const char  *account_id,
                      GError     **error)
{
  McStore *store = mc_service_get_store (service);
  g_autoptr(McAccount) account = NULL;
  gint64 pending = 0;
  GError *local_error = NULL;

  account = mc_store_account_get (store, account_id, &local_error);
  if (account == NULL)
    {
      if (local_error == NULL)
        g_set_error (&local_error, MC_STORE_ERROR, MC_STORE_ERROR_FAILED, "No account %s", account_id);
      g_propagate_error (error, local_error);
      return NULL;
    }

  if (!mc_store_payment_count_pending (store, account_id, &pending, error))
    return NULL;

  return mc_account_to_json (service, account, pending);
}

JsonObject *
mc_payment_to_json (McService       *service,
                    const McPayment *payment)
{
  JsonObject *object = json_object_new ();
  g_autofree char *url = g_strdup_printf ("%s/checkout/%s", mc_service_get_public_url (service),
                                          payment->checkout_token);

  json_object_set_string_member (object, "id", payment->id);
  json_object_set_string_member (object, "status", mc_payment_status_to_string (payment->status));
  json_object_set_string_member (object, "currency", mc_currency_to_code (payment->currency));
  mc_json_set_money (object, "amount", payment->amount);
  mc_json_set_money (object, "tax", payment->tax);
  mc_json_set_money (object, "total", payment->total);
  mc_json_set_time (object, "created_at", payment->created_at);
  mc_json_set_time (object, "expires_at", payment->expires_at);
  mc_json_set_time (object, "completed_at", payment->completed_at);
  json_object_set_string_member (object, "checkout_url", url);

  return object;
}

JsonObject *
mc_ledger_line_to_json (const McLedgerLine *line)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", line->id);
  mc_json_set_time (object, "at", line->at);
  json_object_set_string_member (object, "kind", line->kind);
  mc_json_set_money (object, "amount", line->amount);
  mc_json_set_money (object, "balance_after", line->balance_after);
  json_object_set_string_member (object, "description", line->description);
  mc_json_set_nullable_string (object, "ref", line->ref);

  return object;
}

JsonObject *
mc_notification_to_json (const McNotification *n)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", n->id);
  mc_json_set_time (object, "at", n->at);
  json_object_set_string_member (object, "kind", n->kind);
  json_object_set_string_member (object, "title", n->title);
  json_object_set_string_member (object, "body", n->body);
  json_object_set_boolean_member (object, "read", n->read);
  mc_json_set_nullable_string (object, "ref", n->ref);

  return object;
}

gboolean
mc_list_params (McRequest     *req,
                McResponse    *res,
                guint         *out_limit,
                McStoreCursor *out_cursor,
                gboolean      *out_has_cursor)
{
  const char *limit = mc_request_get_query (req, "limit");
  const char *cursor = mc_request_get_query (req, "cursor");
  guint64 value = MC_LIST_LIMIT_DEFAULT;

  if (limit != NULL &&
      (!g_ascii_isdigit (limit[0]) ||
       !g_ascii_string_to_unsigned (limit, 10, 1, MC_LIST_LIMIT_MAX, &value, NULL)))
    {
      mc_response_error (res, 400, "invalid_request", "limit",
                         "“limit” must be a whole number from 1 to %d.", MC_LIST_LIMIT_MAX);
      return FALSE;
    }

  *out_limit = (guint) value;
  *out_has_cursor = FALSE;

  if (cursor != NULL)
    {
      if (!mc_store_cursor_parse (cursor, out_cursor))
        {
          mc_response_error (res, 400, "invalid_request", "cursor",
                             "“cursor” must be a next_cursor from an earlier page.");
          return FALSE;
        }
      *out_has_cursor = TRUE;
    }

  return TRUE;
}

void
mc_list_respond (McService      *service,
                 McResponse     *res,
                 GPtrArray      *items,
                 guint           limit,
                 McListItemFunc  item_to_json)
{
  g_autoptr(JsonObject) root = json_object_new ();
  JsonArray *data = json_array_new ();
  McStoreCursor next = { 0 };

  for (guint i = 0; i < MIN (items->len, limit); i++)
    json_array_add_object_element (data, item_to_json (service, g_ptr_array_index (items, i), &next));

  json_object_set_array_member (root, "data", data);
  if (items->len > limit)
    {
      g_autofree char *text = mc_store_cursor_to_string (&next);

      json_object_set_string_member (root, "next_cursor", text);
    }
  else
    json_object_set_null_member (root, "next_cursor");

  mc_response_set_json_object (res, 200, root);
}

static GTimeZone *
account_zone (const McAccount *account)
{
  GTimeZone *zone = g_time_zone_new_identifier (account->timezone);

  return zone ? zone : g_time_zone_new_utc ();
}

void
mc_account_today (const McAccount *account,
                  gint64           now,
                  GDate           *out)
{
  g_autoptr(GTimeZone) zone = account_zone (account);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);

  g_date_clear (out, 1);
  g_date_set_dmy (out,
                  (GDateDay) g_date_time_get_day_of_month (local),
                  (GDateMonth) g_date_time_get_month (local),
                  (GDateYear) g_date_time_get_year (local));
}

gint64
mc_account_day_start (const McAccount *account,
                      const GDate     *date)
{
  g_autoptr(GTimeZone) zone = account_zone (account);
  g_autoptr(GDateTime) start = g_date_time_new (zone,
                                                g_date_get_year (date),
                                                g_date_get_month (date),
                                                g_date_get_day (date),
                                                0, 0, 0);

  return start ? g_date_time_to_unix (start) : 0;
}
