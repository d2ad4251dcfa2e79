/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "mc-client-types.h"

GType
mc_currency_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { MC_CURRENCY_INVALID, "MC_CURRENCY_INVALID", "invalid" },
        { MC_CURRENCY_INR, "MC_CURRENCY_INR", "inr" },
        { MC_CURRENCY_USD, "MC_CURRENCY_USD", "usd" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static (g_intern_static_string ("McCurrency"), values);

      g_once_init_leave (&type_id, type);
    }

  return type_id;
}
