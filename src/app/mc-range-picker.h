/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mc-core.h"

G_BEGIN_DECLS

/**
 * McRangePreset:
 * @MC_RANGE_PRESET_THIS_MONTH: the first of this month to today
 * @MC_RANGE_PRESET_LAST_30_DAYS: the 30 days ending today
 * @MC_RANGE_PRESET_LAST_3_MONTHS: today minus three calendar months to today
 * @MC_RANGE_PRESET_LAST_6_MONTHS: the whole six-month window
 * @MC_RANGE_PRESET_CUSTOM: dates picked on the calendars
 *
 * The ranges offered with one click.
 */
typedef enum
{
  MC_RANGE_PRESET_THIS_MONTH,
  MC_RANGE_PRESET_LAST_30_DAYS,
  MC_RANGE_PRESET_LAST_3_MONTHS,
  MC_RANGE_PRESET_LAST_6_MONTHS,
  MC_RANGE_PRESET_CUSTOM,
} McRangePreset;

#define MC_TYPE_RANGE_PICKER (mc_range_picker_get_type ())
G_DECLARE_FINAL_TYPE (McRangePicker, mc_range_picker, MC, RANGE_PICKER, GtkWidget)

/*
 * McRangePicker: a row of preset toggles (This Month, Last 30 Days, Last 3
 * Months, Last 6 Months) and the From and To dates, each a button with a
 * calendar. GtkCalendar on GTK 4.8 cannot grey out days, so a picked date
 * outside the six-month window is refused with the reason
 * (mc_window_message()) shown under the row, and the range stays as it was;
 * a good pick closes the calendar. Once mc_range_picker_set_timezone() is
 * called it follows the day in that zone by itself (a preset range moves
 * along at midnight, see mc_range_picker_set_today()).
 *
 * Signal "changed" (): the range changed to another valid one.
 */

void           mc_range_picker_compute_preset (McRangePreset  preset,
                                               const GDate   *today,
                                               GDate         *out_from,
                                               GDate         *out_to);
void           mc_today_in_timezone           (const char    *timezone,
                                               GDate         *out);
guint          mc_seconds_to_next_day         (const char    *timezone,
                                               GDateTime     *now);

McRangePicker *mc_range_picker_new            (void);
void           mc_range_picker_set_timezone   (McRangePicker *self,
                                               const char    *timezone);
void           mc_range_picker_set_today      (McRangePicker *self,
                                               const GDate   *today);
void           mc_range_picker_get_today      (McRangePicker *self,
                                               GDate         *out);
void           mc_range_picker_select_preset  (McRangePicker *self,
                                               McRangePreset  preset);
McRangePreset  mc_range_picker_get_preset     (McRangePicker *self);
McRangeResult  mc_range_picker_set_custom     (McRangePicker *self,
                                               const GDate   *from,
                                               const GDate   *to);
void           mc_range_picker_get_range      (McRangePicker *self,
                                               GDate         *out_from,
                                               GDate         *out_to);
const char    *mc_range_picker_get_message    (McRangePicker *self);

/* For tests */
guint          mc_range_picker_get_next_day_timeout (McRangePicker *self);

G_END_DECLS
