/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "mc-core.h"
#include "mc-dashboard-page.h"
#include "mc-trace.h"
#include "mc-util.h"

#define LEDGER_LINES 8
/* Several events in a burst (a recharge brings a payment, an account and a
 * notice) cause one refresh. */
#define REFRESH_DELAY_MS 300

struct _McDashboardPage
{
  GtkWidget            parent_instance;

  /* template widgets */
  GtkBox              *content_box;
  GtkBox              *balance_card;
  GtkLabel            *account_label;
  GtkLabel            *balance_label;
  GtkImage            *state_icon;
  GtkLabel            *state_label;
  GtkButton           *add_button;
  GtkLabel            *threshold_label;
  GtkLabel            *updated_label;
  AdwPreferencesGroup *pending_group;
  AdwActionRow        *pending_row;
  GtkButton           *pending_button;
  AdwPreferencesGroup *usage_group;
  AdwActionRow        *free_row;
  AdwActionRow        *business_row;
  AdwActionRow        *user_row;
  AdwActionRow        *total_row;
  GtkLabel            *free_cost;
  GtkLabel            *business_cost;
  GtkLabel            *user_cost;
  GtkLabel            *total_cost;
  AdwPreferencesGroup *ledger_group;
  GtkListBox          *ledger_list;

  /* owned */
  McSession           *session;
  GCancellable        *cancellable;
  guint                refresh_id;
  guint                loading;
  gboolean             refresh_again;
  gboolean             balance_traced;
  gboolean             filled;         /* once, at start-up */
};

G_DEFINE_FINAL_TYPE (McDashboardPage, mc_dashboard_page, GTK_TYPE_WIDGET)

static void refresh (McDashboardPage *self);

static McAccount *
get_account (McDashboardPage *self)
{
  return self->session != NULL ? mc_session_get_account (self->session) : NULL;
}

static void
set_state_class (McDashboardPage *self,
                 const char      *state)
{
  static const char * const states[] = { "state-ok", "state-low", "state-restricted" };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->balance_card), states[i]);
  if (state != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->balance_card), state);
}

static void
update_account (McDashboardPage *self)
{
  McAccount *account = get_account (self);
  McCurrency currency;
  g_autofree char *balance = NULL;
  g_autofree char *threshold = NULL;
  g_autofree char *threshold_text = NULL;
  guint pending;

  if (account == NULL || !mc_account_get_loaded (account))
    {
      gtk_label_set_label (self->balance_label, "—");
      gtk_label_set_label (self->state_label, "");
      gtk_label_set_label (self->threshold_label, "");
      gtk_label_set_label (self->account_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->pending_group), FALSE);
      set_state_class (self, NULL);
      return;
    }

  currency = mc_account_get_currency (account);
  balance = mc_money_format (mc_account_get_balance (account), currency);
  gtk_label_set_label (self->balance_label, balance);
  if (!self->balance_traced)
    {
      self->balance_traced = TRUE;
      mc_trace_mark_after_paint (GTK_WIDGET (self->balance_label), "balance-shown");
    }
  gtk_label_set_label (self->account_label, mc_account_get_name (account));

  switch (mc_account_get_state (account))
    {
    case MC_ACCOUNT_STATE_OK:
      gtk_label_set_label (self->state_label,
                           _("Active: replies and broadcasts go out as usual"));
      gtk_image_set_from_icon_name (self->state_icon, "emblem-ok-symbolic");
      set_state_class (self, "state-ok");
      break;
    case MC_ACCOUNT_STATE_LOW:
      gtk_label_set_label (self->state_label, _("Low balance"));
      gtk_image_set_from_icon_name (self->state_icon, "dialog-warning-symbolic");
      set_state_class (self, "state-low");
      break;
    case MC_ACCOUNT_STATE_RESTRICTED:
      gtk_label_set_label (self->state_label,
                           _("Account restricted: replies and broadcasts are paused until you recharge"));
      gtk_image_set_from_icon_name (self->state_icon, "dialog-error-symbolic");
      set_state_class (self, "state-restricted");
      break;
    default:
      g_assert_not_reached ();
    }

  threshold = mc_money_format (mc_account_get_low_balance_threshold (account), currency);
  /* Translators: %s is the low-balance threshold, "₹100.00" */
  threshold_text = g_strdup_printf (_("You are alerted when the balance falls to %s or below."),
                                    threshold);
  gtk_label_set_label (self->threshold_label, threshold_text);

  pending = mc_account_get_pending_payments (account);
  gtk_widget_set_visible (GTK_WIDGET (self->pending_group), pending > 0);
  if (pending > 0)
    {
      g_autofree char *title =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u payment is waiting to be completed",
                                      "%u payments are waiting to be completed", pending),
                         pending);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->pending_row), title);
      adw_action_row_set_subtitle (self->pending_row,
                                   g_dngettext (GETTEXT_PACKAGE,
                                                "No credits were added for it yet",
                                                "No credits were added for them yet", pending));
    }
}

