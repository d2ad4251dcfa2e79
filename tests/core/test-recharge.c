/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "mc-recharge.h"

#define INR MC_CURRENCY_INR
#define USD MC_CURRENCY_USD

static void
test_limits (void)
{
  g_assert_cmpint (mc_recharge_min (INR), ==, 100 * MC_MONEY_SCALE);
  g_assert_cmpint (mc_recharge_max (INR), ==, 100000 * MC_MONEY_SCALE);
  g_assert_cmpint (mc_recharge_min (USD), ==, 5 * MC_MONEY_SCALE);
  g_assert_cmpint (mc_recharge_max (USD), ==, 2000 * MC_MONEY_SCALE);
  g_assert_cmpuint (mc_recharge_decimals (INR), ==, 2);
  g_assert_cmpuint (mc_recharge_decimals (USD), ==, 2);
  g_assert_cmpint (mc_low_balance_default (INR), ==, 100 * MC_MONEY_SCALE);
  g_assert_cmpint (mc_low_balance_default (USD), ==, 5 * MC_MONEY_SCALE);

  g_assert_cmpint (mc_recharge_min (MC_CURRENCY_INVALID), ==, 0);
  g_assert_cmpint (mc_recharge_max (MC_CURRENCY_INVALID), ==, 0);
  g_assert_cmpint (mc_low_balance_default (MC_CURRENCY_INVALID), ==, 0);
}

typedef struct
{
  McCurrency       currency;
  const char      *amount; /* strict wire form */
  McRechargeReason reason;
} CheckCase;

