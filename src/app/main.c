/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "mc-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(McApplication) app = NULL;
  g_autofree char *token = NULL;
  const char *localedir;
  int status;

  setlocale (LC_ALL, "");

  /* Run from the build folder (tests, meson devenv), the translations are
   * in its po/ folder, not yet under LOCALEDIR. */
  localedir = g_getenv ("MESSAGE_CREDITS_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Read the token and clear it before any thread, child or browser could
   * see it. */
  token = g_strdup (g_getenv ("MESSAGE_CREDITS_TOKEN"));
  g_unsetenv ("MESSAGE_CREDITS_TOKEN");

  app = mc_application_new (token);
  if (token != NULL)
    memset (token, 0, strlen (token));

  status = g_application_run (G_APPLICATION (app), argc, argv);

  return status;
}
