#!/usr/bin/env bash
# Install the system packages the tests need, from Debian's packages, in one apt-get call:
# headless Chromium and poppler-utils (pdfinfo, pdftoppm, pdftotext) for the browser tests
# (tests/render/test_browser.py), and LibreOffice Writer without a GUI with its Python bridge
# (python3-uno, for the system /usr/bin/python3) for the Word redline tests
# (tests/render/test_libreoffice.py).
# Does nothing when they are already installed. Needs root or sudo on a Debian-based machine.
set -euo pipefail
if [ -x /usr/bin/chromium ] && command -v pdftoppm >/dev/null && command -v pdftotext >/dev/null \
    && command -v pdfinfo >/dev/null && command -v soffice >/dev/null \
    && /usr/bin/python3 -c "import uno" 2>/dev/null; then
    exit 0
fi
echo "installing chromium, poppler-utils, libreoffice-writer-nogui and python3-uno" \
    "(Debian packages) for the tests" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -q >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q \
    chromium poppler-utils libreoffice-writer-nogui python3-uno >&2
