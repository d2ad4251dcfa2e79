/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "mc-account.h"
#include "mc-broadcast.h"
#include "mc-client-enums.h"
#include "mc-client-error.h"
#include "mc-client-types.h"
#include "mc-notification.h"
#include "mc-payment.h"
#include "mc-report.h"
#include "mc-ticket.h"
#include "mc-transaction.h"

G_BEGIN_DECLS

/**
 * McClientFlags:
 * @MC_CLIENT_FLAGS_NONE: the safe default
 * @MC_CLIENT_FLAGS_ALLOW_INSECURE: allow plain `http://` to a host that is not
 *   loopback (the token then crosses the network in clear: for a lab only)
 *
 * How a #McClient may connect.
 */
typedef enum /*< flags >*/
{
  MC_CLIENT_FLAGS_NONE           = 0,
  MC_CLIENT_FLAGS_ALLOW_INSECURE = 1 << 0,
} McClientFlags;

/**
 * MC_CLIENT_MAX_JSON_SIZE:
 *
 * The largest JSON answer the client reads (8 MiB); a larger one is
 * %MC_CLIENT_ERROR_BAD_RESPONSE.
 */
#define MC_CLIENT_MAX_JSON_SIZE (8 * 1024 * 1024)

/**
 * McExportProgressCallback:
 * @bytes: bytes of CSV written so far
 * @rows: data rows written so far (the header row not counted)
 * @user_data: the data given to mc_client_export_usage_async()
 *
 * Called on the caller's main context after every chunk written.
 */
typedef void (*McExportProgressCallback) (guint64  bytes,
                                          guint64  rows,
                                          gpointer user_data);

#define MC_TYPE_CLIENT (mc_client_get_type ())
G_DECLARE_FINAL_TYPE (McClient, mc_client, MC, CLIENT, GObject)

/*
 * McClient: the app's only way to reach a credit service (api.md). One
 * #SoupSession; every route is an _async/_finish pair that takes a
 * #GCancellable and completes on the thread-default main context of the
 * call. Errors are in %MC_CLIENT_ERROR (or %G_IO_ERROR_CANCELLED).
 *
 * Properties: "base-url" (string, construct-only), "token" (string,
 * write-only, construct-only: never readable, never logged), "flags"
 * (#McClientFlags, construct-only), "timeout" (guint seconds for one call,
 * default 30; for an export, the longest stall between two chunks), "account"
 * (#McAccount, read-only: the one live account).
 */

/**
 * mc_client_new:
 * @base_url: the service's URL, `https://…` (or `http://` to loopback:
 *   127.0.0.0/8, ::1, localhost), without a path or with one that ends in `/`
 * @token: the account's bearer token
 * @flags: #McClientFlags
 * @error: %MC_CLIENT_ERROR_INVALID_URL when @base_url is malformed or insecure
 *
 * Creates a client. Nothing is sent until a call is made.
 *
 * Returns: (transfer full) (nullable): a new client, or %NULL with @error set
 */
McClient    *mc_client_new                       (const char    *base_url,
                                                  const char    *token,
                                                  McClientFlags  flags,
                                                  GError       **error);

/**
 * mc_client_check_url:
 * @url: a server URL a person typed
 * @flags: #McClientFlags
 * @error: %MC_CLIENT_ERROR_INVALID_URL with a sentence saying why
 *
 * The check mc_client_new() applies, for live validation in a form.
 *
 * Returns: %TRUE when a client may connect to @url
 */
gboolean     mc_client_check_url                 (const char    *url,
                                                  McClientFlags  flags,
                                                  GError       **error);

/**
 * mc_client_get_base_url:
 *
 * Returns: (transfer none): the base URL, normalised to end in `/`
 */
const char  *mc_client_get_base_url              (McClient *self);

/**
 * mc_client_get_account:
 * @self: a client
 *
 * The one live account every update refreshes in place. It is empty
 * ("loaded" %FALSE) until a call that returns the account completed.
 *
 * Returns: (transfer none): the account
 */
McAccount   *mc_client_get_account               (McClient *self);

guint        mc_client_get_timeout               (McClient *self);
void         mc_client_set_timeout               (McClient *self,
                                                  guint     seconds);

