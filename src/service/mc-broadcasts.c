/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "mc-broadcasts.h"
#include "mc-conversations.h"
#include "mc-core.h"
#include "mc-ids.h"
#include "mc-ledger.h"
#include "mc-notices.h"
#include "mc-objects.h"

void
mc_recipients_clear (McRecipients *recipients)
{
  g_clear_pointer (&recipients->fingerprint, g_free);
  recipients->count = 0;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
read_list (JsonArray    *list,
           McRecipients *out,
           McResponse   *res)
{
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GChecksum) checksum = NULL;
  guint n = json_array_get_length (list);

  if (n < 1 || n > MC_BROADCAST_MAX_LIST)
    {
      mc_response_error (res, 400, "invalid_request", "recipients",
                         "“recipients” must hold 1 to %d numbers.", MC_BROADCAST_MAX_LIST);
      return FALSE;
    }

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  sorted = g_ptr_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      const char *number;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          mc_response_error (res, 400, "invalid_request", "recipients",
                             "“recipients” must be a list of strings such as \"919876543210\".");
          return FALSE;
        }

      number = json_node_get_string (node);
      if (!mc_wa_id_is_valid (number))
        {
          mc_response_error (res, 400, "invalid_phone", "recipients",
                             "Recipient %u is not a WhatsApp number of 7 to 15 digits (without “+”).", i + 1);
          return FALSE;
        }

      if (g_hash_table_add (seen, (gpointer) number))
        g_ptr_array_add (sorted, (gpointer) number);
    }

  /* A replay compares recipients as a set: order and repeats do not matter. */
  g_ptr_array_sort (sorted, compare_strings);
  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  for (guint i = 0; i < sorted->len; i++)
    {
      const char *number = g_ptr_array_index (sorted, i);

      g_checksum_update (checksum, (const guchar *) number, strlen (number));
      g_checksum_update (checksum, (const guchar *) ",", 1);
    }

  out->count = sorted->len;
  out->fingerprint = g_strdup_printf ("list:%s", g_checksum_get_string (checksum));
  return TRUE;
}

gboolean
mc_recipients_read (JsonObject   *body,
                    McRecipients *out,
                    McResponse   *res)
{
  JsonNode *list = mc_json_member (body, "recipients");
  JsonNode *count = mc_json_member (body, "recipient_count");
  gboolean has_list = list != NULL && !JSON_NODE_HOLDS_NULL (list);
  gboolean has_count = count != NULL && !JSON_NODE_HOLDS_NULL (count);
  gint64 value;

  out->count = 0;
  out->fingerprint = NULL;

  if (has_list == has_count)
    {
      mc_response_error (res, 400, "invalid_request", has_list ? "recipient_count" : "recipients",
                         has_list ? "Give either “recipients” or “recipient_count”, not both."
                                  : "Give the “recipients” (a list of numbers) or a “recipient_count”.");
      return FALSE;
    }

  if (has_list)
    {
      if (!JSON_NODE_HOLDS_ARRAY (list))
        {
          mc_response_error (res, 400, "invalid_request", "recipients",
                             "“recipients” must be a list of numbers such as [\"919876543210\"].");
          return FALSE;
        }
      return read_list (json_node_get_array (list), out, res);
    }

  if (!JSON_NODE_HOLDS_VALUE (count) || json_node_get_value_type (count) != G_TYPE_INT64)
    {
      mc_response_error (res, 400, "invalid_request", "recipient_count",
                         "“recipient_count” must be a whole number.");
      return FALSE;
    }

  value = json_node_get_int (count);
  if (value < 1 || value > MC_BROADCAST_MAX_COUNT)
    {
      mc_response_error (res, 400, "invalid_request", "recipient_count",
                         "“recipient_count” must be from 1 to %d.", MC_BROADCAST_MAX_COUNT);
      return FALSE;
    }

  out->count = value;
  out->fingerprint = g_strdup_printf ("count:%" G_GINT64_FORMAT, value);
  return TRUE;
}

gboolean
mc_broadcast_estimate (const McAccount      *account,
                       gint64                recipients,
                       McBroadcastEstimate  *out,
                       GError              **error)
{
  out->rate = account->rate_business_initiated;
  if (!mc_money_mul (out->rate, recipients, &out->cost, error))
    return FALSE;

  out->sufficient = account->balance > 0 && account->balance >= out->cost;
  out->shortfall = 0;
  if (account->balance < out->cost && !mc_money_sub (out->cost, account->balance, &out->shortfall, error))
    return FALSE;

  return TRUE;
}

