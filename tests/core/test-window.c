/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "mc-window.h"

static GDate *
date (const char *text)
{
  GDate *d = g_date_new ();

  if (!mc_date_parse (text, d))
    g_error ("“%s” is not a date", text);
  return d;
}

static void
test_parse (void)
{
  static const char *good[] = {
    "2026-11-26", "2028-02-29", "2000-02-29", "0001-01-01", "9999-12-31", "2026-04-30",
  };
  static const char *bad[] = {
    "", "2027-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
    "2026-01-32", "2026-1-01", "2026-01-1", "20260101", "2026/01/01", "2026-01-01T00:00:00Z",
    " 2026-01-01", "2026-01-01 ", "0000-01-01", "+026-01-01", "-2026-01-01", "2026-0a-01",
    "２０２６-01-01", "10000-01-01", "2026-01-01\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *back = NULL;
      GDate d;

      g_assert_true (mc_date_parse (good[i], &d));
      back = mc_date_to_string (&d);
      g_assert_cmpstr (back, ==, good[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      GDate d;

      if (mc_date_parse (bad[i], &d))
        g_error ("“%s” accepted", bad[i]);
    }

  {
    GDate d;

    g_assert_false (mc_date_parse (NULL, &d));
  }
}

static void
test_earliest (void)
{
  static const struct { const char *today; const char *earliest; } cases[] = {
    { "2028-08-31", "2028-02-29" }, /* leap year */
    { "2027-08-31", "2027-02-28" },
    { "2026-03-31", "2025-09-30" },
    { "2026-11-26", "2026-05-26" },
    { "2026-01-15", "2025-07-15" },
    { "2026-06-30", "2025-12-30" },
    { "2026-12-31", "2026-06-30" },
    { "2026-07-31", "2026-01-31" },
    { "2026-05-31", "2025-11-30" },
    { "2024-08-30", "2024-02-29" },
    { "2023-08-29", "2023-02-28" },
    { "2100-08-29", "2100-02-28" }, /* not a leap year */
    { "2026-02-28", "2025-08-28" },
    { "0001-03-01", "0001-01-01" }, /* nothing before the first day */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDate) today = date (cases[i].today);
      g_autofree char *text = NULL;
      GDate earliest;

      mc_window_earliest (today, &earliest);
      text = mc_date_to_string (&earliest);
      g_assert_cmpstr (text, ==, cases[i].earliest);
    }
}

static void
test_check (void)
{
  static const struct { const char *from, *to, *today; McRangeResult result; } cases[] = {
    { "2026-05-26", "2026-11-26", "2026-11-26", MC_RANGE_OK },
    { "2026-11-26", "2026-11-26", "2026-11-26", MC_RANGE_OK },
    { "2026-06-01", "2026-06-30", "2026-11-26", MC_RANGE_OK },
    { "2026-05-25", "2026-11-26", "2026-11-26", MC_RANGE_TOO_OLD },
    { "2020-01-01", "2020-01-31", "2026-11-26", MC_RANGE_TOO_OLD },
    { "2026-11-01", "2026-11-27", "2026-11-26", MC_RANGE_INVALID }, /* to after today */
    { "2026-11-27", "2026-11-27", "2026-11-26", MC_RANGE_INVALID },
    { "2026-11-02", "2026-11-01", "2026-11-26", MC_RANGE_INVALID }, /* from after to */
    { "2020-01-02", "2020-01-01", "2026-11-26", MC_RANGE_INVALID }, /* invalid before old */
    { "2020-01-01", "2026-11-27", "2026-11-26", MC_RANGE_INVALID },
    { "2028-02-29", "2028-08-31", "2028-08-31", MC_RANGE_OK },
    { "2028-02-28", "2028-08-31", "2028-08-31", MC_RANGE_TOO_OLD },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDate) from = date (cases[i].from);
      g_autoptr(GDate) to = date (cases[i].to);
      g_autoptr(GDate) today = date (cases[i].today);
      McRangeResult result = mc_window_check (from, to, today);

      if (result != cases[i].result)
        g_error ("%s..%s on %s: expected %d, got %d", cases[i].from, cases[i].to,
                 cases[i].today, cases[i].result, result);
    }
}

static void
test_message (void)
{
  g_autoptr(GDate) today = date ("2026-11-26");
  g_autofree char *old = mc_window_message (MC_RANGE_TOO_OLD, today);
  g_autofree char *invalid = mc_window_message (MC_RANGE_INVALID, today);

  g_assert_null (mc_window_message (MC_RANGE_OK, today));
  g_assert_cmpstr (old, ==,
                   "Reports cover the past six months only: choose a start on or after 2026-05-26.");
  g_assert_nonnull (invalid);
  g_assert_cmpstr (invalid, !=, old);
  g_assert_nonnull (strstr (invalid, "today"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mc/window/parse", test_parse);
  g_test_add_func ("/mc/window/earliest", test_earliest);
  g_test_add_func ("/mc/window/check", test_check);
  g_test_add_func ("/mc/window/message", test_message);

  return g_test_run ();
}
