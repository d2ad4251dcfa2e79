/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MC_TYPE_TICKET (mc_ticket_get_type ())
G_DECLARE_FINAL_TYPE (McTicket, mc_ticket, MC, TICKET, GObject)

/*
 * McTicket: a support ticket (immutable).
 *
 * Properties (read-only): "id", "status" (string as sent, `"open"`: api.md
 * names no other), "subject" (string), "body", "payment-id" (nullable
 * strings: only when the service sent them), "created-at" (#GDateTime).
 */

const char  *mc_ticket_get_id          (McTicket *self);
const char  *mc_ticket_get_status      (McTicket *self);
const char  *mc_ticket_get_subject     (McTicket *self);
const char  *mc_ticket_get_body        (McTicket *self);
const char  *mc_ticket_get_payment_id  (McTicket *self);
GDateTime   *mc_ticket_get_created_at  (McTicket *self);

G_END_DECLS
