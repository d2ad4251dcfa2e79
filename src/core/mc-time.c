/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "mc-time.h"

/* Reads exactly @n ASCII digits at *@p, advancing it; -1 if they are not there. */
static int
read_digits (const char **p,
             guint        n)
{
  int value = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return -1;
      value = value * 10 + ((*p)[i] - '0');
    }
  *p += n;
  return value;
}

static gboolean
expect (const char **p,
        char         c)
{
  if (**p != c)
    return FALSE;
  (*p)++;
  return TRUE;
}

GDateTime *
mc_time_parse (const char *text)
{
  g_autoptr(GDateTime) local = NULL;
  const char *p = text;
  int year, month, day, hour, minute, second;
  int offset = 0;

  if (text == NULL)
    return NULL;

  /* full-date "T" partial-time; RFC 3339 §5.6 allows a lower-case t and z */
  if ((year = read_digits (&p, 4)) < 0 || !expect (&p, '-') ||
      (month = read_digits (&p, 2)) < 0 || !expect (&p, '-') ||
      (day = read_digits (&p, 2)) < 0)
    return NULL;
  if (*p != 'T' && *p != 't')
    return NULL;
  p++;
  if ((hour = read_digits (&p, 2)) < 0 || !expect (&p, ':') ||
      (minute = read_digits (&p, 2)) < 0 || !expect (&p, ':') ||
      (second = read_digits (&p, 2)) < 0)
    return NULL;

  /* A fraction of a second is dropped, never rounded up */
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return NULL;
      while (g_ascii_isdigit (*p))
        p++;
    }

  if (*p == 'Z' || *p == 'z')
    p++;
  else if (*p == '+' || *p == '-')
    {
      int sign = *p == '-' ? -1 : 1;
      int off_hour, off_minute;

      p++;
      if ((off_hour = read_digits (&p, 2)) < 0 || !expect (&p, ':') ||
          (off_minute = read_digits (&p, 2)) < 0)
        return NULL;
      if (off_hour > 23 || off_minute > 59)
        return NULL;
      offset = sign * (off_hour * 3600 + off_minute * 60);
    }
  else
    return NULL;

  if (*p != '\0')
    return NULL;

  if (year < 1 || month < 1 || month > 12 || day < 1 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year) ||
      hour > 23 || minute > 59 || second > 59)
    return NULL;

  local = g_date_time_new_utc (year, month, day, hour, minute, second);
  if (local == NULL)
    return NULL;

  /* 10:00+05:30 is 04:30Z; NULL when that leaves GDateTime's range */
  return g_date_time_add_seconds (local, -offset);
}

char *
mc_time_format (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  utc = g_date_time_to_utc (time);
  g_return_val_if_fail (utc != NULL, NULL);

  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                          g_date_time_get_year (utc),
                          g_date_time_get_month (utc),
                          g_date_time_get_day_of_month (utc),
                          g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc),
                          g_date_time_get_second (utc));
}

char *
mc_time_format_unix (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_seconds);

  g_return_val_if_fail (time != NULL, NULL);

  return mc_time_format (time);
}