static void
test_check (void)
{
  static const CheckCase cases[] = {
    { INR, "100.00", MC_RECHARGE_OK },
    { INR, "100", MC_RECHARGE_OK },
    { INR, "1000.50", MC_RECHARGE_OK },
    { INR, "100000.00", MC_RECHARGE_OK },
    { INR, "100.500", MC_RECHARGE_OK },      /* the value has 2 decimals */
    { INR, "0", MC_RECHARGE_NOT_POSITIVE },
    { INR, "-0", MC_RECHARGE_NOT_POSITIVE },
    { INR, "-100.00", MC_RECHARGE_NOT_POSITIVE },
    { INR, "-0.001", MC_RECHARGE_NOT_POSITIVE }, /* sign before decimals */
    { INR, "-922337203685477.5808", MC_RECHARGE_NOT_POSITIVE },
    { INR, "0.001", MC_RECHARGE_TOO_MANY_DECIMALS }, /* decimals before minimum */
    { INR, "100.001", MC_RECHARGE_TOO_MANY_DECIMALS },
    { INR, "100000.001", MC_RECHARGE_TOO_MANY_DECIMALS }, /* decimals before maximum */
    { INR, "0.01", MC_RECHARGE_BELOW_MINIMUM },
    { INR, "99.99", MC_RECHARGE_BELOW_MINIMUM },
    { INR, "100000.01", MC_RECHARGE_ABOVE_MAXIMUM },
    { INR, "922337203685477.5800", MC_RECHARGE_ABOVE_MAXIMUM },
    { USD, "5.00", MC_RECHARGE_OK },
    { USD, "2000.00", MC_RECHARGE_OK },
    { USD, "4.99", MC_RECHARGE_BELOW_MINIMUM },
    { USD, "2000.01", MC_RECHARGE_ABOVE_MAXIMUM },
    { USD, "5.005", MC_RECHARGE_TOO_MANY_DECIMALS },
    { USD, "0.0147", MC_RECHARGE_TOO_MANY_DECIMALS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 units;

      g_assert_true (mc_money_parse (cases[i].amount, &units, NULL));
      if (mc_recharge_check (cases[i].currency, units) != cases[i].reason)
        g_error ("%s: expected %d, got %d", cases[i].amount, cases[i].reason,
                 mc_recharge_check (cases[i].currency, units));
    }
}

typedef struct
{
  McCurrency       currency;
  const char      *text; /* what a person types */
  McRechargeReason reason;
  gint64           units;
} InputCase;

static void
test_check_input (void)
{
  static const InputCase cases[] = {
    { INR, "1000", MC_RECHARGE_OK, 10000000 },
    { INR, "1,000.50", MC_RECHARGE_OK, 10005000 },
    { INR, "\xe2\x82\xb9 1,00,000", MC_RECHARGE_OK, G_GINT64_CONSTANT (1000000000) },
    { INR, " 100 ", MC_RECHARGE_OK, 1000000 },
    { INR, "100.500", MC_RECHARGE_OK, 1005000 },
    { USD, "$5", MC_RECHARGE_OK, 50000 },
    { USD, "$2,000.00", MC_RECHARGE_OK, 20000000 },
    { INR, "", MC_RECHARGE_EMPTY, 0 },
    { INR, "  ", MC_RECHARGE_EMPTY, 0 },
    { INR, "\xe2\x82\xb9", MC_RECHARGE_EMPTY, 0 },
    { INR, "abc", MC_RECHARGE_NOT_A_NUMBER, 0 },
    { INR, "1e3", MC_RECHARGE_NOT_A_NUMBER, 0 },
    { INR, "0x10", MC_RECHARGE_NOT_A_NUMBER, 0 },
    { INR, "10,00", MC_RECHARGE_NOT_A_NUMBER, 0 },
    { INR, "+500", MC_RECHARGE_NOT_A_NUMBER, 0 },
    { INR, "$500", MC_RECHARGE_NOT_A_NUMBER, 0 },
    { INR, "\xe0\xa5\xa7\xe0\xa5\xa6\xe0\xa5\xa6", MC_RECHARGE_NOT_A_NUMBER, 0 },
    { INR, "-500", MC_RECHARGE_NOT_POSITIVE, 0 },
    { INR, "\xe2\x82\xb9-500", MC_RECHARGE_NOT_POSITIVE, 0 },
    { INR, "\xe2\x88\x92" "500", MC_RECHARGE_NOT_POSITIVE, 0 },
    { INR, "0", MC_RECHARGE_NOT_POSITIVE, 0 },
    { INR, "0.00", MC_RECHARGE_NOT_POSITIVE, 0 },
    { INR, "100.001", MC_RECHARGE_TOO_MANY_DECIMALS, 0 },
    { INR, "100.00001", MC_RECHARGE_TOO_MANY_DECIMALS, 0 },
    { INR, "99.99", MC_RECHARGE_BELOW_MINIMUM, 0 },
    { INR, "1,00,000.01", MC_RECHARGE_ABOVE_MAXIMUM, 0 },
    { INR, "99999999999999999999", MC_RECHARGE_ABOVE_MAXIMUM, 0 },
    { USD, "4.99", MC_RECHARGE_BELOW_MINIMUM, 0 },
    { USD, "2,000.01", MC_RECHARGE_ABOVE_MAXIMUM, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 units = 42;
      McRechargeReason reason;

      reason = mc_recharge_check_input (cases[i].currency, cases[i].text, &units);
      if (reason != cases[i].reason)
        g_error ("“%s”: expected %d, got %d", cases[i].text, cases[i].reason, reason);
      g_assert_cmpint (units, ==, reason == MC_RECHARGE_OK ? cases[i].units : 42);
    }

  g_assert_cmpint (mc_recharge_check_input (INR, "500", NULL), ==, MC_RECHARGE_OK);
}

static void
check_message (McCurrency       currency,
               McRechargeReason reason,
               const char      *expected)
{
  g_autofree char *message = mc_recharge_reason_message (currency, reason);

  g_assert_cmpstr (message, ==, expected);
}

static void
test_messages (void)
{
  check_message (INR, MC_RECHARGE_OK, NULL);
  check_message (INR, MC_RECHARGE_BELOW_MINIMUM, "The minimum recharge is ₹100.00.");
  check_message (INR, MC_RECHARGE_ABOVE_MAXIMUM,
                 "The maximum recharge in one transaction is ₹1,00,000.00.");
  check_message (USD, MC_RECHARGE_BELOW_MINIMUM, "The minimum recharge is $5.00.");
  check_message (USD, MC_RECHARGE_ABOVE_MAXIMUM,
                 "The maximum recharge in one transaction is $2,000.00.");
  check_message (INR, MC_RECHARGE_TOO_MANY_DECIMALS,
                 "Enter an amount with at most 2 decimal places.");
  check_message (INR, MC_RECHARGE_NOT_A_NUMBER,
                 "Enter an amount in numbers, like 1000 or 1,000.50.");
  check_message (INR, MC_RECHARGE_NOT_POSITIVE, "Enter an amount greater than zero.");
  check_message (INR, MC_RECHARGE_EMPTY, "Enter an amount.");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mc/recharge/limits", test_limits);
  g_test_add_func ("/mc/recharge/check", test_check);
  g_test_add_func ("/mc/recharge/check-input", test_check_input);
  g_test_add_func ("/mc/recharge/messages", test_messages);

  return g_test_run ();
}
