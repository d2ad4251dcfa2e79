/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-service.h"

G_BEGIN_DECLS

/** MC_PAYMENT_LIFETIME: a pending payment expires this long after it was created (24 h) */
#define MC_PAYMENT_LIFETIME (24 * G_GINT64_CONSTANT (3600))
/** MC_PAYMENT_PENDING_NOTICE_AGE: a payment still pending this long after creation gets its notice (1 h) */
#define MC_PAYMENT_PENDING_NOTICE_AGE G_GINT64_CONSTANT (3600)

/*
 * The life of a payment (recharge). Every function runs inside the caller's
 * mc_service_begin() … mc_service_commit() and queues the live events of
 * what it changes.
 */

/**
 * mc_payments_create:
 * @service: the service
 * @account: the payer
 * @amount: credits to buy, already checked with mc_recharge_check()
 * @at: the creation time
 * @out_payment: (out) (transfer full): the new pending payment
 * @error: a store error
 *
 * Returns: %TRUE on success
 */
gboolean  mc_payments_create        (McService        *service,
                                     const McAccount  *account,
                                     gint64            amount,
                                     gint64            at,
                                     McPayment       **out_payment,
                                     GError          **error);

/**
 * mc_payments_complete:
 * @service: the service
 * @payment: (inout): a payment that is not completed
 * @at: when the money arrived
 * @error: a store error
 *
 * Completes @payment and credits its amount in the same transaction: the
 * `recharge` ledger line (at most one per payment, enforced by the
 * database), the `payment_completed` notice and its e-mail. A payment that
 * was cancelled, expired or failed may still complete (money that was taken
 * is never dropped).
 *
 * Returns: %TRUE on success
 */
gboolean  mc_payments_complete      (McService        *service,
                                     McPayment        *payment,
                                     gint64            at,
                                     GError          **error);

/**
 * mc_payments_fail:
 * @payment: (inout): a pending payment
 *
 * Marks it failed, with the `payment_failed` notice and e-mail.
 */
gboolean  mc_payments_fail          (McService        *service,
                                     McPayment        *payment,
                                     gint64            at,
                                     GError          **error);

/**
 * mc_payments_cancel:
 * @payment: (inout): a pending payment
 *
 * Marks it cancelled.
 */
gboolean  mc_payments_cancel        (McService        *service,
                                     McPayment        *payment,
                                     gint64            at,
                                     GError          **error);

/**
 * mc_payments_expire_if_due:
 * @payment: (inout): a payment
 * @now: the time
 * @out_expired: (out) (optional): whether it expired now
 *
 * Expires a pending payment whose 24 hours are over, so no route acts on
 * one that the timer has not reached yet.
 */
gboolean  mc_payments_expire_if_due (McService        *service,
                                     McPayment        *payment,
                                     gint64            now,
                                     gboolean         *out_expired,
                                     GError          **error);

/**
 * mc_payments_notify_pending:
 * @payment: (inout): a payment still pending an hour after its creation
 * @now: the time
 *
 * Records its (one) `payment_pending` notice.
 */
gboolean  mc_payments_notify_pending (McService       *service,
                                      McPayment       *payment,
                                      gint64           now,
                                      GError         **error);

/**
 * mc_payments_sweep:
 * @service: the service (not in a transaction)
 * @now: the time
 * @error: a store error
 *
 * Expires every pending payment that is due, records the
 * `payment_pending` notice of those pending for an hour, and forgets
 * idempotency keys older than a day. Runs at start-up and from a timer.
 *
 * Returns: %TRUE on success
 */
gboolean  mc_payments_sweep         (McService        *service,
                                     gint64            now,
                                     GError          **error);

G_END_DECLS