static void
update_connection (McDashboardPage *self)
{
  gboolean offline = self->session != NULL &&
                     mc_session_get_state (self->session) == MC_SESSION_STATE_OFFLINE;

  /* Offline, the last known figures stay, greyed, and say how old they are. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->content_box), !offline);
  gtk_widget_set_visible (GTK_WIDGET (self->updated_label), offline);

  if (offline)
    {
      GDateTime *last = mc_session_get_last_update (self->session);
      g_autofree char *when = mc_format_date_time (last);
      /* Translators: %s is a date and time */
      g_autofree char *text = g_strdup_printf (_("Offline: these figures are from %s."), when);

      gtk_label_set_label (self->updated_label, text);
    }
}

static void
set_usage_row (AdwActionRow *row,
               GtkLabel     *cost_label,
               guint64       count,
               gint64        cost,
               McCurrency    currency)
{
  g_autofree char *cost_text = mc_money_format (cost, currency);
  guint n = (guint) MIN (count, G_MAXUINT);
  g_autofree char *count_text =
    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u conversation", "%'u conversations", n), n);

  adw_action_row_set_subtitle (row, count_text);
  gtk_label_set_label (cost_label, cost_text);
}

/* Starting builds and throws away a great deal (the window's templates, the
 * theme, the first frames, the first replies); glibc keeps what was freed in
 * the heap, scattered between what lives on. Once the dashboard is filled,
 * the start is over: give those pages back. */
static gboolean
give_back_memory_cb (gpointer user_data)
{
#ifdef __GLIBC__
  malloc_trim (0);
#endif

  return G_SOURCE_REMOVE;
}

static void
loaded_one (McDashboardPage *self)
{
  g_assert (self->loading > 0);

  if (--self->loading == 0 && !self->filled)
    {
      self->filled = TRUE;
      g_idle_add_full (G_PRIORITY_LOW, give_back_memory_cb, NULL, NULL);
    }

  if (self->loading == 0 && self->refresh_again)
    {
      self->refresh_again = FALSE;
      refresh (self);
    }
}

static void
report_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(McDashboardPage) self = user_data;
  g_autoptr(McReport) report = NULL;
  g_autoptr(GError) error = NULL;
  McReportRow *totals;
  McCurrency currency;

  report = mc_client_get_conversation_report_finish (MC_CLIENT (object), result, &error);
  if (report == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("No report for this month: %s", error->message);
      loaded_one (self);
      return;
    }

  totals = mc_report_get_totals (report);
  currency = mc_report_get_currency (report);
  set_usage_row (self->free_row, self->free_cost,
                 mc_report_row_get_count (totals, MC_CONVERSATION_CATEGORY_FREE),
                 mc_report_row_get_cost (totals, MC_CONVERSATION_CATEGORY_FREE), currency);
  set_usage_row (self->business_row, self->business_cost,
                 mc_report_row_get_count (totals, MC_CONVERSATION_CATEGORY_BUSINESS_INITIATED),
                 mc_report_row_get_cost (totals, MC_CONVERSATION_CATEGORY_BUSINESS_INITIATED),
                 currency);
  set_usage_row (self->user_row, self->user_cost,
                 mc_report_row_get_count (totals, MC_CONVERSATION_CATEGORY_USER_INITIATED),
                 mc_report_row_get_cost (totals, MC_CONVERSATION_CATEGORY_USER_INITIATED),
                 currency);
  set_usage_row (self->total_row, self->total_cost,
                 mc_report_row_get_total_count (totals), mc_report_row_get_total_cost (totals),
                 currency);

  loaded_one (self);
}

