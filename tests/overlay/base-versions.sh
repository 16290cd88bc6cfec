#!/bin/sh
# A regional network's base in two versions under a school's own folder, with
# the real program, the way content.md "Overlays" tells a coordinator to work:
#   1. the network packs version 1.0 (`pack --base`); the school unpacks the
#      ZIP into netwerk/ and lists it below its own folder;
#   2. the school takes over one base page (`override`) and leaves another;
#   3. the network releases 2.0, changing both pages; the school unpacks it;
#   4. the build warns exactly for the changed, overridden page (file:line of
#      both); `diff` shows the change; `override --accept` silences it;
#   5. the colophon (footer, print edition) names the base's version.
#
#   base-versions.sh WEGWIJZER WORK_DIR
set -u
bin=$1 work=$2
fail() { echo "base-versions: FAIL: $*"; exit 1; }
has() { grep -qF -- "$1" "$2" || fail "$2 lacks: $1"; }

rm -rf "$work"
net=$work/netwerk-site school=$work/school
mkdir -p "$net/content/zorg" "$school/eigen"

# The network's base site, version 1.0.
printf 'title = "Netwerk IB"\nbase_url = "https://netwerk-ib.example/"\n' >"$net/site.toml"
printf 'name = "Netwerk IB"\nversion = "1.0"\nlicence = "CC BY-SA 4.0"\n' >"$net/content/base.toml"
printf -- '---\ntitle: Start\n---\nWelkom.\n' >"$net/content/_index.md"
printf -- '---\ntitle: Zorg\n---\n' >"$net/content/zorg/_index.md"
printf -- '---\ntitle: Route\n---\nStap 1.\n\nStap 2.\n' >"$net/content/zorg/route.md"
printf -- '---\ntitle: Overleg\n---\nElke maand.\n' >"$net/content/zorg/overleg.md"

# Packs the base and unpacks it as the school's netwerk/ (replacing the last one).
release() {
	"$bin" pack --base -q -s "$net" -d "$work/netwerk-out" -o "$work/netwerk.zip" || fail "pack --base failed"
	rm -rf "$school/netwerk"
	mkdir -p "$school/netwerk"
	python3 -m zipfile -e "$work/netwerk.zip" "$school/netwerk" || fail "cannot unpack the ZIP"
	[ -f "$school/netwerk/base.toml" ] || fail "the ZIP has no base.toml at its top"
}
build() {
	"$bin" build -s "$school" -d "$work/out" >"$work/build.out" 2>"$work/build.err" || {
		cat "$work/build.err"
		fail "the school's build failed"
	}
}

release
printf 'title = "Handboek De Linde"\nbase_url = "https://delinde.example/handboek/"\nlicence = "CC BY 4.0"\n[content]\nsources = ["netwerk", "eigen"]\n' \
	>"$school/site.toml"
printf -- '---\ntitle: Jaarplanning\n---\nOnze planning.\n' >"$school/eigen/jaarplanning.md"

"$bin" override -s "$school" zorg/route.md >"$work/override.out" || fail "override failed"
has "copied netwerk/zorg/route.md (Netwerk IB 1.0) to eigen/zorg/route.md" "$work/override.out"
[ -f "$school/base-lock.toml" ] || fail "no base-lock.toml"
cmp -s "$school/eigen/zorg/route.md" "$school/netwerk/zorg/route.md" || fail "the copy differs from the base"
printf '\nOp onze school: met de intern begeleider.\n' >>"$school/eigen/zorg/route.md"
cp "$school/eigen/zorg/route.md" "$work/route.school"
"$bin" override -s "$school" zorg/route.md 2>"$work/again.err" && fail "a second override overwrote the school's file"
has "exists already and is never overwritten" "$work/again.err"
cmp -s "$school/eigen/zorg/route.md" "$work/route.school" || fail "the school's file was changed"

build
[ -s "$work/build.err" ] && { cat "$work/build.err"; fail "version 1.0 should build without warnings"; }
has "Gebaseerd op Netwerk IB versie 1.0 (licentie: CC BY-SA 4.0)" "$work/out/zorg/route.html"
has "Licentie van deze site: CC BY 4.0" "$work/out/index.html"
has "Op onze school" "$work/out/zorg/route.html"

# Version 2.0: both pages change.
printf 'name = "Netwerk IB"\nversion = "2.0"\nlicence = "CC BY-SA 4.0"\n' >"$net/content/base.toml"
printf -- '---\ntitle: Route\n---\nStap 1.\n\nStap 2, samen met de ouders.\n' >"$net/content/zorg/route.md"
printf -- '---\ntitle: Overleg\n---\nElke week.\n' >"$net/content/zorg/overleg.md"
release
build
[ "$(grep -c 'warning:' "$work/build.err")" = 1 ] || { cat "$work/build.err"; fail "expected exactly one warning"; }
has "eigen/zorg/route.md:1:" "$work/build.err"
has "replaces netwerk/zorg/route.md:6, which changed since it was copied (Netwerk IB 1.0, now Netwerk IB 2.0)" \
	"$work/build.err"
has "Elke week." "$work/out/zorg/overleg.html"
has "Gebaseerd op Netwerk IB versie 2.0" "$work/out/index.html"
has "Gebaseerd op Netwerk IB versie 2.0" "$work/out/print.html"

"$bin" diff -s "$school" zorg/route.md >"$work/diff.out" || fail "diff failed"
has "-Stap 2." "$work/diff.out"
has "+Stap 2, samen met de ouders." "$work/diff.out"
has "@@ -3,4 +3,4 @@" "$work/diff.out"

# --strict (once the program has it) makes the drift warning an error: exit 1.
if "$bin" --help | grep -q -- --strict; then
	"$bin" build --strict -s "$school" -d "$work/out-strict" >/dev/null 2>&1
	[ $? -eq 1 ] || fail "--strict should make the drift warning an error (exit 1)"
fi

"$bin" override --accept -s "$school" zorg/route.md >"$work/accept.out" || fail "override --accept failed"
cmp -s "$school/eigen/zorg/route.md" "$work/route.school" || fail "--accept changed the school's file"
build
[ -s "$work/build.err" ] && { cat "$work/build.err"; fail "after --accept the build should not warn"; }
[ -z "$("$bin" diff -s "$school" zorg/route.md 2>/dev/null)" ] || fail "diff after --accept should be empty"

# A page replaced by hand, without override: a warning of its own.
printf -- '---\ntitle: Overleg\n---\nBij ons anders.\n' >"$school/eigen/zorg/overleg.md"
build
has "eigen/zorg/overleg.md:1:" "$work/build.err"
has "without a record in base-lock.toml" "$work/build.err"
echo "base-versions: the drift warning, diff, --accept and the colophon work"
