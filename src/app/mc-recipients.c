/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "mc-recipients.h"

/**
 * mc_recipients_parse:
 * @text: numbers separated by new lines, commas, semicolons or tabs: pasted,
 *   or a CSV or text file
 *
 * Reads WhatsApp ids the way people write them: `+91 98765-43210` and
 * `(919) 876.543210` are `919876543210`. An entry with no digit at all (a CSV
 * header, a name column) is skipped; one with digits that is not 7 to 15
 * digits once spaces, dashes, dots, brackets and a leading `+` are removed is
 * invalid.
 *
 * Returns: (transfer full): the numbers
 */
McRecipients *
mc_recipients_parse (const char *text)
{
  McRecipients *recipients = g_new0 (McRecipients, 1);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) valid = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) invalid = g_ptr_array_new_with_free_func (g_free);
  const char *p = text != NULL ? text : "";

  while (*p != '\0')
    {
      size_t len = strcspn (p, "\n\r,;\t");
      g_autofree char *entry = g_strndup (p, len);
      GString *digits = g_string_new (NULL);
      gboolean has_digit = FALSE;
      gboolean bad = FALSE;

      g_strstrip (entry);
      /* Quoted CSV cells. */
      if (entry[0] == '"' && len > 1 && entry[strlen (entry) - 1] == '"')
        {
          memmove (entry, entry + 1, strlen (entry));
          entry[strlen (entry) - 1] = '\0';
          g_strstrip (entry);
        }

      for (const char *c = entry; *c != '\0'; c++)
        {
          if (g_ascii_isdigit (*c))
            {
              g_string_append_c (digits, *c);
              has_digit = TRUE;
            }
          else if (*c == '+' && digits->len == 0 && c == entry)
            continue;
          else if (*c == ' ' || *c == '-' || *c == '.' || *c == '(' || *c == ')')
            continue;
          else
            bad = TRUE;
        }

      if (has_digit)
        {
          if (bad || digits->len < 7 || digits->len > 15)
            g_ptr_array_add (invalid, g_strdup (entry));
          else if (g_hash_table_contains (seen, digits->str))
            recipients->duplicates++;
          else
            {
              char *number = g_strdup (digits->str);

              g_ptr_array_add (valid, number);
              g_hash_table_add (seen, number);
            }
        }

      g_string_free (digits, TRUE);
      p += len;
      if (*p != '\0')
        p++;
    }

  recipients->n_valid = valid->len;
  g_ptr_array_add (valid, NULL);
  g_ptr_array_add (invalid, NULL);
  recipients->valid = (char **) g_ptr_array_free (g_steal_pointer (&valid), FALSE);
  recipients->invalid = (char **) g_ptr_array_free (g_steal_pointer (&invalid), FALSE);

  return recipients;
}

void
mc_recipients_free (McRecipients *recipients)
{
  if (recipients == NULL)
    return;

  g_strfreev (recipients->valid);
  g_strfreev (recipients->invalid);
  g_free (recipients);
}
