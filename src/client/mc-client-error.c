/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "mc-client-private.h"

typedef struct
{
  char  *field;
  char  *code_name;
  guint  http_status;
} McClientErrorPrivate;

static void
mc_client_error_private_init (McClientErrorPrivate *priv)
{
  priv->field = NULL;
  priv->code_name = NULL;
  priv->http_status = 0;
}

static void
mc_client_error_private_copy (const McClientErrorPrivate *src,
                              McClientErrorPrivate       *dest)
{
  dest->field = g_strdup (src->field);
  dest->code_name = g_strdup (src->code_name);
  dest->http_status = src->http_status;
}

static void
mc_client_error_private_clear (McClientErrorPrivate *priv)
{
  g_clear_pointer (&priv->field, g_free);
  g_clear_pointer (&priv->code_name, g_free);
}

/* The field travels in the error itself (an extended error domain), so it
 * survives g_error_copy() and g_task_propagate_*() and needs no side table. */
/* GLib's macro casts the private area; it is allocated with the right alignment. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wcast-align"
G_DEFINE_EXTENDED_ERROR (McClientError, mc_client_error)
#pragma GCC diagnostic pop

static const struct
{
  const char    *name;
  McClientError  code;
} error_codes[] = {
  { "invalid_request", MC_CLIENT_ERROR_INVALID_REQUEST },
  { "invalid_json", MC_CLIENT_ERROR_INVALID_JSON },
  { "invalid_amount", MC_CLIENT_ERROR_INVALID_AMOUNT },
  { "invalid_date", MC_CLIENT_ERROR_INVALID_DATE },
  { "invalid_phone", MC_CLIENT_ERROR_INVALID_PHONE },
  { "unauthorized", MC_CLIENT_ERROR_UNAUTHORIZED },
  { "account_restricted", MC_CLIENT_ERROR_ACCOUNT_RESTRICTED },
  { "not_found", MC_CLIENT_ERROR_NOT_FOUND },
  { "idempotency_conflict", MC_CLIENT_ERROR_IDEMPOTENCY_CONFLICT },
  { "invalid_state", MC_CLIENT_ERROR_INVALID_STATE },
  { "body_too_large", MC_CLIENT_ERROR_BODY_TOO_LARGE },
  { "amount_below_minimum", MC_CLIENT_ERROR_AMOUNT_BELOW_MINIMUM },
  { "amount_above_maximum", MC_CLIENT_ERROR_AMOUNT_ABOVE_MAXIMUM },
  { "range_too_old", MC_CLIENT_ERROR_RANGE_TOO_OLD },
  { "range_invalid", MC_CLIENT_ERROR_RANGE_INVALID },
  { "too_many_requests", MC_CLIENT_ERROR_TOO_MANY_REQUESTS },
  { "internal", MC_CLIENT_ERROR_INTERNAL },
};

gboolean
mc_client_error_from_code_name (const char    *code,
                                McClientError *out_error)
{
  g_return_val_if_fail (out_error != NULL, FALSE);

  if (code == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (error_codes); i++)
    {
      if (g_str_equal (code, error_codes[i].name))
        {
          *out_error = error_codes[i].code;
          return TRUE;
        }
    }

  return FALSE;
}

static McClientErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != MC_CLIENT_ERROR)
    return NULL;

  return mc_client_error_get_private (error);
}

const char *
mc_client_error_get_field (const GError *error)
{
  McClientErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->field : NULL;
}

const char *
mc_client_error_get_code_name (const GError *error)
{
  McClientErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->code_name : NULL;
}

guint
mc_client_error_get_http_status (const GError *error)
{
  McClientErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->http_status : 0;
}

GError *
mc_client_error_new_full (McClientError  code,
                          const char    *code_name,
                          const char    *field,
                          guint          http_status,
                          const char    *message)
{
  GError *error = g_error_new_literal (MC_CLIENT_ERROR, code, message);
  McClientErrorPrivate *priv = mc_client_error_get_private (error);

  priv->field = g_strdup (field);
  priv->code_name = g_strdup (code_name);
  priv->http_status = http_status;

  return error;
}

GError *
mc_client_error_bad_response (const char *format,
                              ...)
{
  g_autofree char *detail = NULL;
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  message = g_strdup_printf (_("The service sent an answer the app does not understand (%s)."), detail);

  return g_error_new_literal (MC_CLIENT_ERROR, MC_CLIENT_ERROR_BAD_RESPONSE, message);
}