JsonObject *
mc_broadcast_to_json (const McBroadcast *b)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", b->id);
  json_object_set_string_member (object, "name", b->name);
  json_object_set_int_member (object, "recipients", b->recipients);
  mc_json_set_money (object, "estimated_cost", b->estimated_cost);
  json_object_set_string_member (object, "status", mc_broadcast_status_to_string (b->status));
  mc_json_set_time (object, "scheduled_at", b->scheduled_at);
  mc_json_set_time (object, "sent_at", b->sent_at);
  mc_json_set_nullable_string (object, "failure_reason", b->failure_reason);

  return object;
}

static gboolean
emit_broadcast (McService          *service,
                const McBroadcast  *broadcast,
                GError            **error)
{
  g_autoptr(JsonObject) object = mc_broadcast_to_json (broadcast);

  return mc_service_emit (service, broadcast->account_id, "broadcast", object, error);
}

/* A time as the account's owner reads it: "27 Nov 2026, 10:00 (Asia/Kolkata)". */
static char *
format_account_time (const McAccount *account,
                     gint64           at)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (account->timezone);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *text = NULL;

  if (zone == NULL)
    zone = g_time_zone_new_utc ();
  local = g_date_time_to_timezone (utc, zone);
  text = g_date_time_format (local, "%d %b %Y, %H:%M");

  return g_strdup_printf ("%s (%s)", text, account->timezone);
}

static gboolean
fail (McService          *service,
      const McAccount    *account,
      McBroadcast        *b,
      const char         *reason,
      gint64              now,
      GError            **error)
{
  g_autofree char *cost = mc_money_format (b->estimated_cost, account->currency);
  g_autofree char *balance = mc_money_format (account->balance, account->currency);
  g_autofree char *footer = mc_email_footer (service);
  g_autofree char *title = g_strdup_printf ("Broadcast “%s” was not sent", b->name);
  const char *recipients_word = b->recipients == 1 ? "recipient" : "recipients";
  g_autofree char *body = NULL;
  g_autofree char *email = NULL;

  b->status = MC_BROADCAST_FAILED;
  b->sent_at = 0;
  g_free (b->failure_reason);
  b->failure_reason = g_strdup (reason);

  if (!mc_store_broadcast_update (mc_service_get_store (service), b, error) ||
      !emit_broadcast (service, b, error))
    return FALSE;

  if (strcmp (reason, "account_restricted") == 0)
    body = g_strdup_printf ("Your account is restricted (the balance is %s), so “%s” to %" G_GINT64_FORMAT
                            " %s was not sent and nothing was charged. Recharge to bring the "
                            "balance above zero, then create the broadcast again.",
                            balance, b->name, b->recipients, recipients_word);
  else
    body = g_strdup_printf ("“%s” to %" G_GINT64_FORMAT " %s needed %s but the balance was %s, "
                            "so it was not sent and nothing was charged. Add credits, then create the "
                            "broadcast again.", b->name, b->recipients, recipients_word, cost, balance);

  email = g_strdup_printf ("Hello %s,\n\n%s\n\nBroadcast: %s\nRecipients: %" G_GINT64_FORMAT "\n"
                           "Cost: %s\nBalance: %s\n%s",
                           account->name, body, b->id, b->recipients, cost, balance, footer);

  return mc_notices_add (service, account, now, "broadcast_failed", b->id, title, body, email, error);
}

gboolean
mc_broadcasts_send (McService    *service,
                    McBroadcast  *b,
                    gint64        now,
                    GError      **error)
{
  McStore *store = mc_service_get_store (service);
  g_autoptr(McAccount) account = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (mc_store_in_transaction (store), FALSE);
  g_return_val_if_fail (b->status == MC_BROADCAST_SCHEDULED, FALSE);

  account = mc_store_account_get (store, b->account_id, &local_error);
  if (account == NULL)
    {
      if (local_error == NULL)
        g_set_error (&local_error, MC_STORE_ERROR, MC_STORE_ERROR_FAILED, "No account %s", b->account_id);
      g_propagate_error (error, local_error);
      return FALSE;
    }

  if (account->balance <= 0)
    return fail (service, account, b, "account_restricted", now, error);

  if (account->balance < b->estimated_cost)
    return fail (service, account, b, "insufficient_credits", now, error);

  /* A broadcast at a rate of zero moves no money and writes no line. */
  if (b->estimated_cost > 0 &&
      !mc_ledger_post (service, b->account_id, now, "broadcast", -b->estimated_cost, b->name, b->id, NULL, error))
    return FALSE;

  b->status = MC_BROADCAST_SENT;
  b->sent_at = now;

  return mc_store_broadcast_update (store, b, error) && emit_broadcast (service, b, error);
}

