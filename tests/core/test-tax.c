/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "mc-tax.h"

typedef struct
{
  const char *amount;
  const char *tax;
  const char *total;
} GstCase;

static void
test_gst_examples (void)
{
  static const GstCase cases[] = {
    /* api.md's own examples */
    { "1000.00", "180.00", "1180.00" },
    { "100.05", "18.01", "118.06" },   /* 18.009 half-up */
    /* the limits */
    { "100.00", "18.00", "118.00" },
    { "100000.00", "18000.00", "118000.00" },
    /* exact halves round up, just below rounds down */
    { "0.25", "0.05", "0.30" },        /* 0.045 */
    { "0.2499", "0.04", "0.2899" },    /* 0.044982 */
    { "100.25", "18.05", "118.30" },   /* 18.045 */
    { "0.0277", "0.00", "0.0277" },    /* 0.004986 */
    { "0.0278", "0.01", "0.0378" },    /* 0.005004 */
    { "0", "0.00", "0.00" },
    { "123.45", "22.22", "145.67" },   /* 22.221 */
    { "999.99", "180.00", "1179.99" }, /* 179.9982 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *tax_text = NULL;
      g_autofree char *total_text = NULL;
      McTaxBreakdown tax;
      gint64 amount;

      g_assert_true (mc_money_parse (cases[i].amount, &amount, NULL));
      g_assert_true (mc_tax_compute (MC_CURRENCY_INR, amount, &tax, &error));
      g_assert_no_error (error);

      tax_text = mc_money_to_string (tax.tax);
      total_text = mc_money_to_string (tax.total);
      g_assert_cmpstr (tax_text, ==, cases[i].tax);
      g_assert_cmpstr (total_text, ==, cases[i].total);
      g_assert_cmpint (tax.amount, ==, amount);
      g_assert_cmpuint (tax.rate_percent, ==, MC_GST_RATE_PERCENT);
    }
}

static void
test_usd_untaxed (void)
{
  McTaxBreakdown tax;

  g_assert_true (mc_tax_compute (MC_CURRENCY_USD, 50000, &tax, NULL));
  g_assert_cmpint (tax.amount, ==, 50000);
  g_assert_cmpint (tax.tax, ==, 0);
  g_assert_cmpint (tax.total, ==, 50000);
  g_assert_cmpuint (tax.rate_percent, ==, 0);

  g_assert_true (mc_tax_compute (MC_CURRENCY_USD, G_MAXINT64, &tax, NULL));
  g_assert_cmpint (tax.total, ==, G_MAXINT64);
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  McTaxBreakdown tax = { 1, 2, 3, 4 };
  McTaxBreakdown fits;
  gint64 largest;

  g_assert_false (mc_tax_compute (MC_CURRENCY_INR, -1, &tax, &error));
  g_assert_error (error, MC_MONEY_ERROR, MC_MONEY_ERROR_SIGN);
  g_clear_error (&error);
  g_assert_false (mc_tax_compute (MC_CURRENCY_USD, G_MININT64, &tax, &error));
  g_assert_error (error, MC_MONEY_ERROR, MC_MONEY_ERROR_SIGN);
  g_clear_error (&error);

  g_assert_false (mc_tax_compute (MC_CURRENCY_INR, G_MAXINT64, &tax, &error));
  g_assert_error (error, MC_MONEY_ERROR, MC_MONEY_ERROR_OVERFLOW);
  g_clear_error (&error);

  /* nothing written on failure */
  g_assert_cmpint (tax.amount, ==, 1);
  g_assert_cmpint (tax.tax, ==, 2);
  g_assert_cmpint (tax.total, ==, 3);
  g_assert_cmpuint (tax.rate_percent, ==, 4);

  /* The largest amount whose total fits: amount × 1.18 ≤ INT64_MAX. No
   * intermediate product may overflow before that. */
  largest = (gint64) (((__int128) G_MAXINT64 * 100) / 118);
  while (TRUE)
    {
      if (mc_tax_compute (MC_CURRENCY_INR, largest, &fits, NULL))
        break;
      largest--;
    }
  g_assert_cmpint (fits.total, <=, G_MAXINT64);
  g_assert_cmpint (fits.total - fits.tax, ==, largest);
  g_assert_cmpint (G_MAXINT64 - fits.total, <, 200); /* within a paisa or two of the top */
  g_assert_false (mc_tax_compute (MC_CURRENCY_INR, largest + 100, &tax, NULL));
}

static void
test_names (void)
{
  g_assert_cmpstr (mc_tax_name (MC_CURRENCY_INR), ==, "GST");
  g_assert_null (mc_tax_name (MC_CURRENCY_USD));
  g_assert_null (mc_tax_name (MC_CURRENCY_INVALID));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mc/tax/gst-examples", test_gst_examples);
  g_test_add_func ("/mc/tax/usd-untaxed", test_usd_untaxed);
  g_test_add_func ("/mc/tax/errors", test_errors);
  g_test_add_func ("/mc/tax/names", test_names);

  return g_test_run ();
}
