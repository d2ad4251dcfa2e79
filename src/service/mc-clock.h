/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * MC_SECONDS_PER_HOUR:
 */
#define MC_SECONDS_PER_HOUR G_GINT64_CONSTANT (3600)

/**
 * mc_service_now:
 *
 * The one clock of the service, in seconds since the epoch (UTC). Every
 * time the service stores or compares goes through it.
 *
 * Two environment variables exist for tests only and are read once:
 * `MC_SERVICE_NOW` (RFC 3339) makes the clock start at that instant and run
 * on from there; `MC_SERVICE_TIME_SCALE` (a whole number, 1 to 100000) makes
 * it run that many times faster than real time, so that rules measured in
 * hours (a pending payment's notice after one hour, its expiry after 24)
 * can be seen to fire within a test.
 *
 * Returns: the current time
 */
gint64       mc_service_now            (void);

/**
 * mc_service_now_datetime:
 *
 * Returns: (transfer full): mc_service_now() as a UTC #GDateTime
 */
GDateTime   *mc_service_now_datetime   (void);

/**
 * mc_clock_real_delay_ms:
 * @service_seconds: a span on the service clock
 *
 * Returns: how many real milliseconds that span lasts (it is shorter when
 *   `MC_SERVICE_TIME_SCALE` is set), for arming main-loop timers
 */
guint        mc_clock_real_delay_ms    (gint64 service_seconds);

/**
 * mc_clock_check_environment:
 * @error: why a test-only variable was refused
 *
 * Validates the test-only variables so a typo fails loudly at start-up
 * instead of silently running on the real clock.
 *
 * Returns: %TRUE when they are absent or valid
 */
gboolean     mc_clock_check_environment (GError **error);

G_END_DECLS
