/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-csv.h"
#include "mc-money.h"
#include "mc-recharge.h"
#include "mc-tax.h"
#include "mc-time.h"
#include "mc-window.h"