static const char *
transaction_kind_label (McTransactionKind kind)
{
  switch (kind)
    {
    case MC_TRANSACTION_KIND_RECHARGE:
      return _("Recharge");
    case MC_TRANSACTION_KIND_CONVERSATION:
      return _("Conversation");
    case MC_TRANSACTION_KIND_BROADCAST:
      return _("Broadcast");
    case MC_TRANSACTION_KIND_ADJUSTMENT:
      return _("Adjustment");
    default:
      return "";
    }
}

static GtkWidget *
create_ledger_row (McTransaction *transaction,
                   McCurrency     currency)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *amount_label;
  gint64 amount = mc_transaction_get_amount (transaction);
  g_autofree char *amount_text = mc_money_format (amount, currency);
  g_autofree char *signed_text = amount > 0 ? g_strconcat ("+", amount_text, NULL)
                                            : g_strdup (amount_text);
  g_autofree char *when = mc_format_date_time (mc_transaction_get_at (transaction));
  g_autofree char *after = mc_money_format (mc_transaction_get_balance_after (transaction), currency);
  /* Translators: "26 Nov 2026, 15:04 · Conversation · balance ₹1,249.20" */
  g_autofree char *subtitle = g_strdup_printf (_("%s · %s · balance %s"), when,
                                               transaction_kind_label (mc_transaction_get_kind (transaction)),
                                               after);
  const char *description = mc_transaction_get_description (transaction);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 description != NULL && *description != '\0' ?
                                 description :
                                 transaction_kind_label (mc_transaction_get_kind (transaction)));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  amount_label = gtk_label_new (signed_text);
  gtk_widget_add_css_class (amount_label, "numeric");
  if (amount > 0)
    gtk_widget_add_css_class (amount_label, "success");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), amount_label);

  return row;
}

static void
transactions_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(McDashboardPage) self = user_data;
  g_autoptr(GListModel) lines = NULL;
  g_autoptr(GError) error = NULL;
  McAccount *account;
  GtkListBoxRow *row;
  guint n;

  lines = mc_client_list_finish (MC_CLIENT (object), result, NULL, &error);
  if (lines == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("No ledger lines: %s", error->message);
      loaded_one (self);
      return;
    }

  while ((row = gtk_list_box_get_row_at_index (self->ledger_list, 0)) != NULL)
    gtk_list_box_remove (self->ledger_list, GTK_WIDGET (row));

  account = get_account (self);
  n = g_list_model_get_n_items (lines);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McTransaction) transaction = g_list_model_get_item (lines, i);
      McCurrency currency = mc_transaction_get_currency (transaction);

      if (currency == MC_CURRENCY_INVALID && account != NULL)
        currency = mc_account_get_currency (account);
      gtk_list_box_append (self->ledger_list, create_ledger_row (transaction, currency));
    }

  loaded_one (self);
}

static void
this_month (McAccount *account,
            GDate     *from,
            GDate     *to)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) now = NULL;
  const char *zone = mc_account_get_timezone (account);

  /* "This month" is the account's month, in its own timezone. */
  if (zone != NULL)
    tz = g_time_zone_new_identifier (zone);
  if (tz == NULL)
    tz = g_time_zone_new_utc ();

  now = g_date_time_new_now (tz);
  g_date_clear (from, 1);
  g_date_clear (to, 1);
  g_date_set_dmy (to, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  g_date_set_dmy (from, 1, g_date_time_get_month (now), g_date_time_get_year (now));
}

