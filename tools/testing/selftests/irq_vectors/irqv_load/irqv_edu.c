// SPDX-License-Identifier: GPL-2.0
/*
 * irqv_edu - test-only driver for QEMU's "edu" PCI device (1234:11e8).
 *
 * It follows the pattern of network drivers: the interrupt vector is
 * allocated at probe and requested only when the device is opened. The
 * edu device's MSI capability has no per-vector mask, so the MSI core
 * cannot use reservation mode for it and activates the interrupt, with a
 * real vector, at allocation: from probe to open the interrupt is
 * activated but not started, the window in which a CPU offline used to
 * lose it.
 *
 * Writing 1 to "open" requests the interrupt, 0 frees it. Writing 1 to
 * "raise" makes the device raise it: a real MSI write of the device, not
 * an IPI. "irq" and "handled" tell the interrupt and how many the
 * handler saw.
 *
 * It uses exported interfaces only, so it builds against the base tree
 * and ours alike.
 */
#include <linux/interrupt.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>

#define EDU_IRQ_STATUS	0x24
#define EDU_IRQ_RAISE	0x60
#define EDU_IRQ_ACK	0x64

static int irq;
module_param(irq, int, 0444);
MODULE_PARM_DESC(irq, "Linux interrupt number of the device's MSI, 0 if none");

static atomic_t handled = ATOMIC_INIT(0);
static DEFINE_MUTEX(edu_lock);
static void __iomem *edu_regs;
static bool edu_open;

static irqreturn_t edu_handler(int irq, void *cookie)
{
	u32 status = readl(edu_regs + EDU_IRQ_STATUS);

	if (!status)
		return IRQ_NONE;
	writel(status, edu_regs + EDU_IRQ_ACK);
	atomic_inc(&handled);
	return IRQ_HANDLED;
}

static int edu_get_handled(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&handled));
}

static const struct kernel_param_ops edu_handled_ops = {
	.get	= edu_get_handled,
};
module_param_cb(handled, &edu_handled_ops, NULL, 0444);
MODULE_PARM_DESC(handled, "Interrupts the handler has seen");

static int edu_set_open(const char *val, const struct kernel_param *kp)
{
	bool want;
	int ret;

	ret = kstrtobool(val, &want);
	if (ret)
		return ret;
	guard(mutex)(&edu_lock);
	if (!irq || want == edu_open)
		return -EINVAL;
	if (want) {
		ret = request_irq(irq, edu_handler, 0, "irqv_edu", &edu_regs);
		if (ret)
			return ret;
	} else {
		free_irq(irq, &edu_regs);
	}
	edu_open = want;
	return 0;
}

static const struct kernel_param_ops edu_open_ops = {
	.set	= edu_set_open,
};
module_param_cb(open, &edu_open_ops, NULL, 0200);
MODULE_PARM_DESC(open, "1: request the interrupt, 0: free it");

static int edu_set_raise(const char *val, const struct kernel_param *kp)
{
	guard(mutex)(&edu_lock);
	if (!edu_regs)
		return -ENODEV;
	writel(1, edu_regs + EDU_IRQ_RAISE);
	return 0;
}

static const struct kernel_param_ops edu_raise_ops = {
	.set	= edu_set_raise,
};
module_param_cb(raise, &edu_raise_ops, NULL, 0200);
MODULE_PARM_DESC(raise, "Write 1: the device raises its interrupt");

static int edu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	void __iomem *regs;
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	regs = pcim_iomap_region(pdev, 0, "irqv_edu");
	if (IS_ERR(regs))
		return PTR_ERR(regs);
	/* An MSI is a memory write of the device. */
	pci_set_master(pdev);
	ret = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_MSI);
	if (ret < 0)
		return ret;

	guard(mutex)(&edu_lock);
	edu_regs = regs;
	irq = pci_irq_vector(pdev, 0);
	return 0;
}

static void edu_remove(struct pci_dev *pdev)
{
	guard(mutex)(&edu_lock);
	if (edu_open)
		free_irq(irq, &edu_regs);
	edu_open = false;
	pci_free_irq_vectors(pdev);
	edu_regs = NULL;
	irq = 0;
}

static const struct pci_device_id edu_ids[] = {
	{ PCI_DEVICE(0x1234, 0x11e8) },
	{ }
};
MODULE_DEVICE_TABLE(pci, edu_ids);

static struct pci_driver edu_driver = {
	.name		= "irqv_edu",
	.id_table	= edu_ids,
	.probe		= edu_probe,
	.remove		= edu_remove,
};
module_pci_driver(edu_driver);

MODULE_DESCRIPTION("Test-only driver for QEMU's edu device: MSI allocated at probe, requested at open");
MODULE_LICENSE("GPL");
