/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "mc-csv.h"

static void
check_cell (const char *text,
            McCsvCell   kind,
            const char *expected)
{
  g_autoptr(GString) out = g_string_new ("x,");

  mc_csv_append_cell (out, text, kind);
  g_assert_true (g_str_has_prefix (out->str, "x,"));
  g_assert_cmpstr (out->str + 2, ==, expected);
}

static void
test_cells (void)
{
  check_cell (NULL, MC_CSV_VALUE, "");
  check_cell (NULL, MC_CSV_TEXT, "");
  check_cell ("", MC_CSV_TEXT, "");
  check_cell ("plain", MC_CSV_VALUE, "plain");
  check_cell ("Diwali offer", MC_CSV_TEXT, "Diwali offer");
  check_cell ("दिवाली ऑफ़र ₹", MC_CSV_TEXT, "दिवाली ऑफ़र ₹");
  check_cell ("a,b", MC_CSV_TEXT, "\"a,b\"");
  check_cell ("say \"hi\"", MC_CSV_TEXT, "\"say \"\"hi\"\"\"");
  check_cell ("\"", MC_CSV_VALUE, "\"\"\"\"");
  check_cell ("line\nbreak", MC_CSV_TEXT, "\"line\nbreak\"");
  check_cell ("cr\rhere", MC_CSV_TEXT, "\"cr\rhere\"");
  check_cell ("crlf\r\n", MC_CSV_VALUE, "\"crlf\r\n\"");
  check_cell (" spaced ", MC_CSV_TEXT, " spaced ");
  check_cell ("it's", MC_CSV_TEXT, "it's");

  /* formula injection: free text is defused (and quoted) */
  check_cell ("=1+2", MC_CSV_TEXT, "\"'=1+2\"");
  check_cell ("=HYPERLINK(\"http://x\",\"y\")", MC_CSV_TEXT,
              "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  check_cell ("+91 98765", MC_CSV_TEXT, "\"'+91 98765\"");
  check_cell ("-2+3", MC_CSV_TEXT, "\"'-2+3\"");
  check_cell ("@SUM(A1)", MC_CSV_TEXT, "\"'@SUM(A1)\"");
  check_cell ("\tx", MC_CSV_TEXT, "\"'\tx\"");
  check_cell ("\rx", MC_CSV_TEXT, "\"'\rx\"");
  check_cell ("=", MC_CSV_TEXT, "\"'=\"");
  /* only the first character counts */
  check_cell (" =1", MC_CSV_TEXT, " =1");
  check_cell ("a=1", MC_CSV_TEXT, "a=1");
  check_cell ("'=1", MC_CSV_TEXT, "'=1");

  /* numbers, dates and ids stay as they are */
  check_cell ("-0.80", MC_CSV_VALUE, "-0.80");
  check_cell ("+5", MC_CSV_VALUE, "+5");
  check_cell ("=1", MC_CSV_VALUE, "=1");
  check_cell ("2026-11-26T09:30:00Z", MC_CSV_VALUE, "2026-11-26T09:30:00Z");
}

static char *
contents (GMemoryOutputStream *stream)
{
  return g_strndup (g_memory_output_stream_get_data (stream),
                    g_memory_output_stream_get_data_size (stream));
}

