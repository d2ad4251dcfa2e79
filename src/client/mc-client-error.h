/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MC_CLIENT_ERROR (mc_client_error_quark ())

/**
 * McClientError:
 * @MC_CLIENT_ERROR_INVALID_REQUEST: api.md `invalid_request` (400)
 * @MC_CLIENT_ERROR_INVALID_JSON: api.md `invalid_json` (400)
 * @MC_CLIENT_ERROR_INVALID_AMOUNT: api.md `invalid_amount` (400)
 * @MC_CLIENT_ERROR_INVALID_DATE: api.md `invalid_date` (400)
 * @MC_CLIENT_ERROR_INVALID_PHONE: api.md `invalid_phone` (400)
 * @MC_CLIENT_ERROR_UNAUTHORIZED: api.md `unauthorized` (401): the token is wrong or was rotated
 * @MC_CLIENT_ERROR_ACCOUNT_RESTRICTED: api.md `account_restricted` (402)
 * @MC_CLIENT_ERROR_NOT_FOUND: api.md `not_found` (404)
 * @MC_CLIENT_ERROR_IDEMPOTENCY_CONFLICT: api.md `idempotency_conflict` (409)
 * @MC_CLIENT_ERROR_INVALID_STATE: api.md `invalid_state` (409)
 * @MC_CLIENT_ERROR_BODY_TOO_LARGE: api.md `body_too_large` (413)
 * @MC_CLIENT_ERROR_AMOUNT_BELOW_MINIMUM: api.md `amount_below_minimum` (422)
 * @MC_CLIENT_ERROR_AMOUNT_ABOVE_MAXIMUM: api.md `amount_above_maximum` (422)
 * @MC_CLIENT_ERROR_RANGE_TOO_OLD: api.md `range_too_old` (422)
 * @MC_CLIENT_ERROR_RANGE_INVALID: api.md `range_invalid` (422)
 * @MC_CLIENT_ERROR_TOO_MANY_REQUESTS: api.md `too_many_requests` (429)
 * @MC_CLIENT_ERROR_INTERNAL: api.md `internal` (500)
 * @MC_CLIENT_ERROR_NETWORK: the service could not be reached, or the connection broke
 * @MC_CLIENT_ERROR_TIMEOUT: the service did not answer in time
 * @MC_CLIENT_ERROR_TLS: the TLS handshake failed (for example an untrusted certificate)
 * @MC_CLIENT_ERROR_BAD_RESPONSE: the answer was not what api.md promises (not JSON,
 *   wrong shape, too large, an unknown error code or an HTML error page)
 * @MC_CLIENT_ERROR_INVALID_URL: the server URL is malformed, or plain `http://` to a
 *   host that is not loopback without %MC_CLIENT_FLAGS_ALLOW_INSECURE
 *
 * Why a call to the credit service failed. One code per api.md error code,
 * plus the ways a network call fails on the client's side. A call cancelled
 * through its #GCancellable fails with %G_IO_ERROR_CANCELLED instead.
 *
 * The error's message is the server's human `message` where it sent one (fit
 * to show), and mc_client_error_get_field() names the input to blame.
 */
typedef enum
{
  MC_CLIENT_ERROR_INVALID_REQUEST,
  MC_CLIENT_ERROR_INVALID_JSON,
  MC_CLIENT_ERROR_INVALID_AMOUNT,
  MC_CLIENT_ERROR_INVALID_DATE,
  MC_CLIENT_ERROR_INVALID_PHONE,
  MC_CLIENT_ERROR_UNAUTHORIZED,
  MC_CLIENT_ERROR_ACCOUNT_RESTRICTED,
  MC_CLIENT_ERROR_NOT_FOUND,
  MC_CLIENT_ERROR_IDEMPOTENCY_CONFLICT,
  MC_CLIENT_ERROR_INVALID_STATE,
  MC_CLIENT_ERROR_BODY_TOO_LARGE,
  MC_CLIENT_ERROR_AMOUNT_BELOW_MINIMUM,
  MC_CLIENT_ERROR_AMOUNT_ABOVE_MAXIMUM,
  MC_CLIENT_ERROR_RANGE_TOO_OLD,
  MC_CLIENT_ERROR_RANGE_INVALID,
  MC_CLIENT_ERROR_TOO_MANY_REQUESTS,
  MC_CLIENT_ERROR_INTERNAL,
  MC_CLIENT_ERROR_NETWORK,
  MC_CLIENT_ERROR_TIMEOUT,
  MC_CLIENT_ERROR_TLS,
  MC_CLIENT_ERROR_BAD_RESPONSE,
  MC_CLIENT_ERROR_INVALID_URL,
} McClientError;

GQuark       mc_client_error_quark              (void);

/**
 * mc_client_error_get_field:
 * @error: a #GError
 *
 * The request field the service blamed (api.md's `field`, such as
 * `"amount"` or `"low_balance_threshold"`), so the UI can mark that entry.
 *
 * Returns: (transfer none) (nullable): the field, or %NULL when @error is not
 *   in %MC_CLIENT_ERROR or names no field
 */
const char  *mc_client_error_get_field          (const GError *error);

/**
 * mc_client_error_get_code_name:
 * @error: a #GError
 *
 * The service's stable `code` string as it was sent (`"invalid_amount"`),
 * useful in logs and bug reports.
 *
 * Returns: (transfer none) (nullable): the code, or %NULL when @error is not in
 *   %MC_CLIENT_ERROR or did not come from an api.md error body
 */
const char  *mc_client_error_get_code_name      (const GError *error);

/**
 * mc_client_error_get_http_status:
 * @error: a #GError
 *
 * Returns: the HTTP status of the answer that caused @error, or 0 when there
 *   was none (a network error) or @error is not in %MC_CLIENT_ERROR
 */
guint        mc_client_error_get_http_status    (const GError *error);

/**
 * mc_client_error_from_code_name:
 * @code: an api.md error code (`"not_found"`)
 * @out_error: (out): the matching #McClientError
 *
 * Returns: %TRUE when @code is one of api.md's codes
 */
gboolean     mc_client_error_from_code_name     (const char    *code,
                                                 McClientError *out_error);

G_END_DECLS
