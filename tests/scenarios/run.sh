#!/bin/sh
# Runs one scenario: builds SCENARIO/site with WEGWIJZER into OUT and compares.
#
#   run.sh WEGWIJZER SCENARIO_DIR OUT_DIR
#
# A scenario folder holds:
#   site/               the input site (site.toml, content/, optional themes/ and plugins/)
#   expected/           the expected output files: every .html and .xml file of the output
#   expected-errors.txt the expected stderr of a failing build, instead of expected/
#   expected-warnings.txt the expected stderr of a build that succeeds with warnings;
#                       the summary line must count them, and the build with
#                       --strict must fail (exit 1, no site) with expected-strict.txt
#   args                optional extra arguments for `wegwijzer build`
#   explain             optional: paths, one a line, for `wegwijzer explain`; its
#                       output must equal expected-explain.txt
# expected/ may also hold other output files (assets, say); those are compared too.
# WW_UPDATE_GOLDEN=1 rewrites expected/ (or expected-errors.txt) from the actual output;
# review the diff before committing it.
#
# The site is built from a copy outside any git work tree, so the output does
# not depend on this checkout's history (pages' last-changed dates come from
# git when there is one).
set -u
bin=$1 dir=$(cd "$2" && pwd) out=$3
rm -rf "$out"
mkdir -p "$(dirname "$out")"
args=""
[ -f "$dir/args" ] && args=$(cat "$dir/args")
work=$(mktemp -d "${TMPDIR:-/tmp}/ww-scenario.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -R "$dir/site" "$work/site"
errfile="$work/stderr"
# Theme: the scenario's own, else the project's default (found by the engine).
# shellcheck disable=SC2086
"$bin" build -q -j 2 -s "$work/site" -d "$out" $args 2>"$errfile"
status=$?
# Messages name paths relative to the scenario, not this machine's folders.
sed -i -e "s#$work/site/##g" -e "s#$out#OUT#g" "$errfile"

if [ -f "$dir/expected-errors.txt" ] || { [ "${WW_UPDATE_GOLDEN:-}" = 1 ] && [ $status -ne 0 ]; }; then
	if [ "${WW_UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$errfile" "$dir/expected-errors.txt"
		echo "updated $dir/expected-errors.txt"
		exit 0
	fi
	[ $status -eq 1 ] || { echo "expected exit 1 (content errors), got $status"; cat "$errfile"; exit 1; }
	diff -u "$dir/expected-errors.txt" "$errfile" || exit 1
	[ ! -e "$out" ] || { echo "a failed build must not leave $out behind"; exit 1; }
	echo "scenario $(basename "$dir"): errors as expected"
	exit 0
fi

[ $status -eq 0 ] || { echo "build failed (exit $status):"; cat "$errfile"; exit 1; }
if [ -f "$dir/expected-warnings.txt" ]; then
	# The same build once more without -q, for its summary line; then --strict.
	summary=$("$bin" build -j 2 -s "$work/site" -d "$work/summary" $args 2>/dev/null | tail -n 1)
	"$bin" build -q -j 2 --strict -s "$work/site" -d "$work/strict" $args 2>"$work/strict.txt"
	strict=$?
	sed -i -e "s#$work/site/##g" -e "s#$work/strict#OUT#g" "$work/strict.txt"
	if [ "${WW_UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$errfile" "$dir/expected-warnings.txt"
		cp "$work/strict.txt" "$dir/expected-strict.txt"
		echo "updated $dir/expected-warnings.txt, expected-strict.txt"
	else
		diff -u "$dir/expected-warnings.txt" "$errfile" || exit 1
		count=$(grep -c ': warning: ' "$errfile")
		case $summary in
		*" $count warning"*) ;;
		*) echo "the summary line does not count the $count warnings: $summary"; exit 1 ;;
		esac
		[ $strict -eq 1 ] || { echo "--strict: expected exit 1, got $strict"; cat "$work/strict.txt"; exit 1; }
		diff -u "$dir/expected-strict.txt" "$work/strict.txt" || exit 1
		[ ! -e "$work/strict" ] || { echo "--strict: a failed build must not leave its site behind"; exit 1; }
	fi
fi
explained="$work/explain.txt"
if [ -f "$dir/explain" ]; then
	# shellcheck disable=SC2046 # one path a line, no spaces
	"$bin" explain -s "$work/site" $(cat "$dir/explain") >"$explained" 2>&1 ||
		{ echo "explain failed:"; cat "$explained"; exit 1; }
fi
if [ "${WW_UPDATE_GOLDEN:-}" = 1 ]; then
	# Other files the expected output held are refreshed too.
	others=$( [ -d "$dir/expected" ] && cd "$dir/expected" && find . -type f ! -name '*.html' ! -name '*.xml')
	rm -rf "$dir/expected"
	mkdir -p "$dir/expected"
	(cd "$out" && { find . -name '*.html' -o -name '*.xml'; for f in $others; do echo "$f"; done; } | while read -r f; do
		mkdir -p "$dir/expected/$(dirname "$f")"
		cp "$f" "$dir/expected/$f"
	done)
	[ -f "$dir/explain" ] && cp "$explained" "$dir/expected-explain.txt"
	echo "updated $dir/expected"
	exit 0
fi
fail=0
if [ -f "$dir/explain" ] && ! diff -u "$dir/expected-explain.txt" "$explained"; then fail=1; fi
for f in $(cd "$dir/expected" && find . -type f | sort); do
	if ! diff -u "$dir/expected/$f" "$out/$f"; then fail=1; fi
done
# Pages nobody expected (an alias too many, a draft published) fail too.
for f in $(cd "$out" && find . -name '*.html' -o -name '*.xml' | sort); do
	[ -f "$dir/expected/$f" ] || { echo "unexpected output file $f"; fail=1; }
done
[ $fail -eq 0 ] && echo "scenario $(basename "$dir"): output as expected"
exit $fail
