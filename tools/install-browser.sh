#!/usr/bin/env bash
# Install what the browser tests (tests/render/test_browser.py) need, from Debian's packages: headless
# Chromium, and poppler-utils (pdfinfo, pdftoppm, pdftotext) to read the PDFs it prints.
# Does nothing when they are already installed. Needs root or sudo on a Debian-based machine.
set -euo pipefail
if [ -x /usr/bin/chromium ] && command -v pdftoppm >/dev/null && command -v pdftotext >/dev/null \
    && command -v pdfinfo >/dev/null; then
    exit 0
fi
echo "installing chromium and poppler-utils (Debian packages) for the browser tests" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -q >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium poppler-utils >&2
