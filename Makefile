# warroom: make build | test | demo | bench | lint | imports | update
GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: build test race demo bench lint imports update ci

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/warroom ./cmd/warroom

test:
	$(GO) test ./...

race:
	$(GO) test -race ./...

demo:
	$(GO) run -ldflags "$(LDFLAGS)" ./cmd/warroom demo --out warroom-demo

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# Domain packages never import the store, the CLI, cobra, database/sql or the AWS SDK.
imports:
	@bad=$$($(GO) list -f '{{.ImportPath}} {{join .Imports " "}}' ./... | \
	  grep -E '^github.com/warroom/warroom/(questions|checks|review|scenarios|reports)( |$$)' | \
	  grep -E ' (github.com/warroom/warroom/(store|cmd)[^ ]*|github.com/spf13/cobra|database/sql|github.com/aws/aws-sdk-go-v2[^ ]*)( |$$)'); \
	if [ -n "$$bad" ]; then echo "forbidden imports:"; echo "$$bad"; exit 1; fi; \
	bad=$$($(GO) list -f '{{.ImportPath}} {{join .Imports " "}}' ./... | grep -v '^github.com/warroom/warroom/cmd/' | \
	  grep -E ' github.com/warroom/warroom/cmd'); \
	if [ -n "$$bad" ]; then echo "nothing may import cmd:"; echo "$$bad"; exit 1; fi; \
	echo "imports ok"

update:
	$(GO) test ./... -run . -update

ci: lint imports test
