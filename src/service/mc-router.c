/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "mc-router.h"

typedef struct
{
  char           *method;
  char          **segments;  /* the pattern split at '/', without the leading empty one */
  McRouteFlags    flags;
  McRouteHandler  handler;
} Route;

struct _McRouter
{
  GPtrArray *routes;
};

static void
route_free (Route *route)
{
  g_free (route->method);
  g_strfreev (route->segments);
  g_free (route);
}

McRouter *
mc_router_new (void)
{
  McRouter *self = g_new0 (McRouter, 1);

  self->routes = g_ptr_array_new_with_free_func ((GDestroyNotify) route_free);

  return self;
}

void
mc_router_free (McRouter *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->routes);
  g_free (self);
}

static char **
split_path (const char *path)
{
  g_return_val_if_fail (path[0] == '/', NULL);

  return g_strsplit (path + 1, "/", -1);
}

void
mc_router_add (McRouter       *self,
               const char     *method,
               const char     *pattern,
               McRouteFlags    flags,
               McRouteHandler  handler)
{
  Route *route;

  g_return_if_fail (self != NULL);
  g_return_if_fail (method != NULL);
  g_return_if_fail (pattern != NULL && pattern[0] == '/');
  g_return_if_fail (handler != NULL);

  route = g_new0 (Route, 1);
  route->method = g_strdup (method);
  route->segments = split_path (pattern);
  route->flags = flags;
  route->handler = handler;
  g_ptr_array_add (self->routes, route);
}

static gboolean
segment_is_param (const char *segment)
{
  gsize len = strlen (segment);

  return len > 2 && segment[0] == '{' && segment[len - 1] == '}';
}

static gboolean
path_matches (Route       *route,
              char       **parts,
              GHashTable  *params)
{
  guint n = g_strv_length (route->segments);

  if (g_strv_length (parts) != n)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      const char *pattern = route->segments[i];

      if (segment_is_param (pattern))
        {
          if (parts[i][0] == '\0')
            return FALSE;
        }
      else if (strcmp (pattern, parts[i]) != 0)
        return FALSE;
    }

  if (params != NULL)
    {
      for (guint i = 0; i < n; i++)
        {
          const char *pattern = route->segments[i];

          if (segment_is_param (pattern))
            g_hash_table_replace (params,
                                  g_strndup (pattern + 1, strlen (pattern) - 2),
                                  g_strdup (parts[i]));
        }
    }

  return TRUE;
}

McRouteMatch
mc_router_match (McRouter        *self,
                 const char      *method,
                 const char      *path,
                 GHashTable      *params,
                 McRouteHandler  *out_handler,
                 McRouteFlags    *out_flags,
                 char           **out_allow)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GString) allow = NULL;

  g_return_val_if_fail (self != NULL, MC_ROUTE_MATCH_NO_PATH);

  *out_handler = NULL;
  *out_flags = MC_ROUTE_NONE;
  if (out_allow != NULL)
    *out_allow = NULL;

  if (path == NULL || path[0] != '/')
    return MC_ROUTE_MATCH_NO_PATH;

  parts = split_path (path);

  for (guint i = 0; i < self->routes->len; i++)
    {
      Route *route = g_ptr_array_index (self->routes, i);

      if (strcmp (route->method, method) != 0)
        continue;
      if (path_matches (route, parts, params))
        {
          *out_handler = route->handler;
          *out_flags = route->flags;
          return MC_ROUTE_MATCH_FOUND;
        }
    }

  for (guint i = 0; i < self->routes->len; i++)
    {
      Route *route = g_ptr_array_index (self->routes, i);

      if (!path_matches (route, parts, NULL))
        continue;
      if (allow == NULL)
        allow = g_string_new (route->method);
      else if (strstr (allow->str, route->method) == NULL)
        g_string_append_printf (allow, ", %s", route->method);
      *out_flags = route->flags;
    }

  if (allow == NULL)
    return MC_ROUTE_MATCH_NO_PATH;

  if (out_allow != NULL)
    *out_allow = g_string_free (g_steal_pointer (&allow), FALSE);

  return MC_ROUTE_MATCH_NO_METHOD;
}
