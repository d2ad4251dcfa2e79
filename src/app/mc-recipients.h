/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The most numbers one broadcast may list (api.md). */
#define MC_RECIPIENTS_MAX 50000

/**
 * McRecipients:
 * @valid: WhatsApp ids (7 to 15 digits), de-duplicated, in the order given,
 *   %NULL-terminated
 * @invalid: the entries that are not numbers of that shape, as typed
 * @n_valid: the length of @valid
 * @duplicates: how many repeats were dropped
 *
 * Numbers pasted or imported for a broadcast.
 */
typedef struct
{
  char  **valid;
  char  **invalid;
  guint   n_valid;
  guint   duplicates;
} McRecipients;

McRecipients *mc_recipients_parse (const char   *text);
void          mc_recipients_free  (McRecipients *recipients);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McRecipients, mc_recipients_free)

G_END_DECLS
