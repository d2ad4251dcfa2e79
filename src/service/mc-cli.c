/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "mc-accounts.h"
#include "mc-clock.h"
#include "mc-cli.h"
#include "mc-core.h"
#include "mc-demo.h"
#include "mc-ledger.h"
#include "mc-objects.h"
#include "mc-service.h"

#define EXIT_USAGE 2

static const char usage_text[] =
  "Usage:\n"
  "  message-credits-service serve --db PATH [--listen 127.0.0.1:8750] [--public-url URL]\n"
  "      [--sandbox-gateway] [--webhook-secret-file F] [--smtp URL]\n"
  "      [--support-phone P] [--support-email E]\n"
  "  message-credits-service account create --db PATH --name N --email E --currency INR|USD\n"
  "      [--timezone TZ] [--rates free=0,business_initiated=0.80,user_initiated=0.35]\n"
  "  message-credits-service account rotate-token --db PATH --account ID\n"
  "  message-credits-service account adjust --db PATH --account ID --amount \"-10.00\" --reason \"…\"\n"
  "  message-credits-service demo --db PATH\n"
  "\n"
  "Run a command with --help for its options.\n";

static const char test_only_text[] =
  "Environment variables for tests only (never set them in production):\n"
  "  MC_SERVICE_NOW=2028-08-31T12:00:00Z  the clock starts at this instant and runs on\n"
  "  MC_SERVICE_TIME_SCALE=N              the clock runs N times faster than real time\n"
  "  MC_SERVICE_MAIL_MAX_BACKOFF=S        e-mail retries wait at most S seconds\n";

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_printerr ("%s\n\n", message);
  if (context != NULL)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s", help);
    }
  else
    g_printerr ("%s", usage_text);

  return EXIT_USAGE;
}

static int
fail (const char   *what,
      const GError *error)
{
  g_printerr ("message-credits-service: %s: %s\n", what, error ? error->message : "failed");
  return EXIT_FAILURE;
}

static gboolean
parse_options (GOptionContext  *context,
               int             *argc,
               char          ***argv,
               int             *out_status)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *out_status = usage_error (context, error->message);
      return FALSE;
    }

  if (*argc > 1)
    {
      g_autofree char *message = g_strdup_printf ("Unexpected argument “%s”", (*argv)[1]);

      *out_status = usage_error (context, message);
      return FALSE;
    }

  return TRUE;
}

static void
print_json (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (node, FALSE);

  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

static void
print_id_and_token (const char *id,
                    const char *token)
{
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_string_member (object, "id", id);
  json_object_set_string_member (object, "token", token);
  print_json (object);
}

/* For every command but serve: shows what serve shows. */
static McService *
open_service (const char  *db_path,
              GError     **error)
{
  g_autoptr(McService) service = NULL;
  McServiceConfig config = { 0 };

  config.db_path = (char *) db_path;
  service = mc_service_new (&config, error);
  if (service == NULL || !mc_service_use_serve_settings (service, error))
    return NULL;

  return g_steal_pointer (&service);
}

/* serve */

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static GBytes *
read_secret (const char  *path,
             GError     **error)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;

  /* Trailing white space (a final newline, say) is not part of the secret. */
  while (len > 0 && g_ascii_isspace (contents[len - 1]))
    len--;

  if (len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s holds no secret", path);
      return NULL;
    }

  return g_bytes_new (contents, len);
}

static gboolean
url_has_scheme (const char         *url,
                const char * const *schemes)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    return FALSE;

  return g_strv_contains (schemes, g_uri_get_scheme (uri));
}

/* Holds an flock on PATH.lock; the kernel drops it when the process dies. */
static int
take_lock (const char  *db_path,
           GError     **error)
{
  g_autofree char *lock_path = g_strconcat (db_path, ".lock", NULL);
  int fd = open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot open %s: %s",
                   lock_path, g_strerror (saved));
      return -1;
    }

  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved = errno;

      close (fd);
      if (saved == EWOULDBLOCK)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                     "Another message-credits-service is already serving %s", db_path);
      else
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot lock %s: %s",
                     lock_path, g_strerror (saved));
      return -1;
    }

  return fd;
}

