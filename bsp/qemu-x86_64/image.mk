# qemu-x86_64 image extras: a GRUB (multiboot2) ISO that boots the same ELF
# on a PC or USB stick. Included by mk/image.mk; "make iso E=<entry>".
ISO := $(IMAGES_DIR)/$(E).iso
iso: $(ISO)

$(IMAGES_DIR)/%.iso: $(IMAGES_DIR)/%.elf
	$(quiet) ISO $(call rel,$@)
	$(Q)rm -rf $(IMGOBJ)/$*/iso && mkdir -p $(IMGOBJ)/$*/iso/boot/grub
	$(Q)cp $< $(IMGOBJ)/$*/iso/boot/walnut.elf
	$(Q)printf '%s\n' 'serial --unit=0 --speed=115200' 'terminal_input serial console' \
	  'terminal_output serial console' 'set timeout=1' \
	  'menuentry "Walnut $*" {' '  multiboot2 /boot/walnut.elf' '  boot' '}' \
	  > $(IMGOBJ)/$*/iso/boot/grub/grub.cfg
	$(Q)grub-mkrescue -o $@ $(IMGOBJ)/$*/iso >$(IMGOBJ)/$*/iso.log 2>&1 || \
	  { cat $(IMGOBJ)/$*/iso.log >&2; exit 1; }
