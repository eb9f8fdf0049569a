// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only kernel splats for proving that a console scanner can fail.
 *
 * Booting with test_splat.warn=1 makes a late initcall issue one WARN().
 * Without the parameter this code does nothing. Never enable it in a
 * production kernel.
 */
#include <linux/bug.h>
#include <linux/init.h>
#include <linux/moduleparam.h>

static bool warn;
module_param(warn, bool, 0444);
MODULE_PARM_DESC(warn, "Issue one WARN() at boot");

static int __init test_splat_init(void)
{
	WARN(warn, "test_splat: deliberate warning for the console scanner self-test\n");
	return 0;
}
late_initcall(test_splat_init);
