#!/usr/bin/env bash
# Starts the server (CIP_E2E_SERVER, or the release build) with demo data for the e2e suite: on a fresh SQLite database, or
# on the (empty) database in CIP_E2E_DATABASE_URL, e.g. PostgreSQL.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
port="${1:-3100}"
target="${CARGO_TARGET_DIR:-$root/target}"
rm -rf "$here/.tmp" && mkdir -p "$here/.tmp"
cd "$root"
export CIP_SITE_ADDR="127.0.0.1:$port"
export CIP_PUBLIC_URL="http://127.0.0.1:$port"
export CIP_DATABASE_URL="${CIP_E2E_DATABASE_URL:-sqlite://$here/.tmp/e2e.sqlite?mode=rwc}"
export CIP_MAIL_OUTBOX="$here/.tmp/outbox"
export CIP_DEMO_DATA=true
# Lets tests move the clock (POST /test/clock); the server allows it on loopback only.
export CIP_TEST_CLOCK=true
export CIP_LOG="warn"
# Playwright is the proxy here: each `newMember` browses from an address of its own
# (X-Forwarded-For), as members do, so the suite's many registrations do not all count
# against one address's registration limit.
export CIP_TRUSTED_PROXIES='[127.0.0.1]'
exec "${CIP_E2E_SERVER:-$target/release/server}"
