/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "mc-application.h"
#include "mc-demo-service.h"
#include "mc-notifier.h"
#include "mc-preferences-window.h"
#include "mc-session.h"
#include "mc-token-store.h"
#include "mc-trace.h"
#include "mc-util.h"
#include "mc-window.h"

typedef enum
{
  MODE_NONE,
  MODE_DEMO,
  MODE_SERVER,
} Mode;

struct _McApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  McNotifier     *notifier;
  McDemoService  *demo;
  McSession      *session;
  GCancellable   *cancellable;

  /* from the command line */
  char           *server_url;
  char           *env_token;
  gboolean        demo_requested;

  Mode            mode;            /* what is being connected to */
  char           *pending_token;   /* a welcome-page token, kept once it works */
  gboolean        remember;        /* save the choice once it worked */
};

G_DEFINE_FINAL_TYPE (McApplication, mc_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Use the embedded demo service"), NULL },
  { "server", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Connect to the credit service at URL, with the token from $MESSAGE_CREDITS_TOKEN"), N_("URL") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { NULL }
};

static void start_demo (McApplication *self);

static McWindow *
get_window (McApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (MC_IS_WINDOW (window))
    return MC_WINDOW (window);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (MC_IS_WINDOW (l->data))
      return MC_WINDOW (l->data);

  return NULL;
}

static void
wipe (char **secret)
{
  if (*secret != NULL)
    memset (*secret, 0, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

static void
set_session (McApplication *self,
             McSession     *session)
{
  McWindow *window = get_window (self);

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      mc_session_stop (self->session);
    }

  g_set_object (&self->session, session);
  mc_notifier_set_session (self->notifier, session);
  if (window != NULL)
    mc_window_set_session (window, session);

  if (session != NULL)
    mc_session_start (session);
}

static void
token_saved_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(McApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  McTokenStoreKind kind;

  kind = mc_token_store_save_finish (result, &error);
  if (kind == MC_TOKEN_STORE_NONE)
    {
      McWindow *window = get_window (self);

      g_warning ("Could not keep the API token: %s", error->message);
      if (window != NULL)
        mc_window_add_toast (window, _("The API token could not be kept: you will be asked again"));
      return;
    }

  if (self->session != NULL && !mc_session_get_demo (self->session))
    mc_session_set_token_store (self->session, kind);
}

static void
session_state_cb (McApplication *self,
                  GParamSpec    *pspec,
                  McSession     *session)
{
  McWindow *window = get_window (self);

  switch (mc_session_get_state (session))
    {
    case MC_SESSION_STATE_ONLINE:
      if (self->mode == MODE_SERVER && self->remember && self->pending_token != NULL)
        {
          /* It worked: remember the choice and keep the token. */
          self->remember = FALSE;
          g_settings_set_string (self->settings, "server-url",
                                 mc_client_get_base_url (mc_session_get_client (session)));
          g_settings_set_enum (self->settings, "connection", MODE_SERVER);
          mc_token_store_save_async (MC_TOKEN_SLOT_SERVER, self->pending_token,
                                     self->cancellable, token_saved_cb, g_object_ref (self));
          wipe (&self->pending_token);
        }
      else if (self->mode == MODE_DEMO && self->remember)
        {
          self->remember = FALSE;
          g_settings_set_enum (self->settings, "connection", MODE_DEMO);
        }
      break;

    case MC_SESSION_STATE_UNAUTHORIZED:
      if (self->mode == MODE_SERVER && self->pending_token != NULL && window != NULL)
        {
          /* A token typed just now was refused: back to the form. */
          g_autofree char *url = g_strdup (mc_client_get_base_url (mc_session_get_client (session)));

          wipe (&self->pending_token);
          set_session (self, NULL);
          mc_window_show_welcome (window, url, _("The service did not accept this API token."));
        }
      break;

    case MC_SESSION_STATE_CONNECTING:
    case MC_SESSION_STATE_OFFLINE:
    default:
      break;
    }
}

static gboolean
connect_to (McApplication     *self,
            const char        *url,
            const char        *token,
            gboolean           demo,
            McTokenStoreKind   kind,
            GError           **error)
{
  g_autoptr(McClient) client = NULL;
  g_autoptr(McSession) session = NULL;

  client = mc_client_new (url, token, MC_CLIENT_FLAGS_NONE, error);
  if (client == NULL)
    return FALSE;

  session = mc_session_new (client, demo);
  mc_session_set_token_store (session, kind);
  g_signal_connect_object (session, "notify::state", G_CALLBACK (session_state_cb), self,
                           G_CONNECT_SWAPPED);
  set_session (self, session);

  return TRUE;
}

static void
demo_restarted_cb (McApplication *self,
                   const char    *url)
{
  McWindow *window = get_window (self);
  g_autoptr(GError) error = NULL;

  if (window != NULL)
    mc_window_add_toast (window, _("The demo service stopped and was restarted. Nothing was lost."));

  if (self->session != NULL && mc_session_get_demo (self->session))
    {
      g_autoptr(GUri) old = g_uri_parse (mc_client_get_base_url (mc_session_get_client (self->session)),
                                         G_URI_FLAGS_NONE, NULL);
      g_autoptr(GUri) fresh = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

      if (old != NULL && fresh != NULL && g_uri_get_port (old) == g_uri_get_port (fresh))
        {
          /* Same address: reconnect at once rather than after the backoff. */
          mc_session_retry_now (self->session);
          return;
        }
    }

  if (!connect_to (self, url, mc_demo_service_get_token (self->demo), TRUE,
                   mc_token_store_get_kind (MC_TOKEN_SLOT_DEMO), &error) && window != NULL)
    mc_window_show_error (window, _("Could Not Start the Demo"), error->message, TRUE);
}

static void
demo_failed_cb (McApplication *self,
                const char    *message)
{
  McWindow *window = get_window (self);

  set_session (self, NULL);
  if (window != NULL)
    mc_window_show_error (window, _("The Demo Service Stopped"), message, TRUE);
}

static void
demo_started_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(McApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  McWindow *window = get_window (self);

  if (!mc_demo_service_start_finish (MC_DEMO_SERVICE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_warning ("The demo service did not start: %s", error->message);
      if (window != NULL)
        mc_window_show_error (window, _("Could Not Start the Demo"), error->message, TRUE);
      return;
    }

  if (!connect_to (self, mc_demo_service_get_url (self->demo),
                   mc_demo_service_get_token (self->demo), TRUE,
                   mc_token_store_get_kind (MC_TOKEN_SLOT_DEMO), &error))
    {
      if (window != NULL)
        mc_window_show_error (window, _("Could Not Start the Demo"), error->message, TRUE);
    }
}

static void
start_demo (McApplication *self)
{
  McWindow *window = get_window (self);

  self->mode = MODE_DEMO;
  set_session (self, NULL);

  if (self->demo == NULL)
    {
      self->demo = mc_demo_service_new ();
      g_signal_connect_object (self->demo, "restarted", G_CALLBACK (demo_restarted_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->demo, "failed", G_CALLBACK (demo_failed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  else
    {
      mc_demo_service_stop (self->demo);
    }

  if (window != NULL)
    mc_window_show_busy (window, _("Starting the Demo…"),
                         _("A credit service with a demo account is starting on this computer."));

  mc_demo_service_start_async (self->demo, self->cancellable, demo_started_cb,
                               g_object_ref (self));
}

static void
stop_demo (McApplication *self)
{
  if (self->demo != NULL)
    mc_demo_service_stop (self->demo);
}

static void
connect_server (McApplication    *self,
                const char       *url,
                const char       *token,
                McTokenStoreKind  kind)
{
  McWindow *window = get_window (self);
  g_autoptr(GError) error = NULL;

  self->mode = MODE_SERVER;
  stop_demo (self);

  if (!connect_to (self, url, token, FALSE, kind, &error))
    {
      if (window != NULL)
        mc_window_show_welcome (window, url, error->message);
    }
}

static void
server_token_found_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(McApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *url = g_settings_get_string (self->settings, "server-url");
  McWindow *window = get_window (self);

  token = mc_token_store_lookup_finish (result, &error);
  if (token == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (window != NULL)
        mc_window_show_welcome (window, url,
                                _("The API token was not found where it was kept. Enter it again."));
      return;
    }

  connect_server (self, url, token, mc_token_store_get_kind (MC_TOKEN_SLOT_SERVER));
  wipe (&token);
}

static void
window_demo_requested_cb (McApplication *self)
{
  self->remember = TRUE;
  start_demo (self);
}

static void
window_connect_requested_cb (McApplication *self,
                             const char    *url,
                             const char    *token)
{
  McWindow *window = get_window (self);

  if (window != NULL)
    mc_window_set_welcome_busy (window, TRUE);

  self->remember = TRUE;
  wipe (&self->pending_token);
  self->pending_token = g_strdup (token);
  connect_server (self, url, token, MC_TOKEN_STORE_NONE);
}

static void
start (McApplication *self)
{
  McWindow *window = get_window (self);
  g_autofree char *url = NULL;

  if (self->server_url != NULL)
    {
      if (self->env_token == NULL)
        {
          mc_window_show_welcome (window, self->server_url,
                                  _("No API token was given in MESSAGE_CREDITS_TOKEN. Enter it here."));
          return;
        }

      connect_server (self, self->server_url, self->env_token, MC_TOKEN_STORE_NONE);
      return;
    }

  if (self->demo_requested)
    {
      start_demo (self);
      return;
    }

  switch (g_settings_get_enum (self->settings, "connection"))
    {
    case MODE_DEMO:
      start_demo (self);
      break;

    case MODE_SERVER:
      url = g_settings_get_string (self->settings, "server-url");
      if (*url == '\0')
        {
          mc_window_show_welcome (window, NULL, NULL);
          break;
        }
      self->mode = MODE_SERVER;
      mc_window_show_busy (window, _("Connecting…"), url);
      mc_token_store_lookup_async (MC_TOKEN_SLOT_SERVER, self->cancellable,
                                   server_token_found_cb, g_object_ref (self));
      break;

    case MODE_NONE:
    default:
      mc_window_show_welcome (window, NULL, NULL);
      break;
    }
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  McApplication *self = user_data;
  McWindow *window = get_window (self);

  if (window != NULL)
    gtk_window_close (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (self));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  McApplication *self = user_data;
  const char *developers[] = { "Message Credits developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", get_window (self),
                        "application-icon", APP_ID,
                        "application-name", _("Message Credits"),
                        "developer-name", "Message Credits developers",
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/messagecredits/message-credits",
                        "issue-url", "https://github.com/messagecredits/message-credits/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        "copyright", "© 2026 Message Credits developers",
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  McApplication *self = user_data;
  McWindow *window = get_window (self);

  if (self->session == NULL || window == NULL)
    return;

  gtk_window_present (GTK_WINDOW (mc_preferences_window_new (GTK_WINDOW (window), self->session)));
}

static void
show_page_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  McApplication *self = user_data;
  McWindow *window = get_window (self);

  if (window == NULL)
    {
      g_application_activate (G_APPLICATION (self));
      window = get_window (self);
    }

  if (window != NULL)
    {
      mc_window_show_page (window, g_variant_get_string (param, NULL));
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
change_connection_action (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       user_data)
{
  McApplication *self = user_data;
  McWindow *window = get_window (self);
  GList *windows;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_session (self, NULL);
  stop_demo (self);
  self->mode = MODE_NONE;
  g_settings_set_enum (self->settings, "connection", MODE_NONE);

  /* Closing a window takes it out of the application's list: walk a copy. */
  windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (self)),
                              (GCopyFunc) g_object_ref, NULL);
  for (GList *l = windows; l != NULL; l = l->next)
    if (l->data != (gpointer) window && GTK_IS_WINDOW (l->data) &&
        gtk_window_get_transient_for (l->data) == GTK_WINDOW (window))
      gtk_window_close (l->data);
  g_list_free_full (windows, g_object_unref);

  if (window != NULL)
    mc_window_show_welcome (window, NULL, NULL);
}

static void
reconnect_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  McApplication *self = user_data;

  if (self->session != NULL)
    mc_session_retry_now (self->session);
  else if (self->mode == MODE_DEMO)
    start_demo (self);
  else
    start (self);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "preferences", preferences_action },
  { "show-page", show_page_action, "s" },
  { "change-connection", change_connection_action },
  { "reconnect", reconnect_action },
};

static int
mc_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  McApplication *self = MC_APPLICATION (application);
  const char *server = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "server", "&s", &server))
    {
      g_autoptr(GError) error = NULL;

      if (!mc_client_check_url (server, MC_CLIENT_FLAGS_NONE, &error))
        {
          g_printerr ("%s: %s\n", g_get_prgname (), error->message);
          return 2;
        }

      g_free (self->server_url);
      self->server_url = g_strdup (server);
    }

  self->demo_requested = g_variant_dict_contains (options, "demo");
  if (self->demo_requested && self->server_url != NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), _("--demo and --server cannot be used together"));
      return 2;
    }

  return G_APPLICATION_CLASS (mc_application_parent_class)->handle_local_options (application,
                                                                                  options);
}

