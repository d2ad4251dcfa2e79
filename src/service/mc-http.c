/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "mc-core.h"
#include "mc-http.h"

/* Deeper JSON than this is refused before json-glib sees it: its parser
 * recurses once per level, and a megabyte of `[` must not exhaust the stack. */
#define MAX_JSON_DEPTH 64

McRequest *
mc_request_new (const char *method,
                const char *path)
{
  McRequest *req = g_new0 (McRequest, 1);

  req->method = g_strdup (method ? method : "GET");
  req->path = g_strdup (path ? path : "/");
  req->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  req->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  req->body = g_bytes_new (NULL, 0);
  req->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  return req;
}

void
mc_request_free (McRequest *req)
{
  if (req == NULL)
    return;

  g_free (req->method);
  g_free (req->path);
  g_hash_table_unref (req->query);
  soup_message_headers_unref (req->headers);
  g_bytes_unref (req->body);
  g_hash_table_unref (req->params);
  g_free (req->account_id);
  g_free (req);
}

void
mc_request_set_body (McRequest *req,
                     GBytes    *body)
{
  g_return_if_fail (req != NULL);
  g_return_if_fail (body != NULL);

  g_bytes_unref (req->body);
  req->body = g_bytes_ref (body);
}

const char *
mc_request_get_param (McRequest  *req,
                      const char *name)
{
  return g_hash_table_lookup (req->params, name);
}

const char *
mc_request_get_query (McRequest  *req,
                      const char *name)
{
  return g_hash_table_lookup (req->query, name);
}

const char *
mc_request_get_header (McRequest  *req,
                       const char *name)
{
  return soup_message_headers_get_one (req->headers, name);
}

static gboolean
json_depth_ok (const char *data,
               gsize       len)
{
  int depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > MAX_JSON_DEPTH)
            return FALSE;
          break;
        case ']':
        case '}':
          depth--;
          break;
        default:
          break;
        }
    }

  return TRUE;
}

static int
hex_value (const char *p)
{
  int value = 0;

  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }

  return value;
}

/* json-glib keeps strings as C strings and passes surrogates through as they
 * come: a "\u0000" would silently cut a string short (so "1000\u0000x" would
 * read as "1000"), and an unpaired surrogate would be stored, and answered
 * later, as bytes that are not UTF-8. Neither is text: refuse both. */
static gboolean
json_escapes_ok (const char *data,
                 gsize       len)
{
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      int code;

      if (!in_string)
        {
          in_string = data[i] == '"';
          continue;
        }

      if (data[i] == '"')
        {
          in_string = FALSE;
          continue;
        }

      if (data[i] != '\\' || i + 1 >= len)
        continue;

      i++;
      if (data[i] != 'u' || i + 4 >= len || (code = hex_value (data + i + 1)) < 0)
        continue;  /* other escapes, and malformed ones, are the parser's */
      i += 4;

      if (code == 0 || (code >= 0xDC00 && code <= 0xDFFF))
        return FALSE;

      if (code >= 0xD800 && code <= 0xDBFF)
        {
          int low;

          if (i + 6 >= len || data[i + 1] != '\\' || data[i + 2] != 'u' ||
              (low = hex_value (data + i + 3)) < 0xDC00 || low > 0xDFFF)
            return FALSE;
          i += 6;
        }
    }

  return TRUE;
}

JsonObject *
mc_request_parse_json_object (McRequest  *req,
                              McResponse *res)
{
  g_autoptr(JsonParser) parser = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (req->body, &len);
  JsonNode *root;

  if (len == 0 || data == NULL)
    {
      mc_response_error (res, 400, "invalid_json", NULL, "The request needs a JSON body.");
      return NULL;
    }

  if (!g_utf8_validate (data, len, NULL) || memchr (data, '\0', len) != NULL)
    {
      mc_response_error (res, 400, "invalid_json", NULL, "The body is not valid UTF-8 JSON.");
      return NULL;
    }

  if (!json_depth_ok (data, len))
    {
      mc_response_error (res, 400, "invalid_json", NULL, "The JSON body is nested too deeply.");
      return NULL;
    }

  if (!json_escapes_ok (data, len))
    {
      mc_response_error (res, 400, "invalid_json", NULL,
                         "Text in the body cannot hold \\u0000 or an unpaired surrogate.");
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, NULL))
    {
      mc_response_error (res, 400, "invalid_json", NULL, "The body is not valid JSON.");
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      mc_response_error (res, 400, "invalid_request", NULL, "The body must be a JSON object.");
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

McResponse *
mc_response_new (void)
{
  McResponse *res = g_new0 (McResponse, 1);

  res->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);

  return res;
}

