/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/**
 * MC_BODY_LIMIT:
 *
 * The largest request body the service reads (api.md: 1 MiB). Bigger ones
 * get `413 body_too_large`.
 */
#define MC_BODY_LIMIT (1024 * 1024)

/**
 * MC_BODY_DISCARD_LIMIT:
 *
 * How much of a refused body is still read (and thrown away) so that the
 * client gets to see the 413 before the connection is closed.
 */
#define MC_BODY_DISCARD_LIMIT (16 * 1024 * 1024)

/**
 * McRequest:
 * @method: the HTTP method, as sent (`"GET"`)
 * @path: the decoded path (`/v1/payments/pay_…`)
 * @query: (element-type utf8 utf8): the decoded query parameters (last one wins)
 * @headers: the request headers
 * @body: the request body (never %NULL; empty when there was none)
 * @remote_is_loopback: whether the peer is on this machine
 * @body_too_large: set by the HTTP layer when the body passed %MC_BODY_LIMIT
 * @params: (element-type utf8 utf8): the `{name}` segments the router matched
 * @account_id: (nullable): the authenticated account, set by the service
 *   before a route that needs a bearer token runs
 *
 * A request as the route handlers see it: the same structure whether it
 * came over a socket through libsoup or from a test or fuzzer.
 */
typedef struct
{
  char               *method;
  char               *path;
  GHashTable         *query;
  SoupMessageHeaders *headers;
  GBytes             *body;
  gboolean            remote_is_loopback;
  gboolean            body_too_large;
  GHashTable         *params;
  char               *account_id;
} McRequest;

/**
 * McBodyProducer:
 * @user_data: the producer's state
 * @chunk: where to append the next piece of the body
 * @error: why the body cannot go on
 *
 * Produces the next piece of a streamed response body. It is called again
 * each time the previous piece has been written to the socket, so it should
 * add a bounded amount (tens of KiB) and return quickly: it runs on the main
 * loop. Appending nothing and returning %TRUE means the body is complete.
 *
 * Returns: %FALSE on error (the connection is then closed, since the status
 *   line has already gone out)
 */
typedef gboolean (*McBodyProducer) (gpointer     user_data,
                                    GByteArray  *chunk,
                                    GError     **error);

/**
 * McResponse:
 * @status: the HTTP status, 0 until a handler sets one
 * @headers: the response headers (Content-Type is set with the body)
 * @body: (nullable): the complete body, or %NULL for a streamed one
 * @producer: (nullable): makes a streamed body chunk by chunk
 * @close_connection: ask the HTTP layer to close the connection afterwards
 *
 * A response as a handler builds it.
 */
typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  McBodyProducer      producer;
  gpointer            producer_data;
  GDestroyNotify      producer_destroy;
  gboolean            close_connection;
} McResponse;

/**
 * mc_request_new:
 * @method: the method
 * @path: the decoded path
 *
 * A request with no query, no headers and an empty body, for the HTTP layer
 * to fill in (or a test or fuzzer).
 *
 * Returns: (transfer full): a new request
 */
McRequest   *mc_request_new              (const char *method,
                                          const char *path);
void         mc_request_free             (McRequest  *req);

/**
 * mc_request_set_body:
 * @req: a request
 * @body: (transfer none): the body
 */
void         mc_request_set_body         (McRequest  *req,
                                          GBytes     *body);

/**
 * mc_request_get_param:
 *
 * Returns: (transfer none) (nullable): the path segment the route named @name
 */
const char  *mc_request_get_param        (McRequest  *req,
                                          const char *name);

/**
 * mc_request_get_query:
 *
 * Returns: (transfer none) (nullable): a query parameter
 */
const char  *mc_request_get_query        (McRequest  *req,
                                          const char *name);

/**
 * mc_request_get_header:
 *
 * Returns: (transfer none) (nullable): a request header (the last one when
 *   repeated)
 */
const char  *mc_request_get_header       (McRequest  *req,
                                          const char *name);

/**
 * mc_request_parse_json_object:
 * @req: a request
 * @res: where the error goes
 *
 * Parses the body as one JSON object. Anything that is not JSON becomes
 * `400 invalid_json`, JSON that is not an object `400 invalid_request`.
 *
 * Returns: (transfer full) (nullable): the object, or %NULL with @res set
 */
JsonObject  *mc_request_parse_json_object (McRequest  *req,
                                           McResponse *res);

McResponse  *mc_response_new             (void);
void         mc_response_free            (McResponse *res);

/**
 * mc_response_set_json:
 * @res: a response
 * @status: the status
 * @node: (transfer none): the body
 *
 * Sets a JSON body (`application/json; charset=utf-8`).
 */
void         mc_response_set_json        (McResponse *res,
                                          guint       status,
                                          JsonNode   *node);

/**
 * mc_response_set_json_object:
 * @object: (transfer none): the body
 *
 * As mc_response_set_json() for an object.
 */
