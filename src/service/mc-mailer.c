/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <curl/curl.h>
#include <errno.h>
#include <string.h>

#include "mc-clock.h"
#include "mc-mailer.h"

/* How often the outbox is looked at when nothing was kicked (mail queued by
 * another process, retries that fell due). */
#define POLL_SECONDS 2
#define BATCH_SIZE 20
#define DEFAULT_MAX_BACKOFF_SECONDS 300

typedef struct _Batch Batch;

struct _McMailer
{
  McService *service;
  char      *outbox_dir;
  char      *smtp_url;
  char      *from;
  gint64     max_backoff;

  gboolean   running;
  Batch     *in_flight;
  gboolean   again;
  guint      timer;
};

typedef struct
{
  gint64   seq;
  gint64   attempts;
  char    *message_id;
  char    *recipient;
  char    *file_name;
  GBytes  *data;
  gboolean ok;
  char    *error;
} Job;

struct _Batch
{
  McMailer  *mailer;  /* NULL once the mailer is gone */
  GPtrArray *jobs;
  char      *outbox_dir;
  char      *smtp_url;
  char      *from;
};

static void schedule (McMailer *self, guint delay_ms);

static void
job_free (Job *job)
{
  g_free (job->message_id);
  g_free (job->recipient);
  g_free (job->file_name);
  g_clear_pointer (&job->data, g_bytes_unref);
  g_free (job->error);
  g_free (job);
}

static void
batch_free (Batch *batch)
{
  g_ptr_array_unref (batch->jobs);
  g_free (batch->outbox_dir);
  g_free (batch->smtp_url);
  g_free (batch->from);
  g_free (batch);
}

/* Rendering */

static const char * const weekdays[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

static char *
rfc5322_date (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  /* English names whatever the locale: the format is part of the standard. */
  return g_strdup_printf ("%s, %02d %s %04d %02d:%02d:%02d +0000",
                          weekdays[g_date_time_get_day_of_week (dt) - 1],
                          g_date_time_get_day_of_month (dt),
                          months[g_date_time_get_month (dt) - 1],
                          g_date_time_get_year (dt),
                          g_date_time_get_hour (dt),
                          g_date_time_get_minute (dt),
                          g_date_time_get_second (dt));
}

static gboolean
is_plain_ascii (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p; p++)
    if (*p < 0x20 || *p > 0x7e)
      return FALSE;
  return TRUE;
}

/* A header value with no way to start another header. */
static char *
header_safe (const char *text)
{
  char *copy = g_strdup (text ? text : "");

  for (char *p = copy; *p; p++)
    if (*p == '\r' || *p == '\n')
      *p = ' ';

  return copy;
}

static char *
encode_subject (const char *subject)
{
  g_autofree char *safe = header_safe (subject);
  g_autofree char *b64 = NULL;

  if (is_plain_ascii (safe))
    return g_steal_pointer (&safe);

  b64 = g_base64_encode ((const guchar *) safe, strlen (safe));
  return g_strdup_printf ("=?UTF-8?B?%s?=", b64);
}

/* Quoted-printable (RFC 2045) with CRLF line ends and lines of at most 76. */
static void
append_quoted_printable (GString    *out,
                         const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const guchar *line = (const guchar *) lines[i];
      gsize len = strlen (lines[i]);
      guint column = 0;

      if (lines[i + 1] == NULL && len == 0)
        break;

      if (len > 0 && line[len - 1] == '\r')
        len--;

      for (gsize j = 0; j < len; j++)
        {
          guchar c = line[j];
          char piece[4];
          gboolean last = (j == len - 1);

          if ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last))
            {
              piece[0] = (char) c;
              piece[1] = '\0';
            }
          else
            g_snprintf (piece, sizeof piece, "=%02X", c);

          if (column + strlen (piece) > 75)
            {
              g_string_append (out, "=\r\n");
              column = 0;
            }
          g_string_append (out, piece);
          column += strlen (piece);
        }
      g_string_append (out, "\r\n");
    }
}

