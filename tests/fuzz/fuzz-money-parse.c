/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The strict wire parser against an independent reading of api.md's grammar,
 * -?[0-9]+(\.[0-9]{1,4})?, computed in 128 bits: both must agree on every
 * input, and whatever parses must print and parse back to itself.
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "mc-money.h"

#define BIG ((__int128) 1 << 100)

typedef enum { GRAMMAR_NO, GRAMMAR_TOO_MANY_DECIMALS, GRAMMAR_YES } Grammar;

static Grammar
reference (const char *s,
           __int128   *out)
{
  gboolean negative = FALSE;
  __int128 value = 0;
  guint n_int = 0, n_frac = 0;

  if (*s == '-')
    {
      negative = TRUE;
      s++;
    }
  for (; *s >= '0' && *s <= '9'; s++, n_int++)
    if (value < BIG)
      value = value * 10 + (*s - '0');
  if (n_int == 0)
    return GRAMMAR_NO;
  if (*s == '.')
    {
      for (s++; *s >= '0' && *s <= '9'; s++, n_frac++)
        if (value < BIG)
          value = value * 10 + (*s - '0');
      if (n_frac == 0)
        return GRAMMAR_NO;
    }
  if (*s != '\0')
    return GRAMMAR_NO;
  if (n_frac > 4)
    return GRAMMAR_TOO_MANY_DECIMALS;
  for (; n_frac < 4; n_frac++)
    if (value < BIG)
      value *= 10;
  *out = negative ? -value : value;
  return GRAMMAR_YES;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  __int128 expected = 0;
  Grammar grammar;
  gint64 units = 0;
  gboolean ok;

  if (size > 4096 || memchr (data, '\0', size) != NULL)
    return 0;
  text = g_strndup ((const char *) data, size);

  grammar = reference (text, &expected);
  ok = mc_money_parse (text, &units, &error);

  if (grammar == GRAMMAR_YES && expected >= G_MININT64 && expected <= G_MAXINT64)
    {
      g_autofree char *wire = NULL;
      gint64 back = 0;

      FUZZ_CHECK (ok, "“%s” refused: %s", text, error->message);
      FUZZ_CHECK (units == (gint64) expected, "“%s” read as %" G_GINT64_FORMAT, text, units);

      wire = mc_money_to_string (units);
      FUZZ_CHECK (mc_money_parse (wire, &back, NULL) && back == units,
                  "“%s” printed as “%s”", text, wire);
      /* the printed form is canonical: printing it again changes nothing */
      {
        g_autofree char *again = mc_money_to_string (back);

        FUZZ_CHECK (strcmp (again, wire) == 0, "“%s” then “%s”", wire, again);
      }
      return 0;
    }

  FUZZ_CHECK (!ok, "“%s” accepted as %" G_GINT64_FORMAT, text, units);
  FUZZ_CHECK (error != NULL && error->domain == MC_MONEY_ERROR, "“%s”: no money error", text);
  FUZZ_CHECK (error->message != NULL && error->message[0] != '\0', "“%s”: empty message", text);

  if (grammar == GRAMMAR_YES)
    FUZZ_CHECK (error->code == MC_MONEY_ERROR_OVERFLOW, "“%s”: code %d", text, error->code);
  else if (grammar == GRAMMAR_TOO_MANY_DECIMALS)
    FUZZ_CHECK (error->code == MC_MONEY_ERROR_TOO_MANY_DECIMALS, "“%s”: code %d", text,
                error->code);
  else
    FUZZ_CHECK (error->code != MC_MONEY_ERROR_OVERFLOW &&
                error->code != MC_MONEY_ERROR_TOO_MANY_DECIMALS &&
                error->code != MC_MONEY_ERROR_CURRENCY,
                "“%s”: code %d", text, error->code);
  return 0;
}
