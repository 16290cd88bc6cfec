#!/bin/sh
# Runs the browser tests with node's test runner.
#
#   tests/browser/run.sh [FILE.test.js ...]   run these test files (default: all checks,
#                                             i.e. every *.test.js but selftest.test.js)
#   tests/browser/run.sh --install-only       only make sure node_modules is installed
#
# Environment: WW_SITE (the built site; default <repo>/site), WW_REQUIRE_SITE=1 (a
# missing site fails instead of skipping), WW_JOBS (pages at a time, default 2).
#
# node_modules is installed with `npm ci` from the committed package-lock.json when it
# is missing or the lock file changed. Browsers are never downloaded: the tests drive
# Debian's chromium and firefox-esr, which `make test-deps` installs.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
caller=$(pwd)

die() {
	echo "tests/browser/run.sh: $*" >&2
	exit 1
}

command -v node >/dev/null 2>&1 || die "node not found; 'make test-deps' installs it"
command -v npm >/dev/null 2>&1 || die "npm not found; 'make test-deps' installs it"
# Debian 12's own nodejs (18.20) is the oldest the tools are chosen for (package.json).
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>18||(a===18&&b>=19)?0:1)' ||
	die "node $(node --version) is too old; the browser tests need node >= 18.19 (Debian 12's nodejs is fine)"

# A relative WW_SITE means relative to where we were called from.
if [ -n "${WW_SITE:-}" ]; then
	case $WW_SITE in
	/*) ;;
	*) WW_SITE="$caller/$WW_SITE" ;;
	esac
	export WW_SITE
fi

# Never fetch a browser, whatever a package's install script would like to do.
export PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROME_DOWNLOAD=1 \
	PUPPETEER_SKIP_CHROME_HEADLESS_SHELL_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

install_modules() {
	stamp="$here/node_modules/.ww-package-lock.sha256"
	want=$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
		return 0
	fi
	echo "tests/browser/run.sh: installing node_modules (npm ci)" >&2
	(cd "$here" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error) ||
		die "npm ci failed in tests/browser (it needs the npm registry)"
	echo "$want" >"$stamp"
}

# ctest may start several of us at once: only one installs, the others wait for it.
mkdir -p "$here/out"
if command -v flock >/dev/null 2>&1; then
	exec 9>"$here/out/.npm-ci.lock"
	flock 9
	install_modules
	flock -u 9
else
	install_modules
fi

if [ "${1:-}" = "--install-only" ]; then
	exit 0
fi

for b in "${WW_CHROMIUM:-/usr/bin/chromium}" "${WW_FIREFOX:-/usr/bin/firefox-esr}"; do
	[ -x "$b" ] || die "$b not found; 'make test-deps' installs it (Debian packages chromium and firefox-esr)"
done

# The test files, as given (relative to the caller or to tests/browser).
files=""
if [ $# -eq 0 ]; then
	for f in "$here"/*.test.js; do
		case $f in
		*/selftest.test.js) ;;
		*) files="$files $f" ;;
		esac
	done
else
	for f in "$@"; do
		case $f in
		/*) p=$f ;;
		*) if [ -f "$caller/$f" ]; then p="$caller/$f"; else p="$here/$f"; fi ;;
		esac
		[ -f "$p" ] || die "no such test file: $f"
		files="$files $p"
	done
fi

cd "$here"
# shellcheck disable=SC2086 # the file list is split on purpose (paths have no spaces)
exec node --test $files
