/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "mc-ids.h"
#include "mc-objects.h"
#include "mc-routes.h"
#include "mc-service.h"

static JsonObject *
notification_item (McService     *service,
                   gconstpointer  item,
                   McStoreCursor *out_cursor)
{
  const McNotification *n = item;

  out_cursor->at = n->at;
  out_cursor->seq = n->seq;
  return mc_notification_to_json (n);
}

static void
list_notifications (McService  *service,
                    McRequest  *req,
                    McResponse *res)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  const char *unread = mc_request_get_query (req, "unread");
  gboolean unread_only = FALSE;
  McStoreCursor cursor;
  gboolean has_cursor = FALSE;
  guint limit;

  if (!mc_list_params (req, res, &limit, &cursor, &has_cursor))
    return;

  if (unread != NULL)
    {
      if (strcmp (unread, "true") == 0)
        unread_only = TRUE;
      else if (strcmp (unread, "false") != 0)
        {
          mc_response_error (res, 400, "invalid_request", "unread", "“unread” must be true or false.");
          return;
        }
    }

  list = mc_store_notification_list (mc_service_get_store (service), req->account_id, unread_only,
                                     has_cursor ? &cursor : NULL, limit + 1, &error);
  if (list == NULL)
    {
      mc_service_internal_error (res, error);
      return;
    }

  mc_list_respond (service, res, list, limit, notification_item);
}

static void
mark_read (McService  *service,
           McRequest  *req,
           McResponse *res)
{
  McStore *store = mc_service_get_store (service);
  const char *id = mc_request_get_param (req, "id");
  g_autoptr(McNotification) n = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;

  if (!mc_id_is_plausible (id, "ntf"))
    {
      mc_response_error (res, 404, "not_found", NULL, "There is no such notification.");
      return;
    }

  if (!mc_service_begin (service, &error))
    {
      mc_service_internal_error (res, error);
      return;
    }

  n = mc_store_notification_get (store, req->account_id, id, &error);
  if (n == NULL)
    {
      mc_service_rollback (service);
      if (error != NULL)
        mc_service_internal_error (res, error);
      else
        mc_response_error (res, 404, "not_found", NULL, "There is no such notification.");
      return;
    }

  if (!n->read)
    {
      n->read = TRUE;
      object = mc_notification_to_json (n);
      if (!mc_store_notification_mark_read (store, req->account_id, id, &error) ||
          !mc_service_emit (service, req->account_id, "notification", object, &error))
        {
          mc_service_rollback (service);
          mc_service_internal_error (res, error);
          return;
        }
    }
  else
    object = mc_notification_to_json (n);

  if (!mc_service_commit (service, &error))
    {
      mc_service_internal_error (res, error);
      return;
    }

  mc_response_set_json_object (res, 200, object);
}

void
mc_routes_notifications_register (McRouter *router)
{
  mc_router_add (router, "GET", "/v1/notifications", MC_ROUTE_AUTH, list_notifications);
  mc_router_add (router, "POST", "/v1/notifications/{id}/read", MC_ROUTE_AUTH, mark_read);
}
