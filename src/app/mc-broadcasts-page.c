/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "mc-broadcast-dialog.h"
#include "mc-broadcasts-page.h"
#include "mc-core.h"
#include "mc-lookahead.h"
#include "mc-util.h"

struct _McBroadcastsPage
{
  GtkWidget      parent_instance;

  /* template widgets */
  GtkStack      *stack;
  GtkSpinner    *spinner;
  AdwStatusPage *error_page;
  GtkButton     *retry_button;
  AdwStatusPage *empty_page;
  GtkButton     *empty_new_button;
  GtkLabel      *blocked_label;
  GtkButton     *new_button;
  GtkListBox    *list;

  /* owned */
  McSession     *session;
  McLookahead   *lookahead;     /* the session's */
  GCancellable  *cancellable;
  char          *blocked_reason;
};

G_DEFINE_FINAL_TYPE (McBroadcastsPage, mc_broadcasts_page, GTK_TYPE_WIDGET)

enum {
  TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
toast (McBroadcastsPage *self,
       const char       *message)
{
  g_signal_emit (self, signals[TOAST], 0, message);
}

/**
 * mc_broadcast_describe_status:
 * @broadcast: a broadcast
 * @account: the live account
 *
 * Returns: (transfer full): the status in words, a failure with its reason
 */
char *
mc_broadcast_describe_status (McBroadcast *broadcast,
                              McAccount   *account)
{
  switch (mc_broadcast_get_status (broadcast))
    {
    case MC_BROADCAST_STATUS_SCHEDULED:
      if (mc_broadcast_is_at_risk (broadcast, account))
        return g_strdup (_("Scheduled, not covered"));
      return g_strdup (_("Scheduled"));
    case MC_BROADCAST_STATUS_SENT:
      return g_strdup (_("Sent"));
    case MC_BROADCAST_STATUS_CANCELLED:
      return g_strdup (_("Cancelled"));
    case MC_BROADCAST_STATUS_FAILED:
      switch (mc_broadcast_get_failure_reason (broadcast))
        {
        case MC_BROADCAST_FAILURE_INSUFFICIENT_CREDITS:
          return g_strdup (_("Failed: the balance did not cover the cost"));
        case MC_BROADCAST_FAILURE_ACCOUNT_RESTRICTED:
          return g_strdup (_("Failed: the account was restricted"));
        case MC_BROADCAST_FAILURE_NONE:
        default:
          return g_strdup (_("Failed"));
        }
    default:
      return g_strdup ("");
    }
}

static void
cancelled_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(McBroadcastsPage) self = user_data;
  g_autoptr(McBroadcast) broadcast = NULL;
  g_autoptr(GError) error = NULL;

  broadcast = mc_client_broadcast_finish (MC_CLIENT (object), result, NULL, &error);
  if (broadcast == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }

  toast (self, _("Broadcast cancelled"));
  if (self->lookahead != NULL)
    mc_lookahead_add (self->lookahead, broadcast);
}

