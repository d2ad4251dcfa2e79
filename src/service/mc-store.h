/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "mc-money.h"

G_BEGIN_DECLS

/*
 * McStore: the service's SQLite database. Every SQL statement of the
 * service lives in mc-store*.c; the rest of the service calls the
 * functions below. Writes happen between mc_store_begin() (BEGIN IMMEDIATE)
 * and mc_store_commit(); a balance only moves by inserting a ledger line
 * (a trigger keeps `accounts.balance` equal to the sum of the ledger and
 * refuses any other balance_after), and the ledger is append-only.
 */

#define MC_STORE_ERROR (mc_store_error_quark ())

typedef enum
{
  MC_STORE_ERROR_FAILED,
  MC_STORE_ERROR_BUSY,
  MC_STORE_ERROR_CONSTRAINT,
  MC_STORE_ERROR_SCHEMA,
} McStoreError;

GQuark mc_store_error_quark (void);

typedef struct _McStore McStore;

/**
 * McStoreCursor:
 * @at: the time of the last item of the previous page
 * @seq: its insertion number (ties on @at)
 *
 * Where a newest-first list goes on. Written in responses as `"at.seq"`.
 */
typedef struct
{
  gint64 at;
  gint64 seq;
} McStoreCursor;

char      *mc_store_cursor_to_string (const McStoreCursor *cursor);
gboolean   mc_store_cursor_parse     (const char          *text,
                                      McStoreCursor       *out);

/**
 * McAccount:
 *
 * An account row. Money fields are in 1/10,000 units.
 */
typedef struct
{
  char       *id;
  char       *name;
  char       *email;
  McCurrency  currency;
  char       *timezone;
  gint64      balance;
  gint64      low_balance_threshold;
  gint64      rate_free;
  gint64      rate_business_initiated;
  gint64      rate_user_initiated;
  gint64      created_at;
} McAccount;

void        mc_account_free   (McAccount *account);

typedef enum
{
  MC_PAYMENT_PENDING,
  MC_PAYMENT_COMPLETED,
  MC_PAYMENT_FAILED,
  MC_PAYMENT_CANCELLED,
  MC_PAYMENT_EXPIRED,
} McPaymentStatus;

const char *mc_payment_status_to_string   (McPaymentStatus  status);
gboolean    mc_payment_status_from_string (const char      *text,
                                           McPaymentStatus *out);

/**
 * McPayment:
 * @completed_at: 0 while not completed
 *
 * A payment (recharge) row.
 */
typedef struct
{
  gint64           seq;
  char            *id;
  char            *account_id;
  McPaymentStatus  status;
  McCurrency       currency;
  gint64           amount;
  gint64           tax;
  gint64           total;
  char            *checkout_token;
  gint64           created_at;
  gint64           expires_at;
  gint64           completed_at;
  gboolean         pending_notified;
} McPayment;

void        mc_payment_free   (McPayment *payment);

/**
 * McLedgerLine:
 * @ref: (nullable): the object that caused it
 */
typedef struct
{
  gint64  seq;
  char   *id;
  char   *account_id;
  gint64  at;
  char   *kind;
  gint64  amount;
  gint64  balance_after;
  char   *description;
  char   *ref;
} McLedgerLine;

void        mc_ledger_line_free (McLedgerLine *line);

typedef struct
{
  gint64    seq;
  char     *id;
  char     *account_id;
  gint64    at;
  char     *kind;
  char     *title;
  char     *body;
  gboolean  read;
  char     *ref;
} McNotification;

void        mc_notification_free (McNotification *notification);

/**
 * McOutboxMessage:
 * @message_id: the stable RFC 5322 Message-ID, without angle brackets
 *
 * An e-mail waiting in (or sent from) the outbox.
 */
typedef struct
{
  gint64  seq;
  char   *message_id;
  char   *account_id;
  char   *kind;
  char   *recipient;
  char   *subject;
  char   *body;
  gint64  created_at;
  gint64  attempts;
  gint64  next_attempt_at;
} McOutboxMessage;

void        mc_outbox_message_free (McOutboxMessage *message);

/* Opening and transactions */

McStore    *mc_store_open               (const char  *path,
                                         GError     **error);
void        mc_store_close              (McStore     *self);
const char *mc_store_get_path           (McStore     *self);
int         mc_store_get_schema_version (McStore     *self);

gboolean    mc_store_begin              (McStore     *self,
                                         GError     **error);
gboolean    mc_store_begin_read         (McStore     *self,
                                         GError     **error);
gboolean    mc_store_commit             (McStore     *self,
                                         GError     **error);
void        mc_store_rollback           (McStore     *self);
gboolean    mc_store_in_transaction     (McStore     *self);

/* Accounts */

gboolean    mc_store_account_insert       (McStore          *self,
                                           const McAccount  *account,
                                           const char       *token_hash,
                                           GError          **error);
McAccount  *mc_store_account_get          (McStore          *self,
                                           const char       *id,
                                           GError          **error);
McAccount  *mc_store_account_by_token_hash (McStore         *self,
                                           const char       *token_hash,
                                           GError          **error);
gboolean    mc_store_account_set_token_hash (McStore        *self,
                                           const char       *id,
                                           const char       *token_hash,
                                           GError          **error);
gboolean    mc_store_account_set_threshold (McStore         *self,
                                           const char       *id,
                                           gint64            threshold,
                                           GError          **error);
gboolean    mc_store_account_next_event_seq (McStore        *self,
                                           const char       *id,
                                           gint64           *out_seq,
                                           GError          **error);