static gboolean
warn_insufficient (McService        *service,
                   const McAccount  *account,
                   const McBroadcast *b,
                   gint64            now,
                   GError          **error)
{
  g_autofree char *cost = mc_money_format (b->estimated_cost, account->currency);
  g_autofree char *balance = mc_money_format (account->balance, account->currency);
  g_autofree char *when = format_account_time (account, b->scheduled_at);
  g_autofree char *body = NULL;

  body = g_strdup_printf ("“%s” is scheduled for %s and needs %s, but the balance is %s. Recharge "
                          "before then, or it will not be sent.", b->name, when, cost, balance);

  return mc_notices_add (service, account, now, "insufficient_balance", b->id,
                         "Not enough credits for a scheduled broadcast", body, NULL, error);
}

gboolean
mc_broadcasts_create (McService        *service,
                      const McAccount  *account,
                      const char       *name,
                      gint64            recipients,
                      gint64            scheduled_at,
                      gint64            now,
                      McBroadcast     **out_broadcast,
                      GError          **error)
{
  McStore *store = mc_service_get_store (service);
  g_autoptr(McBroadcast) b = g_new0 (McBroadcast, 1);
  McBroadcastEstimate estimate;

  g_return_val_if_fail (mc_store_in_transaction (store), FALSE);

  if (!mc_broadcast_estimate (account, recipients, &estimate, error))
    return FALSE;

  b->id = mc_id_new ("bc");
  b->account_id = g_strdup (account->id);
  b->name = g_strdup (name);
  b->recipients = recipients;
  b->rate = estimate.rate;
  b->estimated_cost = estimate.cost;
  b->status = MC_BROADCAST_SCHEDULED;
  b->scheduled_at = scheduled_at > now ? scheduled_at : now;
  b->created_at = now;

  if (!mc_store_broadcast_insert (store, b, error))
    return FALSE;

  if (b->scheduled_at <= now)
    {
      if (!mc_broadcasts_send (service, b, now, error))
        return FALSE;
    }
  else
    {
      if (!emit_broadcast (service, b, error) ||
          (!estimate.sufficient && !warn_insufficient (service, account, b, now, error)))
        return FALSE;
    }

  *out_broadcast = g_steal_pointer (&b);
  return TRUE;
}

gboolean
mc_broadcasts_cancel (McService    *service,
                      McBroadcast  *b,
                      GError      **error)
{
  g_return_val_if_fail (b->status == MC_BROADCAST_SCHEDULED, FALSE);

  b->status = MC_BROADCAST_CANCELLED;

  return mc_store_broadcast_update (mc_service_get_store (service), b, error) &&
         emit_broadcast (service, b, error);
}

gboolean
mc_broadcasts_run_due (McService  *service,
                       gint64      now,
                       GError    **error)
{
  McStore *store = mc_service_get_store (service);
  const guint batch = 20;

  for (;;)
    {
      g_autoptr(GPtrArray) due = mc_store_broadcast_list_due (store, now, batch, error);

      if (due == NULL)
        return FALSE;

      for (guint i = 0; i < due->len; i++)
        {
          McBroadcast *listed = g_ptr_array_index (due, i);
          g_autoptr(McBroadcast) b = NULL;
          GError *local_error = NULL;

          if (!mc_service_begin (service, error))
            return FALSE;

          /* Read again inside the transaction: it may have been cancelled. */
          b = mc_store_broadcast_get (store, NULL, listed->id, &local_error);
          if (local_error != NULL)
            {
              mc_service_rollback (service);
              g_propagate_error (error, local_error);
              return FALSE;
            }

          if (b != NULL && b->status == MC_BROADCAST_SCHEDULED &&
              !mc_broadcasts_send (service, b, now, error))
            {
              mc_service_rollback (service);
              return FALSE;
            }

          if (!mc_service_commit (service, error))
            return FALSE;
        }

      if (due->len < batch)
        return TRUE;
    }
}
