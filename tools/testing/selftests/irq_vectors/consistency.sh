#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The vector matrix and every interrupt's vector state are consistent now.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

[ -r "$IRQV_DOMAIN" ] || { t_skip "no $IRQV_DOMAIN"; exit 4; }
irqv_check_all "consistency"
t_done
