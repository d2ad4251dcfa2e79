/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mc-service.h"

G_BEGIN_DECLS

/*
 * The broadcast scheduler: a main-loop timer armed for the next scheduled
 * broadcast, which sends (or fails) each within a few seconds of its time.
 * It lives in the service (mc_service_set_data()) while the service listens.
 */

/**
 * mc_scheduler_start:
 * @service: a service that has just started listening
 *
 * Handles at once every broadcast whose time passed while the service was
 * down, then keeps watching. It also wakes every few seconds on its own,
 * so broadcasts written by another process are not missed.
 */
void   mc_scheduler_start   (McService *service);

/**
 * mc_scheduler_kick:
 *
 * Re-arms the timer after a commit that scheduled a broadcast; does
 * nothing when the scheduler is not running (the CLI, tests).
 */
void   mc_scheduler_kick    (McService *service);

/**
 * mc_scheduler_stop:
 *
 * Stops the timer (at shutdown).
 */
void   mc_scheduler_stop    (McService *service);

G_END_DECLS
