/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "mc-core.h"
#include "mc-objects.h"
#include "mc-routes.h"
#include "mc-service.h"

static void
get_account (McService  *service,
             McRequest  *req,
             McResponse *res)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = mc_account_load_json (service, req->account_id, &error);

  if (object == NULL)
    {
      mc_service_internal_error (res, error);
      return;
    }

  mc_response_set_json_object (res, 200, object);
}

static void
patch_account (McService  *service,
               McRequest  *req,
               McResponse *res)
{
  McStore *store = mc_service_get_store (service);
  g_autoptr(JsonObject) body = mc_request_parse_json_object (req, res);
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *member;
  gint64 threshold = 0;
  gboolean present = FALSE;

  if (body == NULL)
    return;

  member = mc_json_member (body, "low_balance_threshold");
  if (member != NULL && JSON_NODE_HOLDS_NULL (member))
    {
      mc_response_error (res, 400, "invalid_request", "low_balance_threshold",
                         "“low_balance_threshold” cannot be null.");
      return;
    }

  if (!mc_json_get_money (body, "low_balance_threshold", FALSE, &threshold, &present, res))
    {
      /* A string that is not money keeps api.md's code; only the type error stays invalid_request. */
      return;
    }

  if (present && threshold < 0)
    {
      mc_response_error (res, 400, "invalid_amount", "low_balance_threshold",
                         "The low-balance threshold cannot be negative.");
      return;
    }

  if (present)
    {
      if (!mc_service_begin (service, &error) ||
          !mc_store_account_set_threshold (store, req->account_id, threshold, &error) ||
          !mc_service_emit_account (service, req->account_id, &error) ||
          !mc_service_commit (service, &error))
        {
          mc_service_rollback (service);
          mc_service_internal_error (res, error);
          return;
        }
    }

  object = mc_account_load_json (service, req->account_id, &error);
  if (object == NULL)
    {
      mc_service_internal_error (res, error);
      return;
    }

  mc_response_set_json_object (res, 200, object);
}

void
mc_routes_account_register (McRouter *router)
{
  mc_router_add (router, "GET", "/v1/account", MC_ROUTE_AUTH, get_account);
  mc_router_add (router, "PATCH", "/v1/account", MC_ROUTE_AUTH, patch_account);
}
