# Quiet kbuild-style output: "  CC      kernel/src/main.o"; V=1 prints full commands.
ifeq ($(V),1)
  Q :=
  quiet = @:
else
  Q := @
  quiet = @printf '  %-7s %s\n'
endif
# $(call rel,path): a path shortened relative to the source or build tree.
rel = $(patsubst $(srctree)/%,%,$(patsubst $(objtree)/%,%,$(1)))