static void
refresh (McDashboardPage *self)
{
  McAccount *account = get_account (self);
  McClient *client;
  GDate from, to;
  char month[64];

  if (account == NULL || !mc_account_get_loaded (account))
    return;

  if (self->loading > 0)
    {
      self->refresh_again = TRUE;
      return;
    }

  client = mc_session_get_client (self->session);
  this_month (account, &from, &to);

  /* Translators: the heading of this month's usage, as strftime() writes it: "November 2026" */
  if (g_date_strftime (month, sizeof month, _("%B %Y"), &to) > 0)
    adw_preferences_group_set_description (self->usage_group, month);

  self->loading = 2;
  mc_client_get_conversation_report_async (client, &from, &to, MC_REPORT_GROUP_MONTH,
                                           self->cancellable, report_cb, g_object_ref (self));
  mc_client_list_transactions_async (client, NULL, NULL, LEDGER_LINES, NULL,
                                     self->cancellable, transactions_cb, g_object_ref (self));
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  McDashboardPage *self = user_data;

  self->refresh_id = 0;
  refresh (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (McDashboardPage *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add (REFRESH_DELAY_MS, refresh_timeout_cb, self);
}

static void
refresh_func (gpointer page,
              gpointer unused)
{
  refresh (page);
}

static void
account_notify_cb (McDashboardPage *self,
                   GParamSpec      *pspec)
{
  update_account (self);

  /* The balance first; this month's usage and the ledger once it shows. */
  if (g_strcmp0 (pspec->name, "loaded") == 0)
    mc_widget_after_paint (GTK_WIDGET (self->balance_label), refresh_func, self, NULL);
}

static void
mc_dashboard_page_dispose (GObject *object)
{
  McDashboardPage *self = MC_DASHBOARD_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_DASHBOARD_PAGE);
  /* The template's own top widget has no id: unparent it here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (mc_dashboard_page_parent_class)->dispose (object);
}

static void
mc_dashboard_page_finalize (GObject *object)
{
  McDashboardPage *self = MC_DASHBOARD_PAGE (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (mc_dashboard_page_parent_class)->finalize (object);
}

static void
mc_dashboard_page_class_init (McDashboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_dashboard_page_dispose;
  object_class->finalize = mc_dashboard_page_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/messagecredits/MessageCredits/mc-dashboard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, content_box);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, balance_card);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, account_label);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, balance_label);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, state_icon);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, threshold_label);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, updated_label);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, pending_group);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, pending_row);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, pending_button);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, usage_group);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, free_row);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, business_row);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, total_row);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, free_cost);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, business_cost);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, user_cost);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, total_cost);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, ledger_group);
  gtk_widget_class_bind_template_child (widget_class, McDashboardPage, ledger_list);
}

static void
mc_dashboard_page_init (McDashboardPage *self)
{
  GtkWidget *placeholder;

  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  placeholder = gtk_label_new (_("No activity yet"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_list_box_set_placeholder (self->ledger_list, placeholder);

  mc_widget_set_accessible_label (GTK_WIDGET (self->add_button), _("Add Credits"));
  mc_widget_set_accessible_label (GTK_WIDGET (self->pending_button), _("Review Pending Payments"));
}

/**
 * mc_dashboard_page_set_session:
 * @self: the page
 * @session: (nullable): the session to show
 */
void
mc_dashboard_page_set_session (McDashboardPage *self,
                               McSession       *session)
{
  g_return_if_fail (MC_IS_DASHBOARD_PAGE (self));

  if (self->session == session)
    return;

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_data (mc_session_get_account (self->session), self);
      g_signal_handlers_disconnect_by_data (mc_session_get_stream (self->session), self);
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = 0;
  self->refresh_again = FALSE;
  g_clear_handle_id (&self->refresh_id, g_source_remove);

  g_set_object (&self->session, session);

  if (session != NULL)
    {
      g_signal_connect_object (mc_session_get_account (session), "notify",
                               G_CALLBACK (account_notify_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (mc_session_get_stream (session), "account-changed",
                               G_CALLBACK (schedule_refresh), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (mc_session_get_stream (session), "resynced",
                               G_CALLBACK (schedule_refresh), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::state",
                               G_CALLBACK (update_connection), self, G_CONNECT_SWAPPED);
    }

  update_account (self);
  update_connection (self);
  refresh (self);
}
