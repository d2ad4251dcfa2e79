/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "mc-range-picker.h"
#include "mc-util.h"

struct _McRangePicker
{
  GtkWidget       parent_instance;

  GtkToggleButton *preset_buttons[MC_RANGE_PRESET_CUSTOM];
  GtkMenuButton   *from_button;
  GtkMenuButton   *to_button;
  GtkCalendar     *from_calendar;
  GtkCalendar     *to_calendar;
  GtkLabel        *message_label;

  GDate            today;
  GDate            from;
  GDate            to;
  McRangePreset    preset;
  char            *message;
  gboolean         updating;

  /* Set by mc_range_picker_set_timezone(): the picker then follows the day
   * in that zone, with a timeout to its next midnight. */
  gboolean         follows_day;
  char            *timezone;
  guint            next_day_id;
  guint            next_day_seconds;
};

G_DEFINE_FINAL_TYPE (McRangePicker, mc_range_picker, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GTimeZone *
zone_new (const char *timezone)
{
  GTimeZone *zone = NULL;

  if (timezone != NULL && *timezone != '\0')
    zone = g_time_zone_new_identifier (timezone);
  if (zone == NULL)
    zone = g_time_zone_new_utc ();

  return zone;
}

/**
 * mc_today_in_timezone:
 * @timezone: (nullable): an IANA name, the account's `timezone`
 * @out: (out): today in that zone (UTC when the name is unknown)
 */
void
mc_today_in_timezone (const char *timezone,
                      GDate      *out)
{
  g_autoptr(GTimeZone) zone = zone_new (timezone);
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);

  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

/**
 * mc_seconds_to_next_day:
 * @timezone: (nullable): an IANA name, the account's `timezone`
 * @now: the time now
 *
 * Returns: the whole seconds from @now to the next midnight in that zone
 *   (UTC when the name is unknown), at least 1
 */
guint
mc_seconds_to_next_day (const char *timezone,
                        GDateTime  *now)
{
  g_autoptr(GTimeZone) zone = zone_new (timezone);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (now, zone);
  g_autoptr(GDateTime) midnight = g_date_time_new (zone, g_date_time_get_year (local),
                                                   g_date_time_get_month (local),
                                                   g_date_time_get_day_of_month (local),
                                                   0, 0, 0);
  g_autoptr(GDateTime) next = g_date_time_add_days (midnight, 1);
  GTimeSpan span = g_date_time_difference (next, local);

  /* Rounded up, so the day has turned when the time is up. */
  return (guint) MAX (1, (span + G_TIME_SPAN_SECOND - 1) / G_TIME_SPAN_SECOND);
}

/**
 * mc_range_picker_compute_preset:
 * @preset: a preset other than %MC_RANGE_PRESET_CUSTOM
 * @today: today in the account's timezone
 * @out_from: (out): the first day
 * @out_to: (out): the last day (today)
 *
 * Every preset ends today and lies inside the six-month window.
 */
void
mc_range_picker_compute_preset (McRangePreset  preset,
                                const GDate   *today,
                                GDate         *out_from,
                                GDate         *out_to)
{
  *out_to = *today;
  *out_from = *today;

  switch (preset)
    {
    case MC_RANGE_PRESET_THIS_MONTH:
      g_date_set_day (out_from, 1);
      break;
    case MC_RANGE_PRESET_LAST_30_DAYS:
      g_date_subtract_days (out_from, 29);
      break;
    case MC_RANGE_PRESET_LAST_3_MONTHS:
      g_date_subtract_months (out_from, 3);
      break;
    case MC_RANGE_PRESET_CUSTOM:
    case MC_RANGE_PRESET_LAST_6_MONTHS:
    default:
      mc_window_earliest (today, out_from);
      break;
    }
}

static char *
format_date (const GDate *date)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (g_date_get_year (date),
                                                   g_date_get_month (date),
                                                   g_date_get_day (date), 0, 0, 0);

  /* Translators: a date as strftime() writes it: "26 Nov 2026" */
  return g_date_time_format (time, _("%-d %b %Y"));
}

static void
select_calendar_day (GtkCalendar *calendar,
                     const GDate *date)
{
  g_autoptr(GDateTime) time = g_date_time_new_local (g_date_get_year (date),
                                                     g_date_get_month (date),
                                                     g_date_get_day (date), 12, 0, 0);

  gtk_calendar_select_day (calendar, time);
}

