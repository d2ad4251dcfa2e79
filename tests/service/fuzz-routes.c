/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * Arbitrary requests into the service's route handlers, through
 * mc_service_handle(), the entry point libsoup's handler uses too.
 *
 * Input: a request written like HTTP, `METHOD PATH?QUERY`, header lines,
 * an empty line, then the body. Placeholders reach deep paths: `$A` and `$B`
 * are the two accounts' bearer tokens, `$P` the newest payment id, `$C` its
 * checkout token, `$N` the first account's newest notification id and `$S`
 * the webhook signature of the body.
 *
 * After every request: no crash, no 5xx, no transaction left open, and
 * balance = sum(ledger) for every account.
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "../fuzz/fuzz-common.h"
#include "mc-accounts.h"
#include "mc-clock.h"
#include "mc-service.h"
#include "mc-store.h"

#define SECRET "fuzz-webhook-secret"

static McService *service;
static char *tokens[2];
static char *account_ids[2];

static void
setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  const char *base = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm" : g_get_tmp_dir ();
  g_autofree char *template = g_build_filename (base, "mc-fuzz-routes-XXXXXX", NULL);
  McServiceConfig config = { 0 };
  McAccountSpec inr = { "Fuzz <INR> & Co", "inr@fuzz.example", MC_CURRENCY_INR, NULL, NULL };
  McAccountSpec usd = { "Fuzz USD", "usd@fuzz.example", MC_CURRENCY_USD, NULL, NULL };

  dir = g_mkdtemp (g_steal_pointer (&template));
  FUZZ_CHECK (dir != NULL, "cannot make a temporary folder");
  db = g_build_filename (dir, "fuzz.db", NULL);

  config.db_path = db;
  config.sandbox_gateway = TRUE;
  config.webhook_secret = g_bytes_new_static (SECRET, strlen (SECRET));
  service = mc_service_new (&config, &error);
  g_bytes_unref (config.webhook_secret);
  FUZZ_CHECK (service != NULL, "mc_service_new: %s", error ? error->message : "?");

  FUZZ_CHECK (mc_accounts_create (service, &inr, mc_service_now (), &account_ids[0], &tokens[0], &error),
              "account: %s", error ? error->message : "?");
  FUZZ_CHECK (mc_accounts_create (service, &usd, mc_service_now (), &account_ids[1], &tokens[1], &error),
              "account: %s", error ? error->message : "?");
}

static void
newest_payment (char **out_id,
                char **out_checkout)
{
  g_autoptr(GPtrArray) list = NULL;

  *out_id = NULL;
  *out_checkout = NULL;
  for (guint i = 0; i < 2 && *out_id == NULL; i++)
    {
      list = mc_store_payment_list (mc_service_get_store (service), account_ids[i], NULL, NULL, 1, NULL);
      if (list != NULL && list->len > 0)
        {
          McPayment *p = g_ptr_array_index (list, 0);

          *out_id = g_strdup (p->id);
          *out_checkout = g_strdup (p->checkout_token);
        }
      g_clear_pointer (&list, g_ptr_array_unref);
    }
}

static char *
newest_notification (void)
{
  g_autoptr(GPtrArray) list = mc_store_notification_list (mc_service_get_store (service), account_ids[0],
                                                          FALSE, NULL, 1, NULL);

  if (list == NULL || list->len == 0)
    return g_strdup ("ntf_none");

  return g_strdup (((McNotification *) g_ptr_array_index (list, 0))->id);
}

static char *
expand (const char *text,
        gsize       len,
        const char *signature,
        gsize      *out_len)
{
  g_autofree char *pay = NULL;
  g_autofree char *checkout = NULL;
  g_autofree char *notification = NULL;
  GString *out;

  if (memchr (text, '$', len) == NULL)
    {
      *out_len = len;
      return g_strndup (text, len);
    }

  out = g_string_sized_new (len + 64);
  newest_payment (&pay, &checkout);
  notification = newest_notification ();

  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '$' && i + 1 < len)
        {
          const char *with = NULL;

          switch (text[i + 1])
            {
            case 'A': with = tokens[0]; break;
            case 'B': with = tokens[1]; break;
            case 'P': with = pay ? pay : "pay_none"; break;
            case 'C': with = checkout ? checkout : "ck_none"; break;
            case 'N': with = notification; break;
            case 'S': with = signature; break;
            default: break;
            }
          if (with != NULL)
            {
              g_string_append (out, with);
              i++;
              continue;
            }
        }
      g_string_append_c (out, text[i]);
    }

  *out_len = out->len;
  return g_string_free (out, FALSE);
}

