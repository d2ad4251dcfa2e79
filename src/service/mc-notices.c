/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "mc-ids.h"
#include "mc-notices.h"
#include "mc-objects.h"

gboolean
mc_notices_add (McService        *service,
                const McAccount  *account,
                gint64            at,
                const char       *kind,
                const char       *ref,
                const char       *title,
                const char       *body,
                const char       *email_body,
                GError          **error)
{
  McStore *store = mc_service_get_store (service);
  g_autofree char *id = mc_id_new ("ntf");
  g_autoptr(JsonObject) object = NULL;
  McNotification notification = {
    .id = id,
    .account_id = account->id,
    .at = at,
    .kind = (char *) kind,
    .title = (char *) title,
    .body = (char *) body,
    .read = FALSE,
    .ref = (char *) ref,
  };

  if (!mc_store_notification_insert (store, &notification, error))
    return FALSE;

  object = mc_notification_to_json (&notification);
  if (!mc_service_emit (service, account->id, "notification", object, error))
    return FALSE;

  if (email_body != NULL)
    {
      g_autofree char *random = mc_id_new ("msg");
      g_autofree char *message_id = g_strdup_printf ("%s@message-credits.localhost", random);
      McOutboxMessage message = {
        .message_id = message_id,
        .account_id = account->id,
        .kind = (char *) kind,
        .recipient = account->email,
        .subject = (char *) title,
        .body = (char *) email_body,
        .created_at = at,
        .next_attempt_at = at,
      };

      if (!mc_store_outbox_insert (store, &message, error))
        return FALSE;
      mc_service_mail_queued (service);
    }

  return TRUE;
}
