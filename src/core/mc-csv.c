/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "mc-csv.h"

struct _McCsvWriter
{
  GObject        parent_instance;

  GOutputStream *stream;
  GString       *row;
  guint          n_cells;
  guint64        n_rows;
};

G_DEFINE_FINAL_TYPE (McCsvWriter, mc_csv_writer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STREAM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A free-text cell starting with one of these would be a formula in a spreadsheet */
static gboolean
needs_guard (const char *text,
             McCsvCell   kind)
{
  if (kind != MC_CSV_TEXT)
    return FALSE;

  switch (text[0])
    {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return TRUE;
    default:
      return FALSE;
    }
}

void
mc_csv_append_cell (GString    *out,
                    const char *text,
                    McCsvCell   kind)
{
  gboolean guard;

  g_return_if_fail (out != NULL);
  g_return_if_fail (kind == MC_CSV_VALUE || kind == MC_CSV_TEXT);

  if (text == NULL)
    text = "";

  guard = needs_guard (text, kind);

  /* A defused cell is quoted too, as OWASP advises, so that no reader
   * strips the apostrophe together with surrounding white space. */
  if (!guard && strpbrk (text, "\",\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '"');
  if (guard)
    g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
mc_csv_writer_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  McCsvWriter *self = MC_CSV_WRITER (object);

  switch (prop_id)
    {
    case PROP_STREAM:
      g_set_object (&self->stream, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_csv_writer_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  McCsvWriter *self = MC_CSV_WRITER (object);

  switch (prop_id)
    {
    case PROP_STREAM:
      g_value_set_object (value, self->stream);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_csv_writer_dispose (GObject *object)
{
  McCsvWriter *self = MC_CSV_WRITER (object);

  g_clear_object (&self->stream);

  G_OBJECT_CLASS (mc_csv_writer_parent_class)->dispose (object);
}

static void
mc_csv_writer_finalize (GObject *object)
{
  McCsvWriter *self = MC_CSV_WRITER (object);

  g_string_free (self->row, TRUE);

  G_OBJECT_CLASS (mc_csv_writer_parent_class)->finalize (object);
}

static void
mc_csv_writer_class_init (McCsvWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = mc_csv_writer_set_property;
  object_class->get_property = mc_csv_writer_get_property;
  object_class->dispose = mc_csv_writer_dispose;
  object_class->finalize = mc_csv_writer_finalize;

  properties[PROP_STREAM] =
    g_param_spec_object ("stream", NULL, NULL,
                         G_TYPE_OUTPUT_STREAM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_csv_writer_init (McCsvWriter *self)
{
  self->row = g_string_sized_new (256);
}

McCsvWriter *
mc_csv_writer_new (GOutputStream *stream)
{
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  return g_object_new (MC_TYPE_CSV_WRITER, "stream", stream, NULL);
}

void
mc_csv_writer_add (McCsvWriter *self,
                   const char  *text,
                   McCsvCell    kind)
{
  g_return_if_fail (MC_IS_CSV_WRITER (self));

  if (self->n_cells > 0)
    g_string_append_c (self->row, ',');
  mc_csv_append_cell (self->row, text, kind);
  self->n_cells++;
}

gboolean
mc_csv_writer_end_row (McCsvWriter   *self,
                       GCancellable  *cancellable,
                       GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (MC_IS_CSV_WRITER (self), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A row of one empty cell would otherwise be a blank line, which readers skip */
  if (self->n_cells == 1 && self->row->len == 0)
    g_string_append (self->row, "\"\"");
  g_string_append (self->row, "\r\n");

  /* Not every stream looks at the cancellable: a cancelled export stops here */
  ok = !g_cancellable_set_error_if_cancelled (cancellable, error) &&
       g_output_stream_write_all (self->stream, self->row->str, self->row->len,
                                  NULL, cancellable, error);

  /* Do not keep the memory of one huge row for the rest of the export */
  if (self->row->allocated_len > 64 * 1024)
    {
      g_string_free (self->row, TRUE);
      self->row = g_string_sized_new (256);
    }
  else
    g_string_truncate (self->row, 0);
  self->n_cells = 0;
  if (ok)
    self->n_rows++;

  return ok;
}

guint64
mc_csv_writer_get_rows (McCsvWriter *self)
{
  g_return_val_if_fail (MC_IS_CSV_WRITER (self), 0);

  return self->n_rows;
}
