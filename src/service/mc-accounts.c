/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "mc-core.h"
#include "mc-ids.h"
#include "mc-accounts.h"
#include "mc-objects.h"

gboolean
mc_email_is_valid (const char *email)
{
  const char *at;

  if (email == NULL || strlen (email) > 254 || !g_utf8_validate (email, -1, NULL))
    return FALSE;

  at = strchr (email, '@');
  if (at == NULL || at == email || at[1] == '\0' || strchr (at + 1, '@') != NULL)
    return FALSE;

  for (const guchar *p = (const guchar *) email; *p; p++)
    if (*p <= ' ' || *p == 0x7f || strchr ("<>()[],;:\\\"", *p) != NULL)
      return FALSE;

  return strchr (at + 1, '.') != NULL || g_str_equal (at + 1, "localhost");
}

/* An IANA name ("Asia/Kolkata", "UTC", "Etc/GMT+5"), not one of the other
 * things GTimeZone also takes: an offset ("+05:30") or a POSIX rule
 * ("CET-1CEST,M3.5.0,M10.5.0/3"). */
static gboolean
looks_like_iana_name (const char *name)
{
  if (!g_ascii_isalpha (name[0]))
    return FALSE;

  for (const char *p = name; *p; p++)
    {
      if (*p == '/' && (p[1] == '\0' || !g_ascii_isalpha (p[1])))
        return FALSE;
      if (!g_ascii_isalnum (*p) && strchr ("/_+-", *p) == NULL)
        return FALSE;
    }

  return TRUE;
}

static gboolean
default_rates (McCurrency  currency,
               gint64     *free_rate,
               gint64     *business,
               gint64     *user)
{
  switch (currency)
    {
    case MC_CURRENCY_INR:
      *free_rate = 0;
      *business = 8000;
      *user = 3500;
      return TRUE;
    case MC_CURRENCY_USD:
      *free_rate = 0;
      *business = 147;
      *user = 60;
      return TRUE;
    case MC_CURRENCY_INVALID:
    default:
      return FALSE;
    }
}

static gboolean
parse_rates (const char  *text,
             gint64      *free_rate,
             gint64      *business,
             gint64      *user,
             GError     **error)
{
  g_auto(GStrv) pairs = NULL;
  gboolean seen[3] = { FALSE, FALSE, FALSE };

  if (text == NULL)
    return TRUE;

  pairs = g_strsplit (text, ",", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (pairs[i], "=", 2);
      gint64 value = 0;
      guint slot;

      if (g_strv_length (kv) != 2)
        goto invalid;

      if (strcmp (kv[0], "free") == 0)
        slot = 0;
      else if (strcmp (kv[0], "business_initiated") == 0)
        slot = 1;
      else if (strcmp (kv[0], "user_initiated") == 0)
        slot = 2;
      else
        goto invalid;

      if (seen[slot] || !mc_money_parse (kv[1], &value, NULL) || value < 0)
        goto invalid;
      seen[slot] = TRUE;

      if (slot == 0)
        *free_rate = value;
      else if (slot == 1)
        *business = value;
      else
        *user = value;
    }

  return TRUE;

invalid:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "--rates must look like free=0,business_initiated=0.80,user_initiated=0.35 "
               "(each key once, amounts not negative)");
  return FALSE;
}

gboolean
mc_accounts_create (McService            *service,
                    const McAccountSpec  *spec,
                    gint64                at,
                    char                **out_account_id,
                    char                **out_token,
                    GError              **error)
{
  McStore *store = mc_service_get_store (service);
  g_autoptr(GTimeZone) zone = NULL;
  g_autofree char *id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *stripped = NULL;
  McAccount account = { 0 };

  if (spec->name != NULL && g_utf8_validate (spec->name, -1, NULL))
    stripped = g_strstrip (g_strdup (spec->name));

  if (stripped == NULL || stripped[0] == '\0' || g_utf8_strlen (spec->name, -1) > 200)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "--name must be 1 to 200 characters");
      return FALSE;
    }

  if (!mc_email_is_valid (spec->email))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "--email must be an address such as owner@example.com");
      return FALSE;
    }

  if (!default_rates (spec->currency, &account.rate_free, &account.rate_business_initiated,
                      &account.rate_user_initiated))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "--currency must be INR or USD");
      return FALSE;
    }

  if (!parse_rates (spec->rates, &account.rate_free, &account.rate_business_initiated,
                    &account.rate_user_initiated, error))
    return FALSE;

  account.timezone = (char *) (spec->timezone ? spec->timezone : mc_default_timezone (spec->currency));
  zone = g_time_zone_new_identifier (account.timezone);
  if (zone == NULL || strlen (account.timezone) > 64 || !looks_like_iana_name (account.timezone))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--timezone “%s” is not a known IANA time zone", account.timezone);
      return FALSE;
    }

  id = mc_id_new ("acc");
  token = mc_token_new ("mct");
  hash = mc_token_hash (token);

  account.id = id;
  account.name = (char *) spec->name;
  account.email = (char *) spec->email;
  account.currency = spec->currency;
  account.low_balance_threshold = mc_low_balance_default (spec->currency);
  account.created_at = at;

  if (!mc_service_begin (service, error) ||
      !mc_store_account_insert (store, &account, hash, error) ||
      !mc_service_commit (service, error))
    {
      mc_service_rollback (service);
      return FALSE;
    }

  *out_account_id = g_steal_pointer (&id);
  *out_token = g_steal_pointer (&token);
  return TRUE;
}

gboolean
mc_accounts_rotate_token (McService   *service,
                          const char  *account_id,
                          char       **out_token,
                          GError     **error)
{
  McStore *store = mc_service_get_store (service);
  g_autoptr(McAccount) account = NULL;
  g_autofree char *token = mc_token_new ("mct");
  g_autofree char *hash = mc_token_hash (token);
  GError *local_error = NULL;

  if (!mc_service_begin (service, error))
    return FALSE;

  account = mc_store_account_get (store, account_id, &local_error);
  if (account == NULL)
    {
      mc_service_rollback (service);
      if (local_error == NULL)
        g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "There is no account %s", account_id);
      g_propagate_error (error, local_error);
      return FALSE;
    }

  if (!mc_store_account_set_token_hash (store, account_id, hash, error) ||
      !mc_service_token_rotated (service, account_id, error) ||
      !mc_service_commit (service, error))
    {
      mc_service_rollback (service);
      return FALSE;
    }

  *out_token = g_steal_pointer (&token);
  return TRUE;
}
