/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * mc_random_bytes:
 * @buf: (out caller-allocates) (array length=len): where the bytes go
 * @len: how many bytes
 *
 * Fills @buf from the kernel's random source (getrandom(2), falling back to
 * `/dev/urandom`). A machine that cannot give random bytes cannot issue
 * tokens, so failure aborts the process.
 */
void      mc_random_bytes        (guint8 *buf,
                                  gsize   len);

/**
 * mc_id_new:
 * @prefix: the type prefix without its underscore, `"pay"`
 *
 * An opaque id of 128 random bits: the prefix, `_`, then 26 lowercase
 * base32 characters (`pay_3k7…`).
 *
 * Returns: (transfer full): a new id
 */
char     *mc_id_new              (const char *prefix);

/**
 * mc_token_new:
 * @prefix: the token's prefix without its underscore (`"mct"` for bearer
 *   tokens, `"ck"` for checkout tokens)
 *
 * A secret of 256 random bits written as the prefix, `_` and 52 base32
 * characters.
 *
 * Returns: (transfer full): a new token
 */
char     *mc_token_new           (const char *prefix);

/**
 * mc_token_hash:
 * @token: a bearer token
 *
 * Returns: (transfer full): the lowercase hex SHA-256 of @token, the only
 *   form in which tokens are stored
 */
char     *mc_token_hash          (const char *token);

/**
 * mc_const_equal:
 * @a: (array length=a_len): bytes
 * @a_len: length of @a
 * @b: (array length=b_len): bytes
 * @b_len: length of @b
 *
 * Compares in time that depends only on the lengths, never on where the
 * first difference is, so secrets cannot be guessed byte by byte.
 *
 * Returns: %TRUE when both hold the same bytes
 */
gboolean  mc_const_equal         (const void *a,
                                  gsize       a_len,
                                  const void *b,
                                  gsize       b_len);

/**
 * mc_id_is_plausible:
 * @id: (nullable): text from a request
 * @prefix: the expected prefix without its underscore
 *
 * Returns: %TRUE when @id has the form mc_id_new() gives, so that obviously
 *   foreign text never reaches the database
 */
gboolean  mc_id_is_plausible     (const char *id,
                                  const char *prefix);

G_END_DECLS
