/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "mc-client-private.h"
#include "mc-core.h"

#define CHUNK_SIZE (64 * 1024)
#define MAX_ERROR_BODY (1024 * 1024)

/* GET /v1/usage/export streamed into a temporary file beside the destination,
 * renamed over it only once the whole CSV arrived. */

typedef struct
{
  SoupMessage              *message;
  GCancellable             *cancellable;
  GCancellable             *caller_cancellable;
  gulong                    cancelled_id;
  GSource                  *stall;
  guint                     timeout;
  gboolean                  timed_out;

  GFile                    *destination;
  GFile                    *temp;
  GInputStream             *input;
  GOutputStream            *output;
  GBytes                   *chunk;
  GError                   *error;

  guint64                   bytes;
  guint64                   newlines;
  gboolean                  in_quotes;
  guchar                    last;

  McExportProgressCallback  progress;
  gpointer                  progress_data;
  GDestroyNotify            progress_data_destroy;
} Export;

typedef struct
{
  guint64 bytes;
  guint64 rows;
} ExportResult;

/* The progress data goes before the caller hears the end, so that the
 * callback may free what it points to. */
static void
release_progress (Export *export)
{
  GDestroyNotify destroy = g_steal_pointer (&export->progress_data_destroy);

  export->progress = NULL;
  if (destroy != NULL)
    destroy (g_steal_pointer (&export->progress_data));
}

static void
export_free (Export *export)
{
  g_clear_pointer (&export->stall, mc_source_clear);
  if (export->caller_cancellable != NULL)
    g_cancellable_disconnect (export->caller_cancellable, export->cancelled_id);
  g_clear_object (&export->caller_cancellable);
  g_clear_object (&export->cancellable);
  g_clear_object (&export->message);
  g_clear_object (&export->destination);
  g_clear_object (&export->temp);
  g_clear_object (&export->input);
  g_clear_object (&export->output);
  g_clear_pointer (&export->chunk, g_bytes_unref);
  g_clear_error (&export->error);
  release_progress (export);
  g_free (export);
}

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *internal)
{
  g_cancellable_cancel (internal);
}

static gboolean
stall_cb (gpointer user_data)
{
  Export *export = user_data;

  export->timed_out = TRUE;
  g_cancellable_cancel (export->cancellable);

  return G_SOURCE_REMOVE;
}

static void
arm_stall_timer (Export *export)
{
  g_clear_pointer (&export->stall, mc_source_clear);
  export->stall = mc_timeout_source_attach (export->timeout, stall_cb, export);
}

static guint64
data_rows (Export   *export,
           gboolean  at_end)
{
  guint64 lines = export->newlines;

  if (at_end && export->bytes > 0 && export->last != '\n')
    lines++;

  return lines > 0 ? lines - 1 : 0;
}

static void
count_rows (Export       *export,
            const guchar *data,
            gsize         size)
{
  for (gsize i = 0; i < size; i++)
    {
      if (data[i] == '"')
        export->in_quotes = !export->in_quotes;
      else if (data[i] == '\n' && !export->in_quotes)
        export->newlines++;
    }

  if (size > 0)
    export->last = data[size - 1];
}

static void
delete_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Export *export = g_task_get_task_data (task);

  /* Nothing to do about a failed delete but report the first error. */
  g_file_delete_finish (G_FILE (source), result, NULL);
  release_progress (export);
  g_task_return_error (task, g_steal_pointer (&export->error));
}

static void
fail_close_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  Export *export = g_task_get_task_data (task);

  g_output_stream_close_finish (G_OUTPUT_STREAM (source), result, NULL);
  g_file_delete_async (export->temp, G_PRIORITY_DEFAULT, NULL, delete_cb, task);
}

/* Takes @error; removes the temporary file (without a cancellable: the
 * caller's may be the reason we are here) before the task returns. */