static void
show_message (McRangePicker *self,
              const char    *message)
{
  g_clear_pointer (&self->message, g_free);
  self->message = g_strdup (message);
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static void
sync_widgets (McRangePicker *self)
{
  g_autofree char *from = format_date (&self->from);
  g_autofree char *to = format_date (&self->to);
  /* Translators: %s is a date, "1 Jun 2026" */
  g_autofree char *from_a11y = g_strdup_printf (_("From %s"), from);
  /* Translators: %s is a date, "26 Nov 2026" */
  g_autofree char *to_a11y = g_strdup_printf (_("To %s"), to);

  self->updating = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (self->preset_buttons); i++)
    gtk_toggle_button_set_active (self->preset_buttons[i], self->preset == (McRangePreset) i);

  gtk_menu_button_set_label (self->from_button, from);
  gtk_menu_button_set_label (self->to_button, to);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->from_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, from_a11y, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->to_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, to_a11y, -1);
  select_calendar_day (self->from_calendar, &self->from);
  select_calendar_day (self->to_calendar, &self->to);

  self->updating = FALSE;
}

static gboolean
set_range (McRangePicker *self,
           McRangePreset  preset,
           const GDate   *from,
           const GDate   *to)
{
  gboolean changed = g_date_compare (from, &self->from) != 0 ||
                     g_date_compare (to, &self->to) != 0;

  self->preset = preset;
  self->from = *from;
  self->to = *to;
  show_message (self, NULL);
  sync_widgets (self);

  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);

  return changed;
}

static void
preset_toggled_cb (GtkToggleButton *button,
                   McRangePicker   *self)
{
  McRangePreset preset = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "mc-preset"));

  if (self->updating)
    return;

  if (!gtk_toggle_button_get_active (button))
    {
      /* The group always has the current preset pressed. */
      if (preset == self->preset)
        {
          self->updating = TRUE;
          gtk_toggle_button_set_active (button, TRUE);
          self->updating = FALSE;
        }
      return;
    }

  mc_range_picker_select_preset (self, preset);
}

static void
calendar_day_selected_cb (GtkCalendar   *calendar,
                          McRangePicker *self)
{
  g_autoptr(GDateTime) picked = NULL;
  GDate from = self->from;
  GDate to = self->to;
  GDate *date;

  if (self->updating)
    return;

  date = calendar == self->from_calendar ? &from : &to;
  picked = gtk_calendar_get_date (calendar);
  g_date_set_dmy (date, (GDateDay) g_date_time_get_day_of_month (picked),
                  (GDateMonth) g_date_time_get_month (picked),
                  (GDateYear) g_date_time_get_year (picked));

  /* A good day closes the calendar (moving between months does not pick a
   * day); a refused one leaves it open to pick again, the reason shown. */
  if (mc_range_picker_set_custom (self, &from, &to) == MC_RANGE_OK)
    gtk_menu_button_popdown (calendar == self->from_calendar ? self->from_button
                                                             : self->to_button);
}

static GtkWidget *
make_date_button (McRangePicker  *self,
                  const char     *caption,
                  GtkMenuButton **out_button,
                  GtkCalendar   **out_calendar)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (caption);
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *calendar = gtk_calendar_new ();

  gtk_widget_add_css_class (label, "dim-label");
  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_menu_button_set_always_show_arrow (GTK_MENU_BUTTON (button), TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), button);
  gtk_accessible_update_property (GTK_ACCESSIBLE (calendar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, caption, -1);
  g_signal_connect (calendar, "day-selected", G_CALLBACK (calendar_day_selected_cb), self);

  *out_button = GTK_MENU_BUTTON (button);
  *out_calendar = GTK_CALENDAR (calendar);

  return box;
}

static gboolean next_day_cb (gpointer data);

/* Timeouts run on the monotonic clock, which stops while the computer
 * sleeps: the day is checked again when the picker is shown too. */
static void
schedule_next_day (McRangePicker *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_clear_handle_id (&self->next_day_id, g_source_remove);
  /* A few seconds late: g_timeout_add_seconds() may fire up to a second early. */
  self->next_day_seconds = mc_seconds_to_next_day (self->timezone, now) + 2;
  self->next_day_id = g_timeout_add_seconds (self->next_day_seconds, next_day_cb, self);
  g_source_set_name_by_id (self->next_day_id, "[message-credits] range picker next day");
}

