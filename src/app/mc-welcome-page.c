/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "mc-client.h"
#include "mc-util.h"
#include "mc-welcome-page.h"

struct _McWelcomePage
{
  GtkWidget       parent_instance;

  /* template widgets */
  AdwStatusPage  *status_page;
  GtkButton      *demo_button;
  GtkButton      *provider_button;
  GtkRevealer    *provider_revealer;
  AdwEntryRow    *url_row;
  AdwEntryRow    *token_row;
  GtkLabel       *url_error_label;
  GtkButton      *connect_button;

  gboolean        busy;
};

G_DEFINE_FINAL_TYPE (McWelcomePage, mc_welcome_page, GTK_TYPE_WIDGET)

enum {
  DEMO,
  CONNECT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
check_fields (McWelcomePage *self,
              char         **message)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));
  const char *token = gtk_editable_get_text (GTK_EDITABLE (self->token_row));
  g_autoptr(GError) error = NULL;

  *message = NULL;

  if (*url == '\0')
    return FALSE;

  if (!mc_client_check_url (url, MC_CLIENT_FLAGS_NONE, &error))
    {
      *message = g_strdup (error->message);
      return FALSE;
    }

  return *token != '\0';
}

static void
field_changed_cb (McWelcomePage *self)
{
  g_autofree char *message = NULL;
  gboolean ok = check_fields (self, &message);

  gtk_label_set_label (self->url_error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->url_error_label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");

  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), ok && !self->busy);
}

static void
demo_clicked_cb (McWelcomePage *self)
{
  g_signal_emit (self, signals[DEMO], 0);
}

static void
provider_clicked_cb (McWelcomePage *self)
{
  gtk_revealer_set_reveal_child (self->provider_revealer, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
}

static void
connect_clicked_cb (McWelcomePage *self)
{
  g_autofree char *message = NULL;
  g_autofree char *url = NULL;

  if (self->busy || !check_fields (self, &message))
    return;

  url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));
  g_signal_emit (self, signals[CONNECT], 0, url,
                 gtk_editable_get_text (GTK_EDITABLE (self->token_row)));
}

static void
mc_welcome_page_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), MC_TYPE_WELCOME_PAGE);
  /* The template's own top widget has no id: unparent it here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (mc_welcome_page_parent_class)->dispose (object);
}

static void
mc_welcome_page_class_init (McWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_welcome_page_dispose;

  signals[DEMO] = g_signal_new ("demo", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CONNECT] = g_signal_new ("connect", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                   G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/messagecredits/MessageCredits/mc-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McWelcomePage, status_page);
  gtk_widget_class_bind_template_child (widget_class, McWelcomePage, demo_button);
  gtk_widget_class_bind_template_child (widget_class, McWelcomePage, provider_button);
  gtk_widget_class_bind_template_child (widget_class, McWelcomePage, provider_revealer);
  gtk_widget_class_bind_template_child (widget_class, McWelcomePage, url_row);
  gtk_widget_class_bind_template_child (widget_class, McWelcomePage, token_row);
  gtk_widget_class_bind_template_child (widget_class, McWelcomePage, url_error_label);
  gtk_widget_class_bind_template_child (widget_class, McWelcomePage, connect_button);
  gtk_widget_class_bind_template_callback (widget_class, demo_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, provider_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, connect_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
}

static void
mc_welcome_page_init (McWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The base id: the GResource carries it whatever the profile. */
  adw_status_page_set_icon_name (self->status_page, "io.github.messagecredits.MessageCredits");
  mc_widget_set_accessible_label (GTK_WIDGET (self->demo_button), _("Try the Demo"));
  mc_widget_set_accessible_label (GTK_WIDGET (self->provider_button),
                                  _("Connect to Your Provider"));
  mc_widget_set_accessible_label (GTK_WIDGET (self->connect_button), _("Connect"));
}

GtkWidget *
mc_welcome_page_new (void)
{
  return g_object_new (MC_TYPE_WELCOME_PAGE, NULL);
}

/**
 * mc_welcome_page_show_provider:
 * @self: the page
 * @url: (nullable): an address to fill in
 * @message: (nullable): why the person is asked again ("The token was refused.")
 *
 * Opens the provider form.
 */
void
mc_welcome_page_show_provider (McWelcomePage *self,
                               const char    *url,
                               const char    *message)
{
  g_return_if_fail (MC_IS_WELCOME_PAGE (self));

  if (url != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
  gtk_revealer_set_reveal_child (self->provider_revealer, TRUE);

  if (message != NULL)
    {
      gtk_label_set_label (self->url_error_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->url_error_label), TRUE);
    }

  gtk_widget_grab_focus (GTK_WIDGET (url != NULL ? self->token_row : self->url_row));
}

void
mc_welcome_page_set_busy (McWelcomePage *self,
                          gboolean       busy)
{
  g_return_if_fail (MC_IS_WELCOME_PAGE (self));

  self->busy = !!busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->demo_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->provider_button), !busy);
  field_changed_cb (self);
}