static char *
sender_address (McService *service)
{
  const McServiceConfig *config = mc_service_get_config (service);

  return header_safe (config->support_email ? config->support_email : "noreply@localhost");
}

GBytes *
mc_mailer_render (McService              *service,
                  const McOutboxMessage  *message)
{
  const McServiceConfig *config = mc_service_get_config (service);
  GString *out = g_string_new (NULL);
  g_autofree char *date = rfc5322_date (message->created_at);
  g_autofree char *from = sender_address (service);
  g_autofree char *to = header_safe (message->recipient);
  g_autofree char *subject = encode_subject (message->subject);
  g_autofree char *message_id = header_safe (message->message_id);
  g_autofree char *kind = header_safe (message->kind);
  gsize len;

  g_string_append_printf (out, "Date: %s\r\n", date);
  g_string_append_printf (out, "From: Message Credits <%s>\r\n", from);
  g_string_append_printf (out, "To: <%s>\r\n", to);
  if (config->support_email != NULL)
    g_string_append_printf (out, "Reply-To: <%s>\r\n", from);
  g_string_append_printf (out, "Subject: %s\r\n", subject);
  g_string_append_printf (out, "Message-ID: <%s>\r\n", message_id);
  g_string_append (out, "MIME-Version: 1.0\r\n");
  g_string_append (out, "Content-Type: text/plain; charset=utf-8\r\n");
  g_string_append (out, "Content-Transfer-Encoding: quoted-printable\r\n");
  g_string_append (out, "Auto-Submitted: auto-generated\r\n");
  g_string_append_printf (out, "X-Notice-Kind: %s\r\n", kind);
  g_string_append (out, "\r\n");
  append_quoted_printable (out, message->body);

  len = out->len;
  return g_bytes_new_take (g_string_free (out, FALSE), len);
}

/* Delivery (worker thread: no database, no main-loop objects) */

typedef struct
{
  const guint8 *data;
  gsize         len;
  gsize         offset;
} Upload;

static size_t
upload_read_cb (char   *buffer,
                size_t  size,
                size_t  nitems,
                void   *user_data)
{
  Upload *upload = user_data;
  gsize room = size * nitems;
  gsize n = MIN (room, upload->len - upload->offset);

  memcpy (buffer, upload->data + upload->offset, n);
  upload->offset += n;

  return n;
}

