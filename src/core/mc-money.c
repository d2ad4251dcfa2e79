/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "mc-money-private.h"

#define MINUS_SIGN "\xe2\x88\x92" /* U+2212 */
#define MAX_FRACTION_DIGITS 4

G_DEFINE_QUARK (mc-money-error-quark, mc_money_error)

McCurrency
mc_currency_from_code (const char *code)
{
  if (code == NULL)
    return MC_CURRENCY_INVALID;
  if (strcmp (code, "INR") == 0)
    return MC_CURRENCY_INR;
  if (strcmp (code, "USD") == 0)
    return MC_CURRENCY_USD;
  return MC_CURRENCY_INVALID;
}

const char *
mc_currency_to_code (McCurrency currency)
{
  switch (currency)
    {
    case MC_CURRENCY_INR:
      return "INR";
    case MC_CURRENCY_USD:
      return "USD";
    case MC_CURRENCY_INVALID:
    default:
      return NULL;
    }
}

const char *
mc_currency_symbol (McCurrency currency)
{
  switch (currency)
    {
    case MC_CURRENCY_INR:
      return "\xe2\x82\xb9"; /* ₹ U+20B9 */
    case MC_CURRENCY_USD:
      return "$";
    case MC_CURRENCY_INVALID:
    default:
      return NULL;
    }
}

static gboolean
currency_is_valid (McCurrency currency)
{
  return currency == MC_CURRENCY_INR || currency == MC_CURRENCY_USD;
}

