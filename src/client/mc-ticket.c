/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "mc-client-private.h"

#define RO_FLAGS (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

struct _McTicket
{
  GObject     parent_instance;

  char       *id;
  char       *status;
  char       *subject;
  char       *body;
  char       *payment_id;
  GDateTime  *created_at;
};

G_DEFINE_FINAL_TYPE (McTicket, mc_ticket, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_STATUS,
  PROP_SUBJECT,
  PROP_BODY,
  PROP_PAYMENT_ID,
  PROP_CREATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mc_ticket_finalize (GObject *object)
{
  McTicket *self = (McTicket *) object;

  g_free (self->id);
  g_free (self->status);
  g_free (self->subject);
  g_free (self->body);
  g_free (self->payment_id);
  g_clear_pointer (&self->created_at, g_date_time_unref);

  G_OBJECT_CLASS (mc_ticket_parent_class)->finalize (object);
}

static void
mc_ticket_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  McTicket *self = MC_TICKET (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_STATUS: g_value_set_string (value, self->status); break;
    case PROP_SUBJECT: g_value_set_string (value, self->subject); break;
    case PROP_BODY: g_value_set_string (value, self->body); break;
    case PROP_PAYMENT_ID: g_value_set_string (value, self->payment_id); break;
    case PROP_CREATED_AT: g_value_set_boxed (value, self->created_at); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_ticket_class_init (McTicketClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mc_ticket_finalize;
  object_class->get_property = mc_ticket_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, RO_FLAGS);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, RO_FLAGS);
  properties[PROP_SUBJECT] = g_param_spec_string ("subject", NULL, NULL, NULL, RO_FLAGS);
  properties[PROP_BODY] = g_param_spec_string ("body", NULL, NULL, NULL, RO_FLAGS);
  properties[PROP_PAYMENT_ID] = g_param_spec_string ("payment-id", NULL, NULL, NULL, RO_FLAGS);
  properties[PROP_CREATED_AT] = g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, RO_FLAGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_ticket_init (McTicket *self)
{
}

McTicket *
mc_ticket_new_from_json (JsonObject  *object,
                         GError     **error)
{
  g_autoptr(GDateTime) created_at = NULL;
  const char *id, *status, *subject, *body = NULL, *payment_id = NULL;
  McTicket *self;

  if (!mc_json_get_id (object, "id", "tkt_", FALSE, &id, error) ||
      !mc_json_get_string (object, "status", FALSE, &status, error) ||
      !mc_json_get_string (object, "subject", FALSE, &subject, error) ||
      !mc_json_get_time (object, "created_at", FALSE, &created_at, error))
    return NULL;

  /* Not in api.md's answer, but kept when a service sends them. */
  if (json_object_has_member (object, "body") &&
      !mc_json_get_string (object, "body", TRUE, &body, error))
    return NULL;
  if (json_object_has_member (object, "payment_id") &&
      !mc_json_get_id (object, "payment_id", "pay_", TRUE, &payment_id, error))
    return NULL;

  self = g_object_new (MC_TYPE_TICKET, NULL);
  self->id = g_strdup (id);
  self->status = g_strdup (status);
  self->subject = g_strdup (subject);
  self->body = g_strdup (body);
  self->payment_id = g_strdup (payment_id);
  self->created_at = g_steal_pointer (&created_at);

  return self;
}

/** mc_ticket_get_id: Returns: (transfer none): the `tkt_…` id */
const char *
mc_ticket_get_id (McTicket *self)
{
  g_return_val_if_fail (MC_IS_TICKET (self), NULL);
  return self->id;
}

/** mc_ticket_get_status: Returns: (transfer none): the status as sent (`"open"`) */
const char *
mc_ticket_get_status (McTicket *self)
{
  g_return_val_if_fail (MC_IS_TICKET (self), NULL);
  return self->status;
}

/** mc_ticket_get_subject: Returns: (transfer none): the subject */
const char *
mc_ticket_get_subject (McTicket *self)
{
  g_return_val_if_fail (MC_IS_TICKET (self), NULL);
  return self->subject;
}

/** mc_ticket_get_body: Returns: (transfer none) (nullable): the text, when the service sent it */
const char *
mc_ticket_get_body (McTicket *self)
{
  g_return_val_if_fail (MC_IS_TICKET (self), NULL);
  return self->body;
}

/** mc_ticket_get_payment_id: Returns: (transfer none) (nullable): the payment it is about */
const char *
mc_ticket_get_payment_id (McTicket *self)
{
  g_return_val_if_fail (MC_IS_TICKET (self), NULL);
  return self->payment_id;
}

/** mc_ticket_get_created_at: Returns: (transfer none): when it was raised */
GDateTime *
mc_ticket_get_created_at (McTicket *self)
{
  g_return_val_if_fail (MC_IS_TICKET (self), NULL);
  return self->created_at;
}
