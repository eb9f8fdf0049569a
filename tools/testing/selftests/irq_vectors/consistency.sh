#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The vector matrix and every interrupt's vector state are consistent now.
# Plan: IRQV_CHECK_ALL_RESULTS.
# shellcheck source=tools/testing/selftests/irq_vectors/irqv_lib.sh
. "$(dirname "$0")/irqv_lib.sh"

t_plan "$IRQV_CHECK_ALL_RESULTS"
[ -r "$IRQV_DOMAIN" ] || t_abort "consistency: no $IRQV_DOMAIN"
irqv_check_all "consistency"
t_done
