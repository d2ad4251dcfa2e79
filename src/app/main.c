/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "mc-application.h"
#include "mc-trace.h"

/* Installed in a prefix that XDG_DATA_DIRS does not name (a trial install
 * into a folder of one's own), GSettings would not find the schema, and
 * aborts without it: point it at the one installed with the app. */
static void
find_schemas (void)
{
  g_autofree char *datadir = g_path_get_dirname (PKGDATADIR);
  g_autofree char *schemas = g_build_filename (datadir, "glib-2.0", "schemas", NULL);
  g_autofree char *compiled = g_build_filename (schemas, "gschemas.compiled", NULL);
  const char * const *dirs = g_get_system_data_dirs ();

  if (g_getenv ("GSETTINGS_SCHEMA_DIR") != NULL || !g_file_test (compiled, G_FILE_TEST_IS_REGULAR))
    return;

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *dir = g_canonicalize_filename (dirs[i], NULL);

      if (g_str_equal (dir, datadir))
        return;
    }

  g_setenv ("GSETTINGS_SCHEMA_DIR", schemas, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(McApplication) app = NULL;
  g_autofree char *token = NULL;
  const char *localedir;
  int status;

  /* Each frame the window paints (GSK's cairo renderer) is a buffer of
   * several MiB, freed once it is shown. glibc would raise its mmap threshold
   * to that size at the first free, then keep every later buffer in the
   * heap, never returned: a fixed threshold has such buffers mapped and
   * unmapped, so what the window does not hold goes back to the system. */
#ifdef __GLIBC__
  mallopt (M_MMAP_THRESHOLD, 256 * 1024);
#endif

  setlocale (LC_ALL, "");

  mc_trace_init ();

  find_schemas ();

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