static void
follow_day (McRangePicker *self)
{
  GDate today;

  mc_today_in_timezone (self->timezone, &today);
  if (g_date_compare (&today, &self->today) != 0)
    mc_range_picker_set_today (self, &today);
}

static gboolean
next_day_cb (gpointer data)
{
  McRangePicker *self = data;

  self->next_day_id = 0;
  follow_day (self);
  schedule_next_day (self);

  return G_SOURCE_REMOVE;
}

static void
mc_range_picker_map (GtkWidget *widget)
{
  McRangePicker *self = MC_RANGE_PICKER (widget);

  GTK_WIDGET_CLASS (mc_range_picker_parent_class)->map (widget);

  if (self->follows_day)
    {
      follow_day (self);
      schedule_next_day (self);
    }
}

static void
mc_range_picker_dispose (GObject *object)
{
  McRangePicker *self = MC_RANGE_PICKER (object);
  GtkWidget *child;

  g_clear_handle_id (&self->next_day_id, g_source_remove);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (mc_range_picker_parent_class)->dispose (object);
}

static void
mc_range_picker_finalize (GObject *object)
{
  McRangePicker *self = MC_RANGE_PICKER (object);

  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->timezone, g_free);

  G_OBJECT_CLASS (mc_range_picker_parent_class)->finalize (object);
}

static void
mc_range_picker_class_init (McRangePickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_range_picker_dispose;
  object_class->finalize = mc_range_picker_finalize;
  widget_class->map = mc_range_picker_map;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mc-range-picker");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
mc_range_picker_init (McRangePicker *self)
{
  static const char * const preset_labels[] = {
    /* Translators: the mnemonics must not clash with the Reports page's,
     * the Export CSV dialog's or Alt+1…4 (the pages) */
    N_("This _Month"), N_("Last 3_0 Days"), N_("Last 3 Mo_nths"), N_("Last _6 Months"),
  };
  GtkWidget *row = gtk_flow_box_new ();
  GtkWidget *presets = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *dates = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Date Range"), -1);

  /* The two halves wrap under each other in a narrow window. */
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (row), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (row), 2);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (row), 12);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (row), 6);
  gtk_widget_set_parent (row, GTK_WIDGET (self));

  gtk_widget_add_css_class (presets, "linked");
  gtk_widget_set_halign (presets, GTK_ALIGN_START);
  for (guint i = 0; i < G_N_ELEMENTS (preset_labels); i++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_mnemonic (_(preset_labels[i]));
      g_autofree char *plain = g_strdup (_(preset_labels[i]));
      char *src, *dst;

      /* The accessible name without the underscore (GTK 4.8 joins both). */
      for (src = dst = plain; *src != '\0'; src++)
        if (*src != '_')
          *dst++ = *src;
      *dst = '\0';
      mc_widget_set_accessible_label (button, plain);

      g_object_set_data (G_OBJECT (button), "mc-preset", GUINT_TO_POINTER (i));
      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), self->preset_buttons[0]);
      g_signal_connect (button, "toggled", G_CALLBACK (preset_toggled_cb), self);
      gtk_box_append (GTK_BOX (presets), button);
      self->preset_buttons[i] = GTK_TOGGLE_BUTTON (button);
    }
  gtk_flow_box_append (GTK_FLOW_BOX (row), presets);

  gtk_box_append (GTK_BOX (dates),
                  make_date_button (self, _("From"), &self->from_button, &self->from_calendar));
  gtk_box_append (GTK_BOX (dates),
                  make_date_button (self, _("To"), &self->to_button, &self->to_calendar));
  gtk_flow_box_append (GTK_FLOW_BOX (row), dates);

  for (GtkWidget *child = gtk_widget_get_first_child (row); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);

  label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_visible (label, FALSE);
  gtk_widget_set_parent (label, GTK_WIDGET (self));
  self->message_label = GTK_LABEL (label);

  mc_today_in_timezone (NULL, &self->today);
  self->preset = MC_RANGE_PRESET_LAST_30_DAYS;
  mc_range_picker_compute_preset (self->preset, &self->today, &self->from, &self->to);
  sync_widgets (self);
}

McRangePicker *
mc_range_picker_new (void)
{
  return g_object_new (MC_TYPE_RANGE_PICKER, NULL);
}

/**
 * mc_range_picker_set_today:
 * @self: a picker
 * @today: today in the account's timezone
 *
 * Moves a preset range along with the day; a custom one is kept if it is still
 * valid, else the picker falls back to the last 30 days.
 */