static gboolean
header_name_ok (const char *name)
{
  if (*name == '\0')
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+-.^_`|~", *p) == NULL)
      return FALSE;
  return TRUE;
}

static void
check_ledgers (void)
{
  McStore *store = mc_service_get_store (service);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 balance = 0, sum = 0;

      FUZZ_CHECK (mc_store_account_check_ledger (store, account_ids[i], &balance, &sum, &error),
                  "ledger check: %s", error ? error->message : "?");
      FUZZ_CHECK (balance == sum, "balance %" G_GINT64_FORMAT " != sum(ledger) %" G_GINT64_FORMAT, balance, sum);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(McRequest) req = NULL;
  g_autoptr(McResponse) res = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GHmac) hmac = NULL;
  g_autofree char *head = NULL;
  g_autofree char *expanded_body = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *method = NULL;
  g_autofree char *target = NULL;
  g_autofree char *path = NULL;
  const char *text = (const char *) data;
  const char *split;
  const char *raw_body;
  const char *space;
  const char *query;
  gsize raw_body_len, head_len, body_len = 0;

  if (service == NULL)
    setup ();

  /* Head and body split at the first empty line. */
  split = g_strstr_len (text, size, "\n\n");
  head_len = split ? (gsize) (split - text) : size;
  raw_body = split ? split + 2 : text + size;
  raw_body_len = size - (gsize) (raw_body - text);

  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) SECRET, strlen (SECRET));
  expanded_body = expand (raw_body, raw_body_len, "", &body_len);
  g_hmac_update (hmac, (const guchar *) expanded_body, (gssize) body_len);

  {
    g_autofree char *raw_head = g_strndup (text, head_len);
    gsize len = 0;

    head = expand (raw_head, strlen (raw_head), g_hmac_get_string (hmac), &len);
  }

  lines = g_strsplit (head, "\n", -1);
  if (lines[0] == NULL)
    return 0;

  space = strchr (lines[0], ' ');
  method = space ? g_strndup (lines[0], (gsize) (space - lines[0])) : g_strdup (lines[0]);
  target = g_strdup (space ? space + 1 : "/");
  query = strchr (target, '?');
  path = g_uri_unescape_segment (target, query, NULL);
  if (path == NULL)
    path = query ? g_strndup (target, (gsize) (query - target)) : g_strdup (target);

  req = mc_request_new (method, path);
  if (query != NULL)
    {
      g_autoptr(GHashTable) form = soup_form_decode (query + 1);
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, form);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_replace (req->query, g_strdup (key), g_strdup (value));
    }

  for (guint i = 1; lines[i] != NULL; i++)
    {
      char *colon = strchr (lines[i], ':');
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (colon == NULL)
        continue;
      name = g_strndup (lines[i], (gsize) (colon - lines[i]));
      value = g_strstrip (g_strdup (colon + 1));
      /* What libsoup's parser would never hand over. */
      if (!header_name_ok (name) || strchr (value, '\r') != NULL || !g_utf8_validate (value, -1, NULL))
        continue;
      soup_message_headers_append (req->headers, name, value);
    }

  body = g_bytes_new (expanded_body, body_len);
  mc_request_set_body (req, body);
  req->remote_is_loopback = TRUE;
  req->body_too_large = body_len > MC_BODY_LIMIT;

  res = mc_response_new ();
  mc_service_handle (service, req, res);

  FUZZ_CHECK (res->status >= 100 && res->status < 500, "status %u for %s %s", res->status, method, path);
  FUZZ_CHECK (!mc_store_in_transaction (mc_service_get_store (service)), "a transaction was left open");
  if (res->producer != NULL)
    FUZZ_CHECK (mc_response_drain_stream (res, 4 * 1024 * 1024, NULL), "a streamed body failed");

  check_ledgers ();

  return 0;
}