static void
mc_application_startup (GApplication *application)
{
  McApplication *self = MC_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *recharge_accels[] = { "<Control>r", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *dashboard_accels[] = { "<Alt>1", NULL };
  static const char *payments_accels[] = { "<Alt>2", NULL };
  static const char *reports_accels[] = { "<Alt>3", NULL };
  static const char *broadcasts_accels[] = { "<Alt>4", NULL };
  static const char *export_accels[] = { "<Control>e", NULL };
  static const char *broadcast_accels[] = { "<Control>n", NULL };

  G_APPLICATION_CLASS (mc_application_parent_class)->startup (application);

  /* Not in _init: --version and --help need no schema. */
  self->settings = g_settings_new (MC_SETTINGS_SCHEMA);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.add-credits",
                                         recharge_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-page('dashboard')",
                                         dashboard_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-page('payments')",
                                         payments_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-page('reports')",
                                         reports_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-page('broadcasts')",
                                         broadcasts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.export", export_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.new-broadcast",
                                         broadcast_accels);

  gtk_window_set_default_icon_name (APP_ID);
  self->notifier = mc_notifier_new (application);
}

static void
mc_application_activate (GApplication *application)
{
  McApplication *self = MC_APPLICATION (application);
  McWindow *window = get_window (self);

  if (window != NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      return;
    }

  window = mc_window_new (GTK_APPLICATION (self));
  g_signal_connect_object (window, "demo-requested", G_CALLBACK (window_demo_requested_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (window, "connect-requested",
                           G_CALLBACK (window_connect_requested_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (window));
  mc_trace_mark_after_paint (GTK_WIDGET (window), "first-frame");

  start (self);
}

static void
mc_application_shutdown (GApplication *application)
{
  McApplication *self = MC_APPLICATION (application);

  g_cancellable_cancel (self->cancellable);
  set_session (self, NULL);
  /* The child would die with us anyway (PR_SET_PDEATHSIG); ask it nicely first. */
  stop_demo (self);

  G_APPLICATION_CLASS (mc_application_parent_class)->shutdown (application);
}

static void
mc_application_finalize (GObject *object)
{
  McApplication *self = MC_APPLICATION (object);

  g_clear_object (&self->session);
  g_clear_object (&self->demo);
  g_clear_object (&self->notifier);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->server_url, g_free);
  wipe (&self->env_token);
  wipe (&self->pending_token);

  G_OBJECT_CLASS (mc_application_parent_class)->finalize (object);
}

static void
mc_application_class_init (McApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = mc_application_finalize;

  app_class->handle_local_options = mc_application_handle_local_options;
  app_class->startup = mc_application_startup;
  app_class->activate = mc_application_activate;
  app_class->shutdown = mc_application_shutdown;
}

static void
mc_application_init (McApplication *self)
{
  self->cancellable = g_cancellable_new ();

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

/**
 * mc_application_new:
 * @env_token: (nullable): the token read from `MESSAGE_CREDITS_TOKEN` (the
 *   caller has cleared the variable), for `--server`
 *
 * Returns: (transfer full): the application
 */
McApplication *
mc_application_new (const char *env_token)
{
  McApplication *self;

  self = g_object_new (MC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       /* The same resources for the .Devel profile. */
                       "resource-base-path", "/io/github/messagecredits/MessageCredits",
                       NULL);
  if (env_token != NULL && *env_token != '\0')
    self->env_token = g_strdup (env_token);

  return self;
}