/**
 * mc_client_new_idempotency_key:
 *
 * A fresh `Idempotency-Key` (128 random bits, printable ASCII) for one user
 * action: keep it while the action is retried (a lost answer, a timeout) and
 * make a new one for the next action.
 *
 * Returns: (transfer full): the key
 */
char        *mc_client_new_idempotency_key       (void);

/* Account */

/**
 * mc_client_get_account_async:
 * @self: a client
 * @cancellable: (nullable): a cancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * `GET /v1/account`; refreshes the live account.
 */
void         mc_client_get_account_async         (McClient            *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/**
 * mc_client_get_account_finish:
 *
 * Returns: (transfer full): the live account (the same object every time)
 */
McAccount   *mc_client_get_account_finish        (McClient      *self,
                                                  GAsyncResult  *result,
                                                  GError       **error);

/**
 * mc_client_set_low_balance_threshold_async:
 * @self: a client
 * @threshold: the new threshold in 1/10,000 units
 * @cancellable: (nullable): a cancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * `PATCH /v1/account` with `low_balance_threshold`; refreshes the live account.
 * Finish with mc_client_get_account_finish().
 */
void         mc_client_set_low_balance_threshold_async (McClient            *self,
                                                        gint64               threshold,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);

/* Payments */

/**
 * mc_client_create_payment_async:
 * @self: a client
 * @amount: the credits to buy (before tax) in 1/10,000 units
 * @idempotency_key: the action's key from mc_client_new_idempotency_key();
 *   pass the same key again to retry the same action
 * @cancellable: (nullable): a cancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * `POST /v1/payments`. Finish with mc_client_payment_finish().
 */
void         mc_client_create_payment_async      (McClient            *self,
                                                  gint64               amount,
                                                  const char          *idempotency_key,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);

/**
 * mc_client_get_payment_async:
 *
 * `GET /v1/payments/{id}`. Finish with mc_client_payment_finish().
 */
void         mc_client_get_payment_async         (McClient            *self,
                                                  const char          *id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);

/**
 * mc_client_cancel_payment_async:
 *
 * `POST /v1/payments/{id}/cancel`. Finish with mc_client_payment_finish().
 */
void         mc_client_cancel_payment_async      (McClient            *self,
                                                  const char          *id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);

/**
 * mc_client_payment_finish:
 * @out_replayed: (out) (optional): whether the service answered a repeated
 *   `Idempotency-Key` with the existing payment (`Idempotent-Replayed: true`)
 *
 * Returns: (transfer full): the payment (one object per id while held)
 */
McPayment   *mc_client_payment_finish            (McClient      *self,
                                                  GAsyncResult  *result,
                                                  gboolean      *out_replayed,
                                                  GError       **error);

/**
 * mc_client_list_payments_async:
 * @status: a #McPaymentStatus to filter on, or -1 for every status
 * @limit: 1 to 500, or 0 for the service's default (50)
 * @cursor: (nullable): the `next_cursor` of the previous page
 *
 * `GET /v1/payments`, newest first. Finish with mc_client_list_finish():
 * a #GListModel of #McPayment.
 */
void         mc_client_list_payments_async       (McClient            *self,
                                                  int                  status,
                                                  guint                limit,
                                                  const char          *cursor,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);

/**
 * mc_client_sandbox_checkout_async:
 * @payment: a pending payment
 * @pay: %TRUE to pay, %FALSE to decline
 *
 * Presses *Pay* or *Decline* on the sandbox gateway's checkout page
 * (`POST /checkout/{token}/pay|decline`), for a service run with
 * `--sandbox-gateway` (the demo) on a machine without a browser. The
 * checkout URL must pass the same safety check as the base URL. Finish with
 * mc_client_sandbox_checkout_finish(); the payment itself is refreshed.
 */
void         mc_client_sandbox_checkout_async    (McClient            *self,
                                                  McPayment           *payment,
                                                  gboolean             pay,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/**
 * mc_client_sandbox_checkout_finish:
 *
 * Returns: (transfer full): the payment, refreshed
 */
McPayment   *mc_client_sandbox_checkout_finish   (McClient      *self,
                                                  GAsyncResult  *result,
                                                  GError       **error);

/* Ledger */

/**
 * mc_client_list_transactions_async:
 * @from: (nullable): the first day, in the account's timezone
 * @to: (nullable): the last day
 * @limit: 1 to 500, or 0 for the default
 * @cursor: (nullable): the previous page's `next_cursor`
 *
 * `GET /v1/transactions`, newest first. Finish with mc_client_list_finish():
 * a #GListModel of #McTransaction.
 */
void         mc_client_list_transactions_async   (McClient            *self,
                                                  const GDate         *from,
                                                  const GDate         *to,
                                                  guint                limit,
                                                  const char          *cursor,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);

/* Reports and export */

/**
 * mc_client_get_conversation_report_async:
 *
 * `GET /v1/reports/conversations`. Finish with
 * mc_client_get_conversation_report_finish().
 */
void         mc_client_get_conversation_report_async (McClient            *self,
                                                      const GDate         *from,
                                                      const GDate         *to,
                                                      McReportGroup        group,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
/**
 * mc_client_get_conversation_report_finish:
 *
 * Returns: (transfer full): the report
 */
McReport    *mc_client_get_conversation_report_finish (McClient      *self,
                                                       GAsyncResult  *result,
                                                       GError       **error);

/**
 * mc_client_export_usage_async:
 * @from: the first day
 * @to: the last day
 * @kind: what to export
 * @destination: the file to write; replaced only once the whole CSV arrived
 * @progress_callback: (nullable) (scope notified): called after each chunk
 * @progress_data: data for @progress_callback
 * @progress_data_destroy: (nullable): frees @progress_data when the export ends
 *
 * `GET /v1/usage/export`, streamed in chunks into a temporary file beside
 * @destination, which is renamed over it at the end. On failure or
 * cancellation the temporary file is removed and @destination is untouched.
 * "timeout" bounds the stall between chunks, not the whole download.
 */
void         mc_client_export_usage_async        (McClient                 *self,
                                                  const GDate              *from,
                                                  const GDate              *to,
                                                  McExportKind              kind,
                                                  GFile                    *destination,
                                                  McExportProgressCallback  progress_callback,
                                                  gpointer                  progress_data,
                                                  GDestroyNotify            progress_data_destroy,
                                                  GCancellable             *cancellable,
                                                  GAsyncReadyCallback       callback,
                                                  gpointer                  user_data);
/**
 * mc_client_export_usage_finish:
 * @out_bytes: (out) (optional): bytes written
 * @out_rows: (out) (optional): data rows written (the header not counted)
 *
 * Errors are in %MC_CLIENT_ERROR for the service and the network, and in
 * %G_IO_ERROR for the local file (a full disk, a folder that is not
 * writable) and for cancellation.
 *
 * Returns: %TRUE when @destination holds the whole export
 */
gboolean     mc_client_export_usage_finish       (McClient      *self,
                                                  GAsyncResult  *result,
                                                  guint64       *out_bytes,
                                                  guint64       *out_rows,
                                                  GError       **error);

/* Broadcasts */

/**
 * mc_client_estimate_broadcast_async:
 * @recipients: (nullable) (array zero-terminated=1): WhatsApp ids, or %NULL
 *   to send @recipient_count instead
 * @recipient_count: the number of recipients when @recipients is %NULL
 *
 * `POST /v1/broadcasts/estimate` (changes nothing). Finish with
 * mc_client_estimate_broadcast_finish().
 */
void         mc_client_estimate_broadcast_async  (McClient            *self,
                                                  const char * const  *recipients,
                                                  guint                recipient_count,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/**
 * mc_client_estimate_broadcast_finish:
 *
 * Returns: (transfer full): the estimate
 */
McBroadcastEstimate *mc_client_estimate_broadcast_finish (McClient      *self,
                                                          GAsyncResult  *result,
                                                          GError       **error);

/**
 * mc_client_create_broadcast_async:
 * @name: 1 to 200 characters
 * @recipients: (nullable) (array zero-terminated=1): WhatsApp ids, or %NULL
 *   to send @recipient_count instead
 * @recipient_count: the number of recipients when @recipients is %NULL
 * @scheduled_at: (nullable): when to send; %NULL (or a past time) sends now
 * @idempotency_key: (nullable): the action's key, reused on a retry
 *
 * `POST /v1/broadcasts`. Finish with mc_client_broadcast_finish().
 */
void         mc_client_create_broadcast_async    (McClient            *self,
                                                  const char          *name,
                                                  const char * const  *recipients,
                                                  guint                recipient_count,
                                                  GDateTime           *scheduled_at,
                                                  const char          *idempotency_key,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);

/** mc_client_get_broadcast_async: `GET /v1/broadcasts/{id}`; finish with mc_client_broadcast_finish(). */
void         mc_client_get_broadcast_async       (McClient            *self,
                                                  const char          *id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);

/** mc_client_cancel_broadcast_async: `POST /v1/broadcasts/{id}/cancel`; finish with mc_client_broadcast_finish(). */
void         mc_client_cancel_broadcast_async    (McClient            *self,
                                                  const char          *id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);

/**
 * mc_client_broadcast_finish:
 * @out_replayed: (out) (optional): %TRUE for an idempotent replay
 *
 * Returns: (transfer full): the broadcast (one object per id while held)
 */
McBroadcast *mc_client_broadcast_finish          (McClient      *self,
                                                  GAsyncResult  *result,
                                                  gboolean      *out_replayed,
                                                  GError       **error);

/**
 * mc_client_list_broadcasts_async:
 *
 * `GET /v1/broadcasts`. Finish with mc_client_list_finish(): a
 * #GListModel of #McBroadcast.
 */
void         mc_client_list_broadcasts_async     (McClient            *self,
                                                  guint                limit,
                                                  const char          *cursor,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);

/* Notifications */

/**
 * mc_client_list_notifications_async:
 * @unread_only: only unread notices (`?unread=true`)
 *
 * `GET /v1/notifications`. Finish with mc_client_list_finish(): a
 * #GListModel of #McNotification.
 */
void         mc_client_list_notifications_async  (McClient            *self,
                                                  gboolean             unread_only,
                                                  guint                limit,
                                                  const char          *cursor,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);

/**
 * mc_client_mark_notification_read_async:
 *
 * `POST /v1/notifications/{id}/read`. Finish with
 * mc_client_mark_notification_read_finish().
 */
void         mc_client_mark_notification_read_async (McClient            *self,
                                                     const char          *id,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
/**
 * mc_client_mark_notification_read_finish:
 *
 * Returns: (transfer full): the notification, now read
 */
McNotification *mc_client_mark_notification_read_finish (McClient      *self,
                                                         GAsyncResult  *result,
                                                         GError       **error);

/* Support */

/**
 * mc_client_create_ticket_async:
 * @subject: 1 to 200 characters
 * @body: 1 to 10,000 characters
 * @payment_id: (nullable): the payment the ticket is about
 *
 * `POST /v1/tickets`. Finish with mc_client_create_ticket_finish().
 */
void         mc_client_create_ticket_async       (McClient            *self,
                                                  const char          *subject,
                                                  const char          *body,
                                                  const char          *payment_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/**
 * mc_client_create_ticket_finish:
 *
 * Returns: (transfer full): the ticket
 */
McTicket    *mc_client_create_ticket_finish      (McClient      *self,
                                                  GAsyncResult  *result,
                                                  GError       **error);

/**
 * mc_client_list_tickets_async:
 *
 * `GET /v1/tickets`. Finish with mc_client_list_finish(): a #GListModel of
 * #McTicket.
 */
void         mc_client_list_tickets_async        (McClient            *self,
                                                  guint                limit,
                                                  const char          *cursor,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);

/**
 * mc_client_list_finish:
 * @self: a client
 * @result: the result of any mc_client_list_*_async()
 * @out_next_cursor: (out) (optional) (transfer full) (nullable): the
 *   `next_cursor` to pass for the next page, %NULL on the last page
 * @error: an error
 *
 * Returns: (transfer full): a #GListStore of the page's objects, newest first
 */
GListModel  *mc_client_list_finish               (McClient      *self,
                                                  GAsyncResult  *result,
                                                  char         **out_next_cursor,
                                                  GError       **error);

G_END_DECLS

#include "mc-event-stream.h"