void         mc_response_set_json_object (McResponse *res,
                                          guint       status,
                                          JsonObject *object);

/**
 * mc_response_set_created:
 * @object: (transfer none): the new object
 * @collection: where it was created (`/v1/payments`)
 * @id: its id
 *
 * `201` with @object and `Location: collection/id`.
 */
void         mc_response_set_created     (McResponse *res,
                                          JsonObject *object,
                                          const char *collection,
                                          const char *id);

/**
 * mc_response_set_body:
 * @content_type: the Content-Type
 * @body: (transfer none): the bytes
 */
void         mc_response_set_body        (McResponse *res,
                                          guint       status,
                                          const char *content_type,
                                          GBytes     *body);

/**
 * mc_response_set_stream:
 * @res: a response
 * @status: the status
 * @content_type: the Content-Type
 * @producer: makes the body piece by piece
 * @user_data: (transfer full): its state, freed with @destroy
 * @destroy: (nullable): frees @user_data when the response is done
 *
 * Makes the body a stream: the HTTP layer sends it with chunked encoding
 * and calls @producer for each next piece once the last one is written, so
 * the main loop never waits for the whole body and memory does not grow
 * with its size.
 */
void         mc_response_set_stream      (McResponse     *res,
                                          guint           status,
                                          const char     *content_type,
                                          McBodyProducer  producer,
                                          gpointer        user_data,
                                          GDestroyNotify  destroy);

/**
 * mc_response_drain_stream:
 * @res: a response with a streamed body
 * @limit: stop after this many bytes (0: no limit)
 * @error: the producer's error
 *
 * Runs the producer to the end (or @limit) and keeps the result in @res's
 * body: for tests and the fuzzer, which have no socket.
 *
 * Returns: %TRUE on success
 */
gboolean     mc_response_drain_stream    (McResponse *res,
                                          gsize       limit,
                                          GError    **error);

/**
 * mc_response_error:
 * @res: a response
 * @status: the status (api.md's table)
 * @code: the stable error code (`"invalid_amount"`)
 * @field: (nullable): the input to blame
 * @format: the human message
 *
 * Sets api.md's error body, `{"error": {"code", "message", "field"}}`.
 */
void         mc_response_error           (McResponse *res,
                                          guint       status,
                                          const char *code,
                                          const char *field,
                                          const char *format,
                                          ...) G_GNUC_PRINTF (5, 6);

/**
 * mc_response_html:
 * @res: a response
 * @status: the status
 * @title: the page title (plain text, escaped here)
 * @body_html: (transfer none): the page's body, already HTML
 *
 * A complete HTML page with the headers a payment page needs
 * (`Cache-Control: no-store`, `Referrer-Policy: no-referrer`,
 * `Content-Security-Policy: frame-ancestors 'none'`, no sniffing).
 */
void         mc_response_html            (McResponse *res,
                                          guint       status,
                                          const char *title,
                                          const char *body_html);

/**
 * mc_response_html_error:
 * @message: plain text (escaped here)
 *
 * An HTML error page for routes that serve HTML.
 */
void         mc_response_html_error      (McResponse *res,
                                          guint       status,
                                          const char *title,
                                          const char *message);

/**
 * mc_response_get_json:
 *
 * Returns: (transfer full) (nullable): the body parsed as JSON, for tests
 */
JsonNode    *mc_response_get_json        (McResponse *res);

/**
 * mc_json_member:
 * @object: an object
 * @name: a member name
 *
 * Returns: (transfer none) (nullable): the member, %NULL when absent
 */
JsonNode    *mc_json_member              (JsonObject *object,
                                          const char *name);

/**
 * mc_json_get_string:
 * @object: the request object
 * @name: the field
 * @required: whether an absent (or null) field is an error
 * @out: (out) (transfer none): the string, %NULL when absent and not required
 * @res: where the error goes
 *
 * Reads a string field strictly: another JSON type is `400 invalid_request`
 * with @name as the field; so is a missing required one.
 *
 * Returns: %FALSE with @res set on error
 */
gboolean     mc_json_get_string          (JsonObject  *object,
                                          const char  *name,
                                          gboolean     required,
                                          const char **out,
                                          McResponse  *res);

/**
 * mc_json_get_money:
 * @out_present: (out) (optional): whether the field was there
 *
 * Reads a money field: it must be a JSON string (a number is `400
 * invalid_request`) holding api.md's decimal form (else `400
 * invalid_amount`), both with @name as the field.
 *
 * Returns: %FALSE with @res set on error
 */
gboolean     mc_json_get_money           (JsonObject  *object,
                                          const char  *name,
                                          gboolean     required,
                                          gint64      *out,
                                          gboolean    *out_present,
                                          McResponse  *res);

/**
 * mc_html_escape:
 *
 * Returns: (transfer full): @text escaped for HTML text and attribute values
 */
char        *mc_html_escape              (const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McRequest, mc_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McResponse, mc_response_free)

G_END_DECLS
