# dunban — build, run and test the portal and its form collector.
# Variables other tools rely on: CONTENT, OUT, PORT, DATA.

GO      ?= go
CONTENT ?= content
OUT     ?= public
PORT    ?= 8080
DATA    ?= .data
API     ?= /api
BUILD   ?= .build

.PHONY: build run test bench lambda deploy destroy lint clean \
	bench-site bench-search bench-collector bench-bundle

## site team
build:
	$(GO) run ./site/cmd/dunban build -content $(CONTENT) -out $(OUT) -api $(API)

## site team
run:
	$(GO) run ./site/cmd/dunban serve -content $(CONTENT) -out $(OUT) -addr 127.0.0.1:$(PORT) -data $(DATA)

## lead
test:
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 14m ./...

## lead
bench: bench-site bench-search bench-collector bench-bundle

## site team
bench-site:

## search team
bench-search:
	$(GO) test -run '^$$' -bench . -benchtime 5x -timeout 20m ./site/search/

## collector team
bench-collector:

## bundle team
bench-bundle:
	$(GO) test -run '^$$' -bench BenchmarkBundle -benchtime 1x -timeout 15m ./lambda/bundle/

## collector team
lambda:

## infra team
deploy:

## infra team
destroy:

## lead
lint:
	gofmt -l $$(git ls-files '*.go')
	$(GO) vet ./...
	staticcheck ./...

clean:
	rm -rf $(OUT) $(BUILD)