static int
cmd_serve (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— run the credit service");
  g_autoptr(GError) error = NULL;
  g_autoptr(McService) service = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *db = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *public_url = NULL;
  g_autofree char *secret_file = NULL;
  g_autofree char *smtp = NULL;
  g_autofree char *support_phone = NULL;
  g_autofree char *support_email = NULL;
  gboolean sandbox = FALSE;
  McServiceConfig config = { 0 };
  guint sigint, sigterm;
  int lock_fd;
  int status = 0;
  const char * const web_schemes[] = { "http", "https", NULL };
  const char * const smtp_schemes[] = { "smtp", "smtps", NULL };
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The SQLite database (created if missing)", "PATH" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "Address to listen on; port 0 picks a free one "
      "(default 127.0.0.1:8750)", "HOST:PORT" },
    { "public-url", 0, 0, G_OPTION_ARG_STRING, &public_url, "Base of checkout links "
      "(default: the listening address)", "URL" },
    { "sandbox-gateway", 0, 0, G_OPTION_ARG_NONE, &sandbox, "Put Pay and Decline buttons on the "
      "checkout page (demo and tests; no real money)", NULL },
    { "webhook-secret-file", 0, 0, G_OPTION_ARG_FILENAME, &secret_file, "File holding the gateway's "
      "HMAC key; enables /webhooks/gateway", "FILE" },
    { "smtp", 0, 0, G_OPTION_ARG_STRING, &smtp, "Deliver e-mail through this relay "
      "(default: .eml files in outbox/ beside the database)", "smtp://HOST:PORT" },
    { "support-phone", 0, 0, G_OPTION_ARG_STRING, &support_phone, "Support phone shown to accounts", "P" },
    { "support-email", 0, 0, G_OPTION_ARG_STRING, &support_email, "Support e-mail shown to accounts", "E" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "Serves the credit API of api.md. The address it listens on is the "
                                "first line of standard output.");
  g_option_context_set_description (context, test_only_text);
  if (!parse_options (context, &argc, &argv, &status))
    return status;

  if (db == NULL)
    return usage_error (context, "--db is required");
  if (public_url != NULL && !url_has_scheme (public_url, web_schemes))
    return usage_error (context, "--public-url must be an http:// or https:// URL");
  if (smtp != NULL && !url_has_scheme (smtp, smtp_schemes))
    return usage_error (context, "--smtp must be an smtp://HOST:PORT URL");
  if (support_email != NULL && !mc_email_is_valid (support_email))
    return usage_error (context, "--support-email must be an e-mail address");
  if (support_phone != NULL && (!g_utf8_validate (support_phone, -1, NULL) || strlen (support_phone) > 64))
    return usage_error (context, "--support-phone is too long");

  if (!mc_clock_check_environment (&error))
    return fail ("test clock", error);

  config.db_path = db;
  config.public_url = public_url;
  config.sandbox_gateway = sandbox;
  config.smtp_url = smtp;
  config.support_phone = support_phone;
  config.support_email = support_email;

  if (secret_file != NULL)
    {
      config.webhook_secret = read_secret (secret_file, &error);
      if (config.webhook_secret == NULL)
        return fail ("webhook secret", error);
    }

  lock_fd = take_lock (db, &error);
  if (lock_fd < 0)
    {
      g_clear_pointer (&config.webhook_secret, g_bytes_unref);
      return fail ("lock", error);
    }

  /* A client that hangs up mid-write must not kill the service. */
  signal (SIGPIPE, SIG_IGN);

  service = mc_service_new (&config, &error);
  g_clear_pointer (&config.webhook_secret, g_bytes_unref);
  if (service == NULL)
    {
      close (lock_fd);
      return fail ("database", error);
    }

  if (!mc_service_listen (service, listen ? listen : "127.0.0.1:8750", &error))
    {
      close (lock_fd);
      return fail ("listen", error);
    }

  fputs (mc_service_get_url (service), stdout);
  fputc ('\n', stdout);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  sigint = g_unix_signal_add (SIGINT, quit_cb, loop);
  sigterm = g_unix_signal_add (SIGTERM, quit_cb, loop);

  g_main_loop_run (loop);

  g_source_remove (sigint);
  g_source_remove (sigterm);
  mc_service_shutdown (service);
  g_clear_pointer (&service, mc_service_free);
  close (lock_fd);

  return EXIT_SUCCESS;
}

/* account create */

