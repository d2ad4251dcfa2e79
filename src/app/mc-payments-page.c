/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "mc-core.h"
#include "mc-payment-row.h"
#include "mc-payments-page.h"
#include "mc-util.h"

#define PAGE_SIZE 50

struct _McPaymentsPage
{
  GtkWidget       parent_instance;

  /* template widgets */
  GtkStack       *stack;
  GtkSpinner     *spinner;
  GtkButton      *empty_add_button;
  AdwStatusPage  *error_page;
  GtkButton      *reload_button;
  GtkListBox     *list_box;
  GtkButton      *more_button;

  /* owned */
  McSession      *session;
  GListStore     *payments;
  GCancellable   *cancellable;
  char           *next_cursor;
  gboolean        loading;
  gboolean        reload_again;
};

G_DEFINE_FINAL_TYPE (McPaymentsPage, mc_payments_page, GTK_TYPE_WIDGET)

enum {
  OPEN_RECHARGE,
  TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void load (McPaymentsPage *self,
                  const char     *cursor);

static void
toast (McPaymentsPage *self,
       const char     *message)
{
  g_signal_emit (self, signals[TOAST], 0, message);
}

static void
show_list_or_empty (McPaymentsPage *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->payments)) == 0;

  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
  gtk_widget_set_visible (GTK_WIDGET (self->more_button), self->next_cursor != NULL);
}

static void
take_page (McPaymentsPage *self,
           McClient       *client,
           GAsyncResult   *result,
           gboolean        append)
{
  g_autoptr(GListModel) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  guint n;

  self->loading = FALSE;

  page = mc_client_list_finish (client, result, &cursor, &error);
  if (page == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      if (g_list_model_get_n_items (G_LIST_MODEL (self->payments)) > 0)
        {
          toast (self, error->message);
          show_list_or_empty (self);
        }
      else
        {
          adw_status_page_set_description (self->error_page, error->message);
          gtk_stack_set_visible_child_name (self->stack, "error");
        }
      return;
    }

  n = g_list_model_get_n_items (page);
  if (append)
    {
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(McPayment) payment = g_list_model_get_item (page, i);

          g_list_store_append (self->payments, payment);
        }
    }
  else
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (items, g_list_model_get_item (page, i));

      g_list_store_splice (self->payments, 0,
                           g_list_model_get_n_items (G_LIST_MODEL (self->payments)),
                           items->pdata, items->len);
    }

  g_free (self->next_cursor);
  self->next_cursor = g_steal_pointer (&cursor);
  show_list_or_empty (self);

  if (self->reload_again)
    {
      self->reload_again = FALSE;
      load (self, NULL);
    }
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(McPaymentsPage) self = user_data;

  take_page (self, MC_CLIENT (object), result, FALSE);
}

static void
listed_more_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(McPaymentsPage) self = user_data;

  take_page (self, MC_CLIENT (object), result, TRUE);
}

static void
load (McPaymentsPage *self,
      const char     *cursor)
{
  if (self->session == NULL)
    return;

  if (self->loading)
    {
      /* A fresh first page after the current answer. */
      if (cursor == NULL)
        self->reload_again = TRUE;
      return;
    }

  self->loading = TRUE;
  if (g_list_model_get_n_items (G_LIST_MODEL (self->payments)) == 0)
    {
      gtk_spinner_set_spinning (self->spinner, TRUE);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }

  mc_client_list_payments_async (mc_session_get_client (self->session), -1, PAGE_SIZE, cursor,
                                 self->cancellable, listed_cb, g_object_ref (self));
}

static void
load_more (McPaymentsPage *self)
{
  if (self->session == NULL || self->loading || self->next_cursor == NULL)
    return;

  self->loading = TRUE;
  mc_client_list_payments_async (mc_session_get_client (self->session), -1, PAGE_SIZE,
                                 self->next_cursor, self->cancellable,
                                 listed_more_cb, g_object_ref (self));
}

static void
cancelled_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(McPaymentsPage) self = user_data;
  g_autoptr(McPayment) payment = NULL;
  g_autoptr(GError) error = NULL;

  payment = mc_client_payment_finish (MC_CLIENT (object), result, NULL, &error);
  if (payment == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }

  toast (self, _("Payment cancelled"));
}

