#!/usr/bin/env bash
# Writes a 1000-entry log with truce-ledger and checks it with Go's
# golang.org/x/mod (sumdb/note, sumdb/tlog), an implementation nobody in this
# project wrote. Needs Debian's golang-go and golang-golang-x-mod-dev:
#   apt-get install -y --no-install-recommends golang-go golang-golang-x-mod-dev
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fixtures="$(mktemp -d)"
trap 'rm -rf "$fixtures"' EXIT
listing="$(dpkg -L golang-golang-x-mod-dev)"
gocode="$(grep -m1 '/gocode$' <<<"$listing")"
cargo run -q -p truce-ledger --example interop_fixtures -- "$fixtures"
cd "$here"
GOCACHE="${GOCACHE:-$fixtures/gocache}" GO111MODULE=off GOPATH="$gocode" go run verify.go "$fixtures"
