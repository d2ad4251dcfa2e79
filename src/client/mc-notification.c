/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "mc-client-private.h"

#define RO_FLAGS (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

struct _McNotification
{
  GObject     parent_instance;

  char       *id;
  char       *title;
  char       *body;
  char       *ref;
  GDateTime  *at;
  int         kind;
  gboolean    read;
};

G_DEFINE_FINAL_TYPE (McNotification, mc_notification, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_AT,
  PROP_KIND,
  PROP_TITLE,
  PROP_BODY,
  PROP_READ,
  PROP_REF,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mc_notification_finalize (GObject *object)
{
  McNotification *self = (McNotification *) object;

  g_free (self->id);
  g_free (self->title);
  g_free (self->body);
  g_free (self->ref);
  g_clear_pointer (&self->at, g_date_time_unref);

  G_OBJECT_CLASS (mc_notification_parent_class)->finalize (object);
}

static void
mc_notification_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  McNotification *self = MC_NOTIFICATION (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_AT: g_value_set_boxed (value, self->at); break;
    case PROP_KIND: g_value_set_enum (value, self->kind); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_BODY: g_value_set_string (value, self->body); break;
    case PROP_READ: g_value_set_boolean (value, self->read); break;
    case PROP_REF: g_value_set_string (value, self->ref); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_notification_class_init (McNotificationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mc_notification_finalize;
  object_class->get_property = mc_notification_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, RO_FLAGS);
  properties[PROP_AT] = g_param_spec_boxed ("at", NULL, NULL, G_TYPE_DATE_TIME, RO_FLAGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, MC_TYPE_NOTIFICATION_KIND, MC_NOTIFICATION_KIND_LOW_BALANCE, RO_FLAGS);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, RO_FLAGS);
  properties[PROP_BODY] = g_param_spec_string ("body", NULL, NULL, NULL, RO_FLAGS);
  properties[PROP_READ] = g_param_spec_boolean ("read", NULL, NULL, FALSE, RO_FLAGS);
  properties[PROP_REF] = g_param_spec_string ("ref", NULL, NULL, NULL, RO_FLAGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_notification_init (McNotification *self)
{
}

McNotification *
mc_notification_new (void)
{
  return g_object_new (MC_TYPE_NOTIFICATION, NULL);
}

gboolean
mc_notification_update_from_json (McNotification  *self,
                                  JsonObject      *object,
                                  GError         **error)
{
  GObject *obj = G_OBJECT (self);
  g_autoptr(GDateTime) at = NULL;
  const char *id, *title, *body, *ref;
  gboolean read;
  int kind;

  if (!mc_json_get_id (object, "id", "ntf_", FALSE, &id, error) ||
      !mc_json_get_time (object, "at", FALSE, &at, error) ||
      !mc_json_get_enum (object, "kind", MC_TYPE_NOTIFICATION_KIND, &kind, error) ||
      !mc_json_get_string (object, "title", FALSE, &title, error) ||
      !mc_json_get_string (object, "body", FALSE, &body, error) ||
      !mc_json_get_bool (object, "read", &read, error) ||
      !mc_json_get_string (object, "ref", TRUE, &ref, error))
    return FALSE;

  if (self->id != NULL && !g_str_equal (self->id, id))
    {
      g_propagate_error (error, mc_client_error_bad_response ("another notification's data"));
      return FALSE;
    }

  g_object_freeze_notify (obj);
  mc_set_string (obj, &self->id, id, properties[PROP_ID]);
  mc_set_date_time (obj, &self->at, at, properties[PROP_AT]);
  mc_set_int (obj, &self->kind, kind, properties[PROP_KIND]);
  mc_set_string (obj, &self->title, title, properties[PROP_TITLE]);
  mc_set_string (obj, &self->body, body, properties[PROP_BODY]);
  mc_set_boolean (obj, &self->read, read, properties[PROP_READ]);
  mc_set_string (obj, &self->ref, ref, properties[PROP_REF]);
  g_object_thaw_notify (obj);

  return TRUE;
}

/** mc_notification_get_id: Returns: (transfer none): the `ntf_…` id */
const char *
mc_notification_get_id (McNotification *self)
{
  g_return_val_if_fail (MC_IS_NOTIFICATION (self), NULL);
  return self->id;
}

/** mc_notification_get_at: Returns: (transfer none): when the notice was raised */
GDateTime *
mc_notification_get_at (McNotification *self)
{
  g_return_val_if_fail (MC_IS_NOTIFICATION (self), NULL);
  return self->at;
}

/** mc_notification_get_kind: Returns: what the notice is about */
McNotificationKind
mc_notification_get_kind (McNotification *self)
{
  g_return_val_if_fail (MC_IS_NOTIFICATION (self), MC_NOTIFICATION_KIND_LOW_BALANCE);
  return self->kind;
}

/** mc_notification_get_title: Returns: (transfer none): the headline */
const char *
mc_notification_get_title (McNotification *self)
{
  g_return_val_if_fail (MC_IS_NOTIFICATION (self), NULL);
  return self->title;
}

/** mc_notification_get_body: Returns: (transfer none): the text */
const char *
mc_notification_get_body (McNotification *self)
{
  g_return_val_if_fail (MC_IS_NOTIFICATION (self), NULL);
  return self->body;
}

/** mc_notification_get_read: Returns: whether the notice was marked read */
gboolean
mc_notification_get_read (McNotification *self)
{
  g_return_val_if_fail (MC_IS_NOTIFICATION (self), FALSE);
  return self->read;
}

/** mc_notification_get_ref: Returns: (transfer none) (nullable): the payment or broadcast */
const char *
mc_notification_get_ref (McNotification *self)
{
  g_return_val_if_fail (MC_IS_NOTIFICATION (self), NULL);
  return self->ref;
}