static void
cancel_clicked_cb (GtkButton        *button,
                   McBroadcastsPage *self)
{
  McBroadcast *broadcast = g_object_get_data (G_OBJECT (button), "mc-broadcast");

  if (self->session == NULL)
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  mc_client_cancel_broadcast_async (mc_session_get_client (self->session),
                                    mc_broadcast_get_id (broadcast), self->cancellable,
                                    cancelled_cb, g_object_ref (self));
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  McBroadcastsPage *self = user_data;
  McBroadcast *broadcast = item;
  McAccount *account = mc_session_get_account (self->session);
  McCurrency currency = mc_broadcast_get_currency (broadcast);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *status = gtk_label_new (NULL);
  g_autofree char *cost = mc_money_format (mc_broadcast_get_estimated_cost (broadcast), currency);
  g_autofree char *when = mc_format_date_time (mc_broadcast_get_sent_at (broadcast) != NULL ?
                                               mc_broadcast_get_sent_at (broadcast) :
                                               mc_broadcast_get_scheduled_at (broadcast));
  g_autofree char *status_text = mc_broadcast_describe_status (broadcast, account);
  guint n = (guint) MIN (mc_broadcast_get_recipients (broadcast), G_MAXUINT);
  g_autofree char *recipients =
    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u recipient", "%'u recipients", n), n);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  McBroadcastStatus state = mc_broadcast_get_status (broadcast);

  /* Translators: "1200 recipients · estimated ₹960.00" */
  g_string_append_printf (subtitle, _("%s · estimated %s"), recipients, cost);
  g_string_append (subtitle, " · ");
  if (state == MC_BROADCAST_STATUS_SCHEDULED)
    /* Translators: %s is a date and time */
    g_string_append_printf (subtitle, _("due %s"), when);
  else if (state == MC_BROADCAST_STATUS_SENT)
    /* Translators: %s is a date and time */
    g_string_append_printf (subtitle, _("sent %s"), when);
  else
    /* Translators: %s is a date and time */
    g_string_append_printf (subtitle, _("for %s"), when);

  if (mc_broadcast_is_at_risk (broadcast, account))
    {
      gint64 shortfall = mc_broadcast_get_estimated_cost (broadcast) - mc_account_get_balance (account);
      g_autofree char *balance = mc_money_format (mc_account_get_balance (account), currency);
      g_autofree char *short_text = mc_money_format (MAX (shortfall, 0), currency);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      g_string_append_c (subtitle, '\n');
      if (mc_account_get_state (account) == MC_ACCOUNT_STATE_RESTRICTED)
        g_string_append (subtitle, _("It will fail: the account is restricted. Add credits before it is due."));
      else
        /* Translators: the balance, and how much is missing */
        g_string_append_printf (subtitle, _("It will fail: the balance is %s, short by %s. "
                                            "Add credits before it is due."),
                                balance, short_text);
      gtk_widget_add_css_class (icon, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Warning"), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_widget_add_css_class (status, "warning");
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), mc_broadcast_get_name (broadcast));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  gtk_label_set_label (GTK_LABEL (status), status_text);
  gtk_label_set_wrap (GTK_LABEL (status), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (status), 22);
  gtk_label_set_xalign (GTK_LABEL (status), 1);
  if (state == MC_BROADCAST_STATUS_FAILED)
    gtk_widget_add_css_class (status, "error");
  else if (state == MC_BROADCAST_STATUS_SENT)
    gtk_widget_add_css_class (status, "success");
  else if (state == MC_BROADCAST_STATUS_CANCELLED)
    gtk_widget_add_css_class (status, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), status);

  if (state == MC_BROADCAST_STATUS_SCHEDULED)
    {
      GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
      /* Translators: %s is a broadcast's name */
      g_autofree char *a11y = g_strdup_printf (_("Cancel broadcast %s"),
                                               mc_broadcast_get_name (broadcast));

      gtk_widget_set_valign (cancel, GTK_ALIGN_CENTER);
      mc_widget_set_accessible_label (cancel, a11y);
      g_object_set_data_full (G_OBJECT (cancel), "mc-broadcast", g_object_ref (broadcast),
                              g_object_unref);
      g_signal_connect (cancel, "clicked", G_CALLBACK (cancel_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), cancel);
    }

  return row;
}

static void
update_blocked (McBroadcastsPage *self)
{
  McAccount *account = self->session != NULL ? mc_session_get_account (self->session) : NULL;
  const char *reason = NULL;

  if (account == NULL || !mc_account_get_loaded (account))
    reason = _("Connecting to the credit service…");
  else if (mc_account_get_state (account) == MC_ACCOUNT_STATE_RESTRICTED)
    reason = _("Your account is restricted: add credits to create broadcasts.");

  g_free (self->blocked_reason);
  self->blocked_reason = g_strdup (reason);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "broadcasts.new", reason == NULL);
  gtk_label_set_label (self->blocked_label, reason != NULL ? reason : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->new_button),
                               reason != NULL ? reason : _("New Broadcast (Ctrl+N)"));
  adw_status_page_set_description (self->empty_page,
                                   reason != NULL ? reason :
                                   _("Send one message to many customers at once, now or at a time you choose."));
}

static void
update (McBroadcastsPage *self)
{
  GListModel *broadcasts;

  update_blocked (self);

  if (self->lookahead == NULL)
    return;

  broadcasts = mc_lookahead_get_broadcasts (self->lookahead);

  if (!mc_lookahead_get_loaded (self->lookahead))
    {
      if (mc_lookahead_get_error (self->lookahead) != NULL)
        {
          adw_status_page_set_description (self->error_page, mc_lookahead_get_error (self->lookahead));
          gtk_stack_set_visible_child_name (self->stack, "error");
        }
      else
        gtk_stack_set_visible_child_name (self->stack, "loading");
      return;
    }

  /* Rebuilt whole: at-risk warnings follow the balance. */
  gtk_list_box_bind_model (self->list, broadcasts, create_row, self, NULL);
  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (broadcasts) > 0 ? "list" : "empty");
}

static void
retry_cb (McBroadcastsPage *self)
{
  if (self->lookahead != NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "loading");
      mc_lookahead_reload (self->lookahead);
    }
}

static void
created_cb (McBroadcastsPage *self,
            McBroadcast      *broadcast)
{
  g_autofree char *text = NULL;

  switch (mc_broadcast_get_status (broadcast))
    {
    case MC_BROADCAST_STATUS_SENT:
      /* Translators: %s is a broadcast's name */
      text = g_strdup_printf (_("“%s” was sent"), mc_broadcast_get_name (broadcast));
      break;
    case MC_BROADCAST_STATUS_SCHEDULED:
      /* Translators: %s is a broadcast's name */
      text = g_strdup_printf (_("“%s” is scheduled"), mc_broadcast_get_name (broadcast));
      break;
    case MC_BROADCAST_STATUS_FAILED:
    case MC_BROADCAST_STATUS_CANCELLED:
    default:
      {
        g_autofree char *status = mc_broadcast_describe_status (broadcast,
                                                                mc_session_get_account (self->session));

        /* Translators: a broadcast's name, and why it failed */
        text = g_strdup_printf (_("“%s”: %s"), mc_broadcast_get_name (broadcast), status);
      }
      break;
    }

  toast (self, text);
  if (self->lookahead != NULL)
    mc_lookahead_add (self->lookahead, broadcast);
}

