/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * McCsvCell:
 * @MC_CSV_VALUE: a number, date, time, id or code: written as it is (quoted if needed)
 * @MC_CSV_TEXT: free text: a leading `=`, `+`, `-`, `@`, TAB or CR is defused with `'`
 *
 * What a cell holds, which decides whether the formula-injection guard applies.
 */
typedef enum
{
  MC_CSV_VALUE,
  MC_CSV_TEXT,
} McCsvCell;

/**
 * mc_csv_append_cell:
 * @out: a string to append to
 * @text: (nullable): the cell's text (UTF-8); %NULL is an empty cell
 * @kind: what the cell holds
 *
 * Appends one cell, RFC 4180 quoted where it holds `"`, `,`, CR or LF (and
 * where the guard applies), without a separator.
 */
void          mc_csv_append_cell      (GString    *out,
                                       const char *text,
                                       McCsvCell   kind);

#define MC_TYPE_CSV_WRITER (mc_csv_writer_get_type ())
G_DECLARE_FINAL_TYPE (McCsvWriter, mc_csv_writer, MC, CSV_WRITER, GObject)

/**
 * mc_csv_writer_new:
 * @stream: where the rows go
 *
 * A writer of RFC 4180 rows with CRLF line ends, buffering one row at a time
 * so memory does not grow with the row count.
 *
 * Returns: (transfer full): a new writer
 */
McCsvWriter  *mc_csv_writer_new       (GOutputStream *stream);

/**
 * mc_csv_writer_add:
 * @self: a writer
 * @text: (nullable): the cell
 * @kind: what the cell holds
 *
 * Adds a cell to the current row.
 */
void          mc_csv_writer_add       (McCsvWriter *self,
                                       const char  *text,
                                       McCsvCell    kind);

/**
 * mc_csv_writer_end_row:
 * @self: a writer
 * @cancellable: (nullable): a cancellable
 * @error: an I/O error
 *
 * Writes the current row and its CRLF to the stream (blocking). On failure,
 * including a cancelled @cancellable, the row is dropped and the next row
 * starts afresh.
 *
 * Returns: %TRUE on success
 */
gboolean      mc_csv_writer_end_row   (McCsvWriter   *self,
                                       GCancellable  *cancellable,
                                       GError       **error);

/**
 * mc_csv_writer_get_rows:
 *
 * Returns: how many rows were written
 */
guint64       mc_csv_writer_get_rows  (McCsvWriter *self);

G_END_DECLS
