#!/bin/sh
# Kills a build with SIGKILL while it writes a large site, then checks that
#   1. the previous site is byte for byte as it was (nothing added, changed or removed),
#   2. the killed build left its staging folder (OUT.tmp-PID) beside it, half full,
#   3. the next build succeeds and removes that staging folder.
#
#   kill-build.sh WEGWIJZER WORK_DIR [PAGES]
#
# PAGES (default 3000) generated pages in 20 sections, about 2 KB of Markdown each,
# with the project's default theme. The test fails rather than passes when the build
# ends before it could be killed: then it proved nothing.
set -u
bin=$1 work=$2 pages=${3:-3000}
fail() { echo "kill-build: FAIL: $*"; exit 1; }

rm -rf "$work"
mkdir -p "$work/site/content"
site=$work/site out=$work/out

cat >"$site/site.toml" <<'EOF'
title = "Groot"
language = "nl"
[theme]
name = "default"
[print]
enabled = false
EOF
printf -- '---\ntitle: Start\n---\nDe startpagina.\n' >"$site/content/_index.md"

# $1: a word that differs between the first and the second version of the content.
generate() {
	awk -v pages="$pages" -v dir="$site/content" -v word="$1" 'BEGIN {
		para = "De intern begeleider coördineert de leerlingenzorg, overlegt met leerkrachten en ouders " \
		       "en bewaakt de kwaliteit van de zorgroute in de school."
		for (s = 1; s <= 20; s++) {
			sd = sprintf("%s/sectie-%02d", dir, s)
			system("mkdir -p " sd)
			printf("---\ntitle: Sectie %d\n---\n%s\n", s, word) > (sd "/_index.md")
			close(sd "/_index.md")
		}
		for (i = 1; i <= pages; i++) {
			f = sprintf("%s/sectie-%02d/pagina-%04d.md", dir, i % 20 + 1, i)
			printf("---\ntitle: Pagina %d\nweight: %d\n---\n\n## Inleiding\n\n%s %s\n\n", i, i, word, para) > f
			for (k = 1; k <= 8; k++) printf("### Stap %d\n\n- %s\n- %s\n\n%s\n\n", k, para, word, para) > f
			close(f)
		}
	}'
}

# Every file of a folder with its checksum, and every folder: what "unchanged" means.
manifest() { (cd "$1" && find . -type d | sort && find . -type f -exec sha256sum {} + | sort -k2); }

generate eerste
"$bin" build -q -j 2 -s "$site" -d "$out" || fail "the first build failed"
manifest "$out" >"$work/before"
[ "$(grep -c '\.html$' "$work/before")" -ge "$pages" ] || fail "the first build wrote fewer than $pages pages"

generate tweede
"$bin" build -q -j 2 -s "$site" -d "$out" &
pid=$!
staging=$work/out.tmp-$pid
# Kill it once it has written a good part of the pages, well before it ends.
want=$((pages / 4)) tries=0
while :; do
	n=$(find "$staging" -name '*.html' 2>/dev/null | wc -l)
	[ "$n" -ge "$want" ] && break
	kill -0 "$pid" 2>/dev/null || fail "the build ended before it could be killed ($n pages staged); use more pages"
	tries=$((tries + 1))
	[ "$tries" -lt 6000 ] || { kill -9 "$pid"; fail "the build wrote no $want pages in 60 s"; }
	sleep 0.01
done
kill -9 "$pid"
wait "$pid" 2>/dev/null
staged=$(find "$staging" -name '*.html' | wc -l)
echo "kill-build: killed build $pid with $staged of $((pages + 21)) pages staged"
[ "$staged" -lt "$((pages + 21))" ] || fail "the build had written every page before the kill"

manifest "$out" >"$work/after"
diff -u "$work/before" "$work/after" >"$work/diff" || { head -20 "$work/diff"; fail "the previous site changed"; }
grep -q 'eerste' "$out/sectie-01/index.html" || fail "the previous site is not the first build's"
echo "kill-build: the previous site is unchanged ($(wc -l <"$work/before") files and folders)"
[ -d "$staging" ] || fail "the killed build left no staging folder, so the cleanup below is not tested"

"$bin" build -q -j 2 -s "$site" -d "$out" || fail "the build after the kill failed"
[ ! -e "$staging" ] || fail "the next build did not remove the staging folder $staging of the killed build"
leftover=$(find "$work" -maxdepth 1 -name 'out.*')
[ -z "$leftover" ] || fail "folders left beside the output: $leftover"
grep -q 'tweede' "$out/sectie-01/index.html" || fail "the build after the kill did not publish the new content"
echo "kill-build: the next build removed the staging folder and published the new site"
rm -rf "$work"
