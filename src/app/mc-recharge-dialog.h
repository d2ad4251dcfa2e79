/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mc-client.h"

G_BEGIN_DECLS

/**
 * McRechargeStage:
 * @MC_RECHARGE_STAGE_AMOUNT: the person types an amount
 * @MC_RECHARGE_STAGE_CREATING: the payment is being created on the service
 * @MC_RECHARGE_STAGE_WAITING: checkout is open; waiting for the payment to complete
 * @MC_RECHARGE_STAGE_SUCCESS: the payment completed and the credits were added
 * @MC_RECHARGE_STAGE_FAILED: creating or paying failed; the reason is shown with a retry
 *
 * Where the Add Credits dialog stands.
 */
typedef enum
{
  MC_RECHARGE_STAGE_AMOUNT,
  MC_RECHARGE_STAGE_CREATING,
  MC_RECHARGE_STAGE_WAITING,
  MC_RECHARGE_STAGE_SUCCESS,
  MC_RECHARGE_STAGE_FAILED,
} McRechargeStage;

#define MC_TYPE_RECHARGE_DIALOG (mc_recharge_dialog_get_type ())
G_DECLARE_FINAL_TYPE (McRechargeDialog, mc_recharge_dialog, MC, RECHARGE_DIALOG, AdwWindow)

/*
 * McRechargeDialog: "Add Credits". Validates the amount as it is typed
 * (mc_recharge_check_input()), shows the tax and the total
 * (mc_tax_compute()), creates the payment, opens checkout in the browser and
 * follows the payment until it completes or fails.
 *
 * Signals: "payment-completed" (McPayment *), "payment-left-pending"
 * (McPayment *: the dialog was closed while its payment was still pending).
 */

McRechargeDialog *mc_recharge_dialog_new             (GtkWindow *parent,
                                                      McClient  *client);
McRechargeDialog *mc_recharge_dialog_new_for_payment (GtkWindow *parent,
                                                      McClient  *client,
                                                      McPayment *payment);
McRechargeStage   mc_recharge_dialog_get_stage       (McRechargeDialog *self);
McPayment        *mc_recharge_dialog_get_payment     (McRechargeDialog *self);
void              mc_recharge_dialog_set_amount_text (McRechargeDialog *self,
                                                      const char       *text);

G_END_DECLS
