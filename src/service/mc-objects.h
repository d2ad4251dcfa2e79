/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "mc-http.h"
#include "mc-service.h"
#include "mc-store.h"

G_BEGIN_DECLS

/*
 * The API's objects (api.md) as JSON, shared by the routes and the live
 * events so both always show the same thing; and the list conventions.
 */

/** MC_LIST_LIMIT_DEFAULT: the page size when `limit` is not given */
#define MC_LIST_LIMIT_DEFAULT 50
/** MC_LIST_LIMIT_MAX: the largest `limit` */
#define MC_LIST_LIMIT_MAX 500

/**
 * mc_account_state:
 *
 * Returns: (transfer none): `"restricted"` when the balance is at or below
 *   zero, `"low"` at or below the threshold, else `"ok"`
 */
const char  *mc_account_state              (const McAccount *account);

/**
 * mc_default_timezone:
 *
 * Returns: (transfer none): `Asia/Kolkata` for INR, `UTC` for USD
 */
const char  *mc_default_timezone           (McCurrency currency);

/**
 * mc_account_to_json:
 * @service: for the support contact
 * @account: the account
 * @pending_payments: how many of its payments are pending
 *
 * Returns: (transfer full): the account object of `GET /v1/account`
 */
JsonObject  *mc_account_to_json            (McService       *service,
                                            const McAccount *account,
                                            gint64           pending_payments);

/**
 * mc_account_load_json:
 * @service: the service
 * @account_id: the account
 * @error: a store error
 *
 * Reads the account and its pending count and builds its object.
 *
 * Returns: (transfer full) (nullable): the object
 */
JsonObject  *mc_account_load_json          (McService   *service,
                                            const char  *account_id,
                                            GError     **error);

JsonObject  *mc_payment_to_json            (McService       *service,
                                            const McPayment *payment);
JsonObject  *mc_ledger_line_to_json        (const McLedgerLine *line);
JsonObject  *mc_notification_to_json       (const McNotification *notification);

/** mc_json_set_money: sets @name to the money string of @units */
void         mc_json_set_money             (JsonObject *object,
                                            const char *name,
                                            gint64      units);
/** mc_json_set_time: sets @name to the RFC 3339 time, or null when @unix_seconds is 0 */
void         mc_json_set_time              (JsonObject *object,
                                            const char *name,
                                            gint64      unix_seconds);
/** mc_json_set_nullable_string: sets @name to @value or null */
void         mc_json_set_nullable_string   (JsonObject *object,
                                            const char *name,
                                            const char *value);

/**
 * mc_list_params:
 * @req: the request
 * @res: where an error goes
 * @out_limit: (out): `limit`, 1 to 500, default 50
 * @out_cursor: (out): the decoded `cursor`
 * @out_has_cursor: (out): whether a cursor was given
 *
 * Reads the list conventions; a bad `limit` or `cursor` is `400
 * invalid_request`.
 *
 * Returns: %FALSE with @res set on error
 */
gboolean     mc_list_params                (McRequest     *req,
                                            McResponse    *res,
                                            guint         *out_limit,
                                            McStoreCursor *out_cursor,
                                            gboolean      *out_has_cursor);

/**
 * McListItemFunc:
 * @service: the service
 * @item: one row of the list, as the store returned it
 * @out_cursor: (out): where a page that ends with @item goes on
 *
 * Returns: (transfer full): @item as the API shows it
 */
typedef JsonObject *(*McListItemFunc) (McService     *service,
                                       gconstpointer  item,
                                       McStoreCursor *out_cursor);

/**
 * mc_list_respond:
 * @service: the service
 * @res: the response
 * @items: the rows the store returned when asked for @limit + 1, newest first
 * @limit: the page size from mc_list_params()
 * @item_to_json: shows one row
 *
 * Sets `200 {"data": [...], "next_cursor": ...}` with the first @limit
 * rows; a row beyond them means there is a next page, which starts after
 * the last row shown.
 */
void         mc_list_respond               (McService           *service,
                                            McResponse          *res,
                                            GPtrArray           *items,
                                            guint                limit,
                                            McListItemFunc       item_to_json);

/**
 * mc_account_today:
 * @account: the account
 * @now: a time
 * @out: (out): the day it is for the account
 *
 * "Today" in the account's timezone.
 */
void         mc_account_today              (const McAccount *account,
                                            gint64           now,
                                            GDate           *out);

/**
 * mc_account_day_start:
 * @account: the account
 * @date: a day in the account's timezone
 *
 * Returns: the instant (unix seconds) that day begins for the account
 */
gint64       mc_account_day_start          (const McAccount *account,
                                            const GDate     *date);

G_END_DECLS