static void
clear_producer (McResponse *res)
{
  if (res->producer_destroy != NULL && res->producer_data != NULL)
    res->producer_destroy (res->producer_data);
  res->producer = NULL;
  res->producer_data = NULL;
  res->producer_destroy = NULL;
}

void
mc_response_free (McResponse *res)
{
  if (res == NULL)
    return;

  clear_producer (res);
  soup_message_headers_unref (res->headers);
  g_clear_pointer (&res->body, g_bytes_unref);
  g_free (res);
}

void
mc_response_set_body (McResponse *res,
                      guint       status,
                      const char *content_type,
                      GBytes     *body)
{
  g_return_if_fail (res != NULL);

  clear_producer (res);
  res->status = status;
  g_clear_pointer (&res->body, g_bytes_unref);
  res->body = body ? g_bytes_ref (body) : g_bytes_new (NULL, 0);
  if (content_type != NULL)
    soup_message_headers_replace (res->headers, "Content-Type", content_type);
  else
    soup_message_headers_remove (res->headers, "Content-Type");
}

void
mc_response_set_json (McResponse *res,
                      guint       status,
                      JsonNode   *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(GBytes) bytes = NULL;
  gsize len = 0;
  char *text;

  json_generator_set_root (gen, node);
  text = json_generator_to_data (gen, &len);
  bytes = g_bytes_new_take (text, len);
  mc_response_set_body (res, status, "application/json; charset=utf-8", bytes);
}

void
mc_response_set_json_object (McResponse *res,
                             guint       status,
                             JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  mc_response_set_json (res, status, node);
}

void
mc_response_set_created (McResponse *res,
                         JsonObject *object,
                         const char *collection,
                         const char *id)
{
  g_autofree char *location = g_strconcat (collection, "/", id, NULL);

  mc_response_set_json_object (res, 201, object);
  soup_message_headers_replace (res->headers, "Location", location);
}

void
mc_response_set_stream (McResponse     *res,
                        guint           status,
                        const char     *content_type,
                        McBodyProducer  producer,
                        gpointer        user_data,
                        GDestroyNotify  destroy)
{
  g_return_if_fail (res != NULL);
  g_return_if_fail (producer != NULL);

  clear_producer (res);
  g_clear_pointer (&res->body, g_bytes_unref);
  res->status = status;
  res->producer = producer;
  res->producer_data = user_data;
  res->producer_destroy = destroy;
  soup_message_headers_replace (res->headers, "Content-Type", content_type);
}

gboolean
mc_response_drain_stream (McResponse *res,
                          gsize       limit,
                          GError    **error)
{
  g_autoptr(GByteArray) all = g_byte_array_new ();
  gboolean ok = TRUE;

  g_return_val_if_fail (res != NULL, FALSE);

  if (res->producer == NULL)
    return TRUE;

  for (;;)
    {
      g_autoptr(GByteArray) chunk = g_byte_array_new ();

      if (!res->producer (res->producer_data, chunk, error))
        {
          ok = FALSE;
          break;
        }
      if (chunk->len == 0)
        break;
      g_byte_array_append (all, chunk->data, chunk->len);
      if (limit > 0 && all->len >= limit)
        break;
    }

  clear_producer (res);
  res->body = g_byte_array_free_to_bytes (g_steal_pointer (&all));

  return ok;
}

void
mc_response_error (McResponse *res,
                   guint       status,
                   const char *code,
                   const char *field,
                   const char *format,
                   ...)
{
  g_autoptr(JsonObject) root = json_object_new ();
  JsonObject *error = json_object_new ();
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  json_object_set_string_member (error, "code", code);
  json_object_set_string_member (error, "message", message);
  if (field != NULL)
    json_object_set_string_member (error, "field", field);
  json_object_set_object_member (root, "error", error);

  mc_response_set_json_object (res, status, root);
}

char *
mc_html_escape (const char *text)
{
  return g_markup_escape_text (text ? text : "", -1);
}

