# Thin wrapper over meson/ninja. 'make' configures the tree when needed.
BUILD ?= build
NINJA ?= ninja

.PHONY: all check demo install deps clean distclean bench fuzz

all: $(BUILD)/build.ninja
	$(NINJA) -C $(BUILD)

deps:
	@./scripts/install-deps.sh

$(BUILD)/build.ninja:
	@./scripts/install-deps.sh
	./configure --builddir=$(BUILD)

check: deps all
	@python3 scripts/check.py --build $(BUILD)

demo: deps all
	@./scripts/demo.sh $(BUILD)

bench: deps all
	@./scripts/bench.sh $(BUILD)

install: all
	meson install -C $(BUILD)

clean:
	@[ ! -f $(BUILD)/build.ninja ] || $(NINJA) -C $(BUILD) clean

distclean:
	rm -rf $(BUILD)