static gboolean
deliver_smtp (Batch  *batch,
              Job    *job,
              char  **out_error)
{
  CURL *curl = curl_easy_init ();
  struct curl_slist *recipients = NULL;
  g_autofree char *mail_from = g_strdup_printf ("<%s>", batch->from);
  g_autofree char *rcpt = g_strdup_printf ("<%s>", job->recipient);
  char errbuf[CURL_ERROR_SIZE] = "";
  Upload upload = { 0 };
  CURLcode rc;

  if (curl == NULL)
    {
      *out_error = g_strdup ("libcurl could not start");
      return FALSE;
    }

  upload.data = g_bytes_get_data (job->data, &upload.len);
  recipients = curl_slist_append (recipients, rcpt);

  curl_easy_setopt (curl, CURLOPT_URL, batch->smtp_url);
  curl_easy_setopt (curl, CURLOPT_MAIL_FROM, mail_from);
  curl_easy_setopt (curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt (curl, CURLOPT_READFUNCTION, upload_read_cb);
  curl_easy_setopt (curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt (curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);

  rc = curl_easy_perform (curl);

  curl_slist_free_all (recipients);
  curl_easy_cleanup (curl);

  if (rc != CURLE_OK)
    {
      *out_error = g_strdup_printf ("%s%s%s", curl_easy_strerror (rc), errbuf[0] ? ": " : "", errbuf);
      return FALSE;
    }

  return TRUE;
}

static gboolean
deliver_file (Batch  *batch,
              Job    *job,
              char  **out_error)
{
  g_autofree char *path = g_build_filename (batch->outbox_dir, job->file_name, NULL);
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (job->data, &len);

  if (g_mkdir_with_parents (batch->outbox_dir, 0700) != 0)
    {
      *out_error = g_strdup_printf ("Cannot create %s: %s", batch->outbox_dir, g_strerror (errno));
      return FALSE;
    }

  /* Written whole and renamed into place: a reader never sees half a
   * message, and writing the same message again replaces it. */
  if (!g_file_set_contents_full (path, data, (gssize) len,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &error))
    {
      *out_error = g_strdup (error->message);
      return FALSE;
    }

  return TRUE;
}

static void
deliver_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Batch *batch = task_data;

  for (guint i = 0; i < batch->jobs->len; i++)
    {
      Job *job = g_ptr_array_index (batch->jobs, i);

      if (batch->smtp_url != NULL)
        job->ok = deliver_smtp (batch, job, &job->error);
      else
        job->ok = deliver_file (batch, job, &job->error);
    }

  g_task_return_boolean (task, TRUE);
}

/* Main thread */

static gint64
backoff_seconds (McMailer *self,
                 gint64    attempts)
{
  gint64 delay = 1;

  for (gint64 i = 0; i < attempts && delay < self->max_backoff; i++)
    delay *= 2;

  return MIN (delay, self->max_backoff);
}

static void
record_results (McMailer *self,
                Batch    *batch)
{
  McStore *store = mc_service_get_store (self->service);
  g_autoptr(GError) error = NULL;
  gint64 now = mc_service_now ();
  gboolean ok = TRUE;

  if (!mc_store_begin (store, &error))
    {
      g_message ("Cannot record mail delivery: %s", error->message);
      return;
    }

  for (guint i = 0; ok && i < batch->jobs->len; i++)
    {
      Job *job = g_ptr_array_index (batch->jobs, i);

      if (job->ok)
        ok = mc_store_outbox_mark_sent (store, job->seq, now, &error);
      else
        {
          gint64 delay = backoff_seconds (self, job->attempts);

          g_message ("Mail %s not delivered (attempt %" G_GINT64_FORMAT ", next in %" G_GINT64_FORMAT " s): %s",
                     job->message_id, job->attempts + 1, delay, job->error ? job->error : "unknown error");
          ok = mc_store_outbox_mark_failed (store, job->seq, now + delay, job->error, &error);
        }
    }

  if (!ok || !mc_store_commit (store, &error))
    {
      g_message ("Cannot record mail delivery: %s", error ? error->message : "unknown error");
      mc_store_rollback (store);
    }
}

static void
batch_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Batch *batch = user_data;
  McMailer *self = batch->mailer;

  if (self != NULL)
    {
      self->in_flight = NULL;
      record_results (self, batch);
      if (self->running)
        schedule (self, 0);
    }

  batch_free (batch);
}

static char *
file_name_for (const McOutboxMessage *message)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (message->created_at);
  g_autofree char *stamp = g_date_time_format (dt, "%Y%m%dT%H%M%SZ");
  GString *name = g_string_new (NULL);

  g_string_append_printf (name, "%s-%08" G_GINT64_FORMAT "-%s", stamp, message->seq, message->kind);
  /* Only safe characters in a file name. */
  for (gsize i = 0; i < name->len; i++)
    if (!g_ascii_isalnum (name->str[i]) && name->str[i] != '-' && name->str[i] != '_')
      name->str[i] = '_';
  g_string_append (name, ".eml");

  return g_string_free (name, FALSE);
}

