# Debian's chromium for the web page's browser test (tests/test_web.py, Playwright for Python drives it;
# Playwright's own browser download is never used), and npm, which `make` uses to vendor the page's
# libraries. Exports EVENTWIRE_REQUIRE_BROWSER=1: a missing browser then fails the test instead of
# skipping it.

install_browser() {
    # Only what is missing: Debian's npm conflicts with a Node.js that ships its own npm.
    local missing=()
    [ -x /usr/bin/chromium ] || missing+=(chromium)
    command -v npm >/dev/null || missing+=(npm)
    if [ ${#missing[@]} -gt 0 ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    export EVENTWIRE_REQUIRE_BROWSER=1
    echo "$(/usr/bin/chromium --version 2>/dev/null), npm $(npm --version 2>/dev/null)"
}
