/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "mc-client.h"

G_BEGIN_DECLS

/* The deepest JSON nesting accepted; api.md never goes past 4. Checked before
 * json-glib parses, so a hostile `[[[[…` cannot exhaust the stack. */
#define MC_JSON_MAX_DEPTH 64

/* Timers on the thread-default main context, where the GTask returns. */
GSource    *mc_timeout_source_attach          (guint          seconds,
                                               GSourceFunc    callback,
                                               gpointer       data);
void        mc_source_clear                   (GSource       *source);

/* mc-client-error.c */
GError     *mc_client_error_new_full          (McClientError  code,
                                               const char    *code_name,
                                               const char    *field,
                                               guint          http_status,
                                               const char    *message);
GError     *mc_client_error_bad_response      (const char    *format,
                                               ...) G_GNUC_PRINTF (1, 2);

/* mc-client-json.c: typed access that fails with MC_CLIENT_ERROR_BAD_RESPONSE */
JsonNode   *mc_json_parse                     (const char    *data,
                                               gsize          length,
                                               GError       **error);
gboolean    mc_json_get_object                (JsonObject    *object,
                                               const char    *name,
                                               gboolean       nullable,
                                               JsonObject   **out,
                                               GError       **error);
gboolean    mc_json_get_array                 (JsonObject    *object,
                                               const char    *name,
                                               JsonArray    **out,
                                               GError       **error);
gboolean    mc_json_get_string                (JsonObject    *object,
                                               const char    *name,
                                               gboolean       nullable,
                                               const char   **out,
                                               GError       **error);
gboolean    mc_json_get_id                    (JsonObject    *object,
                                               const char    *name,
                                               const char    *prefix,
                                               gboolean       nullable,
                                               const char   **out,
                                               GError       **error);
gboolean    mc_json_get_money                 (JsonObject    *object,
                                               const char    *name,
                                               gint64        *out,
                                               GError       **error);
gboolean    mc_json_get_int                   (JsonObject    *object,
                                               const char    *name,
                                               gint64         min,
                                               gint64         max,
                                               gint64        *out,
                                               GError       **error);
gboolean    mc_json_get_bool                  (JsonObject    *object,
                                               const char    *name,
                                               gboolean      *out,
                                               GError       **error);
gboolean    mc_json_get_time                  (JsonObject    *object,
                                               const char    *name,
                                               gboolean       nullable,
                                               GDateTime    **out,
                                               GError       **error);
gboolean    mc_json_get_date                  (JsonObject    *object,
                                               const char    *name,
                                               const char   **out,
                                               GError       **error);
gboolean    mc_json_get_enum                  (JsonObject    *object,
                                               const char    *name,
                                               GType          enum_type,
                                               int           *out,
                                               GError       **error);
gboolean    mc_json_get_currency              (JsonObject    *object,
                                               const char    *name,
                                               McCurrency    *out,
                                               GError       **error);
int         mc_enum_from_wire                 (GType          enum_type,
                                               const char    *text);
char       *mc_enum_to_wire                   (GType          enum_type,
                                               int            value);

/* Setters that notify only on a real change. */
void        mc_set_string                     (GObject       *object,
                                               char         **field,
                                               const char    *value,
                                               GParamSpec    *pspec);
void        mc_set_int64                      (GObject       *object,
                                               gint64        *field,
                                               gint64         value,
                                               GParamSpec    *pspec);
void        mc_set_uint64                     (GObject       *object,
                                               guint64       *field,
                                               guint64        value,
                                               GParamSpec    *pspec);
void        mc_set_int                        (GObject       *object,
                                               int           *field,
                                               int            value,
                                               GParamSpec    *pspec);
void        mc_set_boolean                    (GObject       *object,
                                               gboolean      *field,
                                               gboolean       value,
                                               GParamSpec    *pspec);
void        mc_set_date_time                  (GObject       *object,
                                               GDateTime    **field,
                                               GDateTime     *value,
                                               GParamSpec    *pspec);

/* Models: parse everything first, then apply, so a bad answer changes nothing. */
gboolean             mc_account_update_from_json        (McAccount      *self,
                                                         JsonObject     *object,
                                                         GError        **error);
McPayment           *mc_payment_new                     (void);
gboolean             mc_payment_update_from_json        (McPayment      *self,
                                                         JsonObject     *object,
                                                         GError        **error);
const char          *mc_payment_peek_id_from_json       (JsonObject     *object);
McTransaction       *mc_transaction_new_from_json       (JsonObject     *object,
                                                         McCurrency      currency,
                                                         GError        **error);
McReport            *mc_report_new_from_json            (JsonObject     *object,
                                                         GError        **error);
McBroadcast         *mc_broadcast_new                   (void);
gboolean             mc_broadcast_update_from_json      (McBroadcast    *self,
                                                         JsonObject     *object,
                                                         McCurrency      currency,
                                                         GError        **error);
McBroadcastEstimate *mc_broadcast_estimate_new_from_json (JsonObject    *object,
                                                          McCurrency     currency,
                                                          GError       **error);
McNotification      *mc_notification_new                (void);
gboolean             mc_notification_update_from_json   (McNotification *self,
                                                         JsonObject     *object,
                                                         GError        **error);
McTicket            *mc_ticket_new_from_json            (JsonObject     *object,
                                                         GError        **error);

/* mc-client.c, for the event stream and the export */
SoupSession         *mc_client_get_session              (McClient       *self);
SoupMessage         *mc_client_new_message              (McClient       *self,
                                                         const char     *method,
                                                         const char     *path_and_query);
GError              *mc_client_translate_error          (McClient       *self,
                                                         const GError   *error,
                                                         gboolean        timed_out);
GError              *mc_client_error_from_response      (McClient       *self,
                                                         SoupMessage    *message,
                                                         GBytes         *body,
                                                         gboolean        raw);
McPayment           *mc_client_intern_payment           (McClient       *self,
                                                         JsonObject     *object,
                                                         GError        **error);
McBroadcast         *mc_client_intern_broadcast         (McClient       *self,
                                                         JsonObject     *object,
                                                         GError        **error);
McNotification      *mc_client_intern_notification      (McClient       *self,
                                                         JsonObject     *object,
                                                         GError        **error);
gboolean             mc_client_update_account           (McClient       *self,
                                                         JsonObject     *object,
                                                         GError        **error);
GPtrArray           *mc_client_list_held_payments       (McClient       *self);
GPtrArray           *mc_client_list_held_broadcasts     (McClient       *self);
char                *mc_client_build_query_date_range   (const GDate    *from,
                                                         const GDate    *to);
void                 mc_client_read_body_async          (McClient            *self,
                                                         GInputStream        *stream,
                                                         gsize                max_size,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
GBytes              *mc_client_read_body_finish         (McClient       *self,
                                                         GAsyncResult   *result,
                                                         GError        **error);

G_END_DECLS
