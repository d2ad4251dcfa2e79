/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "mc-client-private.h"
#include "mc-core.h"

/* Refuses nesting deeper than MC_JSON_MAX_DEPTH without recursing. */
static gboolean
check_depth (const char *data,
             gsize       length)
{
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MC_JSON_MAX_DEPTH)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}

JsonNode *
mc_json_parse (const char  *data,
               gsize        length,
               GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (length > G_MAXSSIZE || length == 0)
    {
      g_propagate_error (error, mc_client_error_bad_response ("an empty body"));
      return NULL;
    }

  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_propagate_error (error, mc_client_error_bad_response ("not UTF-8"));
      return NULL;
    }

  if (!check_depth (data, length))
    {
      g_propagate_error (error, mc_client_error_bad_response ("JSON nested too deep"));
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      g_propagate_error (error, mc_client_error_bad_response ("not JSON: %s", local_error->message));
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_propagate_error (error, mc_client_error_bad_response ("not a JSON object"));
      return NULL;
    }

  return json_node_ref (root);
}

static JsonNode *
get_member (JsonObject *object,
            const char *name)
{
  return json_object_get_member (object, name);
}

static gboolean
is_null (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

static gboolean
missing (const char  *name,
         const char  *what,
         GError     **error)
{
  g_propagate_error (error, mc_client_error_bad_response ("“%s” is missing or not %s", name, what));
  return FALSE;
}

gboolean
mc_json_get_object (JsonObject  *object,
                    const char  *name,
                    gboolean     nullable,
                    JsonObject **out,
                    GError     **error)
{
  JsonNode *node = get_member (object, name);

  if (nullable && is_null (node))
    {
      *out = NULL;
      return TRUE;
    }

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return missing (name, "an object", error);

  *out = json_node_get_object (node);
  return TRUE;
}

gboolean
mc_json_get_array (JsonObject  *object,
                   const char  *name,
                   JsonArray  **out,
                   GError     **error)
{
  JsonNode *node = get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return missing (name, "a list", error);

  *out = json_node_get_array (node);
  return TRUE;
}

gboolean
mc_json_get_string (JsonObject  *object,
                    const char  *name,
                    gboolean     nullable,
                    const char **out,
                    GError     **error)
{
  JsonNode *node = get_member (object, name);

  if (nullable && is_null (node))
    {
      *out = NULL;
      return TRUE;
    }

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return missing (name, "a string", error);

  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
mc_json_get_id (JsonObject  *object,
                const char  *name,
                const char  *prefix,
                gboolean     nullable,
                const char **out,
                GError     **error)
{
  const char *id;

  if (!mc_json_get_string (object, name, nullable, &id, error))
    return FALSE;

  /* Ids end up in URL paths and hash tables: keep them short and plain. */
  if (id != NULL)
    {
      gsize len = strlen (id);

      if (len <= strlen (prefix) || len > 200 || !g_str_has_prefix (id, prefix))
        return missing (name, "an id", error);

      for (gsize i = 0; i < len; i++)
        {
          if (!g_ascii_isalnum (id[i]) && id[i] != '_' && id[i] != '-')
            return missing (name, "an id", error);
        }
    }

  *out = id;
  return TRUE;
}

gboolean
mc_json_get_money (JsonObject  *object,
                   const char  *name,
                   gint64      *out,
                   GError     **error)
{
  const char *text;

  if (!mc_json_get_string (object, name, FALSE, &text, error))
    return FALSE;

  if (!mc_money_parse (text, out, NULL))
    return missing (name, "money", error);

  return TRUE;
}

gboolean
mc_json_get_int (JsonObject  *object,
                 const char  *name,
                 gint64       min,
                 gint64       max,
                 gint64      *out,
                 GError     **error)
{
  JsonNode *node = get_member (object, name);
  gint64 value;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return missing (name, "a whole number", error);

  value = json_node_get_int (node);
  if (value < min || value > max)
    return missing (name, "a number in range", error);

  *out = value;
  return TRUE;
}

gboolean
mc_json_get_bool (JsonObject  *object,
                  const char  *name,
                  gboolean    *out,
                  GError     **error)
{
  JsonNode *node = get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return missing (name, "true or false", error);

  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
mc_json_get_time (JsonObject  *object,
                  const char  *name,
                  gboolean     nullable,
                  GDateTime  **out,
                  GError     **error)
{
  const char *text;
  GDateTime *time;

  if (!mc_json_get_string (object, name, nullable, &text, error))
    return FALSE;

  if (text == NULL)
    {
      *out = NULL;
      return TRUE;
    }

  time = mc_time_parse (text);
  if (time == NULL)
    return missing (name, "a time", error);

  *out = time;
  return TRUE;
}

gboolean
mc_json_get_date (JsonObject  *object,
                  const char  *name,
                  const char **out,
                  GError     **error)
{
  GDate date;

  if (!mc_json_get_string (object, name, FALSE, out, error))
    return FALSE;

  if (!mc_date_parse (*out, &date))
    return missing (name, "a date", error);

  return TRUE;
}

int
mc_enum_from_wire (GType       enum_type,
                   const char *text)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (enum_type);
  g_autofree char *nick = NULL;
  GEnumValue *value;

  if (text == NULL || strchr (text, '-') != NULL)
    return -1;

  nick = g_strdelimit (g_strdup (text), "_", '-');
  value = g_enum_get_value_by_nick (klass, nick);

  return value != NULL ? value->value : -1;
}

char *
mc_enum_to_wire (GType enum_type,
                 int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (enum_type);
  GEnumValue *enum_value = g_enum_get_value (klass, value);

  g_return_val_if_fail (enum_value != NULL, NULL);

  return g_strdelimit (g_strdup (enum_value->value_nick), "-", '_');
}

gboolean
mc_json_get_enum (JsonObject  *object,
                  const char  *name,
                  GType        enum_type,
                  int         *out,
                  GError     **error)
{
  const char *text;
  int value;

  if (!mc_json_get_string (object, name, FALSE, &text, error))
    return FALSE;

  value = mc_enum_from_wire (enum_type, text);
  if (value < 0)
    {
      g_propagate_error (error, mc_client_error_bad_response ("unknown “%s”", name));
      return FALSE;
    }

  *out = value;
  return TRUE;
}

gboolean
mc_json_get_currency (JsonObject  *object,
                      const char  *name,
                      McCurrency  *out,
                      GError     **error)
{
  const char *text;
  McCurrency currency;

  if (!mc_json_get_string (object, name, FALSE, &text, error))
    return FALSE;

  currency = mc_currency_from_code (text);
  if (currency == MC_CURRENCY_INVALID)
    return missing (name, "a known currency", error);

  *out = currency;
  return TRUE;
}

void
mc_set_string (GObject     *object,
               char       **field,
               const char  *value,
               GParamSpec  *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (object, pspec);
}

void
mc_set_int64 (GObject    *object,
              gint64     *field,
              gint64      value,
              GParamSpec *pspec)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (object, pspec);
}

void
mc_set_uint64 (GObject    *object,
               guint64    *field,
               guint64     value,
               GParamSpec *pspec)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (object, pspec);
}

void
mc_set_int (GObject    *object,
            int        *field,
            int         value,
            GParamSpec *pspec)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (object, pspec);
}

void
mc_set_boolean (GObject    *object,
                gboolean   *field,
                gboolean    value,
                GParamSpec *pspec)
{
  value = !!value;
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (object, pspec);
}

void
mc_set_date_time (GObject     *object,
                  GDateTime  **field,
                  GDateTime   *value,
                  GParamSpec  *pspec)
{
  if (*field == value)
    return;
  if (*field != NULL && value != NULL && g_date_time_equal (*field, value))
    return;

  g_clear_pointer (field, g_date_time_unref);
  *field = value != NULL ? g_date_time_ref (value) : NULL;
  g_object_notify_by_pspec (object, pspec);
}

GSource *
mc_timeout_source_attach (guint        seconds,
                          GSourceFunc  callback,
                          gpointer     data)
{
  GSource *source = g_timeout_source_new_seconds (seconds);

  g_source_set_callback (source, callback, data, NULL);
  g_source_set_static_name (source, "[mc-client] timeout");
  g_source_attach (source, g_main_context_get_thread_default ());

  return source;
}

void
mc_source_clear (GSource *source)
{
  g_source_destroy (source);
  g_source_unref (source);
}