GPtrArray  *mc_store_account_list_ids     (McStore          *self,
                                           GError          **error);
gboolean    mc_store_account_check_ledger (McStore          *self,
                                           const char       *id,
                                           gint64           *out_balance,
                                           gint64           *out_sum,
                                           GError          **error);

/* Serve's settings */

/**
 * mc_store_serve_settings_put:
 * @public_url: the base of checkout links
 * @support_phone: (nullable): the support phone
 * @support_email: (nullable): the support e-mail
 *
 * Records what `serve` was told, for the other commands.
 *
 * Returns: %TRUE on success
 */
gboolean    mc_store_serve_settings_put   (McStore     *self,
                                           const char  *public_url,
                                           const char  *support_phone,
                                           const char  *support_email,
                                           GError     **error);

/**
 * mc_store_serve_settings_get:
 * @out_public_url: (out) (transfer full) (nullable): %NULL when `serve` never ran
 * @out_support_phone: (out) (transfer full) (nullable):
 * @out_support_email: (out) (transfer full) (nullable):
 *
 * Returns: %TRUE on success
 */
gboolean    mc_store_serve_settings_get   (McStore     *self,
                                           char       **out_public_url,
                                           char       **out_support_phone,
                                           char       **out_support_email,
                                           GError     **error);

/* Ledger */

gboolean    mc_store_ledger_insert        (McStore             *self,
                                           const McLedgerLine  *line,
                                           GError             **error);
GPtrArray  *mc_store_ledger_list          (McStore             *self,
                                           const char          *account_id,
                                           gint64               from,
                                           gint64               to,
                                           const McStoreCursor *after,
                                           guint                limit,
                                           GError             **error);
gboolean    mc_store_ledger_has_recharge  (McStore             *self,
                                           const char          *payment_id,
                                           gboolean            *out_found,
                                           GError             **error);

/* Payments */

gboolean    mc_store_payment_insert       (McStore             *self,
                                           const McPayment     *payment,
                                           GError             **error);
McPayment  *mc_store_payment_get          (McStore             *self,
                                           const char          *account_id,
                                           const char          *id,
                                           GError             **error);
McPayment  *mc_store_payment_by_checkout_token (McStore        *self,
                                           const char          *token,
                                           GError             **error);
gboolean    mc_store_payment_update       (McStore             *self,
                                           const McPayment     *payment,
                                           GError             **error);
GPtrArray  *mc_store_payment_list         (McStore             *self,
                                           const char          *account_id,
                                           const McPaymentStatus *status,
                                           const McStoreCursor *after,
                                           guint                limit,
                                           GError             **error);
gboolean    mc_store_payment_count_pending (McStore            *self,
                                           const char          *account_id,
                                           gint64              *out_count,
                                           GError             **error);
GPtrArray  *mc_store_payment_list_due     (McStore             *self,
                                           gint64               now,
                                           gint64               pending_notice_age,
                                           guint                limit,
                                           GError             **error);
gboolean    mc_store_payment_next_due     (McStore             *self,
                                           gint64               pending_notice_age,
                                           gint64              *out_when,
                                           GError             **error);

/* Idempotency keys */

gboolean    mc_store_idempotency_get      (McStore     *self,
                                           const char  *account_id,
                                           const char  *scope,
                                           const char  *key,
                                           gint64       not_before,
                                           char       **out_fingerprint,
                                           char       **out_object_id,
                                           GError     **error);
gboolean    mc_store_idempotency_put      (McStore     *self,
                                           const char  *account_id,
                                           const char  *scope,
                                           const char  *key,
                                           const char  *fingerprint,
                                           const char  *object_id,
                                           gint64       created_at,
                                           GError     **error);
gboolean    mc_store_idempotency_prune    (McStore     *self,
                                           gint64       before,
                                           GError     **error);

/* Notifications */

gboolean        mc_store_notification_insert   (McStore              *self,
                                                const McNotification *notification,
                                                GError              **error);
McNotification *mc_store_notification_get      (McStore              *self,
                                                const char           *account_id,
                                                const char           *id,
                                                GError              **error);
gboolean        mc_store_notification_mark_read (McStore             *self,
                                                const char           *account_id,
                                                const char           *id,
                                                GError              **error);
GPtrArray      *mc_store_notification_list     (McStore              *self,
                                                const char           *account_id,
                                                gboolean              unread_only,
                                                const McStoreCursor  *after,
                                                guint                 limit,
                                                GError              **error);

/* Outbox */

gboolean    mc_store_outbox_insert        (McStore                *self,
                                           const McOutboxMessage  *message,
                                           GError                **error);
GPtrArray  *mc_store_outbox_list_due      (McStore                *self,
                                           gint64                  now,
                                           guint                   limit,
                                           GError                **error);
gboolean    mc_store_outbox_next_due      (McStore                *self,
                                           gint64                 *out_when,
                                           GError                **error);
gboolean    mc_store_outbox_mark_sent     (McStore                *self,
                                           gint64                  seq,
                                           gint64                  at,
                                           GError                **error);
gboolean    mc_store_outbox_mark_failed   (McStore                *self,
                                           gint64                  seq,
                                           gint64                  next_attempt_at,
                                           const char             *reason,
                                           GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McStore, mc_store_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McAccount, mc_account_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McPayment, mc_payment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McLedgerLine, mc_ledger_line_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McNotification, mc_notification_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McOutboxMessage, mc_outbox_message_free)

G_END_DECLS