static void
row_complete_cb (McPaymentsPage *self,
                 McPaymentRow   *row)
{
  g_signal_emit (self, signals[OPEN_RECHARGE], 0, mc_payment_row_get_payment (row));
}

static void
row_cancel_cb (McPaymentsPage *self,
               McPaymentRow   *row)
{
  McPayment *payment = mc_payment_row_get_payment (row);

  if (self->session == NULL)
    return;

  mc_client_cancel_payment_async (mc_session_get_client (self->session),
                                  mc_payment_get_id (payment), self->cancellable,
                                  cancelled_cb, g_object_ref (self));
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  McPaymentsPage *self = user_data;
  GtkWidget *row = mc_payment_row_new (MC_PAYMENT (item));

  g_signal_connect_object (row, "complete", G_CALLBACK (row_complete_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "cancel", G_CALLBACK (row_cancel_cb), self, G_CONNECT_SWAPPED);

  return row;
}

static void
payment_changed_cb (McPaymentsPage *self,
                    McPayment      *payment)
{
  guint position;

  /* Known payments update their rows in place; a new one goes on top. */
  if (g_list_store_find (self->payments, payment, &position))
    return;

  g_list_store_insert (self->payments, 0, payment);
  show_list_or_empty (self);
}

static void
resynced_cb (McPaymentsPage *self)
{
  load (self, NULL);
}

static void
reload_clicked_cb (McPaymentsPage *self)
{
  load (self, NULL);
}

static void
more_clicked_cb (McPaymentsPage *self)
{
  load_more (self);
}

static void
mc_payments_page_dispose (GObject *object)
{
  McPaymentsPage *self = MC_PAYMENTS_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_PAYMENTS_PAGE);
  /* The template's own top widget has no id: unparent it here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (mc_payments_page_parent_class)->dispose (object);
}

static void
mc_payments_page_finalize (GObject *object)
{
  McPaymentsPage *self = MC_PAYMENTS_PAGE (object);

  g_clear_object (&self->payments);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->next_cursor, g_free);

  G_OBJECT_CLASS (mc_payments_page_parent_class)->finalize (object);
}

static void
mc_payments_page_class_init (McPaymentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_payments_page_dispose;
  object_class->finalize = mc_payments_page_finalize;

  signals[OPEN_RECHARGE] =
    g_signal_new ("open-recharge", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, MC_TYPE_PAYMENT);
  signals[TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/messagecredits/MessageCredits/mc-payments-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McPaymentsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, McPaymentsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, McPaymentsPage, empty_add_button);
  gtk_widget_class_bind_template_child (widget_class, McPaymentsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, McPaymentsPage, reload_button);
  gtk_widget_class_bind_template_child (widget_class, McPaymentsPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, McPaymentsPage, more_button);
  gtk_widget_class_bind_template_callback (widget_class, reload_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, more_clicked_cb);
}

static void
mc_payments_page_init (McPaymentsPage *self)
{
  self->cancellable = g_cancellable_new ();
  self->payments = g_list_store_new (MC_TYPE_PAYMENT);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->payments),
                           create_row, self, NULL);
  mc_widget_set_accessible_label (GTK_WIDGET (self->empty_add_button), _("Add Credits"));
  mc_widget_set_accessible_label (GTK_WIDGET (self->reload_button), _("Try Again"));
  mc_widget_set_accessible_label (GTK_WIDGET (self->more_button), _("Load More"));
}

/**
 * mc_payments_page_set_session:
 * @self: the page
 * @session: (nullable): the session to show
 */
void
mc_payments_page_set_session (McPaymentsPage *self,
                              McSession      *session)
{
  g_return_if_fail (MC_IS_PAYMENTS_PAGE (self));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (mc_session_get_stream (self->session), self);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = FALSE;
  self->reload_again = FALSE;
  g_clear_pointer (&self->next_cursor, g_free);
  g_list_store_remove_all (self->payments);

  g_set_object (&self->session, session);
  if (session == NULL)
    return;

  g_signal_connect_object (mc_session_get_stream (session), "payment-changed",
                           G_CALLBACK (payment_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (mc_session_get_stream (session), "resynced",
                           G_CALLBACK (resynced_cb), self, G_CONNECT_SWAPPED);
  load (self, NULL);
}

void
mc_payments_page_reload (McPaymentsPage *self)
{
  g_return_if_fail (MC_IS_PAYMENTS_PAGE (self));

  load (self, NULL);
}
