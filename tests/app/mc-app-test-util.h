/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mc-client.h"
#include "mc-session.h"

G_BEGIN_DECLS

/*
 * A real message-credits-service for a test: a fresh database in a
 * temporary folder with one account (or the demo account: six months of
 * usage, a scheduled broadcast the balance cannot cover), `serve
 * --sandbox-gateway` on a free loopback port (dying with the test), and a
 * client (with its event stream running) whose account is loaded. The
 * widgets that want an #McSession get one on that client from
 * mc_test_service_session().
 */
typedef struct
{
  char          *dir;
  char          *db;
  char          *binary;
  char          *account_id;
  char          *token;
  char          *url;
  GSubprocess   *serve;
  McClient      *client;
  McEventStream *stream;
  McSession     *session;
} McTestService;

McTestService *mc_test_service_new           (const char    *currency);
McTestService *mc_test_service_new_demo      (void);
McSession     *mc_test_service_session       (McTestService *service);
void           mc_test_service_free          (McTestService *service);
McPayment     *mc_test_service_create_payment (McTestService *service,
                                               gint64         amount);
McPayment     *mc_test_service_get_payment   (McTestService *service,
                                              const char    *id);
void           mc_test_service_pay           (McTestService *service,
                                              McPayment     *payment);
/* The operator's `account adjust`; the client's live account follows. */
void           mc_test_service_adjust        (McTestService *service,
                                              const char    *amount);
void           mc_test_service_converse      (McTestService *service,
                                              const char    *category);
void           mc_test_service_set_threshold (McTestService *service,
                                              gint64         threshold);
void           mc_test_service_refresh_account (McTestService *service);
McBroadcast   *mc_test_service_create_broadcast (McTestService *service,
                                                 const char    *name,
                                                 guint          recipients,
                                                 GDateTime     *scheduled_at);
GListModel    *mc_test_service_list_notifications (McTestService *service,
                                                   gboolean       unread_only);
gboolean       mc_test_service_has_unread    (McTestService      *service,
                                              McNotificationKind  kind);

/* Runs the default main context until @done is TRUE; fails the test
 * after @timeout_ms. */
void           mc_test_wait_for_flag         (const gboolean *done,
                                              guint           timeout_ms,
                                              const char     *what);
/* Runs the default main context until *@pointer (a weak pointer) is NULL. */
void           mc_test_wait_for_null         (gpointer       *pointer,
                                              guint           timeout_ms,
                                              const char     *what);
/* Runs the default main context until @done (@data) is TRUE; fails the
 * test after @timeout_ms. */
void           mc_test_wait_until            (gboolean      (*done) (gpointer data),
                                              gpointer        data,
                                              guint           timeout_ms,
                                              const char     *what);
/* Fails the test if two shown labels under @root share a mnemonic, or one
 * takes a key in @taken (lowercase, such as "1234": the window's). */
void           mc_test_assert_mnemonics      (GtkWidget      *root,
                                              const char     *taken);
/* An async callback that keeps the result in the GAsyncResult * that
 * @user_data points to; mc_test_wait_result() waits for it. */
void           mc_test_result_cb             (GObject        *object,
                                              GAsyncResult   *result,
                                              gpointer        user_data);
GAsyncResult  *mc_test_wait_result           (GAsyncResult  **slot,
                                              const char     *what);
/* Deletes a folder and all it holds. */
void           mc_test_remove_tree           (const char     *path);
/* Runs the default main context for @ms milliseconds. */
void           mc_test_run_for               (guint           ms);

/* Activates @button as the keyboard does and waits for its "clicked". */
void           mc_test_click                 (GtkWidget      *button);
GtkWidget     *mc_test_find_button           (GtkWidget      *root,
                                              const char     *label);
/* The first label under @root whose text is @text, and widget of @type
 * (@root included), that is shown: visible, and not on a stack page in the
 * background. */
GtkWidget     *mc_test_find_label            (GtkWidget      *root,
                                              const char     *text);
GtkWidget     *mc_test_find_widget           (GtkWidget      *root,
                                              GType           type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McTestService, mc_test_service_free)

G_END_DECLS
