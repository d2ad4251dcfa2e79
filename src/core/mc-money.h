/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * MC_MONEY_SCALE:
 *
 * Money is an integer count of 1/10,000 of a currency's major unit.
 * `12.35` is `123500`. Floating point never touches money.
 */
#define MC_MONEY_SCALE G_GINT64_CONSTANT (10000)

/**
 * McCurrency:
 * @MC_CURRENCY_INVALID: no currency (zero-initialised structs)
 * @MC_CURRENCY_INR: Indian rupee
 * @MC_CURRENCY_USD: US dollar
 */
typedef enum
{
  MC_CURRENCY_INVALID = 0,
  MC_CURRENCY_INR,
  MC_CURRENCY_USD,
} McCurrency;

/**
 * McMoney:
 * @units: the amount in 1/10,000 of the major unit
 * @currency: the currency it is in
 *
 * An exact amount of money. A plain value type: copy it freely.
 */
typedef struct
{
  gint64     units;
  McCurrency currency;
} McMoney;

#define MC_MONEY_ERROR (mc_money_error_quark ())

/**
 * McMoneyError:
 * @MC_MONEY_ERROR_EMPTY: nothing but white space
 * @MC_MONEY_ERROR_INVALID: not a number (letters, stray punctuation, misplaced grouping)
 * @MC_MONEY_ERROR_EXPONENT: scientific notation such as `1e3`
 * @MC_MONEY_ERROR_HEX: a hexadecimal number such as `0x10`
 * @MC_MONEY_ERROR_SIGN: a `+` or `-` where none is allowed
 * @MC_MONEY_ERROR_TOO_MANY_DECIMALS: more decimal places than allowed
 * @MC_MONEY_ERROR_NON_ASCII_DIGIT: digits from another script (`１００`, `१००`)
 * @MC_MONEY_ERROR_OVERFLOW: the value does not fit in 64 bits of 1/10,000 units
 * @MC_MONEY_ERROR_CURRENCY: a currency symbol that is not the expected currency
 *
 * Why a money string or an arithmetic operation was refused.
 */
typedef enum
{
  MC_MONEY_ERROR_EMPTY,
  MC_MONEY_ERROR_INVALID,
  MC_MONEY_ERROR_EXPONENT,
  MC_MONEY_ERROR_HEX,
  MC_MONEY_ERROR_SIGN,
  MC_MONEY_ERROR_TOO_MANY_DECIMALS,
  MC_MONEY_ERROR_NON_ASCII_DIGIT,
  MC_MONEY_ERROR_OVERFLOW,
  MC_MONEY_ERROR_CURRENCY,
} McMoneyError;

GQuark       mc_money_error_quark   (void);

/**
 * mc_currency_from_code:
 * @code: an ISO 4217 code, `"INR"` or `"USD"` (exact case)
 *
 * Returns: the currency, or %MC_CURRENCY_INVALID for anything else.
 */
McCurrency   mc_currency_from_code  (const char *code);

/**
 * mc_currency_to_code:
 *
 * Returns: (transfer none): `"INR"`, `"USD"`, or %NULL for an invalid currency.
 */
const char  *mc_currency_to_code    (McCurrency currency);

/**
 * mc_currency_symbol:
 *
 * Returns: (transfer none): `"₹"` or `"$"` (UTF-8), or %NULL.
 */
const char  *mc_currency_symbol     (McCurrency currency);

/**
 * mc_money_parse:
 * @text: a money string as api.md writes it
 * @out_units: (out): the value in 1/10,000 units
 * @error: a #McMoneyError
 *
 * The strict parser for the wire format: an optional `-`, one or more ASCII
 * digits, optionally `.` and 1 to 4 digits. No `+`, no spaces, no grouping,
 * no exponent, no leading `.`. Leading zeros are accepted (`"007.5"`).
 * `"-0"` parses as 0.
 *
 * Returns: %TRUE on success
 */
