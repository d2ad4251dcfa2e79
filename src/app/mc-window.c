/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "mc-core.h"
#include "mc-broadcasts-page.h"
#include "mc-dashboard-page.h"
#include "mc-export-dialog.h"
#include "mc-lookahead-bar.h"
#include "mc-notices-button.h"
#include "mc-payments-page.h"
#include "mc-pending-alert.h"
#include "mc-recharge-dialog.h"
#include "mc-reports-page.h"
#include "mc-support-dialog.h"
#include "mc-util.h"
#include "mc-welcome-page.h"
#include "mc-window.h"

struct _McWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwBin               *welcome_bin;
  AdwStatusPage        *status_page;
  GtkSpinner           *status_spinner;
  GtkButton            *status_retry_button;
  GtkButton            *status_change_button;
  AdwHeaderBar         *header_bar;
  GtkButton            *header_add_button;
  GtkRevealer          *offline_revealer;
  GtkLabel             *offline_label;
  GtkButton            *offline_retry_button;
  AdwViewStack         *view_stack;
  McDashboardPage      *dashboard_page;
  AdwBin               *payments_bin;
  AdwBin               *reports_bin;
  AdwBin               *broadcasts_bin;
  McLookaheadBar       *lookahead_bar;
  McNoticesButton      *notices_button;

  /* built when first shown (a returning user sees only the dashboard at
   * first); NULL until then, owned by their bins */
  McWelcomePage        *welcome_page;
  McPaymentsPage       *payments_page;
  McReportsPage        *reports_page;
  McBroadcastsPage     *broadcasts_page;

  /* owned */
  GSettings            *settings;
  McSession            *session;
  GCancellable         *cancellable;

  /* weak */
  McRechargeDialog     *recharge_dialog;
  McPendingAlert       *pending_alert;

  guint                 content_shown : 1;      /* main or welcome, once */
  guint                 pending_checked : 1;    /* at start-up, once per session */
  guint                 pending_deferred : 1;   /* asked while a dialog was open */
  guint                 listing_pending : 1;
};

G_DEFINE_FINAL_TYPE (McWindow, mc_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  DEMO_REQUESTED,
  CONNECT_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void check_pending (McWindow *self);

static McClient *
get_client (McWindow *self)
{
  return self->session != NULL ? mc_session_get_client (self->session) : NULL;
}

static void
update_actions (McWindow *self)
{
  gboolean can_recharge = self->session != NULL &&
                          mc_session_get_state (self->session) == MC_SESSION_STATE_ONLINE &&
                          mc_account_get_loaded (mc_session_get_account (self->session));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-credits", can_recharge);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", can_recharge);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.support", can_recharge);
}

static void
show_status (McWindow   *self,
             const char *icon_name,
             const char *title,
             const char *description,
             gboolean    busy,
             gboolean    can_retry,
             gboolean    can_change)
{
  adw_status_page_set_icon_name (self->status_page, icon_name);
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  gtk_widget_set_visible (GTK_WIDGET (self->status_spinner), busy);
  gtk_spinner_set_spinning (self->status_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->status_retry_button), can_retry);
  gtk_widget_set_visible (GTK_WIDGET (self->status_change_button), can_change);
  gtk_stack_set_visible_child_name (self->main_stack, "status");
}

/* The first page of content appears at once: crossfading from the blank or
 * "Connecting…" page would only delay the balance, painting the window twice
 * over in every frame of the fade. */
static void
show_content (McWindow   *self,
              const char *name)
{
  if (self->content_shown)
    {
      gtk_stack_set_visible_child_name (self->main_stack, name);
      return;
    }

  self->content_shown = TRUE;
  gtk_stack_set_visible_child_full (self->main_stack, name, GTK_STACK_TRANSITION_TYPE_NONE);
}

/* A closed GtkRevealer (4.8) keeps its child in the accessibility tree,
 * "visible" and with its last size, where a screen reader would still find
 * "Offline" once the service is back: the bar is hidden once it has slid
 * away, and shown again before it slides in. */
