/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * mc_cli_run:
 * @argc: as main() got it
 * @argv: as main() got it
 *
 * `message-credits-service serve | account create | account rotate-token |
 * account adjust | demo`, as api.md's last section describes them.
 *
 * Returns: the exit status (0 success, 1 failure, 2 bad usage)
 */
int   mc_cli_run   (int    argc,
                    char **argv);

G_END_DECLS
