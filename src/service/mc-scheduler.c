/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "mc-broadcasts.h"
#include "mc-clock.h"
#include "mc-scheduler.h"

#define SCHEDULER_KEY "mc-broadcast-scheduler"

/* The longest the timer sleeps in real time, so that a broadcast written by
 * another process is still sent within api.md's five seconds. */
#define MAX_SLEEP_MS 4000
/* After a failed pass (the database busy, say), try again this soon. */
#define RETRY_MS 1000

typedef struct
{
  McService *service;
  guint      source;
  gint64     due;
  gboolean   stopped;
} Scheduler;

static void arm (Scheduler *self);

static void
scheduler_free (Scheduler *self)
{
  g_clear_handle_id (&self->source, g_source_remove);
  g_free (self);
}

static gboolean
run (Scheduler *self)
{
  g_autoptr(GError) error = NULL;

  if (!mc_broadcasts_run_due (self->service, mc_service_now (), &error))
    {
      g_message ("Sending scheduled broadcasts failed, will retry: %s", error->message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
tick_cb (gpointer user_data)
{
  Scheduler *self = user_data;

  self->source = 0;
  self->due = G_MAXINT64;

  if (!run (self))
    {
      self->source = g_timeout_add (RETRY_MS, tick_cb, self);
      return G_SOURCE_REMOVE;
    }

  arm (self);
  return G_SOURCE_REMOVE;
}

static void
arm (Scheduler *self)
{
  g_autoptr(GError) error = NULL;
  gint64 now = mc_service_now ();
  gint64 due = G_MAXINT64;
  guint delay_ms = MAX_SLEEP_MS;

  if (!mc_store_broadcast_next_due (mc_service_get_store (self->service), &due, &error))
    {
      g_message ("Cannot read scheduled broadcasts: %s", error->message);
      due = G_MAXINT64;
      delay_ms = RETRY_MS;
    }

  /* The clock counts whole seconds: wake just after @due, never before. */
  if (due <= now)
    delay_ms = 0;
  else if (due - now < G_MAXINT32 / 1000)
    delay_ms = MIN (delay_ms, mc_clock_real_delay_ms (due - now + 1));

  if (self->source != 0 && self->due <= due)
    return;

  g_clear_handle_id (&self->source, g_source_remove);
  self->due = due;
  self->source = g_timeout_add (delay_ms, tick_cb, self);
}

void
mc_scheduler_start (McService *service)
{
  Scheduler *self;

  g_return_if_fail (mc_service_get_data (service, SCHEDULER_KEY) == NULL);

  self = g_new0 (Scheduler, 1);
  self->service = service;
  self->due = G_MAXINT64;
  mc_service_set_data (service, SCHEDULER_KEY, self, (GDestroyNotify) scheduler_free);

  /* Whatever fell due while the service was down happens now. */
  if (!run (self))
    self->source = g_timeout_add (RETRY_MS, tick_cb, self);
  else
    arm (self);
}

void
mc_scheduler_kick (McService *service)
{
  Scheduler *self = mc_service_get_data (service, SCHEDULER_KEY);

  if (self != NULL && !self->stopped)
    arm (self);
}

void
mc_scheduler_stop (McService *service)
{
  Scheduler *self = mc_service_get_data (service, SCHEDULER_KEY);

  if (self != NULL)
    {
      self->stopped = TRUE;
      g_clear_handle_id (&self->source, g_source_remove);
    }
}