static const char page_style[] =
  "body{font-family:Cantarell,'Noto Sans',system-ui,sans-serif;background:#f6f5f4;color:#241f31;"
  "margin:0;padding:2rem 1rem}"
  "main{max-width:28rem;margin:0 auto;background:#fff;border-radius:12px;padding:1.5rem 2rem;"
  "box-shadow:0 1px 3px rgba(0,0,0,.15)}"
  "h1{font-size:1.4rem;margin:.2rem 0 1rem}"
  ".merchant{color:#5e5c64;margin:0}"
  "table{width:100%;border-collapse:collapse;margin:1rem 0}"
  "td{padding:.4rem 0}td.v{text-align:right;font-variant-numeric:tabular-nums}"
  "tr.total td{border-top:1px solid #deddda;font-weight:bold;font-size:1.1rem}"
  ".state{display:inline-block;border-radius:999px;padding:.2rem .8rem;font-weight:bold}"
  ".pending{background:#fdf6e3;color:#9c6e03}.completed{background:#e6f4ea;color:#1c6e3d}"
  ".failed,.cancelled,.expired{background:#fbe9e9;color:#a51d2d}"
  ".actions{display:flex;gap:.8rem;margin-top:1.2rem}"
  "button{font:inherit;border:0;border-radius:8px;padding:.6rem 1.4rem;cursor:pointer}"
  "button.pay{background:#3584e4;color:#fff}button.decline{background:#deddda;color:#241f31}"
  ".note{color:#5e5c64;font-size:.9rem}";

void
mc_response_html (McResponse *res,
                  guint       status,
                  const char *title,
                  const char *body_html)
{
  g_autofree char *title_html = mc_html_escape (title);
  g_autofree char *page = NULL;
  g_autoptr(GBytes) bytes = NULL;

  page = g_strdup_printf ("<!DOCTYPE html>\n"
                          "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                          "<meta name=\"referrer\" content=\"no-referrer\">\n"
                          "<title>%s</title>\n<style>%s</style>\n</head>\n"
                          "<body>\n<main>\n%s\n</main>\n</body>\n</html>\n",
                          title_html, page_style, body_html);
  bytes = g_bytes_new_take (page, strlen (page));
  g_steal_pointer (&page);

  mc_response_set_body (res, status, "text/html; charset=utf-8", bytes);
  soup_message_headers_replace (res->headers, "Cache-Control", "no-store");
  soup_message_headers_replace (res->headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (res->headers, "Content-Security-Policy", "frame-ancestors 'none'");
  soup_message_headers_replace (res->headers, "X-Frame-Options", "DENY");
  soup_message_headers_replace (res->headers, "X-Content-Type-Options", "nosniff");
}

void
mc_response_html_error (McResponse *res,
                        guint       status,
                        const char *title,
                        const char *message)
{
  g_autofree char *title_html = mc_html_escape (title);
  g_autofree char *message_html = mc_html_escape (message);
  g_autofree char *body = g_strdup_printf ("<h1>%s</h1>\n<p>%s</p>", title_html, message_html);

  mc_response_html (res, status, title, body);
}

JsonNode *
mc_response_get_json (McResponse *res)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data;

  if (res->body == NULL)
    return NULL;

  data = g_bytes_get_data (res->body, &len);
  if (data == NULL || !json_parser_load_from_data (parser, data, (gssize) len, NULL))
    return NULL;

  return json_node_copy (json_parser_get_root (parser));
}

JsonNode *
mc_json_member (JsonObject *object,
                const char *name)
{
  if (object == NULL || !json_object_has_member (object, name))
    return NULL;

  return json_object_get_member (object, name);
}

gboolean
mc_json_get_string (JsonObject  *object,
                    const char  *name,
                    gboolean     required,
                    const char **out,
                    McResponse  *res)
{
  JsonNode *node = mc_json_member (object, name);

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!required)
        return TRUE;
      mc_response_error (res, 400, "invalid_request", name, "The field “%s” is required.", name);
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      mc_response_error (res, 400, "invalid_request", name, "The field “%s” must be a string.", name);
      return FALSE;
    }

  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
mc_json_get_money (JsonObject  *object,
                   const char  *name,
                   gboolean     required,
                   gint64      *out,
                   gboolean    *out_present,
                   McResponse  *res)
{
  const char *text = NULL;

  *out = 0;
  if (out_present != NULL)
    *out_present = FALSE;

  if (!mc_json_get_string (object, name, required, &text, res))
    {
      /* Reword the type error: money is a string on purpose. */
      JsonNode *node = mc_json_member (object, name);

      if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
        mc_response_error (res, 400, "invalid_request", name,
                           "The field “%s” must be a money string such as \"100.00\" (a JSON string, not a number).",
                           name);
      return FALSE;
    }

  if (text == NULL)
    return TRUE;

  if (!mc_money_parse (text, out, NULL))
    {
      mc_response_error (res, 400, "invalid_amount", name,
                         "The field “%s” must be a plain decimal such as \"100.00\".", name);
      return FALSE;
    }

  if (out_present != NULL)
    *out_present = TRUE;

  return TRUE;
}
