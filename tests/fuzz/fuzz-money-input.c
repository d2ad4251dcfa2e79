/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The forgiving input parser. The first byte picks the currency and the
 * allowed decimals; the rest is what a person typed. Whatever is accepted is
 * never negative, has no more decimals than allowed, and survives a round
 * trip through both printed forms; whatever the strict parser takes (without
 * a sign) the forgiving one takes too; surrounding spaces change nothing.
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "mc-money.h"

static guint
typed_decimals (const char *text)
{
  const char *dot = strchr (text, '.');

  return dot != NULL ? strlen (dot + 1) : 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) padded_error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *padded = NULL;
  McCurrency currency;
  guint max_decimals;
  gint64 units = -1, padded_units = -1, strict_units = 0;
  gboolean ok, padded_ok;

  if (size < 1 || size > 4096 || memchr (data, '\0', size) != NULL)
    return 0;

  currency = (data[0] & 1) ? MC_CURRENCY_USD : MC_CURRENCY_INR;
  max_decimals = (data[0] >> 1) % 5;
  text = g_strndup ((const char *) data + 1, size - 1);

  ok = mc_money_parse_input (text, currency, max_decimals, &units, &error);

  if (ok)
    {
      g_autofree char *wire = mc_money_to_string (units);
      g_autofree char *display = mc_money_format (units, currency);
      gint64 back = -1;

      FUZZ_CHECK (error == NULL, "“%s”: success with an error", text);
      FUZZ_CHECK (units >= 0, "“%s” read as %" G_GINT64_FORMAT, text, units);
      FUZZ_CHECK (mc_money_decimals (units) <= max_decimals, "“%s” has more than %u decimals",
                  text, max_decimals);
      FUZZ_CHECK (mc_money_parse (wire, &back, NULL) && back == units, "“%s” → “%s”", text,
                  wire);
      FUZZ_CHECK (g_utf8_validate (display, -1, NULL), "“%s”: display not UTF-8", text);
      back = -1;
      FUZZ_CHECK (mc_money_parse_input (display, currency, 4, &back, NULL) && back == units,
                  "“%s” → “%s” → %" G_GINT64_FORMAT, text, display, back);
    }
  else
    {
      FUZZ_CHECK (error != NULL && error->domain == MC_MONEY_ERROR, "“%s”: no money error",
                  text);
      FUZZ_CHECK (error->code >= MC_MONEY_ERROR_EMPTY && error->code <= MC_MONEY_ERROR_CURRENCY,
                  "“%s”: code %d", text, error->code);
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL) && error->message[0] != '\0',
                  "“%s”: bad message", text);
      FUZZ_CHECK (units == -1, "“%s”: output written on failure", text);
    }

  /* The forgiving parser accepts every unsigned wire string it may */
  if (text[0] != '-' && mc_money_parse (text, &strict_units, NULL) &&
      typed_decimals (text) <= max_decimals)
    FUZZ_CHECK (ok && units == strict_units, "strict “%s” refused by the input parser", text);

  /* Surrounding white space (NBSP included) is ignored */
  padded = g_strconcat (" \xc2\xa0", text, "\t ", NULL);
  padded_ok = mc_money_parse_input (padded, currency, max_decimals, &padded_units,
                                    &padded_error);
  FUZZ_CHECK (padded_ok == ok, "“%s”: padding changed the outcome", text);
  if (ok)
    FUZZ_CHECK (padded_units == units, "“%s”: padding changed the value", text);
  else
    FUZZ_CHECK (padded_error->code == error->code, "“%s”: padding changed %d to %d", text,
                error->code, padded_error->code);

  return 0;
}
