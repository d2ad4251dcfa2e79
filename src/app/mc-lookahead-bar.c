/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "mc-core.h"
#include "mc-lookahead.h"
#include "mc-lookahead-bar.h"
#include "mc-util.h"

struct _McLookaheadBar
{
  GtkWidget     parent_instance;

  GtkRevealer  *revealer;
  GtkLabel     *label;

  AdwViewStack *stack;
  McSession    *session;
  McLookahead  *lookahead;
};

G_DEFINE_FINAL_TYPE (McLookaheadBar, mc_lookahead_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STACK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (McLookaheadBar *self)
{
  GListModel *risky;
  McAccount *account;
  guint n;
  gboolean on_dashboard;

  on_dashboard = self->stack == NULL ||
                 g_strcmp0 (adw_view_stack_get_visible_child_name (self->stack), "dashboard") == 0;

  if (self->lookahead == NULL)
    {
      gtk_revealer_set_reveal_child (self->revealer, FALSE);
      return;
    }

  risky = mc_lookahead_get_at_risk (self->lookahead);
  account = mc_session_get_account (self->session);
  n = g_list_model_get_n_items (risky);

  if (n > 0)
    {
      g_autoptr(McBroadcast) first = g_list_model_get_item (risky, 0);
      g_autofree char *cost = mc_money_format (mc_broadcast_get_estimated_cost (first),
                                               mc_account_get_currency (account));
      g_autofree char *balance = mc_money_format (mc_account_get_balance (account),
                                                  mc_account_get_currency (account));
      g_autofree char *when = mc_format_date_time (mc_broadcast_get_scheduled_at (first));
      g_autofree char *text = NULL;

      if (n == 1)
        /* Translators: a broadcast's name, its time, its cost, the balance */
        text = g_strdup_printf (_("The broadcast “%s” due %s needs %s, but the balance is %s: "
                                  "it will fail unless you add credits."),
                                mc_broadcast_get_name (first), when, cost, balance);
      else
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%u scheduled broadcast costs more than the balance of %s: "
                                             "it will fail unless you add credits.",
                                             "%u scheduled broadcasts cost more than the balance of %s: "
                                             "they will fail unless you add credits.", n),
                                n, balance);
      gtk_label_set_label (self->label, text);
    }

  gtk_revealer_set_reveal_child (self->revealer, n > 0 && on_dashboard);
}

static void
mc_lookahead_bar_set_stack (McLookaheadBar *self,
                            AdwViewStack   *stack)
{
  if (self->stack == stack)
    return;

  if (self->stack != NULL)
    g_signal_handlers_disconnect_by_data (self->stack, self);
  g_set_weak_pointer (&self->stack, stack);
  if (stack != NULL)
    g_signal_connect_object (stack, "notify::visible-child-name", G_CALLBACK (update), self,
                             G_CONNECT_SWAPPED);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STACK]);
}

static void
mc_lookahead_bar_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  McLookaheadBar *self = MC_LOOKAHEAD_BAR (object);

  switch (prop_id)
    {
    case PROP_STACK:
      g_value_set_object (value, self->stack);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_lookahead_bar_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  McLookaheadBar *self = MC_LOOKAHEAD_BAR (object);

  switch (prop_id)
    {
    case PROP_STACK:
      mc_lookahead_bar_set_stack (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_lookahead_bar_dispose (GObject *object)
{
  McLookaheadBar *self = MC_LOOKAHEAD_BAR (object);
  GtkWidget *child;

  if (self->lookahead != NULL)
    g_signal_handlers_disconnect_by_data (self->lookahead, self);
  g_clear_object (&self->lookahead);
  g_clear_object (&self->session);
  if (self->stack != NULL)
    g_signal_handlers_disconnect_by_data (self->stack, self);
  g_clear_weak_pointer (&self->stack);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (mc_lookahead_bar_parent_class)->dispose (object);
}

static void
mc_lookahead_bar_class_init (McLookaheadBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = mc_lookahead_bar_get_property;
  object_class->set_property = mc_lookahead_bar_set_property;
  object_class->dispose = mc_lookahead_bar_dispose;

  properties[PROP_STACK] =
    g_param_spec_object ("stack", NULL, NULL, ADW_TYPE_VIEW_STACK,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mc-lookahead-bar");
}

static void
mc_lookahead_bar_init (McLookaheadBar *self)
{
  GtkWidget *revealer = gtk_revealer_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Credits"));
  GtkWidget *view = gtk_button_new_with_mnemonic (_("_View Broadcasts"));

  gtk_revealer_set_transition_type (GTK_REVEALER (revealer), GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_widget_add_css_class (box, "lookahead-bar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Warning"), -1);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (view, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "win.add-credits");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (view), "win.show-page");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (view), "s", "broadcasts");
  gtk_widget_add_css_class (add, "suggested-action");
  mc_widget_set_accessible_label (add, _("Add Credits"));
  mc_widget_set_accessible_label (view, _("View Broadcasts"));

  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), view);
  gtk_box_append (GTK_BOX (box), add);
  gtk_revealer_set_child (GTK_REVEALER (revealer), box);
  gtk_widget_set_parent (revealer, GTK_WIDGET (self));

  self->revealer = GTK_REVEALER (revealer);
  self->label = GTK_LABEL (label);
}

/**
 * mc_lookahead_bar_set_session:
 * @self: the bar
 * @session: (nullable): the session to watch
 */
void
mc_lookahead_bar_set_session (McLookaheadBar *self,
                              McSession      *session)
{
  g_return_if_fail (MC_IS_LOOKAHEAD_BAR (self));

  if (self->session == session)
    return;

  if (self->lookahead != NULL)
    g_signal_handlers_disconnect_by_data (self->lookahead, self);
  g_clear_object (&self->lookahead);
  g_set_object (&self->session, session);

  if (session != NULL)
    {
      self->lookahead = g_object_ref (mc_lookahead_get_for_session (session));
      g_signal_connect_object (self->lookahead, "changed", G_CALLBACK (update), self,
                               G_CONNECT_SWAPPED);
    }

  update (self);
}

gboolean
mc_lookahead_bar_get_shown (McLookaheadBar *self)
{
  g_return_val_if_fail (MC_IS_LOOKAHEAD_BAR (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}

/**
 * mc_lookahead_bar_get_text:
 *
 * Returns: (transfer none): the warning shown
 */
const char *
mc_lookahead_bar_get_text (McLookaheadBar *self)
{
  g_return_val_if_fail (MC_IS_LOOKAHEAD_BAR (self), NULL);

  return gtk_label_get_label (self->label);
}
