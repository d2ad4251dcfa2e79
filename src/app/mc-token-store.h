/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * McTokenStoreKind:
 * @MC_TOKEN_STORE_NONE: no token is kept
 * @MC_TOKEN_STORE_KEYRING: in the login keyring, through the Secret Service
 * @MC_TOKEN_STORE_FILE: in a file only its owner may read (0600), where no
 *   Secret Service answers
 *
 * Where a token is kept. The values match the GSettings enum.
 */
typedef enum
{
  MC_TOKEN_STORE_NONE,
  MC_TOKEN_STORE_KEYRING,
  MC_TOKEN_STORE_FILE,
} McTokenStoreKind;

/**
 * McTokenSlot:
 * @MC_TOKEN_SLOT_DEMO: the token of the embedded demo service's account
 * @MC_TOKEN_SLOT_SERVER: the token for the provider's server
 *
 * Which token.
 */
typedef enum
{
  MC_TOKEN_SLOT_DEMO,
  MC_TOKEN_SLOT_SERVER,
} McTokenSlot;

McTokenStoreKind  mc_token_store_get_kind      (McTokenSlot          slot);
char             *mc_token_store_get_file_path (McTokenSlot          slot);

void              mc_token_store_save_async    (McTokenSlot          slot,
                                                const char          *token,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
McTokenStoreKind  mc_token_store_save_finish   (GAsyncResult        *result,
                                                GError             **error);

void              mc_token_store_lookup_async  (McTokenSlot          slot,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
char             *mc_token_store_lookup_finish (GAsyncResult        *result,
                                                GError             **error);

void              mc_token_store_forget_async  (McTokenSlot          slot,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean          mc_token_store_forget_finish (GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
