# Sourced by .ci/run: Debian's Chromium for the report's browser test (test/report-*-browser*.test.ts).
# Installs the chromium package if /usr/bin/chromium is missing (never a browser download by a tool),
# then exports REQUIRE_BROWSER=1 so that test fails instead of skipping. Returns non-zero (failing
# .ci/run under set -e) when Chromium cannot be had.

session_bench_browser_up() {
  local chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
  if [ ! -x "$chromium" ]; then
    echo "== installing chromium (Debian package)"
    apt-get update -qq || return 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || return 1
  fi
  if [ ! -x "$chromium" ]; then
    echo "chromium is not at $chromium after installing it" >&2
    return 1
  fi
  echo "== $("$chromium" --version 2>/dev/null | head -n 1)"
  export CHROMIUM_PATH="$chromium"
  export REQUIRE_BROWSER=1
}

session_bench_browser_up