static void
set_offline_bar_revealed (McWindow *self,
                          gboolean  revealed)
{
  if (revealed)
    gtk_widget_set_visible (gtk_revealer_get_child (self->offline_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->offline_revealer, revealed);
}

static void
offline_revealer_child_revealed_cb (McWindow *self)
{
  if (!gtk_revealer_get_reveal_child (self->offline_revealer) &&
      !gtk_revealer_get_child_revealed (self->offline_revealer))
    gtk_widget_set_visible (gtk_revealer_get_child (self->offline_revealer), FALSE);
}

static void
update_session_state (McWindow *self)
{
  McAccount *account;
  const char *message;

  if (self->session == NULL)
    return;

  account = mc_session_get_account (self->session);
  message = mc_session_get_error_message (self->session);

  switch (mc_session_get_state (self->session))
    {
    case MC_SESSION_STATE_CONNECTING:
      /* At start-up, the dashboard is laid out and painted while the account
       * is on its way (its figures say "—" meanwhile), so that the balance
       * then repaints one label rather than a new page: no "Connecting…"
       * page that would be gone in a moment. */
      if (!self->content_shown)
        show_content (self, "main");
      else
        show_status (self, NULL, _("Connecting…"), NULL, TRUE, FALSE, FALSE);
      break;

    case MC_SESSION_STATE_ONLINE:
      set_offline_bar_revealed (self, FALSE);
      show_content (self, "main");
      if (!self->pending_checked)
        {
          self->pending_checked = TRUE;
          check_pending (self);
        }
      break;

    case MC_SESSION_STATE_OFFLINE:
      if (!mc_account_get_loaded (account))
        {
          /* Nothing to show yet: say so, and keep retrying meanwhile. */
          show_status (self, "network-offline-symbolic", _("Can’t Reach the Credit Service"),
                       message != NULL ? message : _("The service does not answer."),
                       FALSE, TRUE, TRUE);
          break;
        }

      gtk_label_set_label (self->offline_label,
                           _("Offline: the credit service does not answer. Retrying automatically."));
      /* The technical reason, for whoever asks. */
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->offline_label), message);
      set_offline_bar_revealed (self, TRUE);
      show_content (self, "main");
      break;

    case MC_SESSION_STATE_UNAUTHORIZED:
      show_status (self, "dialog-error-symbolic", _("Access Refused"),
                   _("The credit service did not accept the API token. It may have been replaced: "
                     "connect again with the new one."),
                   FALSE, FALSE, TRUE);
      break;

    default:
      g_assert_not_reached ();
    }

  update_actions (self);
}

static void
toast_payment_completed (McWindow  *self,
                         McPayment *payment)
{
  g_autofree char *amount = mc_money_format (mc_payment_get_amount (payment),
                                             mc_payment_get_currency (payment));
  /* Translators: %s is an amount of money, "₹1,000.00" */
  g_autofree char *text = g_strdup_printf (_("Payment successful: %s added"), amount);

  mc_window_add_toast (self, text);
}

static gboolean
check_pending_idle_cb (gpointer user_data)
{
  McWindow *self = user_data;

  check_pending (self);

  return G_SOURCE_REMOVE;
}

static void
recharge_left_pending_cb (McWindow *self)
{
  /* Once the dialog is gone, one alert about what is still open. */
  self->pending_deferred = TRUE;
}

static void
recharge_destroyed_cb (McWindow *self)
{
  if (self->pending_deferred)
    {
      self->pending_deferred = FALSE;
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, check_pending_idle_cb,
                       g_object_ref (self), g_object_unref);
    }
}

/**
 * mc_window_open_recharge:
 * @self: the window
 * @payment: (nullable): a payment to follow (its checkout is reopened), or
 *   %NULL for a new amount
 *
 * Presents the Add Credits dialog (the one already open, if any).
 *
 * Returns: (transfer none) (nullable): the dialog
 */
McRechargeDialog *
mc_window_open_recharge (McWindow  *self,
                         McPayment *payment)
{
  McRechargeDialog *dialog;
  McClient *client;

  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  client = get_client (self);
  if (client == NULL || !mc_account_get_loaded (mc_client_get_account (client)))
    return NULL;

  if (self->recharge_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->recharge_dialog));
      return self->recharge_dialog;
    }

  if (payment != NULL)
    dialog = mc_recharge_dialog_new_for_payment (GTK_WINDOW (self), client, payment);
  else
    dialog = mc_recharge_dialog_new (GTK_WINDOW (self), client);

  g_signal_connect_object (dialog, "payment-completed",
                           G_CALLBACK (toast_payment_completed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "payment-left-pending",
                           G_CALLBACK (recharge_left_pending_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "destroy",
                           G_CALLBACK (recharge_destroyed_cb), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->recharge_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

static void
alert_open_recharge_cb (McWindow  *self,
                        McPayment *payment)
{
  mc_window_open_recharge (self, payment);
}

static void
alert_cancelled_cb (McWindow   *self,
                    guint       n_cancelled,
                    const char *error_message)
{
  if (error_message != NULL)
    mc_window_add_toast (self, error_message);
  else if (n_cancelled == 1)
    mc_window_add_toast (self, _("Payment cancelled"));
  else if (n_cancelled > 1)
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u payment cancelled",
                                      "%u payments cancelled", n_cancelled),
                         n_cancelled);

      mc_window_add_toast (self, text);
    }
}

