/* SPDX-License-Identifier: GPL-2.0 */
/* Nothing to generate in userspace: linux/tracepoint.h did it all. */
