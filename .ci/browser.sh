# Debian's chromium for the web page's browser test (tests/test_web.py, Playwright for Python drives it;
# Playwright's own browser download is never used), and npm, which `make` uses to vendor the page's
# libraries. Exports EVENTWIRE_REQUIRE_BROWSER=1: a missing browser then fails the test instead of
# skipping it.

install_browser() {
    if [ ! -x /usr/bin/chromium ] || ! command -v npm >/dev/null; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium npm >/dev/null
    fi
    export EVENTWIRE_REQUIRE_BROWSER=1
    echo "$(/usr/bin/chromium --version 2>/dev/null), npm $(npm --version 2>/dev/null)"
}