static int
cmd_account_create (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— create an account and show its token once");
  g_autoptr(GError) error = NULL;
  g_autoptr(McService) service = NULL;
  g_autofree char *db = NULL;
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *time_zone = NULL;
  g_autofree char *rates = NULL;
  g_autofree char *id = NULL;
  g_autofree char *token = NULL;
  McAccountSpec spec = { 0 };
  int status = 0;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The SQLite database", "PATH" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "The business's name", "N" },
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, "Where e-mail goes", "E" },
    { "currency", 0, 0, G_OPTION_ARG_STRING, &currency, "INR or USD (never changes)", "INR|USD" },
    { "timezone", 0, 0, G_OPTION_ARG_STRING, &time_zone, "IANA time zone (default Asia/Kolkata for INR, "
      "UTC for USD)", "TZ" },
    { "rates", 0, 0, G_OPTION_ARG_STRING, &rates, "Per-conversation rates; a key left out keeps "
      "the currency's default", "free=0,business_initiated=0.80,user_initiated=0.35" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse_options (context, &argc, &argv, &status))
    return status;

  if (db == NULL || name == NULL || email == NULL || currency == NULL)
    return usage_error (context, "--db, --name, --email and --currency are required");

  spec.name = name;
  spec.email = email;
  spec.currency = mc_currency_from_code (currency);
  spec.timezone = time_zone;
  spec.rates = rates;
  if (spec.currency == MC_CURRENCY_INVALID)
    return usage_error (context, "--currency must be INR or USD");

  service = open_service (db, &error);
  if (service == NULL)
    return fail ("database", error);

  if (!mc_accounts_create (service, &spec, mc_service_now (), &id, &token, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
        return usage_error (context, error->message);
      return fail ("account create", error);
    }

  print_id_and_token (id, token);
  return EXIT_SUCCESS;
}

/* account rotate-token */

static int
cmd_account_rotate (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— replace an account's token; the old one stops working");
  g_autoptr(GError) error = NULL;
  g_autoptr(McService) service = NULL;
  g_autofree char *db = NULL;
  g_autofree char *account = NULL;
  g_autofree char *token = NULL;
  int status = 0;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The SQLite database", "PATH" },
    { "account", 0, 0, G_OPTION_ARG_STRING, &account, "The account", "ID" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse_options (context, &argc, &argv, &status))
    return status;

  if (db == NULL || account == NULL)
    return usage_error (context, "--db and --account are required");

  service = open_service (db, &error);
  if (service == NULL)
    return fail ("database", error);

  if (!mc_accounts_rotate_token (service, account, &token, &error))
    return fail ("account rotate-token", error);

  print_id_and_token (account, token);
  return EXIT_SUCCESS;
}

/* account adjust */

static int
cmd_account_adjust (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— credit or debit an account by hand");
  g_autoptr(GError) error = NULL;
  g_autoptr(McService) service = NULL;
  g_autoptr(McAccount) existing = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *db = NULL;
  g_autofree char *account = NULL;
  g_autofree char *amount_text = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *stripped = NULL;
  gint64 amount = 0;
  int status = 0;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The SQLite database", "PATH" },
    { "account", 0, 0, G_OPTION_ARG_STRING, &account, "The account", "ID" },
    { "amount", 0, 0, G_OPTION_ARG_STRING, &amount_text, "Signed amount in major units", "\"-10.00\"" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "Why (shown as the ledger line's description)", "TEXT" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse_options (context, &argc, &argv, &status))
    return status;

  if (db == NULL || account == NULL || amount_text == NULL || reason == NULL)
    return usage_error (context, "--db, --account, --amount and --reason are required");

  if (!mc_money_parse (amount_text, &amount, NULL) || amount == 0)
    return usage_error (context, "--amount must be a non-zero decimal such as \"-10.00\" or \"25\"");

  stripped = g_strstrip (g_strdup (reason));
  if (stripped[0] == '\0' || g_utf8_strlen (reason, -1) > 200)
    return usage_error (context, "--reason must be 1 to 200 characters");

  service = open_service (db, &error);
  if (service == NULL)
    return fail ("database", error);

  existing = mc_store_account_get (mc_service_get_store (service), account, &error);
  if (existing == NULL)
    {
      if (error == NULL)
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "There is no account %s", account);
      return fail ("account adjust", error);
    }

  if (!mc_service_begin (service, &error) ||
      !mc_ledger_post (service, account, mc_service_now (), "adjustment", amount, reason, NULL, NULL, &error) ||
      !mc_service_commit (service, &error))
    {
      mc_service_rollback (service);
      if (g_error_matches (error, MC_MONEY_ERROR, MC_MONEY_ERROR_OVERFLOW))
        return fail ("account adjust", error);
      return fail ("account adjust", error);
    }

  object = mc_account_load_json (service, account, &error);
  if (object == NULL)
    return fail ("account adjust", error);

  print_json (object);
  return EXIT_SUCCESS;
}

