/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "mc-time.h"

static void
test_parse_good (void)
{
  static const struct { const char *text; const char *utc; } cases[] = {
    { "2026-11-26T09:30:00Z", "2026-11-26T09:30:00Z" },
    { "2026-11-26T15:00:00+05:30", "2026-11-26T09:30:00Z" },
    { "2026-11-26T04:00:00-05:00", "2026-11-26T09:00:00Z" },
    { "2026-11-26T09:30:00-00:00", "2026-11-26T09:30:00Z" },
    { "2026-11-26T09:30:00+00:00", "2026-11-26T09:30:00Z" },
    { "2026-11-26T09:30:00.123456Z", "2026-11-26T09:30:00Z" },
    { "2026-11-26T09:30:00.999999999Z", "2026-11-26T09:30:00Z" }, /* dropped, not rounded */
    { "2026-11-26T09:30:59.9+05:30", "2026-11-26T04:00:59Z" },
    { "2026-11-26t09:30:00z", "2026-11-26T09:30:00Z" },
    { "2026-12-31T23:30:00-01:00", "2027-01-01T00:30:00Z" },
    { "2026-01-01T00:10:00+05:30", "2025-12-31T18:40:00Z" },
    { "2028-02-29T23:59:59Z", "2028-02-29T23:59:59Z" },
    { "1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z" },
    { "0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z" },
    { "9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) time = mc_time_parse (cases[i].text);
      g_autofree char *text = NULL;

      if (time == NULL)
        g_error ("“%s” refused", cases[i].text);
      g_assert_cmpint (g_date_time_get_utc_offset (time), ==, 0);
      text = mc_time_format (time);
      g_assert_cmpstr (text, ==, cases[i].utc);
    }
}

static void
test_parse_bad (void)
{
  static const char *cases[] = {
    "",
    "2026-11-26",                    /* a bare date */
    "2026-11-26T09:30:00",           /* no zone */
    "2026-11-26 09:30:00Z",          /* no T */
    "2026-11-2609:30:00Z",
    "2026-11-26T09:30Z",             /* no seconds */
    "2026-11-26T9:30:00Z",
    "2026-11-26T24:00:00Z",
    "2026-11-26T23:60:00Z",
    "2026-11-26T23:59:60Z",          /* leap seconds cannot be represented */
    "2026-02-29T00:00:00Z",
    "2026-13-01T00:00:00Z",
    "2026-00-01T00:00:00Z",
    "2026-11-00T00:00:00Z",
    "2026-11-31T00:00:00Z",
    "0000-01-01T00:00:00Z",
    "2026-11-26T09:30:00+0530",
    "2026-11-26T09:30:00+05",
    "2026-11-26T09:30:00+24:00",
    "2026-11-26T09:30:00+05:60",
    "2026-11-26T09:30:00.Z",
    "2026-11-26T09:30:00,5Z",
    "2026-11-26T09:30:00ZZ",
    "2026-11-26T09:30:00Z ",
    " 2026-11-26T09:30:00Z",
    "2026-11-26T09:30:00Z\n",
    "2026-11-26T09:30:00 Z",
    "+2026-11-26T09:30:00Z",
    "2026-11-26T09:30:00UTC",
    "2026-11-26T09:30:00+05:30:00",
    "0001-01-01T00:00:00+01:00",     /* before year 1 in UTC */
    "9999-12-31T23:59:59-01:00",     /* after year 9999 in UTC */
    "1764149400",
    "２０２６-11-26T09:30:00Z",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) time = mc_time_parse (cases[i]);

      if (time != NULL)
        g_error ("“%s” accepted", cases[i]);
    }

  g_assert_null (mc_time_parse (NULL));
}

static void
test_format (void)
{
  g_autoptr(GTimeZone) kolkata = g_time_zone_new_identifier ("+05:30");
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) fraction = NULL;
  g_autoptr(GDateTime) parsed = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;
  g_autofree char *e = NULL;

  g_assert_nonnull (kolkata);
  local = g_date_time_new (kolkata, 2026, 11, 26, 15, 0, 0);
  a = mc_time_format (local);
  g_assert_cmpstr (a, ==, "2026-11-26T09:30:00Z");

  fraction = g_date_time_new_utc (2026, 11, 26, 9, 30, 30.75);
  b = mc_time_format (fraction);
  g_assert_cmpstr (b, ==, "2026-11-26T09:30:30Z");

  c = mc_time_format_unix (0);
  g_assert_cmpstr (c, ==, "1970-01-01T00:00:00Z");
  d = mc_time_format_unix (G_GINT64_CONSTANT (1795685400));
  g_assert_cmpstr (d, ==, "2026-11-26T09:30:00Z");

  /* format and parse agree on the epoch */
  parsed = mc_time_parse (d);
  g_assert_cmpint (g_date_time_to_unix (parsed), ==, G_GINT64_CONSTANT (1795685400));

  e = mc_time_format_unix (-1);
  g_assert_cmpstr (e, ==, "1969-12-31T23:59:59Z");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mc/time/parse/good", test_parse_good);
  g_test_add_func ("/mc/time/parse/bad", test_parse_bad);
  g_test_add_func ("/mc/time/format", test_format);

  return g_test_run ();
}
