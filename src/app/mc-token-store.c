/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "mc-token-store.h"
#include "mc-util.h"

/* How long the Secret Service may take to say whether it has a default
 * keyring; past that, the token goes to the file. */
#define KEYRING_ANSWER_SECONDS 10

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "io.github.messagecredits.MessageCredits.Token", SECRET_SCHEMA_NONE,
    {
      { "slot", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

static const char *
slot_name (McTokenSlot slot)
{
  switch (slot)
    {
    case MC_TOKEN_SLOT_DEMO:
      return "demo";
    case MC_TOKEN_SLOT_SERVER:
      return "server";
    default:
      g_return_val_if_reached ("server");
    }
}

static const char *
slot_key (McTokenSlot slot)
{
  return slot == MC_TOKEN_SLOT_DEMO ? "demo-token-store" : "server-token-store";
}

static void
set_kind (McTokenSlot      slot,
          McTokenStoreKind kind)
{
  g_autoptr(GSettings) settings = g_settings_new (MC_SETTINGS_SCHEMA);

  g_settings_set_enum (settings, slot_key (slot), kind);
}

/**
 * mc_token_store_get_kind:
 * @slot: which token
 *
 * Returns: where the token of @slot was last kept
 */
McTokenStoreKind
mc_token_store_get_kind (McTokenSlot slot)
{
  g_autoptr(GSettings) settings = g_settings_new (MC_SETTINGS_SCHEMA);

  return g_settings_get_enum (settings, slot_key (slot));
}

/**
 * mc_token_store_get_file_path:
 * @slot: which token
 *
 * Returns: (transfer full): the file that keeps the token of @slot where no
 *   Secret Service answers
 */
char *
mc_token_store_get_file_path (McTokenSlot slot)
{
  g_autofree char *dir = mc_get_data_dir ();
  g_autofree char *name = g_strconcat (slot_name (slot), ".token", NULL);

  return g_build_filename (dir, name, NULL);
}

typedef struct
{
  McTokenSlot   slot;
  char         *token;
  GCancellable *keyring_cancellable;
  guint         timeout_id;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_handle_id (&data->timeout_id, g_source_remove);
  g_clear_object (&data->keyring_cancellable);
  if (data->token != NULL)
    memset (data->token, 0, strlen (data->token));
  g_free (data->token);
  g_free (data);
}

static void
write_file_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  SaveData *data = task_data;
  g_autofree char *path = mc_token_store_get_file_path (data->slot);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("Could not create the folder %s: %s"), dir, g_strerror (saved));
      return;
    }

  if (!g_file_set_contents_full (path, data->token, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                 0600, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_int (task, MC_TOKEN_STORE_FILE);
}

static void
file_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);
  GError *error = NULL;
  gssize kind;

  kind = g_task_propagate_int (G_TASK (result), &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  set_kind (data->slot, kind);
  g_task_return_int (task, kind);
}

static void
save_to_file (GTask *task)
{
  SaveData *data = g_task_get_task_data (task);
  g_autoptr(GTask) inner = NULL;

  g_clear_handle_id (&data->timeout_id, g_source_remove);

  inner = g_task_new (NULL, g_task_get_cancellable (task), file_written_cb, g_object_ref (task));
  g_task_set_source_tag (inner, save_to_file);
  g_task_set_task_data (inner, data, NULL);
  g_task_run_in_thread (inner, write_file_thread);
}

static void
keyring_stored_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      if (g_task_return_error_if_cancelled (task))
        return;
      g_debug ("The keyring did not take the token (%s); using a private file", error->message);
      save_to_file (task);
      return;
    }

  /* An older copy in the file is no longer needed. */
  path = mc_token_store_get_file_path (data->slot);
  g_unlink (path);

  set_kind (data->slot, MC_TOKEN_STORE_KEYRING);
  g_task_return_int (task, MC_TOKEN_STORE_KEYRING);
}

static void
collection_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);
  g_autoptr(SecretCollection) collection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;

  g_clear_handle_id (&data->timeout_id, g_source_remove);

  collection = secret_collection_for_alias_finish (result, &error);
  if (collection == NULL)
    {
      if (g_task_return_error_if_cancelled (task))
        return;
      /* No Secret Service, or no default keyring: creating one would ask
       * for a new password in a prompt nobody expects here. */
      g_debug ("No default keyring (%s); using a private file",
               error ? error->message : "none set");
      save_to_file (task);
      return;
    }

  label = g_strdup (data->slot == MC_TOKEN_SLOT_DEMO ?
                    _("Message Credits demo account token") :
                    _("Message Credits API token"));
  secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, label, data->token,
                         g_task_get_cancellable (task), keyring_stored_cb, g_object_ref (task),
                         "slot", slot_name (data->slot),
                         NULL);
}

static void
service_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GError) error = NULL;

  service = secret_service_get_finish (result, &error);
  if (service == NULL)
    {
      if (g_task_return_error_if_cancelled (task))
        return;
      g_debug ("No Secret Service (%s); using a private file", error->message);
      save_to_file (task);
      return;
    }

  secret_collection_for_alias (service, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE,
                               data->keyring_cancellable, collection_cb, g_object_ref (task));
}