static void
alert_later_cb (McWindow       *self,
                const char     *response,
                McPendingAlert *alert)
{
  GListModel *payments = mc_pending_alert_get_payments (alert);
  g_auto(GStrv) old = g_settings_get_strv (self->settings, "dismissed-pending-payments");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;

  /* Not again for these payments; the Payments page still lists them. */
  g_strv_builder_addv (builder, (const char **) old);
  for (guint i = 0; i < g_list_model_get_n_items (payments); i++)
    {
      g_autoptr(McPayment) payment = g_list_model_get_item (payments, i);

      if (!g_strv_contains ((const char * const *) old, mc_payment_get_id (payment)))
        g_strv_builder_add (builder, mc_payment_get_id (payment));
    }

  ids = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "dismissed-pending-payments", (const char * const *) ids);
}

static void
pending_listed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(McWindow) self = user_data;
  g_autoptr(GListModel) pending = NULL;
  g_autoptr(GListStore) fresh = NULL;
  g_autoptr(GStrvBuilder) still = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) dismissed = NULL;
  g_auto(GStrv) kept = NULL;
  McPendingAlert *alert;
  guint n;

  self->listing_pending = FALSE;

  pending = mc_client_list_finish (MC_CLIENT (object), result, NULL, &error);
  if (pending == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not list pending payments: %s", error->message);
      return;
    }

  if (self->pending_alert != NULL || self->recharge_dialog != NULL)
    return;

  dismissed = g_settings_get_strv (self->settings, "dismissed-pending-payments");
  fresh = g_list_store_new (MC_TYPE_PAYMENT);
  still = g_strv_builder_new ();

  n = g_list_model_get_n_items (pending);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McPayment) payment = g_list_model_get_item (pending, i);
      const char *id = mc_payment_get_id (payment);

      if (mc_payment_get_status (payment) != MC_PAYMENT_STATUS_PENDING)
        continue;

      if (g_strv_contains ((const char * const *) dismissed, id))
        g_strv_builder_add (still, id);
      else
        g_list_store_append (fresh, payment);
    }

  /* Forget put-off payments that are no longer pending. */
  kept = g_strv_builder_end (still);
  if (g_strv_length (kept) != g_strv_length (dismissed))
    g_settings_set_strv (self->settings, "dismissed-pending-payments",
                         (const char * const *) kept);

  if (g_list_model_get_n_items (G_LIST_MODEL (fresh)) == 0)
    return;

  alert = mc_pending_alert_new (GTK_WINDOW (self), get_client (self), G_LIST_MODEL (fresh));
  g_signal_connect_object (alert, "open-recharge",
                           G_CALLBACK (alert_open_recharge_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (alert, "cancelled",
                           G_CALLBACK (alert_cancelled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (alert, "response::later",
                           G_CALLBACK (alert_later_cb), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->pending_alert, alert);
  gtk_window_present (GTK_WINDOW (alert));
}

/* Never more than one alert, and none over the Add Credits dialog. */
static void
check_pending (McWindow *self)
{
  McClient *client = get_client (self);

  if (client == NULL || mc_session_get_state (self->session) != MC_SESSION_STATE_ONLINE)
    return;

  if (self->recharge_dialog != NULL)
    {
      self->pending_deferred = TRUE;
      return;
    }

  if (self->pending_alert != NULL || self->listing_pending)
    return;

  self->listing_pending = TRUE;
  mc_client_list_payments_async (client, MC_PAYMENT_STATUS_PENDING, 50, NULL,
                                 self->cancellable, pending_listed_cb, g_object_ref (self));
}

static void
notification_received_cb (McWindow       *self,
                          McNotification *notice)
{
  if (mc_notification_get_kind (notice) == MC_NOTIFICATION_KIND_PAYMENT_PENDING)
    check_pending (self);
}

static void
welcome_demo_cb (McWindow *self)
{
  g_signal_emit (self, signals[DEMO_REQUESTED], 0);
}

static void
welcome_connect_cb (McWindow   *self,
                    const char *url,
                    const char *token)
{
  g_signal_emit (self, signals[CONNECT_REQUESTED], 0, url, token);
}

static void
open_recharge_cb (McWindow  *self,
                  McPayment *payment)
{
  mc_window_open_recharge (self, payment);
}

static void
page_toast_cb (McWindow   *self,
               const char *message)
{
  mc_window_add_toast (self, message);
}

static McWelcomePage *
get_welcome_page (McWindow *self)
{
  if (self->welcome_page == NULL)
    {
      self->welcome_page = MC_WELCOME_PAGE (mc_welcome_page_new ());
      g_signal_connect_object (self->welcome_page, "demo", G_CALLBACK (welcome_demo_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->welcome_page, "connect", G_CALLBACK (welcome_connect_cb),
                               self, G_CONNECT_SWAPPED);
      adw_bin_set_child (self->welcome_bin, GTK_WIDGET (self->welcome_page));
    }

  return self->welcome_page;
}

static McPaymentsPage *
get_payments_page (McWindow *self)
{
  if (self->payments_page == NULL)
    {
      self->payments_page = g_object_new (MC_TYPE_PAYMENTS_PAGE, NULL);
      g_signal_connect_object (self->payments_page, "open-recharge",
                               G_CALLBACK (open_recharge_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->payments_page, "toast", G_CALLBACK (page_toast_cb), self,
                               G_CONNECT_SWAPPED);
      adw_bin_set_child (self->payments_bin, GTK_WIDGET (self->payments_page));
      mc_payments_page_set_session (self->payments_page, self->session);
    }

  return self->payments_page;
}

static McReportsPage *
get_reports_page (McWindow *self)
{
  if (self->reports_page == NULL)
    {
      self->reports_page = g_object_new (MC_TYPE_REPORTS_PAGE, NULL);
      g_signal_connect_object (self->reports_page, "toast", G_CALLBACK (page_toast_cb), self,
                               G_CONNECT_SWAPPED);
      adw_bin_set_child (self->reports_bin, GTK_WIDGET (self->reports_page));
      mc_reports_page_set_session (self->reports_page, self->session);
    }

  return self->reports_page;
}

static McBroadcastsPage *
get_broadcasts_page (McWindow *self)
{
  if (self->broadcasts_page == NULL)
    {
      self->broadcasts_page = g_object_new (MC_TYPE_BROADCASTS_PAGE, NULL);
      g_signal_connect_object (self->broadcasts_page, "toast", G_CALLBACK (page_toast_cb), self,
                               G_CONNECT_SWAPPED);
      adw_bin_set_child (self->broadcasts_bin, GTK_WIDGET (self->broadcasts_page));
      mc_broadcasts_page_set_session (self->broadcasts_page, self->session);
    }

  return self->broadcasts_page;
}

/* A page is built, and starts asking the service, when it is first shown. */
static void
visible_page_cb (McWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (name, "payments") == 0)
    get_payments_page (self);
  else if (g_strcmp0 (name, "reports") == 0)
    get_reports_page (self);
  else if (g_strcmp0 (name, "broadcasts") == 0)
    get_broadcasts_page (self);
}

static void
add_credits_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  mc_window_open_recharge (MC_WINDOW (widget), NULL);
}

static void
export_done_cb (McWindow *self,
                GFile    *file,
                guint64   rows)
{
  adw_toast_overlay_add_toast (self->toast_overlay, mc_export_toast_new (file, rows));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  McWindow *self = MC_WINDOW (widget);
  McExportDialog *dialog;

  if (get_client (self) == NULL || !mc_account_get_loaded (mc_session_get_account (self->session)))
    return;

  dialog = mc_export_dialog_new (GTK_WINDOW (self), self->session);
  /* Offer the range the Reports page shows, if it was opened. */
  if (self->reports_page != NULL)
    mc_export_dialog_copy_range (dialog, mc_reports_page_get_range_picker (self->reports_page));
  g_signal_connect_object (dialog, "exported", G_CALLBACK (export_done_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
support_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  McWindow *self = MC_WINDOW (widget);

  if (get_client (self) == NULL || !mc_account_get_loaded (mc_session_get_account (self->session)))
    return;

  gtk_window_present (GTK_WINDOW (mc_support_dialog_new (GTK_WINDOW (self), self->session)));
}

static void
new_broadcast_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  McWindow *self = MC_WINDOW (widget);

  if (self->session == NULL)
    return;

  adw_view_stack_set_visible_child_name (self->view_stack, "broadcasts");
  mc_broadcasts_page_new_broadcast (get_broadcasts_page (self));
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  mc_window_show_page (MC_WINDOW (widget), g_variant_get_string (param, NULL));
}

static gboolean
mc_window_close_request (GtkWindow *window)
{
  McWindow *self = MC_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (self->settings, "window-width", MAX (width, 360));
      g_settings_set_int (self->settings, "window-height", MAX (height, 294));
    }
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (mc_window_parent_class)->close_request (window);
}

static void
mc_window_constructed (GObject *object)
{
  McWindow *self = MC_WINDOW (object);

  G_OBJECT_CLASS (mc_window_parent_class)->constructed (object);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
mc_window_dispose (GObject *object)
{
  McWindow *self = MC_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_data (mc_session_get_stream (self->session), self);
    }
  g_clear_weak_pointer (&self->recharge_dialog);
  g_clear_weak_pointer (&self->pending_alert);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_WINDOW);

  G_OBJECT_CLASS (mc_window_parent_class)->dispose (object);
}

static void
mc_window_finalize (GObject *object)
{
  McWindow *self = MC_WINDOW (object);

  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (mc_window_parent_class)->finalize (object);
}

static void
mc_window_class_init (McWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = mc_window_constructed;
  object_class->dispose = mc_window_dispose;
  object_class->finalize = mc_window_finalize;
  window_class->close_request = mc_window_close_request;

  signals[DEMO_REQUESTED] =
    g_signal_new ("demo-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CONNECT_REQUESTED] =
    g_signal_new ("connect-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "win.add-credits", NULL, add_credits_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.add-credits", NULL);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.new-broadcast", NULL, new_broadcast_action);
  gtk_widget_class_install_action (widget_class, "win.support", NULL, support_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-broadcast", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "win.export", NULL);

  g_type_ensure (MC_TYPE_DASHBOARD_PAGE);
  g_type_ensure (MC_TYPE_LOOKAHEAD_BAR);
  g_type_ensure (MC_TYPE_NOTICES_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/messagecredits/MessageCredits/mc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, McWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, McWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, McWindow, welcome_bin);
  gtk_widget_class_bind_template_child (widget_class, McWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, McWindow, status_spinner);
  gtk_widget_class_bind_template_child (widget_class, McWindow, status_retry_button);
  gtk_widget_class_bind_template_child (widget_class, McWindow, status_change_button);
  gtk_widget_class_bind_template_child (widget_class, McWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, McWindow, header_add_button);
  gtk_widget_class_bind_template_child (widget_class, McWindow, offline_revealer);
  gtk_widget_class_bind_template_child (widget_class, McWindow, offline_label);
  gtk_widget_class_bind_template_child (widget_class, McWindow, offline_retry_button);
  gtk_widget_class_bind_template_callback (widget_class, offline_revealer_child_revealed_cb);
  gtk_widget_class_bind_template_child (widget_class, McWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, McWindow, dashboard_page);
  gtk_widget_class_bind_template_child (widget_class, McWindow, payments_bin);
  gtk_widget_class_bind_template_child (widget_class, McWindow, reports_bin);
  gtk_widget_class_bind_template_child (widget_class, McWindow, broadcasts_bin);
  gtk_widget_class_bind_template_child (widget_class, McWindow, lookahead_bar);
  gtk_widget_class_bind_template_child (widget_class, McWindow, notices_button);
}

static void
mc_window_init (McWindow *self)
{
  self->settings = g_settings_new (MC_SETTINGS_SCHEMA);
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->view_stack, "notify::visible-child",
                           G_CALLBACK (visible_page_cb), self, G_CONNECT_SWAPPED);

  /* Run in background: closing only hides the window, which the application
   * keeps (and holds), so the session goes on notifying and reopening is
   * instant. */
  g_settings_bind (self->settings, "run-in-background", self, "hide-on-close",
                   G_SETTINGS_BIND_GET);

#ifdef DEVELOPMENT
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  mc_widget_set_accessible_label (GTK_WIDGET (self->header_add_button), _("Add Credits"));
  mc_widget_set_accessible_label (GTK_WIDGET (self->status_retry_button), _("Try Again"));
  mc_widget_set_accessible_label (GTK_WIDGET (self->status_change_button), _("Change Connection"));
  mc_widget_set_accessible_label (GTK_WIDGET (self->offline_retry_button), _("Retry Now"));

  /* Nothing until the application says what to show: no flash of the
   * welcome page before a remembered connection. */
  show_status (self, NULL, NULL, NULL, FALSE, FALSE, FALSE);
  update_actions (self);
}

McWindow *
mc_window_new (GtkApplication *application)
{
  return g_object_new (MC_TYPE_WINDOW, "application", application, NULL);
}

/**
 * mc_window_show_welcome:
 * @self: the window
 * @provider_url: (nullable): open the provider form with this address
 * @message: (nullable): why the person is asked (shown with the form)
 */
void
mc_window_show_welcome (McWindow   *self,
                        const char *provider_url,
                        const char *message)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  mc_window_set_session (self, NULL);
  mc_welcome_page_set_busy (get_welcome_page (self), FALSE);
  if (provider_url != NULL || message != NULL)
    mc_welcome_page_show_provider (self->welcome_page, provider_url, message);
  show_content (self, "welcome");
}

/**
 * mc_window_show_busy:
 * @self: the window
 * @title: what is happening, "Starting the Demo…"
 * @description: (nullable): more words
 */
void
mc_window_show_busy (McWindow   *self,
                     const char *title,
                     const char *description)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  show_status (self, NULL, title, description, TRUE, FALSE, FALSE);
}

/**
 * mc_window_show_error:
 * @self: the window
 * @title: what failed
 * @description: (nullable): why, and what to do
 * @can_retry: whether to offer *Try Again* (app.reconnect)
 */
void
mc_window_show_error (McWindow   *self,
                      const char *title,
                      const char *description,
                      gboolean    can_retry)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  show_status (self, "dialog-error-symbolic", title, description, FALSE, can_retry, TRUE);
}