/* demo */

static int
cmd_demo (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— create the demo account");
  g_autoptr(GError) error = NULL;
  g_autoptr(McService) service = NULL;
  g_autofree char *db = NULL;
  g_autofree char *id = NULL;
  g_autofree char *token = NULL;
  int status = 0;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The SQLite database", "PATH" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context, test_only_text);
  if (!parse_options (context, &argc, &argv, &status))
    return status;

  if (db == NULL)
    return usage_error (context, "--db is required");

  service = open_service (db, &error);
  if (service == NULL)
    return fail ("database", error);

  if (!mc_demo_build (service, &id, &token, &error))
    return fail ("demo", error);

  print_id_and_token (id, token);
  return EXIT_SUCCESS;
}

/* bench-seed: not in the usage text; for benchmarks and large tests only. */

static int
cmd_bench_seed (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— an account with N conversations, for benchmarks");
  g_autoptr(GError) error = NULL;
  g_autoptr(McService) service = NULL;
  g_autofree char *db = NULL;
  g_autofree char *id = NULL;
  g_autofree char *token = NULL;
  gint64 count = 0;
  int status = 0;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The SQLite database", "PATH" },
    { "conversations", 0, 0, G_OPTION_ARG_INT64, &count, "How many conversations (over six months)", "N" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse_options (context, &argc, &argv, &status))
    return status;

  if (db == NULL || count < 1 || count > G_GINT64_CONSTANT (100000000))
    return usage_error (context, "--db and --conversations (1 to 100000000) are required");

  service = open_service (db, &error);
  if (service == NULL)
    return fail ("database", error);

  if (!mc_demo_seed_bench (service, (guint64) count, &id, &token, &error))
    return fail ("bench-seed", error);

  print_id_and_token (id, token);
  return EXIT_SUCCESS;
}

int
mc_cli_run (int    argc,
            char **argv)
{
  const char *command = argc > 1 ? argv[1] : NULL;
  const char *sub = argc > 2 ? argv[2] : NULL;
  g_autofree char *prog = NULL;

  if (command == NULL || strcmp (command, "--help") == 0 || strcmp (command, "-h") == 0 ||
      strcmp (command, "help") == 0)
    {
      fputs (usage_text, command ? stdout : stderr);
      fputs ("\n", command ? stdout : stderr);
      fputs (test_only_text, command ? stdout : stderr);
      return command ? EXIT_SUCCESS : EXIT_USAGE;
    }

  if (strcmp (command, "--version") == 0)
    {
      printf ("message-credits-service %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  /* Each command parses what follows it; argv[0] becomes "prog command". */
  if (strcmp (command, "bench-seed") == 0)
    {
      prog = g_strdup_printf ("%s %s", argv[0], command);
      argv[1] = prog;
      return cmd_bench_seed (argc - 1, argv + 1);
    }

  if (strcmp (command, "serve") == 0 || strcmp (command, "demo") == 0)
    {
      prog = g_strdup_printf ("%s %s", argv[0], command);
      argv[1] = prog;
      return strcmp (command, "serve") == 0 ? cmd_serve (argc - 1, argv + 1) : cmd_demo (argc - 1, argv + 1);
    }

  if (strcmp (command, "account") == 0 && sub != NULL)
    {
      prog = g_strdup_printf ("%s account %s", argv[0], sub);
      argv[2] = prog;
      if (strcmp (sub, "create") == 0)
        return cmd_account_create (argc - 2, argv + 2);
      if (strcmp (sub, "rotate-token") == 0)
        return cmd_account_rotate (argc - 2, argv + 2);
      if (strcmp (sub, "adjust") == 0)
        return cmd_account_adjust (argc - 2, argv + 2);
    }

  g_printerr ("message-credits-service: unknown command\n\n%s", usage_text);
  return EXIT_USAGE;
}
