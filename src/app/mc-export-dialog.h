/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-range-picker.h"
#include "mc-session.h"

G_BEGIN_DECLS

#define MC_TYPE_EXPORT_DIALOG (mc_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (McExportDialog, mc_export_dialog, MC, EXPORT_DIALOG, AdwWindow)

/*
 * McExportDialog: *Export CSV*. Conversations (one row each) or daily totals
 * by category, over a range of the six-month window; asks where to save with
 * a #GtkFileChooserNative (the portal where there is one), then streams the
 * download into a temporary file beside the destination with a progress bar
 * and *Cancel*; a cancelled or failed export leaves no file behind.
 *
 * Signal "exported" (GFile *file, guint64 rows): the file is complete; the
 * dialog closes itself afterwards.
 */

McExportDialog *mc_export_dialog_new          (GtkWindow      *parent,
                                               McSession      *session);
McRangePicker  *mc_export_dialog_get_range_picker (McExportDialog *self);
void            mc_export_dialog_set_kind     (McExportDialog *self,
                                               McExportKind    kind);
McExportKind    mc_export_dialog_get_kind     (McExportDialog *self);
char           *mc_export_dialog_get_default_name (McExportDialog *self);
void            mc_export_dialog_export_to    (McExportDialog *self,
                                               GFile          *file);
gboolean        mc_export_dialog_get_busy     (McExportDialog *self);
const char     *mc_export_dialog_get_message  (McExportDialog *self);

void            mc_export_dialog_copy_range   (McExportDialog *self,
                                               McRangePicker  *picker);
AdwToast       *mc_export_toast_new           (GFile          *file,
                                               guint64         rows);

void            mc_show_in_file_manager       (GtkWindow      *parent,
                                               GFile          *file);

G_END_DECLS
