#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian machine:
# npm dependencies, Debian's Chromium (browser tests) and a Java runtime (Nu Html Checker).
# Never downloads a browser build of its own: playwright-core drives /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
if ! command -v java >/dev/null 2>&1; then need_apt+=(default-jre-headless); fi
# Fonts so screenshots show real glyphs (Chromium falls back to them for system-ui).
if ! fc-list 2>/dev/null | grep -qi "dejavu\|liberation\|noto"; then need_apt+=(fonts-dejavu-core); fi

if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "setup-test-env: installing ${need_apt[*]} with apt-get"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

/usr/bin/chromium --version
java -version 2>&1 | head -1
npx tsc -p tsconfig.json