static void
test_writer (void)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  GMemoryOutputStream *memory = G_MEMORY_OUTPUT_STREAM (stream);
  g_autoptr(GError) error = NULL;
  McCsvWriter *writer = mc_csv_writer_new (stream);
  g_autofree char *text = NULL;
  gsize before;

  g_assert_cmpuint (mc_csv_writer_get_rows (writer), ==, 0);

  mc_csv_writer_add (writer, "transaction_id", MC_CSV_VALUE);
  mc_csv_writer_add (writer, "amount", MC_CSV_VALUE);
  mc_csv_writer_add (writer, "description", MC_CSV_VALUE);
  /* nothing reaches the stream before the row ends */
  g_assert_cmpuint (g_memory_output_stream_get_data_size (memory), ==, 0);
  g_assert_true (mc_csv_writer_end_row (writer, NULL, &error));
  g_assert_no_error (error);

  mc_csv_writer_add (writer, "txn_1", MC_CSV_VALUE);
  mc_csv_writer_add (writer, "-0.80", MC_CSV_VALUE);
  mc_csv_writer_add (writer, "-Diwali, \"big\" offer", MC_CSV_TEXT);
  g_assert_true (mc_csv_writer_end_row (writer, NULL, &error));

  mc_csv_writer_add (writer, "a", MC_CSV_VALUE);
  mc_csv_writer_add (writer, NULL, MC_CSV_TEXT);
  mc_csv_writer_add (writer, "", MC_CSV_VALUE);
  g_assert_true (mc_csv_writer_end_row (writer, NULL, &error));

  /* one empty cell is "" so that the row is not a blank line */
  mc_csv_writer_add (writer, NULL, MC_CSV_TEXT);
  g_assert_true (mc_csv_writer_end_row (writer, NULL, &error));

  g_assert_cmpuint (mc_csv_writer_get_rows (writer), ==, 4);
  text = contents (memory);
  g_assert_cmpstr (text, ==,
                   "transaction_id,amount,description\r\n"
                   "txn_1,-0.80,\"'-Diwali, \"\"big\"\" offer\"\r\n"
                   "a,,\r\n"
                   "\"\"\r\n");

  /* each row goes out whole when it ends */
  for (guint i = 0; i < 1000; i++)
    {
      before = g_memory_output_stream_get_data_size (memory);
      mc_csv_writer_add (writer, "conv_x", MC_CSV_VALUE);
      mc_csv_writer_add (writer, "0.80", MC_CSV_VALUE);
      g_assert_cmpuint (g_memory_output_stream_get_data_size (memory), ==, before);
      g_assert_true (mc_csv_writer_end_row (writer, NULL, NULL));
      g_assert_cmpuint (g_memory_output_stream_get_data_size (memory), ==,
                        before + strlen ("conv_x,0.80\r\n"));
    }
  g_assert_cmpuint (mc_csv_writer_get_rows (writer), ==, 1004);

  g_assert_finalize_object (writer);
  /* the writer let go of the stream */
  g_assert_cmpint (G_OBJECT (stream)->ref_count, ==, 1);
}

static void
test_writer_errors (void)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(McCsvWriter) writer = mc_csv_writer_new (stream);
  g_autoptr(GError) error = NULL;

  mc_csv_writer_add (writer, "a", MC_CSV_VALUE);
  g_cancellable_cancel (cancellable);
  g_assert_false (mc_csv_writer_end_row (writer, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (mc_csv_writer_get_rows (writer), ==, 0);

  /* the failed row is not glued to the next one */
  mc_csv_writer_add (writer, "b", MC_CSV_VALUE);
  g_assert_true (mc_csv_writer_end_row (writer, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mc_csv_writer_get_rows (writer), ==, 1);
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)),
                    ==, 3);

  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  mc_csv_writer_add (writer, "c", MC_CSV_VALUE);
  g_assert_false (mc_csv_writer_end_row (writer, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_assert_cmpuint (mc_csv_writer_get_rows (writer), ==, 1);
}

static void
test_writer_long_row (void)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(McCsvWriter) writer = mc_csv_writer_new (stream);
  g_autofree char *big = g_strnfill (200000, 'x');
  g_autofree char *text = NULL;

  mc_csv_writer_add (writer, big, MC_CSV_TEXT);
  g_assert_true (mc_csv_writer_end_row (writer, NULL, NULL));
  mc_csv_writer_add (writer, "y", MC_CSV_TEXT);
  g_assert_true (mc_csv_writer_end_row (writer, NULL, NULL));

  text = contents (G_MEMORY_OUTPUT_STREAM (stream));
  g_assert_cmpuint (strlen (text), ==, 200000 + 2 + 3);
  g_assert_cmpstr (text + 200002, ==, "y\r\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mc/csv/cells", test_cells);
  g_test_add_func ("/mc/csv/writer", test_writer);
  g_test_add_func ("/mc/csv/writer/errors", test_writer_errors);
  g_test_add_func ("/mc/csv/writer/long-row", test_writer_long_row);

  return g_test_run ();
}