/**
 * mc_window_set_session:
 * @self: the window
 * @session: (nullable): the session to show
 *
 * Binds every page to @session and follows its state.
 */
void
mc_window_set_session (McWindow  *self,
                       McSession *session)
{
  g_return_if_fail (MC_IS_WINDOW (self));
  g_return_if_fail (session == NULL || MC_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_data (mc_session_get_stream (self->session), self);
    }

  if (self->recharge_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->recharge_dialog));
  if (self->pending_alert != NULL)
    gtk_window_destroy (GTK_WINDOW (self->pending_alert));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->pending_checked = FALSE;
  self->pending_deferred = FALSE;
  self->listing_pending = FALSE;

  g_set_object (&self->session, session);
  mc_dashboard_page_set_session (self->dashboard_page, session);
  if (self->payments_page != NULL)
    mc_payments_page_set_session (self->payments_page, session);
  if (self->reports_page != NULL)
    mc_reports_page_set_session (self->reports_page, session);
  if (self->broadcasts_page != NULL)
    mc_broadcasts_page_set_session (self->broadcasts_page, session);
  mc_lookahead_bar_set_session (self->lookahead_bar, session);
  mc_notices_button_set_session (self->notices_button, session);

  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::state",
                               G_CALLBACK (update_session_state), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (mc_session_get_account (session), "notify::loaded",
                               G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (mc_session_get_stream (session), "notification-received",
                               G_CALLBACK (notification_received_cb), self, G_CONNECT_SWAPPED);
      adw_view_stack_set_visible_child_name (self->view_stack, "dashboard");
      update_session_state (self);
    }

  update_actions (self);
}

/**
 * mc_window_get_session:
 *
 * Returns: (transfer none) (nullable): the session shown
 */
McSession *
mc_window_get_session (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return self->session;
}

/**
 * mc_window_show_page:
 * @self: the window
 * @name: `"dashboard"` or `"payments"`
 */
void
mc_window_show_page (McWindow   *self,
                     const char *name)
{
  g_return_if_fail (MC_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, name) == NULL)
    return;

  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

void
mc_window_add_toast (McWindow   *self,
                     const char *title)
{
  g_return_if_fail (MC_IS_WINDOW (self));
  g_return_if_fail (title != NULL);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

/**
 * mc_window_check_pending:
 * @self: the window
 *
 * Shows the pending-payment alert for the pending payments not put off with
 * *Later*, unless an alert or the Add Credits dialog is open.
 */
void
mc_window_check_pending (McWindow *self)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  check_pending (self);
}

/**
 * mc_window_set_welcome_busy:
 * @self: the window
 * @busy: whether a connection started from the welcome page is under way
 */
void
mc_window_set_welcome_busy (McWindow *self,
                            gboolean  busy)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  if (self->welcome_page != NULL)
    mc_welcome_page_set_busy (self->welcome_page, busy);
}
