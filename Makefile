# The two commands of the README. Both bootstrap the machine first (a no-op when ready).
JOBS ?= $(shell nproc)
RELEASE := build/release
ASAN := build/asan
DB ?= perfjudge.sqlite

.PHONY: run test bench bootstrap release asan format clean

bootstrap:
	@bash scripts/bootstrap

release: bootstrap
	@cmake -S . -B $(RELEASE) -DCMAKE_BUILD_TYPE=Release -DPJ_TESTS=OFF >/dev/null
	@cmake --build $(RELEASE) -j $(JOBS)

asan: bootstrap
	@cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DPJ_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN) -j $(JOBS)

run: release
	@bash scripts/demo $(RELEASE)/perfjudge $(DB)

test: asan
	@cd $(ASAN) && ctest --output-on-failure -j $(JOBS) --timeout 600

bench: release
	@failed=; for b in bench/*.sh bench/validity/*.sh; do echo "== $$b"; \
	  bash $$b $(RELEASE)/perfjudge || failed="$$failed $$b"; done; \
	  if [ -n "$$failed" ]; then echo "missed their targets:$$failed"; exit 1; fi

format:
	@git ls-files '*.cpp' '*.hpp' '*.c' | xargs clang-format -i

clean:
	@rm -rf build
