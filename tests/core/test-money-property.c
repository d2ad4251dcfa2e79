/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * Property tests over many random amounts (fixed seed, so a failure is
 * reproducible): the wire form and the display form both parse back to the
 * same value, and GST matches a reference computed another way.
 */

#include "config.h"

#include <string.h>

#include "mc-money.h"
#include "mc-tax.h"

#define N_AMOUNTS 100000
#define SEED 20261126

/* Amounts of many magnitudes: tiny, recharge-sized, huge, and the limits. */
static gint64
random_amount (GRand *rand)
{
  guint64 bits = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);

  switch (g_rand_int_range (rand, 0, 6))
    {
    case 0: /* anything at all */
      return (gint64) bits;
    case 1: /* a random number of significant digits */
      {
        int digits = g_rand_int_range (rand, 1, 19);
        guint64 limit = 1;

        for (int i = 0; i < digits; i++)
          limit *= 10;
        return (gint64) (bits % limit) * (g_rand_boolean (rand) ? 1 : -1);
      }
    case 2: /* whole paise up to a crore */
      return (gint64) (bits % G_GUINT64_CONSTANT (10000000000)) * 100;
    case 3: /* sub-paise rates */
      return (gint64) (bits % 100000);
    case 4: /* near the ends of the range */
      return g_rand_boolean (rand) ? G_MAXINT64 - (gint64) (bits % 100000)
                                   : G_MININT64 + (gint64) (bits % 100000);
    default: /* whole units */
      return (gint64) (bits % G_GUINT64_CONSTANT (1000000000000)) * MC_MONEY_SCALE;
    }
}

/* The display form with its symbol and minus sign taken off, for negatives. */
static const char *
after_prefix (const char *text,
              const char *prefix)
{
  g_assert_true (g_str_has_prefix (text, prefix));
  return text + strlen (prefix);
}

static void
test_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);

  for (guint i = 0; i < N_AMOUNTS; i++)
    {
      gint64 units = random_amount (rand);
      McCurrency currency = g_rand_boolean (rand) ? MC_CURRENCY_INR : MC_CURRENCY_USD;
      g_autofree char *wire = mc_money_to_string (units);
      g_autofree char *display = mc_money_format (units, currency);
      g_autoptr(GError) error = NULL;
      gint64 back = 0;
      guint decimals;

      /* canonical: parse (to_string (x)) == x, with 2 to 4 decimals */
      if (!mc_money_parse (wire, &back, &error))
        g_error ("“%s” (%" G_GINT64_FORMAT ") does not parse: %s", wire, units, error->message);
      g_assert_cmpint (back, ==, units);
      decimals = strlen (wire) - (strchr (wire, '.') - wire) - 1;
      g_assert_cmpuint (decimals, ==, MAX (2, mc_money_decimals (units)));

      /* display: what we show, pasted back into an amount field, is the value */
      if (units >= 0)
        {
          if (!mc_money_parse_input (display, currency, 4, &back, &error))
            g_error ("“%s” does not parse back: %s", display, error->message);
          g_assert_cmpint (back, ==, units);
        }
      else
        {
          /* "−₹12.35" shows the magnitude after a true minus sign */
          const char *rest = after_prefix (display, "\xe2\x88\x92");

          rest = after_prefix (rest, mc_currency_symbol (currency));
          if (units == G_MININT64)
            {
              /* its magnitude is one more than any positive int64 */
              g_assert_false (mc_money_parse_input (rest, currency, 4, &back, &error));
              g_assert_error (error, MC_MONEY_ERROR, MC_MONEY_ERROR_OVERFLOW);
              g_clear_error (&error);
            }
          else
            {
              if (!mc_money_parse_input (rest, currency, 4, &back, &error))
                g_error ("“%s” does not parse back: %s", display, error->message);
              g_assert_cmpint (back, ==, -units);
            }

          /* the input parser never gives a negative value */
          g_assert_false (mc_money_parse_input (display, currency, 4, &back, &error));
          g_assert_error (error, MC_MONEY_ERROR, MC_MONEY_ERROR_SIGN);
        }
    }
}

/*
 * GST reference: the exact tax in 1/10,000 units is amount × 18 / 100, in
 * paise amount × 18 / 10,000. Take the quotient and compare twice the
 * remainder with the divisor to round half up, in 128 bits.
 */
static gboolean
reference_gst (gint64  amount,
               gint64 *out_tax,
               gint64 *out_total)
{
  __int128 numerator = (__int128) amount * 18;
  __int128 paise = numerator / 10000;
  __int128 remainder = numerator % 10000;
  __int128 tax, total;

  if (remainder * 2 >= 10000)
    paise += 1;
  tax = paise * 100;
  total = (__int128) amount + tax;
  if (total > G_MAXINT64)
    return FALSE;
  *out_tax = (gint64) tax;
  *out_total = (gint64) total;
  return TRUE;
}

static void
test_gst (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED + 1);
  guint overflows = 0, half_ups = 0;

  for (guint i = 0; i < N_AMOUNTS; i++)
    {
      gint64 amount = random_amount (rand);
      g_autoptr(GError) error = NULL;
      McTaxBreakdown tax = { 0, };
      gint64 ref_tax = 0, ref_total = 0;

      if (amount < 0)
        amount = amount == G_MININT64 ? 0 : -amount;

      if (!reference_gst (amount, &ref_tax, &ref_total))
        {
          overflows++;
          g_assert_false (mc_tax_compute (MC_CURRENCY_INR, amount, &tax, &error));
          g_assert_error (error, MC_MONEY_ERROR, MC_MONEY_ERROR_OVERFLOW);
          continue;
        }

      if (amount < G_MAXINT64 / 18 && (amount * 18) % 10000 == 5000)
        half_ups++;

      if (!mc_tax_compute (MC_CURRENCY_INR, amount, &tax, &error))
        g_error ("GST on %" G_GINT64_FORMAT " refused: %s", amount, error->message);
      g_assert_cmpint (tax.amount, ==, amount);
      g_assert_cmpint (tax.tax, ==, ref_tax);
      g_assert_cmpint (tax.total, ==, ref_total);
      g_assert_cmpuint (tax.rate_percent, ==, 18);
      g_assert_cmpint (tax.tax % 100, ==, 0); /* whole paise */

      g_assert_true (mc_tax_compute (MC_CURRENCY_USD, amount, &tax, NULL));
      g_assert_cmpint (tax.tax, ==, 0);
      g_assert_cmpint (tax.total, ==, amount);
    }

  /* The sample did reach the interesting cases */
  g_assert_cmpuint (overflows, >, 100);
  g_assert_cmpuint (half_ups, >, 100);
  g_test_message ("%u overflows, %u exact halves", overflows, half_ups);
}

/* Every recharge amount in paise from ₹100.00 to ₹1,00,000.00 sampled densely */
static void
test_gst_recharges (void)
{
  for (gint64 paise = 10000; paise <= 10000000; paise += 7)
    {
      McTaxBreakdown tax;
      gint64 ref_tax, ref_total;

      g_assert_true (reference_gst (paise * 100, &ref_tax, &ref_total));
      g_assert_true (mc_tax_compute (MC_CURRENCY_INR, paise * 100, &tax, NULL));
      g_assert_cmpint (tax.tax, ==, ref_tax);
      g_assert_cmpint (tax.total, ==, ref_total);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mc/money/property/round-trip", test_round_trip);
  g_test_add_func ("/mc/money/property/gst", test_gst);
  g_test_add_func ("/mc/money/property/gst-recharges", test_gst_recharges);

  return g_test_run ();
}
