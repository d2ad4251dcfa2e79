/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-http.h"

G_BEGIN_DECLS

typedef struct _McService McService;

/**
 * McRouteFlags:
 * @MC_ROUTE_NONE: a public route
 * @MC_ROUTE_AUTH: needs `Authorization: Bearer`; the handler finds the
 *   account in `req->account_id`
 * @MC_ROUTE_HTML: a page for people: errors are answered as HTML
 */
typedef enum
{
  MC_ROUTE_NONE = 0,
  MC_ROUTE_AUTH = 1 << 0,
  MC_ROUTE_HTML = 1 << 1,
} McRouteFlags;

/**
 * McRouteHandler:
 * @service: the service
 * @req: the request, with its `{name}` segments in `req->params`
 * @res: the response to fill in
 *
 * Handles one request synchronously. It must set a status on every path
 * (an api.md error for bad input, never a 5xx for it).
 */
typedef void (*McRouteHandler) (McService  *service,
                                McRequest  *req,
                                McResponse *res);

typedef struct _McRouter McRouter;

typedef enum
{
  MC_ROUTE_MATCH_FOUND,
  MC_ROUTE_MATCH_NO_PATH,
  MC_ROUTE_MATCH_NO_METHOD,
} McRouteMatch;

McRouter     *mc_router_new      (void);
void          mc_router_free     (McRouter *self);

/**
 * mc_router_add:
 * @self: the router
 * @method: `"GET"`, `"POST"`, `"PATCH"`, …
 * @pattern: a path whose segments are literal or `{name}`
 *   (`/v1/payments/{id}/cancel`); a `{name}` segment matches one non-empty
 *   segment
 * @flags: what the route needs
 * @handler: the handler
 *
 * Adds a route. Each part of the service registers its own routes from its
 * own file (`mc_routes_payments_register()` and so on), so new features add
 * files instead of editing a central table.
 */
void          mc_router_add      (McRouter       *self,
                                  const char     *method,
                                  const char     *pattern,
                                  McRouteFlags    flags,
                                  McRouteHandler  handler);

/**
 * mc_router_match:
 * @self: the router
 * @method: the request method
 * @path: the decoded request path
 * @params: (element-type utf8 utf8): filled with the `{name}` segments
 * @out_handler: (out): the handler when found
 * @out_flags: (out): the route's flags when found
 * @out_allow: (out) (transfer full) (optional): for
 *   %MC_ROUTE_MATCH_NO_METHOD, the methods the path has (`"GET, POST"`)
 *
 * Returns: whether a route matched, or why not
 */
McRouteMatch  mc_router_match    (McRouter        *self,
                                  const char      *method,
                                  const char      *path,
                                  GHashTable      *params,
                                  McRouteHandler  *out_handler,
                                  McRouteFlags    *out_flags,
                                  char           **out_allow);

G_END_DECLS
