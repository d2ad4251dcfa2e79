/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The CSV writer on arbitrary cells. The input is a list of cells separated
 * by NUL bytes; each cell's first byte is a set of flags (bit 0: free text,
 * bit 1: the row ends after this cell, bit 2: a NULL cell) and the rest its
 * text. What the writer produces must read back, with the small strict RFC
 * 4180 reader below, as exactly the same rows and cells, with the formula
 * guard applied to free-text cells and to nothing else.
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "mc-csv.h"

#define MAX_CELLS 2048

typedef struct
{
  char      *text; /* nullable */
  McCsvCell  kind;
  gboolean   end_row;
} Cell;

/* Strict RFC 4180: every row ends in CRLF; quotes only around whole cells. */
static GPtrArray *
read_csv (const char *buf,
          gsize       len)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  gsize pos = 0;

  while (pos < len)
    {
      g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);

      /* an empty line is a row of no cells */
      if (len - pos >= 2 && buf[pos] == '\r' && buf[pos + 1] == '\n')
        {
          pos += 2;
          g_ptr_array_add (rows, g_steal_pointer (&row));
          continue;
        }

      while (TRUE)
        {
          GString *cell = g_string_new (NULL);

          if (pos < len && buf[pos] == '"')
            {
              pos++;
              while (TRUE)
                {
                  if (pos >= len)
                    {
                      g_string_free (cell, TRUE);
                      return NULL; /* unterminated quote */
                    }
                  if (buf[pos] == '"')
                    {
                      if (pos + 1 < len && buf[pos + 1] == '"')
                        {
                          g_string_append_c (cell, '"');
                          pos += 2;
                          continue;
                        }
                      pos++;
                      break;
                    }
                  g_string_append_c (cell, buf[pos++]);
                }
            }
          else
            {
              while (pos < len && buf[pos] != ',' && buf[pos] != '\r')
                {
                  if (buf[pos] == '"' || buf[pos] == '\n')
                    {
                      g_string_free (cell, TRUE);
                      return NULL; /* must have been quoted */
                    }
                  g_string_append_c (cell, buf[pos++]);
                }
            }
          g_ptr_array_add (row, g_string_free (cell, FALSE));

          if (pos < len && buf[pos] == ',')
            {
              pos++;
              continue;
            }
          if (len - pos >= 2 && buf[pos] == '\r' && buf[pos + 1] == '\n')
            {
              pos += 2;
              break;
            }
          return NULL; /* junk after a cell, or no CRLF at the end */
        }

      g_ptr_array_add (rows, g_steal_pointer (&row));
    }

  return g_steal_pointer (&rows);
}

static char *
expected_text (const Cell *cell)
{
  const char *text = cell->text != NULL ? cell->text : "";

  if (cell->kind == MC_CSV_TEXT && text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL)
    return g_strconcat ("'", text, NULL);
  return g_strdup (text);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GOutputStream) stream = NULL;
  g_autoptr(McCsvWriter) writer = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GString) by_cell = g_string_new (NULL);
  g_autoptr(GArray) cells = g_array_new (FALSE, TRUE, sizeof (Cell));
  const char *out;
  gsize out_len;
  gsize pos = 0;
  guint n_rows = 0, row_cells = 0, r = 0, c = 0;

  if (size > 65536)
    return 0;

  /* Split the input into cells */
  while (pos < size && cells->len < MAX_CELLS)
    {
      const uint8_t *end = memchr (data + pos, '\0', size - pos);
      gsize chunk = end != NULL ? (gsize) (end - (data + pos)) : size - pos;
      Cell cell = { NULL, MC_CSV_VALUE, FALSE };

      if (chunk > 0)
        {
          guint8 flags = data[pos];

          cell.kind = (flags & 1) ? MC_CSV_TEXT : MC_CSV_VALUE;
          cell.end_row = (flags & 2) != 0;
          if ((flags & 4) == 0)
            cell.text = g_strndup ((const char *) data + pos + 1, chunk - 1);
        }
      g_array_append_val (cells, cell);
      pos += chunk + 1;
    }
  if (cells->len > 0)
    g_array_index (cells, Cell, cells->len - 1).end_row = TRUE;

  /* Write them, and build the same document with mc_csv_append_cell() */
  stream = g_memory_output_stream_new_resizable ();
  writer = mc_csv_writer_new (stream);
  for (guint i = 0; i < cells->len; i++)
    {
      Cell *cell = &g_array_index (cells, Cell, i);
      gsize row_start = by_cell->len;

      if (row_cells > 0)
        g_string_append_c (by_cell, ',');
      mc_csv_writer_add (writer, cell->text, cell->kind);
      mc_csv_append_cell (by_cell, cell->text, cell->kind);
      row_cells++;
      if (cell->end_row)
        {
          FUZZ_CHECK (mc_csv_writer_end_row (writer, NULL, NULL), "end_row failed");
          if (row_cells == 1 && by_cell->len == row_start)
            g_string_append (by_cell, "\"\"");
          g_string_append (by_cell, "\r\n");
          n_rows++;
          row_cells = 0;
        }
    }
  FUZZ_CHECK (mc_csv_writer_get_rows (writer) == n_rows, "%u rows, writer says %" G_GUINT64_FORMAT,
              n_rows, mc_csv_writer_get_rows (writer));

  out = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream));
  out_len = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream));
  FUZZ_CHECK (out_len == by_cell->len && (out_len == 0 || memcmp (out, by_cell->str, out_len) == 0),
              "writer and mc_csv_append_cell() disagree");

  /* Read it back */
  rows = read_csv (out, out_len);
  FUZZ_CHECK (rows != NULL, "output is not strict RFC 4180: %.*s", (int) MIN (out_len, 200), out);
  FUZZ_CHECK (rows->len == n_rows, "%u rows written, %u read", n_rows, rows->len);

  for (guint i = 0; i < cells->len; i++)
    {
      Cell *cell = &g_array_index (cells, Cell, i);
      GPtrArray *row = g_ptr_array_index (rows, r);
      g_autofree char *want = expected_text (cell);
      const char *got;

      FUZZ_CHECK (c < row->len, "row %u has %u cells, more expected", r, row->len);
      got = g_ptr_array_index (row, c);
      FUZZ_CHECK (strcmp (got, want) == 0, "row %u cell %u: wrote “%s”, read “%s”", r, c, want,
                  got);
      if (cell->kind == MC_CSV_TEXT)
        FUZZ_CHECK (got[0] == '\0' || strchr ("=+-@\t\r", got[0]) == NULL,
                    "free text “%s” still starts a formula", got);
      c++;
      if (cell->end_row)
        {
          FUZZ_CHECK (c == row->len, "row %u: %u cells written, %u read", r, c, row->len);
          r++;
          c = 0;
        }
    }

  for (guint i = 0; i < cells->len; i++)
    g_free (g_array_index (cells, Cell, i).text);

  return 0;
}
