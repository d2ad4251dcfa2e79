/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "mc-money.h"

G_BEGIN_DECLS

/**
 * MC_TYPE_CURRENCY:
 *
 * The core's #McCurrency registered as a #GEnum (nicks `"inr"`, `"usd"`), so
 * that models can carry it as a property GTK can bind to.
 */
#define MC_TYPE_CURRENCY (mc_currency_get_type ())
GType mc_currency_get_type (void) G_GNUC_CONST;

G_END_DECLS
