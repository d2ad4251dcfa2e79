/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The benchmark's baseline: a bare SoupServer that answers every request
 * with the same JSON bytes, so that the service's GET /v1/account can be
 * compared with libsoup alone. Prints its URL as the first line, like serve.
 */

#include "config.h"

#include <glib-unix.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static GBytes *body;

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           data)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_replace (headers, "Content-Type", "application/json; charset=utf-8");
  soup_message_headers_set_content_length (headers, g_bytes_get_size (body));
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), body);
}

static gboolean
quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  GSList *uris;

  if (argc != 2 || !g_file_get_contents (argv[1], &contents, &len, &error))
    {
      g_printerr ("usage: bench-static FILE.json\n");
      return 2;
    }
  body = g_bytes_new_take (g_steal_pointer (&contents), len);

  soup_server_add_handler (server, NULL, handler, NULL, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      g_printerr ("bench-static: %s\n", error->message);
      return 1;
    }

  uris = soup_server_get_uris (server);
  {
    g_autofree char *url = g_uri_to_string (uris->data);

    printf ("%s\n", url);
    fflush (stdout);
  }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);
  g_bytes_unref (body);

  return 0;
}