gboolean     mc_money_parse         (const char  *text,
                                     gint64      *out_units,
                                     GError     **error);

/**
 * mc_money_parse_input:
 * @text: what a person typed into an amount field
 * @currency: the field's currency; its symbol (and only its symbol) may prefix the number
 * @max_decimals: how many decimal places are allowed (0 to 4)
 * @out_units: (out): the value in 1/10,000 units
 * @error: a #McMoneyError saying why the text was refused
 *
 * The forgiving parser for people: surrounding white space, a leading
 * currency symbol or code (`₹ 500`, `$5`, `INR 500`), and grouping commas in
 * either Western (`1,000,000`) or Indian (`1,00,000.50`) style are accepted.
 * Signs, exponents, hex, letters, other scripts' digits, misplaced commas and
 * more than @max_decimals decimals are refused, each with its own code.
 * The value is never negative.
 *
 * Details: white space includes NBSP and the other Unicode spaces; the
 * markers are `₹`, `Rs`, `Rs.`, `INR` (and `/-` after the number) for INR and
 * `$`, `US$`, `USD` for USD, before the number or after it, letters in any
 * case; any other currency symbol or common code is %MC_MONEY_ERROR_CURRENCY.
 * Commas group only whole Western groups of three or Indian groups (three
 * last, twos before: `12,34,567`); `10,00` and `1,0,0` are
 * %MC_MONEY_ERROR_INVALID. A bare `.5` or `5.` is accepted. Decimals are
 * counted as typed, so `100.500` has three. @out_units is untouched on failure.
 *
 * Returns: %TRUE on success
 */
gboolean     mc_money_parse_input   (const char  *text,
                                     McCurrency   currency,
                                     guint        max_decimals,
                                     gint64      *out_units,
                                     GError     **error);

/**
 * mc_money_to_string:
 * @units: a value in 1/10,000 units
 *
 * The canonical wire form of api.md: a plain decimal in major units with two
 * decimals, or three or four where the value needs them (`"0.0147"`,
 * `"-12.35"`, `"1180.00"`). Round-trips through mc_money_parse().
 *
 * Returns: (transfer full): a newly allocated string
 */
char        *mc_money_to_string     (gint64 units);

/**
 * mc_money_format:
 * @units: a value in 1/10,000 units
 * @currency: its currency
 *
 * The display form for people: symbol, grouping and two decimals (more only
 * where the value needs them): INR in Indian grouping `₹1,00,000.00`, USD
 * `$2,000.00`, negatives with a true minus sign `−₹12.35`.
 *
 * Returns: (transfer full): a newly allocated UTF-8 string
 */
char        *mc_money_format        (gint64     units,
                                     McCurrency currency);

/**
 * mc_money_add:
 * @a: a value
 * @b: a value
 * @out: (out): @a + @b
 * @error: %MC_MONEY_ERROR_OVERFLOW when the sum does not fit
 *
 * Checked addition: overflow is an error, never a wrap-around.
 * @out is untouched on failure.
 */
gboolean     mc_money_add           (gint64   a,
                                     gint64   b,
                                     gint64  *out,
                                     GError **error);

/**
 * mc_money_sub:
 *
 * Checked subtraction @a − @b, as mc_money_add().
 */
gboolean     mc_money_sub           (gint64   a,
                                     gint64   b,
                                     gint64  *out,
                                     GError **error);

/**
 * mc_money_mul:
 * @units: a value (a rate, say)
 * @count: a whole multiplier (a number of recipients, say)
 * @out: (out): @units × @count
 * @error: %MC_MONEY_ERROR_OVERFLOW when the product does not fit
 *
 * Checked multiplication by a whole number.
 */
gboolean     mc_money_mul           (gint64   units,
                                     gint64   count,
                                     gint64  *out,
                                     GError **error);

/**
 * mc_money_decimals:
 * @units: a value
 *
 * Returns: how many decimal places @units needs (0 to 4).
 */
guint        mc_money_decimals      (gint64 units);

G_END_DECLS