static gboolean
keyring_timeout_cb (gpointer user_data)
{
  SaveData *data = user_data;

  data->timeout_id = 0;
  g_cancellable_cancel (data->keyring_cancellable);

  return G_SOURCE_REMOVE;
}

/**
 * mc_token_store_save_async:
 * @slot: which token
 * @token: the token
 * @cancellable: (nullable): a cancellable
 * @callback: called when the token is kept
 * @user_data: data for @callback
 *
 * Keeps @token in the default keyring of the Secret Service, or, where no
 * Secret Service answers or it has no default keyring, in a file only the
 * user may read. Remembers which in GSettings.
 */
void
mc_token_store_save_async (McTokenSlot          slot,
                           const char          *token,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (token != NULL && *token != '\0');

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_token_store_save_async);

  data = g_new0 (SaveData, 1);
  data->slot = slot;
  data->token = g_strdup (token);
  data->keyring_cancellable = g_cancellable_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);

  /* The timeout covers finding the keyring, not typing a password to unlock it. */
  data->timeout_id = g_timeout_add_seconds (KEYRING_ANSWER_SECONDS, keyring_timeout_cb, data);
  secret_service_get (SECRET_SERVICE_NONE, data->keyring_cancellable, service_cb,
                      g_object_ref (task));
}

/**
 * mc_token_store_save_finish:
 *
 * Returns: where the token was kept, or %MC_TOKEN_STORE_NONE with @error set
 */
McTokenStoreKind
mc_token_store_save_finish (GAsyncResult  *result,
                            GError       **error)
{
  gssize kind;

  g_return_val_if_fail (g_task_is_valid (result, NULL), MC_TOKEN_STORE_NONE);

  kind = g_task_propagate_int (G_TASK (result), error);
  return kind < 0 ? MC_TOKEN_STORE_NONE : (McTokenStoreKind) kind;
}

static void
read_file_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  McTokenSlot slot = GPOINTER_TO_INT (task_data);
  g_autofree char *path = mc_token_store_get_file_path (slot);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &error))
    {
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_task_return_pointer (task, NULL, NULL);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_strstrip (contents);
  if (*contents == '\0')
    g_task_return_pointer (task, NULL, NULL);
  else
    g_task_return_pointer (task, g_steal_pointer (&contents), g_free);
}

static void
keyring_lookup_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *token;

  token = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Out of libsecret's non-pageable memory into ordinary memory. */
  g_task_return_pointer (task, g_strdup (token), g_free);
  secret_password_free (token);
}

/**
 * mc_token_store_lookup_async:
 * @slot: which token
 * @cancellable: (nullable): a cancellable
 * @callback: called with the token
 * @user_data: data for @callback
 *
 * Looks the token up where mc_token_store_save_async() last kept it.
 */
void
mc_token_store_lookup_async (McTokenSlot          slot,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_token_store_lookup_async);
  g_task_set_task_data (task, GINT_TO_POINTER (slot), NULL);

  switch (mc_token_store_get_kind (slot))
    {
    case MC_TOKEN_STORE_KEYRING:
      secret_password_lookup (token_schema (), cancellable, keyring_lookup_cb,
                              g_object_ref (task),
                              "slot", slot_name (slot),
                              NULL);
      break;
    case MC_TOKEN_STORE_FILE:
      g_task_run_in_thread (task, read_file_thread);
      break;
    case MC_TOKEN_STORE_NONE:
    default:
      g_task_return_pointer (task, NULL, NULL);
      break;
    }
}

/**
 * mc_token_store_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the token, or %NULL when none is kept
 *   (without @error) or it could not be read (with @error)
 */
char *
mc_token_store_lookup_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
forget_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  McTokenSlot slot = GPOINTER_TO_INT (task_data);
  g_autofree char *path = mc_token_store_get_file_path (slot);

  g_unlink (path);
  g_task_return_boolean (task, TRUE);
}

static void
keyring_cleared_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_debug ("Could not clear the token from the keyring: %s", error->message);

  g_task_run_in_thread (task, forget_thread);
}

/**
 * mc_token_store_forget_async:
 * @slot: which token
 * @cancellable: (nullable): a cancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Removes the token of @slot from the keyring and the file.
 */
void
mc_token_store_forget_async (McTokenSlot          slot,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  McTokenStoreKind kind = mc_token_store_get_kind (slot);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_token_store_forget_async);
  g_task_set_task_data (task, GINT_TO_POINTER (slot), NULL);

  set_kind (slot, MC_TOKEN_STORE_NONE);

  if (kind == MC_TOKEN_STORE_KEYRING)
    secret_password_clear (token_schema (), cancellable, keyring_cleared_cb, g_object_ref (task),
                           "slot", slot_name (slot),
                           NULL);
  else
    g_task_run_in_thread (task, forget_thread);
}

gboolean
mc_token_store_forget_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
