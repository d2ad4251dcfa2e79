/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * Marks for the benchmarks (tests/benchmarks). When the app starts with
 * MESSAGE_CREDITS_TRACE_FD naming an open file descriptor, it writes one
 * line per event to it and nothing anywhere else:
 *
 *   mark NAME MONOTONIC_US       a moment: "first-frame", "balance-shown", …
 *   stall LATE_US MONOTONIC_US   the main loop answered LATE_US late
 *
 * MONOTONIC_US is g_get_monotonic_time() (CLOCK_MONOTONIC), so a parent
 * that noted the clock before exec() can subtract. A watch at the priority
 * of input events fires every 5 ms; a dispatch more than 8 ms late is a
 * stall line. Without the variable every function here does nothing.
 */

void     mc_trace_init                    (void);
gboolean mc_trace_enabled                 (void);
void     mc_trace_mark                    (const char *name);
void     mc_trace_mark_after_paint        (GtkWidget  *widget,
                                           const char *name);

G_END_DECLS
