/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * mc_time_parse:
 * @text: an RFC 3339 date-time: `2026-11-26T09:30:00Z` or with an offset
 *   (`+05:30`); a fraction of a second is accepted and dropped
 *
 * Returns: (transfer full) (nullable): the time in UTC, or %NULL when @text
 *   is not RFC 3339 (a bare date, a missing zone, an impossible field)
 */
GDateTime  *mc_time_parse    (const char *text);

/**
 * mc_time_format:
 * @time: a time
 *
 * Returns: (transfer full): @time in UTC with a `Z` and second precision,
 *   `2026-11-26T09:30:00Z`
 */
char       *mc_time_format   (GDateTime *time);

/**
 * mc_time_format_unix:
 * @unix_seconds: seconds since the epoch
 *
 * Returns: (transfer full): as mc_time_format()
 */
char       *mc_time_format_unix (gint64 unix_seconds);

G_END_DECLS
