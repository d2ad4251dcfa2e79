/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "mc-clock.h"
#include "mc-ids.h"
#include "mc-objects.h"
#include "mc-routes.h"
#include "mc-service.h"
#include "mc-store-usage.h"

#define SUBJECT_MAX 200
#define BODY_MAX 10000

static JsonObject *
ticket_to_json (const McTicket *t)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", t->id);
  json_object_set_string_member (object, "status", t->status);
  json_object_set_string_member (object, "subject", t->subject);
  mc_json_set_time (object, "created_at", t->created_at);

  return object;
}

static JsonObject *
ticket_item (McService     *service,
             gconstpointer  item,
             McStoreCursor *out_cursor)
{
  const McTicket *t = item;

  out_cursor->at = t->created_at;
  out_cursor->seq = t->seq;
  return ticket_to_json (t);
}

/* A text field of 1 to @max characters (not bytes) that is not all blank. */
static gboolean
read_text (JsonObject  *body,
           const char  *name,
           glong        max,
           const char **out,
           McResponse  *res)
{
  g_autofree char *stripped = NULL;

  if (!mc_json_get_string (body, name, TRUE, out, res))
    return FALSE;

  stripped = g_strstrip (g_strdup (*out));
  if (stripped[0] == '\0' || g_utf8_strlen (*out, -1) > max)
    {
      mc_response_error (res, 400, "invalid_request", name,
                         "“%s” must be 1 to %ld characters.", name, max);
      return FALSE;
    }

  return TRUE;
}

static void
create_ticket (McService  *service,
               McRequest  *req,
               McResponse *res)
{
  McStore *store = mc_service_get_store (service);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(McPayment) payment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char *subject = NULL;
  const char *text = NULL;
  const char *payment_id = NULL;
  McTicket ticket = { 0 };

  body = mc_request_parse_json_object (req, res);
  if (body == NULL ||
      !read_text (body, "subject", SUBJECT_MAX, &subject, res) ||
      !read_text (body, "body", BODY_MAX, &text, res) ||
      !mc_json_get_string (body, "payment_id", FALSE, &payment_id, res))
    return;

  /* A ticket may name one of the account's own payments, and only those:
   * another account's payment is not found, exactly like one that never was. */
  if (payment_id != NULL)
    {
      if (mc_id_is_plausible (payment_id, "pay"))
        payment = mc_store_payment_get (store, req->account_id, payment_id, &error);
      if (error != NULL)
        {
          mc_service_internal_error (res, error);
          return;
        }
      if (payment == NULL)
        {
          mc_response_error (res, 404, "not_found", "payment_id",
                             "There is no such payment; “payment_id” must be one of this account's payments, or null.");
          return;
        }
    }

  id = mc_id_new ("tkt");
  ticket.id = id;
  ticket.account_id = req->account_id;
  ticket.subject = (char *) subject;
  ticket.body = (char *) text;
  ticket.payment_id = (char *) payment_id;
  ticket.status = (char *) "open";
  ticket.created_at = mc_service_now ();

  if (!mc_service_begin (service, &error) ||
      !mc_store_ticket_insert (store, &ticket, &error) ||
      !mc_service_commit (service, &error))
    {
      mc_service_rollback (service);
      mc_service_internal_error (res, error);
      return;
    }

  object = ticket_to_json (&ticket);
  mc_response_set_json_object (res, 201, object);
}

static void
list_tickets (McService  *service,
              McRequest  *req,
              McResponse *res)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  McStoreCursor cursor;
  gboolean has_cursor = FALSE;
  guint limit;

  if (!mc_list_params (req, res, &limit, &cursor, &has_cursor))
    return;

  list = mc_store_ticket_list (mc_service_get_store (service), req->account_id,
                               has_cursor ? &cursor : NULL, limit + 1, &error);
  if (list == NULL)
    {
      mc_service_internal_error (res, error);
      return;
    }

  mc_list_respond (service, res, list, limit, ticket_item);
}

void
mc_routes_tickets_register (McRouter *router)
{
  mc_router_add (router, "POST", "/v1/tickets", MC_ROUTE_AUTH, create_ticket);
  mc_router_add (router, "GET", "/v1/tickets", MC_ROUTE_AUTH, list_tickets);
}
