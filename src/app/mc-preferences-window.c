/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "mc-core.h"
#include "mc-preferences-window.h"
#include "mc-token-store.h"
#include "mc-util.h"

struct _McPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* template widgets */
  AdwActionRow         *service_row;
  AdwActionRow         *token_row;
  GtkButton            *change_button;
  AdwEntryRow          *threshold_row;
  GtkLabel             *currency_label;
  GtkLabel             *threshold_message;
  GtkSwitch            *notify_balance_switch;
  GtkSwitch            *notify_payments_switch;
  GtkSwitch            *notify_broadcasts_switch;
  GtkSwitch            *background_switch;

  /* owned */
  McSession            *session;
  GCancellable         *cancellable;
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (McPreferencesWindow, mc_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
show_threshold_message (McPreferencesWindow *self,
                        const char          *message)
{
  gtk_label_set_label (self->threshold_message, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->threshold_message), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->threshold_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->threshold_row), "error");
}

static void
fill (McPreferencesWindow *self)
{
  McAccount *account = mc_session_get_account (self->session);
  McCurrency currency = mc_account_get_currency (account);
  McTokenSlot slot = mc_session_get_demo (self->session) ? MC_TOKEN_SLOT_DEMO : MC_TOKEN_SLOT_SERVER;
  const char *url = mc_client_get_base_url (mc_session_get_client (self->session));
  g_autofree char *service = NULL;
  g_autofree char *threshold = NULL;

  if (mc_session_get_demo (self->session))
    /* Translators: %s is a URL */
    service = g_strdup_printf (_("The demo service on this computer, at %s"), url);
  else
    service = g_strdup (url);
  adw_action_row_set_subtitle (self->service_row, service);

  switch (mc_session_get_token_store (self->session))
    {
    case MC_TOKEN_STORE_KEYRING:
      adw_action_row_set_subtitle (self->token_row, _("Your login keyring"));
      break;
    case MC_TOKEN_STORE_FILE:
      {
        g_autofree char *path = mc_token_store_get_file_path (slot);
        /* Translators: %s is a file name */
        g_autofree char *text =
          g_strdup_printf (_("A file only you can read, %s (no keyring service answered)"), path);

        adw_action_row_set_subtitle (self->token_row, text);
      }
      break;
    case MC_TOKEN_STORE_NONE:
    default:
      adw_action_row_set_subtitle (self->token_row,
                                   _("Nowhere: it was given on start-up and is forgotten on quit"));
      break;
    }

  if (currency != MC_CURRENCY_INVALID)
    {
      gtk_label_set_label (self->currency_label, mc_currency_symbol (currency));
      threshold = mc_money_to_string (mc_account_get_low_balance_threshold (account));
      gtk_editable_set_text (GTK_EDITABLE (self->threshold_row), threshold);
    }
}

static gboolean
parse_threshold (McPreferencesWindow  *self,
                 gint64               *out_units,
                 GError              **error)
{
  McCurrency currency = mc_account_get_currency (mc_session_get_account (self->session));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->threshold_row));

  return mc_money_parse_input (text, currency, 2, out_units, error);
}

static void
threshold_changed_cb (McPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  gint64 units;

  if (!parse_threshold (self, &units, &error))
    show_threshold_message (self, g_error_matches (error, MC_MONEY_ERROR, MC_MONEY_ERROR_EMPTY) ?
                            NULL : _("Enter an amount such as 250 or 250.50."));
  else
    show_threshold_message (self, NULL);
}

static void
threshold_set_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(McPreferencesWindow) self = user_data;
  g_autoptr(McAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  g_autofree char *text = NULL;

  account = mc_client_get_account_finish (MC_CLIENT (object), result, &error);
  if (account == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_threshold_message (self, error->message);
      return;
    }

  value = mc_money_format (mc_account_get_low_balance_threshold (account),
                           mc_account_get_currency (account));
  /* Translators: %s is an amount of money */
  text = g_strdup_printf (_("Alerts now come at %s"), value);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (text));
}

static void
threshold_apply_cb (McPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  gint64 units;

  if (!parse_threshold (self, &units, &error))
    {
      show_threshold_message (self, _("Enter an amount such as 250 or 250.50."));
      return;
    }

  mc_client_set_low_balance_threshold_async (mc_session_get_client (self->session), units,
                                             self->cancellable, threshold_set_cb,
                                             g_object_ref (self));
}

static void
mc_preferences_window_dispose (GObject *object)
{
  McPreferencesWindow *self = MC_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (mc_preferences_window_parent_class)->dispose (object);
}

static void
mc_preferences_window_finalize (GObject *object)
{
  McPreferencesWindow *self = MC_PREFERENCES_WINDOW (object);

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (mc_preferences_window_parent_class)->finalize (object);
}

static void
mc_preferences_window_class_init (McPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_preferences_window_dispose;
  object_class->finalize = mc_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/messagecredits/MessageCredits/mc-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, service_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, token_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, change_button);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, threshold_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, currency_label);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, threshold_message);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, notify_balance_switch);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, notify_payments_switch);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, notify_broadcasts_switch);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, background_switch);
  gtk_widget_class_bind_template_callback (widget_class, threshold_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, threshold_changed_cb);
}

static void
mc_preferences_window_init (McPreferencesWindow *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  mc_widget_set_accessible_label (GTK_WIDGET (self->change_button), _("Change Connection"));

  self->settings = g_settings_new (MC_SETTINGS_SCHEMA);
  g_settings_bind (self->settings, "notify-balance", self->notify_balance_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notify-payments", self->notify_payments_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notify-broadcasts", self->notify_broadcasts_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "run-in-background", self->background_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  mc_widget_set_accessible_label (GTK_WIDGET (self->notify_balance_switch), _("Notify about the balance"));
  mc_widget_set_accessible_label (GTK_WIDGET (self->notify_payments_switch), _("Notify about payments"));
  mc_widget_set_accessible_label (GTK_WIDGET (self->notify_broadcasts_switch), _("Notify about broadcasts"));
  mc_widget_set_accessible_label (GTK_WIDGET (self->background_switch), _("Run in Background"));
}

McPreferencesWindow *
mc_preferences_window_new (GtkWindow *parent,
                           McSession *session)
{
  McPreferencesWindow *self;

  g_return_val_if_fail (MC_IS_SESSION (session), NULL);

  /* In the application, so that app.change-connection reaches the Change button. */
  self = g_object_new (MC_TYPE_PREFERENCES_WINDOW,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       "transient-for", parent,
                       NULL);
  self->session = g_object_ref (session);
  fill (self);
  show_threshold_message (self, NULL);

  return self;
}
