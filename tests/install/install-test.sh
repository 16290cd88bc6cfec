#!/bin/sh
# The installed program and the Debian package, tried as a new user would:
#   1. `cmake --install` into a temporary prefix (what `make install` runs);
#   2. with the source tree hidden (a private mount namespace lays an empty
#      folder over it, when unshare is allowed), the installed wegwijzer makes
#      a new site, builds it with 0 warnings, `check` finds 0 broken links, and
#      `new page` adds a page that builds;
#   3. a copy of the program without its share/ folder fails with a message
#      that names the folders it tried;
#   4. `cpack -G DEB` (what `make deb` runs) gives a package whose dependencies
#      came from dpkg-shlibdeps and whose wegwijzer, unpacked, does step 2 too.
#
#   install-test.sh BUILD_DIR SOURCE_DIR
#
# It works in a temporary folder outside the source tree (the build folder is
# usually inside it, and is hidden with it).
set -u
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/ww-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
case $work/ in "$src"/*) echo "install-test: FAIL: TMPDIR lies inside the source tree"; exit 1 ;; esac
fail() { echo "install-test: FAIL: $*"; exit 1; }

# $1: the program to try; $2: a folder for the new site.
try_program() {
	prog=$1 dir=$2
	script="
		set -e
		'$prog' new site '$dir' >/dev/null
		out=\$('$prog' build -s '$dir')
		echo \"\$out\"
		echo \"\$out\" | grep -q ' 0 warnings'
		'$prog' check -s '$dir' | tail -1 | grep -q 'every internal link and anchor of the built site is valid'
		'$prog' new page -s '$dir' voorbeeld/afspraken >/dev/null
		'$prog' build -q -s '$dir'
		test -f '$dir/site/voorbeeld/afspraken.html'
		test -f '$dir/site/zoeken.html'
		test -f '$dir/site/print.html'
	"
	if unshare -m true 2>/dev/null; then
		unshare -m sh -c "mount -t tmpfs none '$src' && $script" || return 1
		echo "install-test: $prog worked with the source tree hidden"
	else
		sh -c "$script" || return 1
		echo "install-test: $prog worked (unshare not allowed here: the source tree stayed visible)"
	fi
}

cmake --install "$build" --prefix "$work/prefix" >/dev/null || fail "cmake --install failed"
[ -x "$work/prefix/bin/wegwijzer" ] || fail "no bin/wegwijzer installed"
[ -f "$work/prefix/share/wegwijzer/themes/default/starter/site.toml" ] || fail "the starter site was not installed"
[ -f "$work/prefix/share/wegwijzer/plugins/form.lua" ] || fail "the plugins were not installed"
try_program "$work/prefix/bin/wegwijzer" "$work/site-installed" || fail "the installed program did not make a working site"

mkdir -p "$work/alone/bin"
cp "$work/prefix/bin/wegwijzer" "$work/alone/bin/"
msg=$("$work/alone/bin/wegwijzer" new site "$work/x" 2>&1) && fail "a program without share/ did not fail"
echo "$msg" | grep -q "looked for themes/ and plugins/ in $work/alone/share/wegwijzer" ||
	fail "the message does not name the folders tried: $msg"

(cd "$build" && cpack -G DEB >/dev/null) || fail "cpack -G DEB failed"
deb=$(ls "$build"/wegwijzer_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "no .deb written"
deps=$(dpkg-deb -f "$deb" Depends)
for lib in libcmark-gfm liblua5.4 libyaml-cpp libzip; do
	echo "$deps" | grep -q "$lib" || fail "the package does not depend on $lib: $deps"
done
dpkg-deb -x "$deb" "$work/deb" || fail "cannot unpack $deb"
try_program "$work/deb/usr/bin/wegwijzer" "$work/site-deb" || fail "the packaged program did not make a working site"
echo "install-test: $(basename "$deb"): Depends: $deps"
echo "install-test: passed"