static void
set_error (GError      **error,
           McMoneyError  code,
           guint         max_decimals,
           McCurrency    currency)
{
  switch (code)
    {
    case MC_MONEY_ERROR_EMPTY:
      g_set_error_literal (error, MC_MONEY_ERROR, code, _("Enter an amount."));
      break;
    case MC_MONEY_ERROR_INVALID:
      g_set_error_literal (error, MC_MONEY_ERROR, code,
                           _("Enter an amount in numbers, like 1000 or 1,000.50."));
      break;
    case MC_MONEY_ERROR_EXPONENT:
      g_set_error_literal (error, MC_MONEY_ERROR, code,
                           _("Write the amount out in full, without an exponent."));
      break;
    case MC_MONEY_ERROR_HEX:
      g_set_error_literal (error, MC_MONEY_ERROR, code,
                           _("Write the amount as a decimal number."));
      break;
    case MC_MONEY_ERROR_SIGN:
      g_set_error_literal (error, MC_MONEY_ERROR, code,
                           _("Enter the amount without a plus or minus sign."));
      break;
    case MC_MONEY_ERROR_TOO_MANY_DECIMALS:
      if (max_decimals == 0)
        g_set_error_literal (error, MC_MONEY_ERROR, code,
                             _("Enter a whole amount, without decimals."));
      else
        g_set_error (error, MC_MONEY_ERROR, code,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "Enter an amount with at most %u decimal place.",
                                  "Enter an amount with at most %u decimal places.",
                                  max_decimals),
                     max_decimals);
      break;
    case MC_MONEY_ERROR_NON_ASCII_DIGIT:
      g_set_error_literal (error, MC_MONEY_ERROR, code,
                           _("Enter the amount with the digits 0 to 9."));
      break;
    case MC_MONEY_ERROR_OVERFLOW:
      g_set_error_literal (error, MC_MONEY_ERROR, code, _("The amount is too large."));
      break;
    case MC_MONEY_ERROR_CURRENCY:
      if (currency_is_valid (currency))
        /* Translators: %s is a currency code such as INR */
        g_set_error (error, MC_MONEY_ERROR, code, _("Enter an amount in %s."),
                     mc_currency_to_code (currency));
      else
        g_set_error_literal (error, MC_MONEY_ERROR, code,
                             _("The amount is in another currency."));
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Magnitude of a value as unsigned, defined for G_MININT64 too. */
static guint64
magnitude (gint64 units)
{
  return units < 0 ? (guint64) 0 - (guint64) units : (guint64) units;
}

/*
 * Builds the value from its integer digits (commas are skipped: the caller
 * has already validated the grouping) and up to four fraction digits, and
 * refuses anything beyond the int64 range. Negative values may reach
 * G_MININT64, one further than positive ones.
 */
static gboolean
accumulate (const char *int_start,
            const char *int_end,
            const char *frac_start,
            gsize       n_frac,
            gboolean    negative,
            gint64     *out)
{
  const guint64 limit = negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64;
  guint64 mag = 0;

  g_assert (n_frac <= MAX_FRACTION_DIGITS);

  for (const char *p = int_start; p < int_end; p++)
    {
      guint d;

      if (*p == ',')
        continue;
      d = (guint) (*p - '0');
      if (mag > (limit - d) / 10)
        return FALSE;
      mag = mag * 10 + d;
    }

  for (gsize i = 0; i < MAX_FRACTION_DIGITS; i++)
    {
      guint d = i < n_frac ? (guint) (frac_start[i] - '0') : 0;

      if (mag > (limit - d) / 10)
        return FALSE;
      mag = mag * 10 + d;
    }

  if (!negative)
    *out = (gint64) mag;
  else if (mag == (guint64) G_MAXINT64 + 1)
    *out = G_MININT64;
  else
    *out = -(gint64) mag;
  return TRUE;
}

static gboolean
is_sign (gunichar c)
{
  switch (c)
    {
    case '+':
    case '-':
    case 0x2212: /* MINUS SIGN */
    case 0x2013: /* EN DASH, what some keyboards' autocorrect makes of '-' */
    case 0xFE62: /* SMALL PLUS SIGN */
    case 0xFE63: /* SMALL HYPHEN-MINUS */
    case 0xFF0B: /* FULLWIDTH PLUS SIGN */
    case 0xFF0D: /* FULLWIDTH HYPHEN-MINUS */
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
is_minus (gunichar c)
{
  return is_sign (c) && c != '+' && c != 0xFE62 && c != 0xFF0B;
}

/* The character at @p, or 0 at @end or on broken UTF-8. */
static gunichar
char_at (const char *p,
         const char *end)
{
  gunichar c;

  if (p >= end)
    return 0;
  c = g_utf8_get_char_validated (p, end - p);
  if (c == (gunichar) -1 || c == (gunichar) -2)
    return 0;
  return c;
}

/*
 * Names why a number stopped at @stop, where the digits and separators read so
 * far are [@body_start, @body_end). Shared by both parsers.
 */
static McMoneyError
classify_junk (const char *stop,
               const char *end,
               const char *body_start,
               const char *body_end)
{
  gunichar c = char_at (stop, end);
  gboolean has_digit = FALSE;

  for (const char *p = body_start; p < body_end; p++)
    has_digit |= g_ascii_isdigit (*p);

  if (c == 0)
    return MC_MONEY_ERROR_INVALID;

  if (is_sign (c))
    return body_start == body_end ? MC_MONEY_ERROR_SIGN : MC_MONEY_ERROR_INVALID;

  if ((c == 'e' || c == 'E') && has_digit)
    {
      const char *q = stop + 1;

      if (q < end && (*q == '+' || *q == '-'))
        q++;
      if (q < end && g_ascii_isdigit (*q))
        return MC_MONEY_ERROR_EXPONENT;
      return MC_MONEY_ERROR_INVALID;
    }

  if ((c == 'x' || c == 'X') && body_end - body_start == 1 && *body_start == '0' &&
      stop + 1 < end && g_ascii_isxdigit (stop[1]))
    return MC_MONEY_ERROR_HEX;

  if (c >= 0x80 && g_unichar_isdigit (c))
    return MC_MONEY_ERROR_NON_ASCII_DIGIT;

  /* Digits from another script later on, after a stray character */
  for (const char *p = stop; p < end; p = g_utf8_next_char (p))
    {
      gunichar d = char_at (p, end);

      if (d == 0)
        break;
      if (d >= 0x80 && g_unichar_isdigit (d))
        return MC_MONEY_ERROR_NON_ASCII_DIGIT;
    }

  return MC_MONEY_ERROR_INVALID;
}

gboolean
mc_money_parse (const char  *text,
                gint64      *out_units,
                GError     **error)
{
  const char *p;
  const char *end;
  const char *int_start;
  const char *int_end;
  const char *frac_start = NULL;
  gsize n_frac = 0;
  gboolean negative = FALSE;
  gint64 value;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_units != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (*text == '\0')
    {
      set_error (error, MC_MONEY_ERROR_EMPTY, 0, MC_CURRENCY_INVALID);
      return FALSE;
    }

  p = text;
  end = text + strlen (text);

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }

  int_start = p;
  while (g_ascii_isdigit (*p))
    p++;
  int_end = p;

  if (*p == '.')
    {
      p++;
      frac_start = p;
      while (g_ascii_isdigit (*p))
        p++;
      n_frac = p - frac_start;
    }

  if (p != end)
    {
      set_error (error, classify_junk (p, end, int_start, frac_start ? p : int_end), 0,
                 MC_CURRENCY_INVALID);
      return FALSE;
    }

  /* ".5", "-", "5." */
  if (int_start == int_end || (frac_start != NULL && n_frac == 0))
    {
      set_error (error, MC_MONEY_ERROR_INVALID, 0, MC_CURRENCY_INVALID);
      return FALSE;
    }

  if (n_frac > MAX_FRACTION_DIGITS)
    {
      set_error (error, MC_MONEY_ERROR_TOO_MANY_DECIMALS, MAX_FRACTION_DIGITS,
                 MC_CURRENCY_INVALID);
      return FALSE;
    }

  if (!accumulate (int_start, int_end, frac_start, n_frac, negative, &value))
    {
      set_error (error, MC_MONEY_ERROR_OVERFLOW, 0, MC_CURRENCY_INVALID);
      return FALSE;
    }

  *out_units = value;
  return TRUE;
}

/* Forgiving input parser */

typedef struct
{
  const char *token;
  McCurrency  currency; /* MC_CURRENCY_INVALID: some other currency */
} Marker;

/* Markers a person may type around an amount. Letters match in any case. */
static const Marker markers[] = {
  { "\xe2\x82\xb9", MC_CURRENCY_INR }, /* ₹ */
  { "\xe2\x82\xa8", MC_CURRENCY_INR }, /* ₨ */
  { "INR", MC_CURRENCY_INR },
  { "Rs.", MC_CURRENCY_INR },
  { "Rs", MC_CURRENCY_INR },
  { "$", MC_CURRENCY_USD },
  { "US$", MC_CURRENCY_USD },
  { "USD", MC_CURRENCY_USD },
  /* Other dollars and common codes a customer of an Indian or US provider
   * might paste; any other currency symbol is caught by its Unicode class. */
  { "A$", MC_CURRENCY_INVALID },
  { "C$", MC_CURRENCY_INVALID },
  { "S$", MC_CURRENCY_INVALID },
  { "HK$", MC_CURRENCY_INVALID },
  { "NZ$", MC_CURRENCY_INVALID },
  { "AED", MC_CURRENCY_INVALID },
  { "AUD", MC_CURRENCY_INVALID },
  { "BDT", MC_CURRENCY_INVALID },
  { "CAD", MC_CURRENCY_INVALID },
  { "CHF", MC_CURRENCY_INVALID },
  { "CNY", MC_CURRENCY_INVALID },
  { "EUR", MC_CURRENCY_INVALID },
  { "GBP", MC_CURRENCY_INVALID },
  { "HKD", MC_CURRENCY_INVALID },
  { "JPY", MC_CURRENCY_INVALID },
  { "LKR", MC_CURRENCY_INVALID },
  { "NPR", MC_CURRENCY_INVALID },
  { "NZD", MC_CURRENCY_INVALID },
  { "PKR", MC_CURRENCY_INVALID },
  { "SAR", MC_CURRENCY_INVALID },
  { "SGD", MC_CURRENCY_INVALID },
};

/*
 * Finds the longest currency marker at @p. Returns its length in bytes (0 for
 * none) and its currency in @out_currency.
 */
static gsize
match_marker (const char *p,
              const char *end,
              McCurrency *out_currency)
{
  gsize best = 0;
  gunichar c;

  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    {
      gsize len = strlen (markers[i].token);

      if (len <= best || (gsize) (end - p) < len)
        continue;
      if (g_ascii_strncasecmp (p, markers[i].token, len) != 0)
        continue;
      /* "Rs" must not be the start of a word such as "Rsx" */
      if (g_ascii_isalpha (markers[i].token[len - 1]) && p + len < end &&
          g_ascii_isalpha (p[len]))
        continue;
      best = len;
      *out_currency = markers[i].currency;
    }

  if (best > 0)
    return best;

  c = char_at (p, end);
  if (c != 0 && g_unichar_type (c) == G_UNICODE_CURRENCY_SYMBOL)
    {
      *out_currency = MC_CURRENCY_INVALID;
      return g_utf8_next_char (p) - p;
    }

  return 0;
}

static gboolean
is_space_at (const char *p,
             const char *end)
{
  gunichar c = char_at (p, end);

  /* g_unichar_isspace() covers NBSP and the other Zs spaces */
  return c != 0 && (g_unichar_isspace (c) || c == 0xFEFF);
}

static const char *
skip_spaces (const char *p,
             const char *end)
{
  while (is_space_at (p, end))
    p = g_utf8_next_char (p);
  return p;
}

static const char *
trim_end (const char *start,
          const char *end)
{
  while (end > start)
    {
      const char *prev = g_utf8_find_prev_char (start, end);

      if (prev == NULL || !is_space_at (prev, end))
        break;
      end = prev;
    }
  return end;
}

/*
 * Western grouping: 1-3 digits, then groups of 3 (1,000,000).
 * Indian grouping: 1-2 digits, then groups of 2, then one of 3 (1,00,00,000).
 * A first group starting with 0 is refused: "0,100" is more likely a
 * decimal comma than a grouping.
 */
static gboolean
grouping_is_valid (const char *start,
                   const char *end)
{
  guint lens[32];
  guint n = 0;
  guint len = 0;
  gboolean western = TRUE;
  gboolean indian = TRUE;

  for (const char *p = start; p <= end; p++)
    {
      if (p == end || *p == ',')
        {
          if (len == 0 || n == G_N_ELEMENTS (lens))
            return FALSE;
          lens[n++] = len;
          len = 0;
        }
      else
        len++;
    }

  if (n < 2 || *start == '0' || lens[0] > 3)
    return FALSE;

  for (guint i = 1; i < n; i++)
    {
      if (lens[i] != 3)
        western = FALSE;
      if (lens[i] != (i == n - 1 ? 3u : 2u))
        indian = FALSE;
    }
  if (lens[0] > 2 && n > 2)
    indian = FALSE;

  return western || indian;
}

gboolean
mc_money_parse_input_full (const char  *text,
                           McCurrency   currency,
                           guint        max_decimals,
                           gint64      *out_units,
                           gboolean    *out_negative,
                           GError     **error)
{
  const char *p;
  const char *end;
  const char *body_start;
  const char *body_end;
  const char *dot = NULL;
  const char *frac_start;
  gsize n_frac;
  gboolean have_marker = FALSE;
  McCurrency marked;
  gsize len;
  gint64 value;
  McMoneyError code;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (currency_is_valid (currency), FALSE);
  g_return_val_if_fail (max_decimals <= MAX_FRACTION_DIGITS, FALSE);
  g_return_val_if_fail (out_units != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_negative != NULL)
    *out_negative = FALSE;

  end = text + strlen (text);
  if (!g_utf8_validate (text, end - text, NULL))
    {
      set_error (error, MC_MONEY_ERROR_INVALID, max_decimals, currency);
      return FALSE;
    }

  p = skip_spaces (text, end);
  end = trim_end (p, end);

  /* A sign may come before or after a leading symbol: "-₹5", "₹-5" */
  for (guint round = 0; round < 2; round++)
    {
      gunichar c = char_at (p, end);

      if (is_sign (c))
        {
          if (out_negative != NULL)
            *out_negative = is_minus (c);
          set_error (error, MC_MONEY_ERROR_SIGN, max_decimals, currency);
          return FALSE;
        }
      if (round == 1 || (len = match_marker (p, end, &marked)) == 0)
        break;
      if (marked != currency)
        {
          set_error (error, MC_MONEY_ERROR_CURRENCY, max_decimals, currency);
          return FALSE;
        }
      have_marker = TRUE;
      p = skip_spaces (p + len, end);
    }

  if (p == end)
    {
      set_error (error, MC_MONEY_ERROR_EMPTY, max_decimals, currency);
      return FALSE;
    }

  body_start = p;
  while (p < end && (g_ascii_isdigit (*p) || *p == '.' || *p == ','))
    {
      if (*p == '.' && dot == NULL)
        dot = p;
      p++;
    }
  body_end = p;

  /* The Indian "Rs. 500/-" ending */
  if (body_end > body_start && end - p >= 2 && p[0] == '/' && p[1] == '-')
    p += 2;

  /* What follows the number: nothing, or our currency after optional space */
  if (p < end)
    {
      const char *q = skip_spaces (p, end);

      if (q < end && (len = match_marker (q, end, &marked)) > 0 && body_end > body_start)
        {
          if (marked != currency)
            {
              set_error (error, MC_MONEY_ERROR_CURRENCY, max_decimals, currency);
              return FALSE;
            }
          if (!have_marker && q + len == end)
            p = end;
        }

      if (p < end)
        {
          if (p == body_end && is_space_at (p, end))
            p = q;
          code = classify_junk (p, end, body_start, body_end);
          if (code == MC_MONEY_ERROR_SIGN && out_negative != NULL)
            *out_negative = is_minus (char_at (p, end));
          set_error (error, code, max_decimals, currency);
          return FALSE;
        }
    }

  /* Now [body_start, body_end) holds only ASCII digits, '.' and ',' */
  if (dot != NULL && memchr (dot + 1, '.', body_end - dot - 1) != NULL)
    {
      set_error (error, MC_MONEY_ERROR_INVALID, max_decimals, currency);
      return FALSE;
    }

  frac_start = dot != NULL ? dot + 1 : body_end;
  n_frac = body_end - frac_start;
  if (memchr (frac_start, ',', n_frac) != NULL ||
      (dot == body_start && n_frac == 0))
    {
      /* "1.000,50" or a lone "." */
      set_error (error, MC_MONEY_ERROR_INVALID, max_decimals, currency);
      return FALSE;
    }

  {
    const char *int_end = dot != NULL ? dot : body_end;

    if (memchr (body_start, ',', int_end - body_start) != NULL &&
        !grouping_is_valid (body_start, int_end))
      {
        set_error (error, MC_MONEY_ERROR_INVALID, max_decimals, currency);
        return FALSE;
      }

    if (n_frac > max_decimals)
      {
        set_error (error, MC_MONEY_ERROR_TOO_MANY_DECIMALS, max_decimals, currency);
        return FALSE;
      }

    if (!accumulate (body_start, int_end, frac_start, n_frac, FALSE, &value))
      {
        set_error (error, MC_MONEY_ERROR_OVERFLOW, max_decimals, currency);
        return FALSE;
      }
  }

  *out_units = value;
  return TRUE;
}

gboolean
mc_money_parse_input (const char  *text,
                      McCurrency   currency,
                      guint        max_decimals,
                      gint64      *out_units,
                      GError     **error)
{
  return mc_money_parse_input_full (text, currency, max_decimals, out_units, NULL, error);
}

/* Formatting */

guint
mc_money_decimals (gint64 units)
{
  guint64 frac = magnitude (units) % (guint64) MC_MONEY_SCALE;

  if (frac == 0)
    return 0;
  if (frac % 1000 == 0)
    return 1;
  if (frac % 100 == 0)
    return 2;
  if (frac % 10 == 0)
    return 3;
  return 4;
}

/* Two decimals, or three or four where the value needs them. */
static void
append_fraction (GString *out,
                 gint64   units)
{
  guint frac = (guint) (magnitude (units) % (guint64) MC_MONEY_SCALE);
  guint decimals = MAX (2, mc_money_decimals (units));
  char digits[8];

  g_snprintf (digits, sizeof digits, "%04u", frac);
  g_string_append_c (out, '.');
  g_string_append_len (out, digits, decimals);
}

char *
mc_money_to_string (gint64 units)
{
  GString *out = g_string_sized_new (24);

  if (units < 0)
    g_string_append_c (out, '-');
  g_string_append_printf (out, "%" G_GUINT64_FORMAT,
                          magnitude (units) / (guint64) MC_MONEY_SCALE);
  append_fraction (out, units);

  return g_string_free (out, FALSE);
}

static void
append_grouped (GString   *out,
                guint64    whole,
                McCurrency currency)
{
  char digits[24];
  int n = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, whole);

  for (int i = 0; i < n; i++)
    {
      int remaining = n - i;
      gboolean boundary;

      if (currency == MC_CURRENCY_INR)
        boundary = remaining == 3 || (remaining > 3 && (remaining - 3) % 2 == 0);
      else
        boundary = remaining % 3 == 0;

      if (i > 0 && boundary)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
}

char *
mc_money_format (gint64     units,
                 McCurrency currency)
{
  GString *out;

  g_return_val_if_fail (currency_is_valid (currency), NULL);

  out = g_string_sized_new (32);
  if (units < 0)
    g_string_append (out, MINUS_SIGN);
  g_string_append (out, mc_currency_symbol (currency));
  append_grouped (out, magnitude (units) / (guint64) MC_MONEY_SCALE, currency);
  append_fraction (out, units);

  return g_string_free (out, FALSE);
}

/* Arithmetic */

static gboolean
overflowed (GError **error)
{
  set_error (error, MC_MONEY_ERROR_OVERFLOW, 0, MC_CURRENCY_INVALID);
  return FALSE;
}

gboolean
mc_money_add (gint64   a,
              gint64   b,
              gint64  *out,
              GError **error)
{
  gint64 result;

  g_return_val_if_fail (out != NULL, FALSE);

  if (__builtin_add_overflow (a, b, &result))
    return overflowed (error);
  *out = result;
  return TRUE;
}

gboolean
mc_money_sub (gint64   a,
              gint64   b,
              gint64  *out,
              GError **error)
{
  gint64 result;

  g_return_val_if_fail (out != NULL, FALSE);

  if (__builtin_sub_overflow (a, b, &result))
    return overflowed (error);
  *out = result;
  return TRUE;
}

gboolean
mc_money_mul (gint64   units,
              gint64   count,
              gint64  *out,
              GError **error)
{
  gint64 result;

  g_return_val_if_fail (out != NULL, FALSE);

  if (__builtin_mul_overflow (units, count, &result))
    return overflowed (error);
  *out = result;
  return TRUE;
}
