/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "mc-window.h"

static int
digits_value (const char *p,
              guint       n)
{
  int value = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return -1;
      value = value * 10 + (p[i] - '0');
    }
  return value;
}

gboolean
mc_date_parse (const char *text,
               GDate      *out)
{
  int year, month, day;

  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;

  year = digits_value (text, 4);
  month = digits_value (text + 5, 2);
  day = digits_value (text + 8, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1)
    return FALSE;
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

char *
mc_date_to_string (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%04u-%02u-%02u",
                          (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date),
                          (guint) g_date_get_day (date));
}

void
mc_window_earliest (const GDate *today,
                    GDate       *out)
{
  int year, month;
  guint day, last;

  g_return_if_fail (today != NULL && g_date_valid (today));
  g_return_if_fail (out != NULL);

  year = g_date_get_year (today);
  month = (int) g_date_get_month (today) - MC_WINDOW_MONTHS;
  while (month < 1)
    {
      month += 12;
      year--;
    }

  g_date_clear (out, 1);
  if (year < 1)
    {
      /* Nothing is older than the first day GDate knows */
      g_date_set_dmy (out, 1, G_DATE_JANUARY, 1);
      return;
    }

  last = g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year);
  day = MIN ((guint) g_date_get_day (today), last);
  g_date_set_dmy (out, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

McRangeResult
mc_window_check (const GDate *from,
                 const GDate *to,
                 const GDate *today)
{
  GDate earliest;

  g_return_val_if_fail (from != NULL && g_date_valid (from), MC_RANGE_INVALID);
  g_return_val_if_fail (to != NULL && g_date_valid (to), MC_RANGE_INVALID);
  g_return_val_if_fail (today != NULL && g_date_valid (today), MC_RANGE_INVALID);

  if (g_date_compare (from, to) > 0 || g_date_compare (to, today) > 0)
    return MC_RANGE_INVALID;

  mc_window_earliest (today, &earliest);
  if (g_date_compare (from, &earliest) < 0)
    return MC_RANGE_TOO_OLD;

  return MC_RANGE_OK;
}

char *
mc_window_message (McRangeResult  result,
                   const GDate   *today)
{
  g_autofree char *earliest_text = NULL;
  GDate earliest;

  switch (result)
    {
    case MC_RANGE_OK:
      return NULL;
    case MC_RANGE_INVALID:
      return g_strdup (_("Choose a range that starts no later than it ends "
                         "and ends no later than today."));
    case MC_RANGE_TOO_OLD:
      g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);
      mc_window_earliest (today, &earliest);
      earliest_text = mc_date_to_string (&earliest);
      /* Translators: %s is a date written 2026-05-26 */
      return g_strdup_printf (_("Reports cover the past six months only: "
                                "choose a start on or after %s."),
                              earliest_text);
    default:
      g_return_val_if_reached (NULL);
    }
}
