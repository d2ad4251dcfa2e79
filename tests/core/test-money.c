/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "mc-money.h"

#define OK (-1)

typedef struct
{
  const char *text;
  int         code;  /* OK or a McMoneyError */
  gint64      units; /* when OK */
} ParseCase;

static void
check_strict (const ParseCase *c)
{
  g_autoptr(GError) error = NULL;
  gint64 units = 42;
  gboolean ok;

  ok = mc_money_parse (c->text, &units, &error);
  if (c->code == OK)
    {
      if (!ok)
        g_error ("“%s” refused: %s", c->text, error->message);
      g_assert_no_error (error);
      g_assert_cmpint (units, ==, c->units);
    }
  else
    {
      if (ok)
        g_error ("“%s” accepted as %" G_GINT64_FORMAT, c->text, units);
      g_assert_error (error, MC_MONEY_ERROR, c->code);
      g_assert_cmpstr (error->message, !=, "");
      g_assert_cmpint (units, ==, 42); /* untouched */
    }
}

static void
test_parse_strict (void)
{
  static const ParseCase cases[] = {
    { "0", OK, 0 },
    { "500", OK, 5000000 },
    { "-0", OK, 0 },
    { "-0.00", OK, 0 },
    { "00", OK, 0 },
    { "007.5", OK, 75000 },
    { "12.35", OK, 123500 },
    { "-12.35", OK, -123500 },
    { "0.0147", OK, 147 },
    { "0.006", OK, 60 },
    { "1180.00", OK, 11800000 },
    { "0.0001", OK, 1 },
    { "-0.0001", OK, -1 },
    { "100000.00", OK, G_GINT64_CONSTANT (1000000000) },
    { "922337203685477.5807", OK, G_MAXINT64 },
    { "-922337203685477.5808", OK, G_MININT64 },
    { "0000000000000000000000000000001.5", OK, 15000 },
    { "922337203685477.5808", MC_MONEY_ERROR_OVERFLOW, 0 },
    { "-922337203685477.5809", MC_MONEY_ERROR_OVERFLOW, 0 },
    { "922337203685478", MC_MONEY_ERROR_OVERFLOW, 0 },
    { "99999999999999999999", MC_MONEY_ERROR_OVERFLOW, 0 },
    { "18446744073709551616", MC_MONEY_ERROR_OVERFLOW, 0 },
    { "", MC_MONEY_ERROR_EMPTY, 0 },
    { "0.00001", MC_MONEY_ERROR_TOO_MANY_DECIMALS, 0 },
    { "1.23450", MC_MONEY_ERROR_TOO_MANY_DECIMALS, 0 },
    { ".5", MC_MONEY_ERROR_INVALID, 0 },
    { "-.5", MC_MONEY_ERROR_INVALID, 0 },
    { "5.", MC_MONEY_ERROR_INVALID, 0 },
    { ".", MC_MONEY_ERROR_INVALID, 0 },
    { "-", MC_MONEY_ERROR_INVALID, 0 },
    { "1..2", MC_MONEY_ERROR_INVALID, 0 },
    { "1.2.3", MC_MONEY_ERROR_INVALID, 0 },
    { "+5", MC_MONEY_ERROR_SIGN, 0 },
    { "--5", MC_MONEY_ERROR_SIGN, 0 },
    { "-+5", MC_MONEY_ERROR_SIGN, 0 },
    { "5-", MC_MONEY_ERROR_INVALID, 0 },
    { "1e3", MC_MONEY_ERROR_EXPONENT, 0 },
    { "1.5E-3", MC_MONEY_ERROR_EXPONENT, 0 },
    { "0x10", MC_MONEY_ERROR_HEX, 0 },
    { "0X1F", MC_MONEY_ERROR_HEX, 0 },
    { " 5", MC_MONEY_ERROR_INVALID, 0 },
    { "5 ", MC_MONEY_ERROR_INVALID, 0 },
    { "1 000", MC_MONEY_ERROR_INVALID, 0 },
    { "1,000", MC_MONEY_ERROR_INVALID, 0 },
    { "1,000.00", MC_MONEY_ERROR_INVALID, 0 },
    { "\xe2\x82\xb9" "5", MC_MONEY_ERROR_INVALID, 0 },
    { "$5", MC_MONEY_ERROR_INVALID, 0 },
    { "\xef\xbc\x91\xef\xbc\x90\xef\xbc\x90", MC_MONEY_ERROR_NON_ASCII_DIGIT, 0 }, /* １００ */
    { "\xe0\xa5\xa7\xe0\xa5\xa6\xe0\xa5\xa6", MC_MONEY_ERROR_NON_ASCII_DIGIT, 0 }, /* १०० */
    { "5\xff", MC_MONEY_ERROR_INVALID, 0 },
    { "NaN", MC_MONEY_ERROR_INVALID, 0 },
    { "inf", MC_MONEY_ERROR_INVALID, 0 },
    { "\xc2\xa0" "5", MC_MONEY_ERROR_INVALID, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    check_strict (&cases[i]);
}

typedef struct
{
  const char *text;
  McCurrency  currency;
  guint       max_decimals;
  int         code;
  gint64      units;
} InputCase;

#define INR MC_CURRENCY_INR
#define USD MC_CURRENCY_USD
#define RUPEE "\xe2\x82\xb9"
#define NBSP "\xc2\xa0"

static void
test_parse_input (void)
{
  static const InputCase cases[] = {
    /* what people type */
    { "1000", INR, 2, OK, 10000000 },
    { "1,000", INR, 2, OK, 10000000 },
    { "1,000.50", INR, 2, OK, 10005000 },
    { "1,00,000.50", INR, 2, OK, G_GINT64_CONSTANT (1000005000) },
    { "10,00,000", INR, 2, OK, G_GINT64_CONSTANT (10000000000) },
    { "1,00,00,000", INR, 2, OK, G_GINT64_CONSTANT (100000000000) },
    { "12,34,567.89", INR, 2, OK, G_GINT64_CONSTANT (12345678900) },
    { "1,234,567.89", INR, 2, OK, G_GINT64_CONSTANT (12345678900) },
    { "1,000,000", USD, 2, OK, G_GINT64_CONSTANT (10000000000) },
    { RUPEE " 500", INR, 2, OK, 5000000 },
    { RUPEE "500", INR, 2, OK, 5000000 },
    { RUPEE NBSP "1,000", INR, 2, OK, 10000000 },
    { "INR 500", INR, 2, OK, 5000000 },
    { "inr500", INR, 2, OK, 5000000 },
    { "Rs. 500", INR, 2, OK, 5000000 },
    { "Rs 500/-", INR, 2, OK, 5000000 },
    { "500 INR", INR, 2, OK, 5000000 },
    { "500" RUPEE, INR, 2, OK, 5000000 },
    { "$5", USD, 2, OK, 50000 },
    { "$2,000.00", USD, 2, OK, 20000000 },
    { "USD 5", USD, 2, OK, 50000 },
    { "US$ 5", USD, 2, OK, 50000 },
    { "5$", USD, 2, OK, 50000 },
    { "  500  ", INR, 2, OK, 5000000 },
    { NBSP "500" NBSP, INR, 2, OK, 5000000 },
    { "\t500\n", INR, 2, OK, 5000000 },
    { "\xe2\x80\xaf" "500\xe2\x80\x89", INR, 2, OK, 5000000 }, /* narrow NBSP, thin space */
    { "0", INR, 2, OK, 0 },
    { "00", INR, 2, OK, 0 },
    { "007", INR, 2, OK, 70000 },
    { ".5", INR, 2, OK, 5000 },
    { "5.", INR, 2, OK, 50000 },
    { "0.0147", USD, 4, OK, 147 },
    { "1,000.123", INR, 4, OK, 10001230 },
    { "5", INR, 0, OK, 50000 },
    { "922337203685477.5807", INR, 4, OK, G_MAXINT64 },
    { "92,23,37,20,36,85,477.5807", INR, 4, OK, G_MAXINT64 },
    { "922,337,203,685,477.5807", USD, 4, OK, G_MAXINT64 },

    /* nothing there */
    { "", INR, 2, MC_MONEY_ERROR_EMPTY, 0 },
    { "   ", INR, 2, MC_MONEY_ERROR_EMPTY, 0 },
    { NBSP, INR, 2, MC_MONEY_ERROR_EMPTY, 0 },
    { RUPEE, INR, 2, MC_MONEY_ERROR_EMPTY, 0 },
    { " " RUPEE " ", INR, 2, MC_MONEY_ERROR_EMPTY, 0 },

    /* not numbers */
    { "abc", INR, 2, MC_MONEY_ERROR_INVALID, 0 },
    { "five", INR, 2, MC_MONEY_ERROR_INVALID, 0 },
    { "12abc", INR, 2, MC_MONEY_ERROR_INVALID, 0 },
    { "500 abc", INR, 2, MC_MONEY_ERROR_INVALID, 0 },
    { ".", INR, 2, MC_MONEY_ERROR_INVALID, 0 },
    { "1..2", INR, 2, MC_MONEY_ERROR_INVALID, 0 },
    { "1.2.3", INR, 2, MC_MONEY_ERROR_INVALID, 0 },
    { "1 000", INR, 2, MC_MONEY_ERROR_INVALID, 0 },
    { "5-", INR, 2, MC_MONEY_ERROR_INVALID, 0 },
    { RUPEE "500 INR", INR, 2, MC_MONEY_ERROR_INVALID, 0 },
    { RUPEE RUPEE "5", INR, 2, MC_MONEY_ERROR_INVALID, 0 },
    { "5\xff", INR, 2, MC_MONEY_ERROR_INVALID, 0 },
    { "Rsx 5", INR, 2, MC_MONEY_ERROR_INVALID, 0 },

    /* misplaced grouping */
    { "1,0,0", INR, 2, MC_MONEY_ERROR_INVALID, 0 },
    { "10,00", INR, 2, MC_MONEY_ERROR_INVALID, 0 },
    { "1,0000", INR, 2, MC_MONEY_ERROR_INVALID, 0 },
    { "1000,000", INR, 2, MC_MONEY_ERROR_INVALID, 0 },
    { "1,00,0000", INR, 2, MC_MONEY_ERROR_INVALID, 0 },
    { "12,345,67", INR, 2, MC_MONEY_ERROR_INVALID, 0 },
    { "123,45,678", INR, 2, MC_MONEY_ERROR_INVALID, 0 },
    { "1,00,000,000", INR, 2, MC_MONEY_ERROR_INVALID, 0 },
    { ",100", INR, 2, MC_MONEY_ERROR_INVALID, 0 },
    { "100,", INR, 2, MC_MONEY_ERROR_INVALID, 0 },
    { "1,,000", INR, 2, MC_MONEY_ERROR_INVALID, 0 },
    { "0,100", INR, 2, MC_MONEY_ERROR_INVALID, 0 },
    { "01,000", INR, 2, MC_MONEY_ERROR_INVALID, 0 },
    { "1.000,50", INR, 2, MC_MONEY_ERROR_INVALID, 0 },
    { "1,000.5,0", INR, 2, MC_MONEY_ERROR_INVALID, 0 },
    { ",", INR, 2, MC_MONEY_ERROR_INVALID, 0 },

    /* specific refusals */
    { "1e3", INR, 2, MC_MONEY_ERROR_EXPONENT, 0 },
    { "1.5E+3", INR, 2, MC_MONEY_ERROR_EXPONENT, 0 },
    { "0x10", INR, 2, MC_MONEY_ERROR_HEX, 0 },
    { "-5", INR, 2, MC_MONEY_ERROR_SIGN, 0 },
    { "+5", INR, 2, MC_MONEY_ERROR_SIGN, 0 },
    { "\xe2\x88\x92" "5", INR, 2, MC_MONEY_ERROR_SIGN, 0 }, /* −5 */
    { RUPEE "-5", INR, 2, MC_MONEY_ERROR_SIGN, 0 },
    { "-" RUPEE "5", INR, 2, MC_MONEY_ERROR_SIGN, 0 },
    { " -1e3", INR, 2, MC_MONEY_ERROR_SIGN, 0 },
    { "1.234", INR, 2, MC_MONEY_ERROR_TOO_MANY_DECIMALS, 0 },
    { "100.500", INR, 2, MC_MONEY_ERROR_TOO_MANY_DECIMALS, 0 },
    { "0.00001", INR, 4, MC_MONEY_ERROR_TOO_MANY_DECIMALS, 0 },
    { "5.5", INR, 0, MC_MONEY_ERROR_TOO_MANY_DECIMALS, 0 },
    { ".5", INR, 0, MC_MONEY_ERROR_TOO_MANY_DECIMALS, 0 },
    { "\xef\xbc\x91\xef\xbc\x90\xef\xbc\x90", INR, 2, MC_MONEY_ERROR_NON_ASCII_DIGIT, 0 },
    { "\xe0\xa5\xa7\xe0\xa5\xa6\xe0\xa5\xa6", INR, 2, MC_MONEY_ERROR_NON_ASCII_DIGIT, 0 },
    { RUPEE " \xe0\xa5\xa7\xe0\xa5\xa6\xe0\xa5\xa6", INR, 2, MC_MONEY_ERROR_NON_ASCII_DIGIT, 0 },
    { "1\xe0\xa5\xa6", INR, 2, MC_MONEY_ERROR_NON_ASCII_DIGIT, 0 },
    { "99999999999999999999", INR, 2, MC_MONEY_ERROR_OVERFLOW, 0 },
    { "922337203685477.5808", INR, 4, MC_MONEY_ERROR_OVERFLOW, 0 },
    { "$5", INR, 2, MC_MONEY_ERROR_CURRENCY, 0 },
    { "US$5", INR, 2, MC_MONEY_ERROR_CURRENCY, 0 },
    { "USD 5", INR, 2, MC_MONEY_ERROR_CURRENCY, 0 },
    { "5 USD", INR, 2, MC_MONEY_ERROR_CURRENCY, 0 },
    { "\xe2\x82\xac" "5", INR, 2, MC_MONEY_ERROR_CURRENCY, 0 }, /* €5 */
    { "\xc2\xa3" "5", USD, 2, MC_MONEY_ERROR_CURRENCY, 0 },     /* £5 */
    { "5 EUR", INR, 2, MC_MONEY_ERROR_CURRENCY, 0 },
    { "5\xe2\x82\xac", INR, 2, MC_MONEY_ERROR_CURRENCY, 0 },
    { RUPEE "5", USD, 2, MC_MONEY_ERROR_CURRENCY, 0 },
    { "Rs 5", USD, 2, MC_MONEY_ERROR_CURRENCY, 0 },
    { "INR 5", USD, 2, MC_MONEY_ERROR_CURRENCY, 0 },
    { "A$5", USD, 2, MC_MONEY_ERROR_CURRENCY, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const InputCase *c = &cases[i];
      g_autoptr(GError) error = NULL;
      gint64 units = 42;
      gboolean ok;

      ok = mc_money_parse_input (c->text, c->currency, c->max_decimals, &units, &error);
      if (c->code == OK)
        {
          if (!ok)
            g_error ("“%s” refused: %s", c->text, error->message);
          g_assert_cmpint (units, ==, c->units);
        }
      else
        {
          if (ok)
            g_error ("“%s” accepted as %" G_GINT64_FORMAT, c->text, units);
          if (!g_error_matches (error, MC_MONEY_ERROR, c->code))
            g_error ("“%s”: expected code %d, got %d (%s)", c->text, c->code, error->code,
                     error->message);
          g_assert_cmpstr (error->message, !=, "");
          g_assert_cmpint (units, ==, 42);
        }
    }
}

static void
test_parse_input_messages (void)
{
  g_autoptr(GError) error = NULL;
  gint64 units;

  g_assert_false (mc_money_parse_input ("1.234", INR, 2, &units, &error));
  g_assert_cmpstr (error->message, ==, "Enter an amount with at most 2 decimal places.");
  g_clear_error (&error);

  g_assert_false (mc_money_parse_input ("1.23", INR, 1, &units, &error));
  g_assert_cmpstr (error->message, ==, "Enter an amount with at most 1 decimal place.");
  g_clear_error (&error);

  g_assert_false (mc_money_parse_input ("$5", INR, 2, &units, &error));
  g_assert_cmpstr (error->message, ==, "Enter an amount in INR.");
  g_clear_error (&error);

  g_assert_false (mc_money_parse_input ("abc", INR, 2, &units, &error));
  g_assert_cmpstr (error->message, ==, "Enter an amount in numbers, like 1000 or 1,000.50.");
}

static void
test_to_string (void)
{
  static const struct { gint64 units; const char *text; } cases[] = {
    { 0, "0.00" },
    { 1, "0.0001" },
    { -1, "-0.0001" },
    { 50, "0.005" },
    { -50, "-0.005" },
    { 60, "0.006" },
    { 147, "0.0147" },
    { 5000, "0.50" },
    { 123500, "12.35" },
    { -123500, "-12.35" },
    { 1234567, "123.4567" },
    { 11800000, "1180.00" },
    { G_GINT64_CONSTANT (1000000000), "100000.00" },
    { G_MAXINT64, "922337203685477.5807" },
    { G_MININT64, "-922337203685477.5808" },
    { G_MININT64 + 1, "-922337203685477.5807" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = mc_money_to_string (cases[i].units);
      gint64 back;

      g_assert_cmpstr (text, ==, cases[i].text);
      g_assert_true (mc_money_parse (text, &back, NULL));
      g_assert_cmpint (back, ==, cases[i].units);
    }
}

static void
test_format (void)
{
  static const struct { gint64 units; McCurrency currency; const char *text; } cases[] = {
    { 0, INR, RUPEE "0.00" },
    { 147, INR, RUPEE "0.0147" },
    { 60, USD, "$0.006" },
    { 9990000, INR, RUPEE "999.00" },
    { 10000000, INR, RUPEE "1,000.00" },
    { 1000000, INR, RUPEE "100.00" },
    { G_GINT64_CONSTANT (1000000000), INR, RUPEE "1,00,000.00" },
    { G_GINT64_CONSTANT (100000000000), INR, RUPEE "1,00,00,000.00" },
    { G_GINT64_CONSTANT (12345678900000), INR, RUPEE "1,23,45,67,890.00" },
    { -123500, INR, "\xe2\x88\x92" RUPEE "12.35" },
    { -1, INR, "\xe2\x88\x92" RUPEE "0.0001" },
    { G_MAXINT64, INR, RUPEE "92,23,37,20,36,85,477.5807" },
    { G_MININT64, INR, "\xe2\x88\x92" RUPEE "92,23,37,20,36,85,477.5808" },
    { 20000000, USD, "$2,000.00" },
    { 50000, USD, "$5.00" },
    { -50000, USD, "\xe2\x88\x92$5.00" },
    { 9999999, USD, "$999.9999" },
    { G_GINT64_CONSTANT (1234567890000), USD, "$123,456,789.00" },
    { G_MAXINT64, USD, "$922,337,203,685,477.5807" },
    { G_MININT64, USD, "\xe2\x88\x92$922,337,203,685,477.5808" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = mc_money_format (cases[i].units, cases[i].currency);

      g_assert_cmpstr (text, ==, cases[i].text);
      g_assert_true (g_utf8_validate (text, -1, NULL));
    }
}

static void
test_format_invalid_currency (void)
{
  char *text;

  g_test_expect_message ("mc-core", G_LOG_LEVEL_CRITICAL, "*currency*");
  text = mc_money_format (100, MC_CURRENCY_INVALID);
  g_test_assert_expected_messages ();
  g_assert_null (text);
}

static void
test_decimals (void)
{
  g_assert_cmpuint (mc_money_decimals (0), ==, 0);
  g_assert_cmpuint (mc_money_decimals (10000), ==, 0);
  g_assert_cmpuint (mc_money_decimals (-10000), ==, 0);
  g_assert_cmpuint (mc_money_decimals (1000), ==, 1);
  g_assert_cmpuint (mc_money_decimals (100), ==, 2);
  g_assert_cmpuint (mc_money_decimals (123500), ==, 2);
  g_assert_cmpuint (mc_money_decimals (60), ==, 3);
  g_assert_cmpuint (mc_money_decimals (147), ==, 4);
  g_assert_cmpuint (mc_money_decimals (-1), ==, 4);
  g_assert_cmpuint (mc_money_decimals (G_MAXINT64), ==, 4);
  g_assert_cmpuint (mc_money_decimals (G_MININT64), ==, 4);
}

static void
test_currency (void)
{
  g_assert_cmpint (mc_currency_from_code ("INR"), ==, MC_CURRENCY_INR);
  g_assert_cmpint (mc_currency_from_code ("USD"), ==, MC_CURRENCY_USD);
  g_assert_cmpint (mc_currency_from_code ("inr"), ==, MC_CURRENCY_INVALID);
  g_assert_cmpint (mc_currency_from_code ("EUR"), ==, MC_CURRENCY_INVALID);
  g_assert_cmpint (mc_currency_from_code (""), ==, MC_CURRENCY_INVALID);
  g_assert_cmpint (mc_currency_from_code ("INR "), ==, MC_CURRENCY_INVALID);
  g_assert_cmpint (mc_currency_from_code (NULL), ==, MC_CURRENCY_INVALID);

  g_assert_cmpstr (mc_currency_to_code (MC_CURRENCY_INR), ==, "INR");
  g_assert_cmpstr (mc_currency_to_code (MC_CURRENCY_USD), ==, "USD");
  g_assert_null (mc_currency_to_code (MC_CURRENCY_INVALID));

  g_assert_cmpstr (mc_currency_symbol (MC_CURRENCY_INR), ==, "₹");
  g_assert_cmpstr (mc_currency_symbol (MC_CURRENCY_USD), ==, "$");
  g_assert_null (mc_currency_symbol (MC_CURRENCY_INVALID));
}

static void
test_arithmetic (void)
{
  g_autoptr(GError) error = NULL;
  gint64 out = 42;

  g_assert_true (mc_money_add (123500, -8000, &out, &error));
  g_assert_no_error (error);
  g_assert_cmpint (out, ==, 115500);
  g_assert_true (mc_money_add (G_MAXINT64, G_MININT64, &out, NULL));
  g_assert_cmpint (out, ==, -1);

  out = 42;
  g_assert_false (mc_money_add (G_MAXINT64, 1, &out, &error));
  g_assert_error (error, MC_MONEY_ERROR, MC_MONEY_ERROR_OVERFLOW);
  g_assert_cmpint (out, ==, 42);
  g_clear_error (&error);
  g_assert_false (mc_money_add (G_MININT64, -1, &out, NULL));
  g_assert_cmpint (out, ==, 42);

  g_assert_true (mc_money_sub (0, G_MAXINT64, &out, NULL));
  g_assert_cmpint (out, ==, -G_MAXINT64);
  out = 42;
  g_assert_false (mc_money_sub (0, G_MININT64, &out, &error));
  g_assert_error (error, MC_MONEY_ERROR, MC_MONEY_ERROR_OVERFLOW);
  g_clear_error (&error);
  g_assert_false (mc_money_sub (G_MININT64, 1, &out, NULL));
  g_assert_false (mc_money_sub (G_MAXINT64, -1, &out, NULL));
  g_assert_cmpint (out, ==, 42);

  /* 1,000,000 recipients at ₹0.80 */
  g_assert_true (mc_money_mul (8000, 1000000, &out, NULL));
  g_assert_cmpint (out, ==, G_GINT64_CONSTANT (8000000000));
  g_assert_true (mc_money_mul (G_MININT64, 1, &out, NULL));
  g_assert_cmpint (out, ==, G_MININT64);
  out = 42;
  g_assert_false (mc_money_mul (G_MININT64, -1, &out, &error));
  g_assert_error (error, MC_MONEY_ERROR, MC_MONEY_ERROR_OVERFLOW);
  g_assert_false (mc_money_mul (G_MAXINT64 / 2 + 1, 2, &out, NULL));
  g_assert_false (mc_money_mul (G_GINT64_CONSTANT (4294967296), G_GINT64_CONSTANT (4294967296),
                                &out, NULL));
  g_assert_cmpint (out, ==, 42);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mc/money/parse/strict", test_parse_strict);
  g_test_add_func ("/mc/money/parse/input", test_parse_input);
  g_test_add_func ("/mc/money/parse/input-messages", test_parse_input_messages);
  g_test_add_func ("/mc/money/to-string", test_to_string);
  g_test_add_func ("/mc/money/format", test_format);
  g_test_add_func ("/mc/money/format/invalid-currency", test_format_invalid_currency);
  g_test_add_func ("/mc/money/decimals", test_decimals);
  g_test_add_func ("/mc/money/currency", test_currency);
  g_test_add_func ("/mc/money/arithmetic", test_arithmetic);

  return g_test_run ();
}