static void
export_fail (GTask  *task,
             GError *error)
{
  Export *export = g_task_get_task_data (task);

  g_clear_pointer (&export->stall, mc_source_clear);
  g_assert (export->error == NULL);
  export->error = error;

  if (export->output != NULL)
    g_output_stream_close_async (export->output, G_PRIORITY_DEFAULT, NULL, fail_close_cb, task);
  else if (export->temp != NULL)
    g_file_delete_async (export->temp, G_PRIORITY_DEFAULT, NULL, delete_cb, task);
  else
    {
      release_progress (export);
      g_task_return_error (task, g_steal_pointer (&export->error));
      g_object_unref (task);
    }
}

static GError *
network_error (GTask        *task,
               const GError *error)
{
  Export *export = g_task_get_task_data (task);

  return mc_client_translate_error (g_task_get_source_object (task), error, export->timed_out);
}

static void
move_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Export *export = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  ExportResult *value;

  if (!g_file_move_finish (G_FILE (source), result, &error))
    {
      g_clear_object (&export->output);
      export_fail (task, g_steal_pointer (&error));
      return;
    }

  g_clear_object (&export->temp);
  value = g_new0 (ExportResult, 1);
  value->bytes = export->bytes;
  value->rows = data_rows (export, TRUE);
  release_progress (export);
  g_task_return_pointer (task, value, g_free);
  g_object_unref (task);
}

static void
close_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  Export *export = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (source), result, &error))
    {
      export_fail (task, g_steal_pointer (&error));
      return;
    }

  g_clear_object (&export->output);
  g_file_move_async (export->temp, export->destination, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT,
                     export->cancellable, NULL, NULL, move_cb, task);
}

static void read_next (GTask *task);

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  Export *export = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gsize written = 0;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, &written, &error))
    {
      export_fail (task, g_steal_pointer (&error));
      return;
    }

  export->bytes += written;
  g_clear_pointer (&export->chunk, g_bytes_unref);

  if (export->progress != NULL)
    export->progress (export->bytes, data_rows (export, FALSE), export->progress_data);

  read_next (task);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Export *export = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gconstpointer data;
  gsize size;

  g_clear_pointer (&export->stall, mc_source_clear);

  export->chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (export->chunk == NULL)
    {
      export_fail (task, network_error (task, error));
      return;
    }

  data = g_bytes_get_data (export->chunk, &size);
  if (size == 0)
    {
      g_clear_pointer (&export->chunk, g_bytes_unref);
      g_output_stream_close_async (export->output, G_PRIORITY_DEFAULT, export->cancellable,
                                   close_cb, task);
      return;
    }

  count_rows (export, data, size);
  g_output_stream_write_all_async (export->output, data, size, G_PRIORITY_DEFAULT,
                                   export->cancellable, write_cb, task);
}

static void
read_next (GTask *task)
{
  Export *export = g_task_get_task_data (task);

  arm_stall_timer (export);
  g_input_stream_read_bytes_async (export->input, CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   export->cancellable, read_cb, task);
}

static void
create_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Export *export = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GFileOutputStream *output;

  output = g_file_create_finish (G_FILE (source), result, &error);
  if (output == NULL)
    {
      /* Not ours to delete: creation failed. */
      g_clear_object (&export->temp);
      export_fail (task, g_steal_pointer (&error));
      return;
    }

  export->output = G_OUTPUT_STREAM (output);
  read_next (task);
}

