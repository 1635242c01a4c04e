# dunban — build, run and test the portal and its form collector.
# Variables other tools rely on: CONTENT, OUT, PORT, DATA.
# make run also takes UNIT_CODES=<hashes file> and ADMINS=<admin list>, as deployed, and AS_OF (its clock).

GO      ?= go
CONTENT ?= content
OUT     ?= public
PORT    ?= 8080
DATA    ?= .data
API     ?= /api
BUILD   ?= .build
UNIT_CODES ?=
ADMINS     ?=
# make run's clock starts at AS_OF (Beijing time): the shipped 2021 round ended on 2022-01-31, so the
# local portal runs as of spring 2021 to take forms. AS_OF= make run uses the real clock.
AS_OF      ?= 2021-04-05 10:00

# PROGRESS reads go build -v: package paths become one counting line, anything else
# (a compiler error) is printed as it is.
PROGRESS = { n=0; while IFS= read -r l; do case "$$l" in *" "*|*:*) echo; echo "$$l";; \
	*) n=$$((n+1)); printf "\r  已编译 %d 个包：%-48.48s" $$n "$$l";; esac; done; if [ $$n -gt 0 ]; then echo; fi; }

.PHONY: build run test bench lambda deploy destroy lint clean \
	bench-site bench-search bench-collector bench-bundle

## site team
build:
	$(GO) run ./site/cmd/dunban build -content $(CONTENT) -out $(OUT) -api $(API)

## site team (built first, so that Ctrl-C stops the server cleanly). The first build compiles
## about 330 packages and says so, counting them on one line; later builds take seconds.
run:
	@echo "正在编译 dunban（第一次约需 1–2 分钟，机器繁忙时更久；以后只需几秒）……"
	@bash -o pipefail -c '$(GO) build -v -o $(BUILD)/dunban ./site/cmd/dunban 2>&1 | $(PROGRESS)'
	@echo "正在生成门户并启动服务……"
	exec $(BUILD)/dunban serve -content $(CONTENT) -out $(OUT) -addr 127.0.0.1:$(PORT) -data $(DATA) \
		$(if $(UNIT_CODES),-unit-codes $(UNIT_CODES)) $(if $(ADMINS),-admins $(ADMINS)) $(if $(AS_OF),-as-of "$(AS_OF)")

## lead
## (go test -json, summarised by .ci/testsummary.go: one line a package, failures, then every skip and why;
## go test runs as many packages at once as there are cores, in the order named: the three longest start first)
test:
	$(GO) vet ./...
	@bash -o pipefail -c '$(GO) test -count=1 -timeout 14m -json ./site/cmd/dunban ./site/search ./infra ./... | $(GO) run .ci/testsummary.go'


## lead
bench: bench-site bench-search bench-collector bench-bundle

## site team: dunban, Hugo v0.165.0 (skipped unless installed: go install github.com/gohugoio/hugo@v0.165.0)
## and goldmark alone on the same 10,000 realistic pages, 3 builds each, then a summary of the three
## side by side (medians, peak memory, load average, the ratios), then live reload in Chromium;
## content and output in memory (tmpfs) where the machine has it; BENCH_TMP=<dir> measures another file system
bench-site:
	TMPDIR=$${BENCH_TMP:-$$(test -d /dev/shm && echo /dev/shm || echo /tmp)} $(GO) test -run '^$$' -bench '^Benchmark(Build|Hugo|Goldmark)$$/^N=10000$$' -benchtime 2x -timeout 120m ./site/build/
	TMPDIR=$${BENCH_TMP:-$$(test -d /dev/shm && echo /dev/shm || echo /tmp)} $(GO) test -run '^$$' -bench 'BenchmarkLiveReload' -benchtime 20x ./site/cmd/dunban/

## search team
bench-search:
	$(GO) test -run '^$$' -bench . -benchtime 5x -timeout 20m ./site/search/

## collector team: validation+encoding per submission, handler throughput in-process and end to end
## against the local S3 (in memory, and on disk as under make run; p50/p99), and the bootstrap's size
bench-collector: lambda
	COLLECTOR_BOOTSTRAP=$(CURDIR)/$(BUILD)/collector/bootstrap \
	$(GO) test -run '^$$' -bench . -benchtime 2s -timeout 10m ./lambda/collect/ ./lambda/devserver/

## bundle team
bench-bundle:
	$(GO) test -run '^$$' -bench 'BenchmarkBundle|BenchmarkBoard' -benchtime 1x -timeout 15m ./lambda/bundle/

## infra team: both functions' bootstraps (linux/arm64) and zips under $(BUILD)/collector and
## $(BUILD)/admin, built and packed by the deploy's own code (same flags, same zip), with their sizes
lambda:
	$(GO) run ./infra/cmd/deploy -content $(CONTENT) -build $(BUILD) package

## infra team: build both Lambda bootstraps (linux/arm64), zip and upload them, create or update
## the stack through a change set shown before it runs, build the portal (forms post to /api on
## its own origin), upload it and invalidate CloudFront. Needs AWS credentials and AWS_REGION (or REGION=…).
## Dry run without credentials: make deploy DEPLOY_FLAGS=-dry-run
## The portal's domain and its certificate, needed in AWS China, may also be given as
## make PortalDomain=… IamCertificateId=… (or AcmCertificateArn=… in the global partition).
STACK        ?= dunban
REGION       ?= $(AWS_REGION)
DEPLOY_FLAGS ?=
DOMAIN_PARAMS = $(foreach p,PortalDomain IamCertificateId AcmCertificateArn,$(if $($(p)),-param $(p)=$($(p))))
deploy:
	$(GO) run ./infra/cmd/deploy -stack $(STACK) $(if $(REGION),-region $(REGION)) -content $(CONTENT) \
		-build $(BUILD)/deploy $(DOMAIN_PARAMS) $(DEPLOY_FLAGS) deploy

## infra team: delete the stack (asks first); the submissions bucket and everything in it is kept
destroy:
	$(GO) run ./infra/cmd/deploy -stack $(STACK) $(if $(REGION),-region $(REGION)) $(DEPLOY_FLAGS) destroy

## lead
lint:
	gofmt -l $$(git ls-files '*.go')
	$(GO) vet ./...
	staticcheck ./...

clean:
	rm -rf $(OUT) $(BUILD)