void
mc_range_picker_set_today (McRangePicker *self,
                           const GDate   *today)
{
  GDate from, to;

  g_return_if_fail (MC_IS_RANGE_PICKER (self));
  g_return_if_fail (g_date_valid (today));

  self->today = *today;

  if (self->preset == MC_RANGE_PRESET_CUSTOM &&
      mc_window_check (&self->from, &self->to, today) == MC_RANGE_OK)
    return;

  if (self->preset == MC_RANGE_PRESET_CUSTOM)
    self->preset = MC_RANGE_PRESET_LAST_30_DAYS;

  mc_range_picker_compute_preset (self->preset, today, &from, &to);
  set_range (self, self->preset, &from, &to);
}

/**
 * mc_range_picker_set_timezone:
 * @self: a picker
 * @timezone: (nullable): the account's IANA timezone
 *
 * Sets today in that zone, and from then on follows the day there: at
 * midnight, and whenever the picker is shown again, a new day is passed to
 * mc_range_picker_set_today().
 */
void
mc_range_picker_set_timezone (McRangePicker *self,
                              const char    *timezone)
{
  GDate today;

  g_return_if_fail (MC_IS_RANGE_PICKER (self));

  g_free (self->timezone);
  self->timezone = g_strdup (timezone);
  self->follows_day = TRUE;

  mc_today_in_timezone (timezone, &today);
  mc_range_picker_set_today (self, &today);
  schedule_next_day (self);
}

/**
 * mc_range_picker_get_next_day_timeout:
 * @self: a picker
 *
 * For tests.
 *
 * Returns: the seconds the pending next-day timeout was set for, 0 if there
 *   is none (no timezone set yet)
 */
guint
mc_range_picker_get_next_day_timeout (McRangePicker *self)
{
  g_return_val_if_fail (MC_IS_RANGE_PICKER (self), 0);

  return self->next_day_id != 0 ? self->next_day_seconds : 0;
}

void
mc_range_picker_get_today (McRangePicker *self,
                           GDate         *out)
{
  g_return_if_fail (MC_IS_RANGE_PICKER (self));

  *out = self->today;
}

void
mc_range_picker_select_preset (McRangePicker *self,
                               McRangePreset  preset)
{
  GDate from, to;

  g_return_if_fail (MC_IS_RANGE_PICKER (self));

  if (preset == MC_RANGE_PRESET_CUSTOM)
    {
      self->preset = preset;
      sync_widgets (self);
      return;
    }

  mc_range_picker_compute_preset (preset, &self->today, &from, &to);
  set_range (self, preset, &from, &to);
}

McRangePreset
mc_range_picker_get_preset (McRangePicker *self)
{
  g_return_val_if_fail (MC_IS_RANGE_PICKER (self), MC_RANGE_PRESET_CUSTOM);

  return self->preset;
}

/**
 * mc_range_picker_set_custom:
 * @self: a picker
 * @from: the first day
 * @to: the last day
 *
 * Takes the range if mc_window_check() allows it; otherwise keeps the current
 * range and shows why the new one was refused.
 *
 * Returns: the check's result
 */
McRangeResult
mc_range_picker_set_custom (McRangePicker *self,
                            const GDate   *from,
                            const GDate   *to)
{
  McRangeResult result;

  g_return_val_if_fail (MC_IS_RANGE_PICKER (self), MC_RANGE_INVALID);

  result = mc_window_check (from, to, &self->today);
  if (result != MC_RANGE_OK)
    {
      g_autofree char *message = mc_window_message (result, &self->today);

      sync_widgets (self);
      show_message (self, message);
      return result;
    }

  set_range (self, MC_RANGE_PRESET_CUSTOM, from, to);

  return result;
}

void
mc_range_picker_get_range (McRangePicker *self,
                           GDate         *out_from,
                           GDate         *out_to)
{
  g_return_if_fail (MC_IS_RANGE_PICKER (self));

  *out_from = self->from;
  *out_to = self->to;
}

/**
 * mc_range_picker_get_message:
 *
 * Returns: (transfer none) (nullable): why the last picked range was refused
 */
const char *
mc_range_picker_get_message (McRangePicker *self)
{
  g_return_val_if_fail (MC_IS_RANGE_PICKER (self), NULL);

  return self->message;
}
