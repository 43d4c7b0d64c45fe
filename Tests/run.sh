#!/usr/bin/env bash
# Runs every test: the Swift unit and system tests (real processes, real sockets, real SQLite
# files), the cross-language wire test (Python + pyzmq against the real broker and a service), and
# schemathesis against the gateway's served OpenAPI document, and the web portal in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

deploy/local/install-deps.sh --test
swift build --build-tests
swift test --skip-build
DJ_BIN_DIR="$(swift build --show-bin-path)" python3 -m pytest -q Tests/Python
# The gateway's OpenAPI document against the running gateway (fails on any 5xx or schema violation).
DJ_BIN_DIR="$(swift build --show-bin-path)" Tests/Schemathesis/run.sh
# The web portal in a real browser (headless Chromium, Selenium): screenshots in Tests/Browser/screenshots.
DJ_BIN_DIR="$(swift build --show-bin-path)" python3 -m pytest -q Tests/Browser