static void
run_pass (McMailer *self)
{
  McStore *store = mc_service_get_store (self->service);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GTask) task = NULL;
  gint64 now = mc_service_now ();
  gint64 next = G_MAXINT64;
  Batch *batch;

  due = mc_store_outbox_list_due (store, now, BATCH_SIZE, &error);
  if (due == NULL)
    {
      g_message ("Cannot read the outbox: %s", error->message);
      schedule (self, POLL_SECONDS * 1000);
      return;
    }

  if (due->len == 0)
    {
      guint delay_ms = POLL_SECONDS * 1000;

      if (mc_store_outbox_next_due (store, &next, &error) && next - now < POLL_SECONDS)
        delay_ms = mc_clock_real_delay_ms (MAX (next - now, 1));
      schedule (self, MIN (delay_ms, POLL_SECONDS * 1000));
      return;
    }

  batch = g_new0 (Batch, 1);
  batch->mailer = self;
  batch->jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) job_free);
  batch->outbox_dir = g_strdup (self->outbox_dir);
  batch->smtp_url = g_strdup (self->smtp_url);
  batch->from = g_strdup (self->from);

  for (guint i = 0; i < due->len; i++)
    {
      McOutboxMessage *message = g_ptr_array_index (due, i);
      Job *job = g_new0 (Job, 1);

      job->seq = message->seq;
      job->attempts = message->attempts;
      job->message_id = g_strdup (message->message_id);
      job->recipient = g_strdup (message->recipient);
      job->file_name = file_name_for (message);
      job->data = mc_mailer_render (self->service, message);
      g_ptr_array_add (batch->jobs, job);
    }

  self->in_flight = batch;
  task = g_task_new (NULL, NULL, batch_done_cb, batch);
  g_task_set_source_tag (task, run_pass);
  g_task_set_task_data (task, batch, NULL);
  g_task_run_in_thread (task, deliver_thread);
}

static gboolean
timer_cb (gpointer user_data)
{
  McMailer *self = user_data;

  self->timer = 0;
  if (self->running && self->in_flight == NULL)
    run_pass (self);

  return G_SOURCE_REMOVE;
}

static void
schedule (McMailer *self,
          guint     delay_ms)
{
  g_clear_handle_id (&self->timer, g_source_remove);
  if (!self->running)
    return;

  self->timer = delay_ms == 0 ? g_idle_add (timer_cb, self) : g_timeout_add (delay_ms, timer_cb, self);
}

McMailer *
mc_mailer_new (McService *service)
{
  static gsize curl_ready = 0;
  const McServiceConfig *config = mc_service_get_config (service);
  McMailer *self = g_new0 (McMailer, 1);
  g_autofree char *dir = g_path_get_dirname (config->db_path);
  const char *max_env = g_getenv ("MC_SERVICE_MAIL_MAX_BACKOFF");
  guint64 max_backoff = DEFAULT_MAX_BACKOFF_SECONDS;

  if (g_once_init_enter (&curl_ready))
    {
      curl_global_init (CURL_GLOBAL_DEFAULT);
      g_once_init_leave (&curl_ready, 1);
    }

  /* Test-only: a shorter ceiling for the retry backoff. */
  if (max_env != NULL && !g_ascii_string_to_unsigned (max_env, 10, 1, 86400, &max_backoff, NULL))
    max_backoff = DEFAULT_MAX_BACKOFF_SECONDS;

  self->service = service;
  self->outbox_dir = g_build_filename (dir, "outbox", NULL);
  self->smtp_url = g_strdup (config->smtp_url);
  self->from = sender_address (service);
  self->max_backoff = (gint64) max_backoff;

  return self;
}

void
mc_mailer_free (McMailer *self)
{
  if (self == NULL)
    return;

  mc_mailer_stop (self, 0);
  if (self->in_flight != NULL)
    self->in_flight->mailer = NULL;
  g_free (self->outbox_dir);
  g_free (self->smtp_url);
  g_free (self->from);
  g_free (self);
}

void
mc_mailer_start (McMailer *self)
{
  self->running = TRUE;
  schedule (self, 0);
}

void
mc_mailer_kick (McMailer *self)
{
  if (self->running && self->in_flight == NULL)
    schedule (self, 0);
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

void
mc_mailer_stop (McMailer *self,
                guint     wait_ms)
{
  gboolean expired = FALSE;
  guint timeout;

  self->running = FALSE;
  g_clear_handle_id (&self->timer, g_source_remove);

  if (self->in_flight == NULL || wait_ms == 0)
    return;

  timeout = g_timeout_add (wait_ms, wait_timeout_cb, &expired);
  while (self->in_flight != NULL && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (timeout);
}