/**
 * mc_broadcasts_page_new_broadcast:
 * @self: the page
 *
 * Opens *New Broadcast*, unless the account cannot create one: then the
 * reason is shown as a toast.
 *
 * Returns: (transfer none) (nullable): the dialog
 */
GtkWindow *
mc_broadcasts_page_new_broadcast (McBroadcastsPage *self)
{
  McBroadcastDialog *dialog;
  GtkRoot *root;

  g_return_val_if_fail (MC_IS_BROADCASTS_PAGE (self), NULL);

  update_blocked (self);
  if (self->blocked_reason != NULL || self->session == NULL)
    {
      if (self->blocked_reason != NULL)
        toast (self, self->blocked_reason);
      return NULL;
    }

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = mc_broadcast_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->session);
  g_signal_connect_object (dialog, "created", G_CALLBACK (created_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));

  return GTK_WINDOW (dialog);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  mc_broadcasts_page_new_broadcast (MC_BROADCASTS_PAGE (widget));
}

static void
mc_broadcasts_page_dispose (GObject *object)
{
  McBroadcastsPage *self = MC_BROADCASTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (mc_session_get_account (self->session), self);
  if (self->lookahead != NULL)
    g_signal_handlers_disconnect_by_data (self->lookahead, self);
  if (self->list != NULL)
    gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_BROADCASTS_PAGE);
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }

  G_OBJECT_CLASS (mc_broadcasts_page_parent_class)->dispose (object);
}

static void
mc_broadcasts_page_finalize (GObject *object)
{
  McBroadcastsPage *self = MC_BROADCASTS_PAGE (object);

  g_clear_object (&self->lookahead);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->blocked_reason, g_free);

  G_OBJECT_CLASS (mc_broadcasts_page_parent_class)->finalize (object);
}

static void
mc_broadcasts_page_class_init (McBroadcastsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_broadcasts_page_dispose;
  object_class->finalize = mc_broadcasts_page_finalize;

  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "broadcasts.new", NULL, new_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/messagecredits/MessageCredits/mc-broadcasts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McBroadcastsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastsPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastsPage, empty_new_button);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastsPage, blocked_label);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastsPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, McBroadcastsPage, list);
  gtk_widget_class_bind_template_callback (widget_class, retry_cb);
}

static void
mc_broadcasts_page_init (McBroadcastsPage *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  mc_widget_set_accessible_label (GTK_WIDGET (self->new_button), _("New Broadcast"));
  mc_widget_set_accessible_label (GTK_WIDGET (self->empty_new_button), _("New Broadcast"));
  mc_widget_set_accessible_label (GTK_WIDGET (self->retry_button), _("Try Again"));
  gtk_spinner_set_spinning (self->spinner, TRUE);
  update_blocked (self);
}

/**
 * mc_broadcasts_page_set_session:
 * @self: the page
 * @session: (nullable): the session to show
 */
void
mc_broadcasts_page_set_session (McBroadcastsPage *self,
                                McSession        *session)
{
  g_return_if_fail (MC_IS_BROADCASTS_PAGE (self));
  g_return_if_fail (session == NULL || MC_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (mc_session_get_account (self->session), self);
  if (self->lookahead != NULL)
    g_signal_handlers_disconnect_by_data (self->lookahead, self);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->lookahead);
  g_set_object (&self->session, session);

  if (session != NULL)
    {
      self->lookahead = g_object_ref (mc_lookahead_get_for_session (session));
      g_signal_connect_object (self->lookahead, "changed", G_CALLBACK (update), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (mc_session_get_account (session), "notify::state",
                               G_CALLBACK (update_blocked), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (mc_session_get_account (session), "notify::loaded",
                               G_CALLBACK (update_blocked), self, G_CONNECT_SWAPPED);
    }

  gtk_stack_set_visible_child_name (self->stack, "loading");
  update (self);
}

/**
 * mc_broadcasts_page_get_blocked_reason:
 *
 * Returns: (transfer none) (nullable): why *New Broadcast* is disabled
 */
const char *
mc_broadcasts_page_get_blocked_reason (McBroadcastsPage *self)
{
  g_return_val_if_fail (MC_IS_BROADCASTS_PAGE (self), NULL);

  return self->blocked_reason;
}

/**
 * mc_broadcasts_page_get_list:
 *
 * Returns: (transfer none): the list of rows
 */
GtkListBox *
mc_broadcasts_page_get_list (McBroadcastsPage *self)
{
  g_return_val_if_fail (MC_IS_BROADCASTS_PAGE (self), NULL);

  return self->list;
}
