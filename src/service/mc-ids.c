/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "mc-ids.h"

static const char base32_alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

void
mc_random_bytes (guint8 *buf,
                 gsize   len)
{
  gsize done = 0;

  while (done < len)
    {
      ssize_t n = getrandom (buf + done, len - done, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        break;
      done += (gsize) n;
    }

  if (done < len)
    {
      int fd = open ("/dev/urandom", O_RDONLY | O_CLOEXEC);

      while (fd >= 0 && done < len)
        {
          ssize_t n = read (fd, buf + done, len - done);

          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0)
            break;
          done += (gsize) n;
        }
      if (fd >= 0)
        close (fd);
    }

  if (done < len)
    g_error ("No random bytes available: refusing to issue ids or tokens");
}

/* Crockford-style base32 (no i, l, o, u) of @len bytes, most significant bits first. */
static char *
base32 (const guint8 *bytes,
        gsize         len)
{
  GString *out = g_string_sized_new (len * 8 / 5 + 2);
  guint32 acc = 0;
  guint bits = 0;

  for (gsize i = 0; i < len; i++)
    {
      acc = (acc << 8) | bytes[i];
      bits += 8;
      while (bits >= 5)
        {
          g_string_append_c (out, base32_alphabet[(acc >> (bits - 5)) & 31]);
          bits -= 5;
        }
    }
  if (bits > 0)
    g_string_append_c (out, base32_alphabet[(acc << (5 - bits)) & 31]);

  return g_string_free (out, FALSE);
}

static char *
prefixed_random (const char *prefix,
                 gsize       n_bytes)
{
  guint8 buf[32];
  g_autofree char *body = NULL;

  g_assert (n_bytes <= sizeof buf);
  mc_random_bytes (buf, n_bytes);
  body = base32 (buf, n_bytes);
  memset (buf, 0, sizeof buf);

  return g_strconcat (prefix, "_", body, NULL);
}

char *
mc_id_new (const char *prefix)
{
  g_return_val_if_fail (prefix != NULL, NULL);

  return prefixed_random (prefix, 16);
}

char *
mc_token_new (const char *prefix)
{
  g_return_val_if_fail (prefix != NULL, NULL);

  return prefixed_random (prefix, 32);
}

char *
mc_token_hash (const char *token)
{
  g_return_val_if_fail (token != NULL, NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

gboolean
mc_const_equal (const void *a,
                gsize       a_len,
                const void *b,
                gsize       b_len)
{
  const volatile guint8 *pa = a;
  const volatile guint8 *pb = b;
  guint8 diff = 0;

  if (a_len != b_len)
    return FALSE;

  for (gsize i = 0; i < a_len; i++)
    diff |= pa[i] ^ pb[i];

  return diff == 0;
}

gboolean
mc_id_is_plausible (const char *id,
                    const char *prefix)
{
  gsize prefix_len;

  g_return_val_if_fail (prefix != NULL, FALSE);

  if (id == NULL)
    return FALSE;

  prefix_len = strlen (prefix);
  if (strncmp (id, prefix, prefix_len) != 0 || id[prefix_len] != '_')
    return FALSE;

  id += prefix_len + 1;
  if (*id == '\0' || strlen (id) > 64)
    return FALSE;

  for (; *id; id++)
    if (strchr (base32_alphabet, *id) == NULL)
      return FALSE;

  return TRUE;
}
