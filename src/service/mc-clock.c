/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <gio/gio.h>

#include "mc-core.h"
#include "mc-clock.h"

typedef struct
{
  gboolean valid;
  gint64   start_unix_us;  /* the service time at @start_mono_us */
  gint64   start_mono_us;
  gint64   scale;
  char    *problem;
} ClockBase;

static ClockBase *
clock_base (void)
{
  static ClockBase base;
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      const char *now_env = g_getenv ("MC_SERVICE_NOW");
      const char *scale_env = g_getenv ("MC_SERVICE_TIME_SCALE");

      base.valid = TRUE;
      base.scale = 1;
      base.start_mono_us = g_get_monotonic_time ();
      base.start_unix_us = g_get_real_time ();

      if (now_env != NULL && *now_env != '\0')
        {
          g_autoptr(GDateTime) start = mc_time_parse (now_env);

          if (start != NULL)
            base.start_unix_us = g_date_time_to_unix (start) * G_USEC_PER_SEC;
          else
            {
              base.valid = FALSE;
              base.problem = g_strdup_printf ("MC_SERVICE_NOW is not an RFC 3339 time: %s", now_env);
            }
        }

      if (scale_env != NULL && *scale_env != '\0')
        {
          guint64 scale = 0;

          if (g_ascii_string_to_unsigned (scale_env, 10, 1, 100000, &scale, NULL))
            base.scale = (gint64) scale;
          else
            {
              base.valid = FALSE;
              g_free (base.problem);
              base.problem = g_strdup_printf ("MC_SERVICE_TIME_SCALE must be a whole number from 1 to 100000: %s",
                                              scale_env);
            }
        }

      g_once_init_leave (&initialised, 1);
    }

  return &base;
}

gint64
mc_service_now (void)
{
  ClockBase *base = clock_base ();
  gint64 elapsed = g_get_monotonic_time () - base->start_mono_us;

  return (base->start_unix_us + elapsed * base->scale) / G_USEC_PER_SEC;
}

GDateTime *
mc_service_now_datetime (void)
{
  return g_date_time_new_from_unix_utc (mc_service_now ());
}

guint
mc_clock_real_delay_ms (gint64 service_seconds)
{
  ClockBase *base = clock_base ();
  gint64 ms;

  if (service_seconds <= 0)
    return 0;

  ms = service_seconds * 1000 / base->scale;
  return (guint) CLAMP (ms, 1, G_MAXINT32);
}

gboolean
mc_clock_check_environment (GError **error)
{
  ClockBase *base = clock_base ();

  if (!base->valid)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, base->problem);
      return FALSE;
    }

  return TRUE;
}