static void
error_body_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  Export *export = g_task_get_task_data (task);
  McClient *self = MC_CLIENT (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  g_clear_pointer (&export->stall, mc_source_clear);

  body = mc_client_read_body_finish (self, result, &error);
  if (body == NULL)
    export_fail (task, network_error (task, error));
  else
    export_fail (task, mc_client_error_from_response (self, export->message, body, FALSE));
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Export *export = g_task_get_task_data (task);
  McClient *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *temp_name = NULL;
  const char *content_type;

  export->input = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (export->input == NULL)
    {
      export_fail (task, network_error (task, error));
      return;
    }

  if (soup_message_get_status (export->message) != SOUP_STATUS_OK)
    {
      arm_stall_timer (export);
      mc_client_read_body_async (self, export->input, MAX_ERROR_BODY, export->cancellable,
                                 error_body_cb, task);
      return;
    }

  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (export->message),
                                                        NULL);
  if (content_type == NULL || g_ascii_strcasecmp (content_type, "text/csv") != 0)
    {
      export_fail (task, mc_client_error_bad_response ("an export that is not CSV"));
      return;
    }

  parent = g_file_get_parent (export->destination);
  basename = g_file_get_basename (export->destination);
  temp_name = g_strdup_printf (".%s.%08x.part", basename, g_random_int ());
  export->temp = g_file_get_child (parent, temp_name);
  g_file_create_async (export->temp, G_FILE_CREATE_NONE, G_PRIORITY_DEFAULT, export->cancellable,
                       create_cb, task);
}

static const char *
export_kind_name (McExportKind kind)
{
  switch (kind)
    {
    case MC_EXPORT_KIND_CONVERSATIONS: return "conversations";
    case MC_EXPORT_KIND_DAILY: return "daily";
    case MC_EXPORT_KIND_TRANSACTIONS: return "transactions";
    default: return NULL;
    }
}

void
mc_client_export_usage_async (McClient                 *self,
                              const GDate              *from,
                              const GDate              *to,
                              McExportKind              kind,
                              GFile                    *destination,
                              McExportProgressCallback  progress_callback,
                              gpointer                  progress_data,
                              GDestroyNotify            progress_data_destroy,
                              GCancellable             *cancellable,
                              GAsyncReadyCallback       callback,
                              gpointer                  user_data)
{
  g_autofree char *range = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) parent = NULL;
  const char *kind_name;
  Export *export;
  GTask *task;

  g_return_if_fail (MC_IS_CLIENT (self));
  g_return_if_fail (from != NULL && g_date_valid (from));
  g_return_if_fail (to != NULL && g_date_valid (to));
  g_return_if_fail (G_IS_FILE (destination));
  kind_name = export_kind_name (kind);
  g_return_if_fail (kind_name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_client_export_usage_async);

  export = g_new0 (Export, 1);
  export->destination = g_object_ref (destination);
  export->timeout = mc_client_get_timeout (self);
  export->progress = progress_callback;
  export->progress_data = progress_data;
  export->progress_data_destroy = progress_data_destroy;
  export->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      export->caller_cancellable = g_object_ref (cancellable);
      export->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                    export->cancellable, NULL);
    }
  g_task_set_task_data (task, export, (GDestroyNotify) export_free);

  parent = g_file_get_parent (destination);
  if (parent == NULL)
    {
      export_fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                                              "The export needs a file inside a folder."));
      return;
    }

  range = mc_client_build_query_date_range (from, to);
  path = g_strdup_printf ("v1/usage/export?kind=%s%s", kind_name, range);
  export->message = mc_client_new_message (self, "GET", path);
  soup_message_headers_replace (soup_message_get_request_headers (export->message), "Accept",
                                "text/csv, application/json");

  arm_stall_timer (export);
  soup_session_send_async (mc_client_get_session (self), export->message, G_PRIORITY_DEFAULT,
                           export->cancellable, send_cb, task);
}

gboolean
mc_client_export_usage_finish (McClient      *self,
                               GAsyncResult  *result,
                               guint64       *out_bytes,
                               guint64       *out_rows,
                               GError       **error)
{
  ExportResult *value;

  g_return_val_if_fail (MC_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_client_export_usage_async, FALSE);

  value = g_task_propagate_pointer (G_TASK (result), error);
  if (out_bytes != NULL)
    *out_bytes = value != NULL ? value->bytes : 0;
  if (out_rows != NULL)
    *out_rows = value != NULL ? value->rows : 0;

  if (value == NULL)
    return FALSE;

  g_free (value);
  return TRUE;
}
