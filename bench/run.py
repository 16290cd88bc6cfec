#!/usr/bin/env python3
"""Wegwijzer against Hugo and against cmark-gfm alone, on the same content.

usage: bench/run.py [--sizes 1k,10k] [--100k] [--variants plain,plain+search,nav,nav-section]
                    [--reps 3] [--warmup 1] [--no-incremental] [--fresh]
                    [--wegwijzer PATH] [--jobs N]

For every size it generates a corpus once (bench/gen_corpus.py, cached in
bench/out/corpus/SIZE), then builds it with

  plain        Wegwijzer bench/themes/plain  vs  Hugo bench/hugo/plain
               (title + content, nothing else; both write only the pages:
               Hugo's feeds, sitemap and taxonomies are off in its config,
               Wegwijzer's search index, feed and sitemap in site.toml)
  plain+search Wegwijzer only, as a site has it by default: the plain pages
               plus the offline search index, feed.xml and sitemap.xml
               (Hugo has no search index; its ratios are against Hugo plain)
  nav          Wegwijzer bench/themes/nav    vs  Hugo bench/hugo/nav
               (the whole section tree in every page, at most 40 pages per
               section and then a link to the section page: Wegwijzer's
               {{{nav}}} and a Hugo template that writes the same tree)
  nav-section  Hugo only, bench/hugo/nav-section: every page lists ALL pages
               of its own section (the Hugo setup measured in issue 7)

and with cmark-gfm alone, two ways: bench/cmark_alone.c (parse + render every
Markdown file on its own, in one process, one thread: the strict floor) and,
up to 10k pages, Debian's `cmark-gfm` program on all files as one document
(how issue 7 measured "cmark-gfm alone"). Each build runs --warmup times unmeasured, then --reps
times under /usr/bin/time; the table shows the median wall time (and the
fastest), the median CPU time (user + sys) and the largest peak RSS.

Then it measures a rebuild after editing one page of the 10k site (or the
largest size run): `wegwijzer build` again (it has no on-disk cache, so that
is a full build), and `wegwijzer serve`, which keeps the previous build in
memory and re-renders only what the edit touches.

Results: a table on stdout and in bench/results.md; every measurement in
bench/out/results.json, merged across runs (--fresh starts over), so a later
`--sizes 100k` run adds to the 1k and 10k rows instead of replacing them.
By default sizes above 10k run only plain and plain+search; --variants overrides.
"""
import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
# Where the built sites go (set in main). A tmpfs by default: on this kind of
# VM (ext4 without a journal) creating files within ~30 s of an `rm -rf` of
# thousands of others costs up to 5 s of extra kernel time in either tool,
# and the script removes every output before the next run.
PUBLIC = None
OUT = os.path.join(BENCH, "out")
TIME = "/usr/bin/time"
CORES = os.cpu_count() or 1

# (variant, tool, label): what is built for each size.
RUNS = [
    ("plain", "wegwijzer"),
    ("plain+search", "wegwijzer"),
    ("plain", "hugo"),
    ("nav", "wegwijzer"),
    ("nav", "hugo"),
    ("nav-section", "hugo"),
    ("default", "wegwijzer"),
    ("default", "wegwijzer-before"),
    ("default", "hugo"),
]
VARIANT_NOTES = {
    "plain": "title + content",
    "plain+search": "plain, with Wegwijzer's search index, feed and sitemap (its default)",
    "nav": "section tree, ≤40 pages per section",
    "nav-section": "all pages of own section (Hugo only)",
    "default": "the site as it comes: Wegwijzer's default theme and settings (navigation, search, feed, "
               "sitemap, print edition up to its page limit) against Hugo plain, both written to the "
               "ordinary disk over the previous build's output",
}
# Variants whose output goes to the ordinary disk (DISK_PUBLIC) and is built over the previous
# run's output, as a user rebuilds a site: staging, swapping and removing the old output count.
ON_DISK = {"default"}
DISK_PUBLIC = None


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def parse_size(s):
    """'10k' -> (10000, ''), '10k-nofm' -> (10000, 'nofm')."""
    s = s.strip().lower()
    m = re.fullmatch(r"(\d+)(k?)(-nofm)?", s)
    if not m:
        sys.exit(f"run.py: size '{s}' is not a number like 1000, 10k or 10k-nofm")
    return int(m.group(1)) * (1000 if m.group(2) else 1), (m.group(3) or "")[1:]


def size_name(n, kind=""):
    name = f"{n // 1000}k" if n % 1000 == 0 else str(n)
    return f"{name}-{kind}" if kind else name


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def loadavg():
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


# ---------------------------------------------------------------- tools


def ensure_time():
    if os.access(TIME, os.X_OK):
        return
    log("run.py: /usr/bin/time is missing; installing the Debian package 'time' with apt-get")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    run(sudo + ["apt-get", "install", "-y", "-qq", "time"])


def build_wegwijzer(args):
    if args.wegwijzer:
        return os.path.abspath(args.wegwijzer)
    bdir = os.path.join(ROOT, "build-bench")
    # Release with link-time optimisation, as a packager would build it (about
    # 5 % less CPU than without); configured every time, so an older
    # build-bench/ gets the same flags.
    run(["cmake", "-S", ROOT, "-B", bdir, "-DCMAKE_BUILD_TYPE=Release", "-DWW_BROWSER_TESTS=OFF",
         "-DCMAKE_INTERPROCEDURAL_OPTIMIZATION=ON"], stdout=subprocess.DEVNULL)
    log("run.py: building wegwijzer (Release, LTO) in build-bench/")
    run(["cmake", "--build", bdir, "-j", str(CORES), "--target", "wegwijzer"], stdout=subprocess.DEVNULL)
    return os.path.join(bdir, "wegwijzer")


def build_cmark_alone():
    src = os.path.join(BENCH, "cmark_alone.c")
    exe = os.path.join(OUT, "cmark_alone")
    if os.path.exists(exe) and os.path.getmtime(exe) >= os.path.getmtime(src):
        return exe
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "libcmark-gfm"], check=True, capture_output=True,
                           text=True).stdout.split()
    run(["cc", "-O2", "-o", exe, src] + flags + ["-lcmark-gfm-extensions"])
    return exe


def cmark_cli_command(corpus_dir):
    """Debian's cmark-gfm program on the whole corpus as one document, with
    the extensions and options of bench/cmark_alone.c: the way issue 7 put a
    number on "cmark-gfm alone" (about 1.5 s of one core at 10k pages). The
    files are joined beforehand (not timed), front matter and all, as `cat`
    would; the HTML goes to /dev/null."""
    joined = os.path.join(OUT, f"joined-{os.path.basename(corpus_dir)}.md")
    # Written again each run: the corpus may have been made anew.
    paths = sorted(os.path.join(d, f) for d, _, names in os.walk(corpus_dir) for f in names if f.endswith(".md"))
    with open(joined, "wb") as out:
        for path in paths:
            with open(path, "rb") as f:
                out.write(f.read())
            out.write(b"\n")
    args = " ".join(["cmark-gfm", "-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tasklist",
                     "-e", "footnotes", "--unsafe", "--sourcepos", joined])
    return ["sh", "-c", args + " > /dev/null"]


def hugo_version():
    try:
        return subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.strip()
    except FileNotFoundError:
        return None


def wegwijzer_incremental_flag(exe):
    """The incremental option of `wegwijzer build`, or None while there is none."""
    text = subprocess.run([exe, "build", "--help"], capture_output=True, text=True)
    help_text = text.stdout + text.stderr
    for flag in ("--incremental", "--cache"):
        if re.search(re.escape(flag) + r"\b", help_text):
            return flag
    return None


def wegwijzer_has_serve(exe):
    """True when the binary has `wegwijzer serve` (incremental rebuilds in memory)."""
    text = subprocess.run([exe, "--help"], capture_output=True, text=True)
    return re.search(r"^\s*wegwijzer serve\b", text.stdout + text.stderr, re.M) is not None


# ---------------------------------------------------------------- corpora and sites


def corpus(n):
    """bench/out/corpus/SIZE, generated once per size and generator version."""
    gen = os.path.join(BENCH, "gen_corpus.py")
    with open(gen, "rb") as f:
        stamp = f"{n} {hashlib.sha256(f.read()).hexdigest()}"
    path = os.path.join(OUT, "corpus", size_name(n))
    stamp_file = path + ".stamp"
    if os.path.isdir(path) and os.path.exists(stamp_file) and open(stamp_file).read() == stamp:
        return path
    log(f"run.py: generating the {size_name(n)} corpus (cached in bench/out/corpus/)")
    tmp = path + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(path, ignore_errors=True)
    run([sys.executable, gen, tmp, str(n)])
    os.rename(tmp, path)
    with open(stamp_file, "w") as f:
        f.write(stamp)
    return path


# The share of sections merged into the one huge section of a -nofm corpus: 11 of the 25
# sections, about 44 % of the pages (the real corpus of issue 21 had 4,500 of 10,806 in one).
NOFM_MERGED = 9
LINK = re.compile(r"\]\(([^)#\s]+\.md)\)")


def nofm_corpus(n):
    """bench/out/corpus/SIZE-nofm: the SIZE corpus without front matter (the title becomes the
    page's first `# heading`, as in a folder of plain Markdown files) and with the first
    NOFM_MERGED top-level sections (and their subsections) merged into one section `groot/`
    holding about 44 % of the pages. Links are rewritten to the moved files."""
    src = corpus(n)
    path = os.path.join(OUT, "corpus", size_name(n, "nofm"))
    stamp_file = path + ".stamp"
    with open(src + ".stamp") as f, open(os.path.abspath(__file__), "rb") as me:
        stamp = f.read() + " nofm " + hashlib.sha256(me.read()).hexdigest()
    if os.path.isdir(path) and os.path.exists(stamp_file) and open(stamp_file).read() == stamp:
        return path
    log(f"run.py: deriving the {size_name(n, 'nofm')} corpus (cached in bench/out/corpus/)")
    merged = {f"sectie-{s:02d}" for s in range(NOFM_MERGED)}
    moves = {}  # old relative path -> new relative path
    for d, _, names in os.walk(src):
        for name in names:
            if not name.endswith(".md"):
                continue
            rel = os.path.relpath(os.path.join(d, name), src)
            top = rel.split(os.sep)[0]
            if top in merged:
                if name == "_index.md":
                    continue  # the merged sections' own index pages go; groot/ gets one
                moves[rel] = os.path.join("groot", name)
            else:
                moves[rel] = rel
    tmp = path + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(path, ignore_errors=True)
    for old, new in moves.items():
        with open(os.path.join(src, old), encoding="utf-8") as f:
            text = f.read()
        title = None
        if text.startswith("---\n"):
            end = text.index("\n---\n", 4)
            m = re.search(r'^title: "(.*)"$', text[4:end], re.M)
            title = m.group(1) if m else None
            text = text[end + 5:].lstrip("\n")

        def relink(m, old=old, new=new):
            target = os.path.normpath(os.path.join(os.path.dirname(old), m.group(1)))
            moved = moves.get(target, target)
            return "](" + os.path.relpath(moved, os.path.dirname(new)) + ")"

        text = LINK.sub(relink, text)
        if title:
            text = f"# {title}\n\n{text}"
        os.makedirs(os.path.join(tmp, os.path.dirname(new)), exist_ok=True)
        with open(os.path.join(tmp, new), "w", encoding="utf-8") as f:
            f.write(text)
    with open(os.path.join(tmp, "groot", "_index.md"), "w", encoding="utf-8") as f:
        f.write("# Groot\n\nEén sectie met bijna de helft van de pagina's.\n")
    os.rename(tmp, path)
    with open(stamp_file, "w") as f:
        f.write(stamp)
    return path


def corpus_stats(path):
    files = size = 0
    for d, _, names in os.walk(path):
        for name in names:
            if name.endswith(".md"):
                files += 1
                size += os.path.getsize(os.path.join(d, name))
    return files, size


def wegwijzer_site(n, variant, corpus_dir):
    """A site folder: site.toml, content -> the corpus, themes -> bench/themes (not for default)."""
    site = os.path.join(OUT, "sites", os.path.basename(corpus_dir), variant)
    os.makedirs(site, exist_ok=True)
    with open(os.path.join(site, "site.toml"), "w") as f:
        # No print edition: Hugo makes none (Wegwijzer makes one by default up
        # to 2000 pages). Hugo's config turns its feeds and sitemap off, so
        # the same here, and the search index too (Hugo has none), except in
        # "plain+search", which measures what a default site costs.
        # "default" is a site as `wegwijzer new site` starts it: a title, a base URL (its feed and
        # sitemap need one), the built-in default theme, every default setting.
        theme, _, extra = variant.partition("+")
        if variant == "default":
            f.write('title = "Bench"\nbase_url = "https://bench.example.org/"\n')
        else:
            f.write(f'title = "Bench"\nbase_url = "https://bench.example.org/"\n\n[theme]\nname = "{theme}"\n\n'
                    '[print]\nenabled = false\n')
        if variant != "default" and extra != "search":
            f.write("\n[search]\nenabled = false\n\n[feed]\nenabled = false\n\n[sitemap]\nenabled = false\n")
    fill_site(site, corpus_dir, themes=variant != "default")
    return site


def fill_site(site, corpus_dir, themes):
    """The site's content/ (and themes/) as real folders inside it. Wegwijzer refuses a content
    or themes folder that is a symbolic link out of the site (issue 17: a link to ~/ published a
    private key), so the corpus comes in as a tree of hard links (cheap) and the bench themes as
    a copy."""
    content = os.path.join(site, "content")
    if os.path.islink(content):
        os.remove(content)
    linked_copy(corpus_dir, content)
    tdir = os.path.join(site, "themes")
    if os.path.islink(tdir):
        os.remove(tdir)
    shutil.rmtree(tdir, ignore_errors=True)
    if themes:
        shutil.copytree(os.path.join(BENCH, "themes"), tdir)


def build_command(tool, variant, n, corpus_dir, exe, out_dir, jobs, extra=()):
    if tool in ("wegwijzer", "wegwijzer-before"):
        cmd = [exe, "build", "-q", "-s", wegwijzer_site(n, variant, corpus_dir), "-d", out_dir]
        if jobs:
            cmd += ["-j", str(jobs)]
        return cmd + list(extra)
    # Hugo's side of "default" is Hugo plain: the yardstick is Hugo with a plain template.
    hugo_site = "plain" if variant == "default" else variant
    return ["hugo", "--quiet", "--noBuildLock", "-s", os.path.join(BENCH, "hugo", hugo_site), "--contentDir",
            corpus_dir, "-d", out_dir, "--cacheDir", os.path.join(OUT, "hugo-cache")]


# ---------------------------------------------------------------- measuring


def timed(cmd, label):
    """Runs cmd under /usr/bin/time: {wall, user, sys, cpu, rss_mb, load}."""
    tfile = os.path.join(OUT, "time.txt")
    load = loadavg()
    # %O: the file system outputs, in 512-byte units on Linux (ru_oublock = the bytes the process
    # dirtied for a block device): what the build wrote to disk, staging and swapping included.
    # Always 0 on a tmpfs, which has no block device.
    p = subprocess.run([TIME, "-o", tfile, "-f", "%e %U %S %M %O"] + cmd, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        log(f"run.py: {label} failed (exit {p.returncode}):\n{p.stderr[-3000:]}")
        return None
    wall, user, sys_, rss, blocks = open(tfile).read().split()[-5:]
    return {"wall": float(wall), "user": float(user), "sys": float(sys_), "cpu": float(user) + float(sys_),
            "rss_mb": int(rss) / 1024, "written": int(blocks) * 512, "load": round(max(load, loadavg()), 1)}


def output_size(path):
    files = size = 0
    for d, _, names in os.walk(path):
        for name in names:
            files += 1
            size += os.path.getsize(os.path.join(d, name))
    return files, size


def measure(cmd, label, reps, warmup, out_dir=None, over_previous=False):
    """Runs cmd warmup + reps times. out_dir is removed before each run, or with over_previous
    only before the first (each later run then builds over the previous output, as a user's
    second `make` does: for Wegwijzer that is staging, swapping and removing the old output)."""
    samples = []
    for i in range(warmup + reps):
        if out_dir and (i == 0 or not over_previous):
            shutil.rmtree(out_dir, ignore_errors=True)
        if over_previous:
            # On disk, what the last run (this tool's or another's: the old binary of --before
            # writes 1 GB at 10k) left dirty is flushed first, so the kernel's writeback of it
            # does not land in this run's time.
            os.sync()
            time.sleep(1)
        s = timed(cmd, label)
        if s is None:
            return None
        kind = "warm-up" if i < warmup else f"run {i - warmup + 1}/{reps}"
        log(f"  {label:38s} {kind:9s} wall {s['wall']:7.2f} s  cpu {s['cpu']:7.2f} s  "
            f"rss {s['rss_mb']:7.0f} MB  wrote {s['written'] / 1e6:6.0f} MB  load {s['load']}")
        if i >= warmup:
            samples.append(s)
    r = {
        "runs": f"{reps}+{warmup}",
        "wall": statistics.median(s["wall"] for s in samples),
        "wall_min": min(s["wall"] for s in samples),
        "cpu": statistics.median(s["cpu"] for s in samples),
        "rss_mb": max(s["rss_mb"] for s in samples),
        "written": statistics.median(s.get("written", 0) for s in samples),
        "load": max(s["load"] for s in samples),
        "samples": samples,
    }
    if out_dir:
        r["out_files"], r["out_bytes"] = output_size(out_dir)
        shutil.rmtree(out_dir, ignore_errors=True)
    return r


def edit_page(path, k):
    """Appends paragraph number k to the page (a real content change)."""
    with open(path, "a", encoding="utf-8") as f:
        f.write(f"\nBench-wijziging {k}: deze alinea is toegevoegd om een herbouw te meten.\n")


def incremental(n, corpus_dir, exe, reps, jobs, results):
    """One-page edit, then rebuild, on the plain variant, into a kept output."""
    page = os.path.join(corpus_dir, "sectie-00", "pagina-000000.md")
    original = open(page, "rb").read()
    flag = wegwijzer_incremental_flag(exe)
    site = wegwijzer_site(n, "plain", corpus_dir)
    before = set(os.listdir(site))
    out_dir = os.path.join(PUBLIC, f"{size_name(n)}-incremental-wegwijzer")
    shutil.rmtree(out_dir, ignore_errors=True)
    extra = [flag] if flag else []
    cmd = build_command("wegwijzer", "plain", n, corpus_dir, exe, out_dir, jobs, extra)
    log(f"run.py: rebuild after a one-page edit, {size_name(n)}, incremental mode: {flag or 'none'}")
    try:
        first = timed(cmd, "first build")
        if first is None:
            return
        cache = sorted(set(os.listdir(site)) - before)
        cache += [d for d in os.listdir(site) if d.startswith(".") and d not in before]
        noop = measure(cmd, "wegwijzer rebuild, nothing changed", reps, 0)
        samples = []
        for k in range(reps):
            edit_page(page, k)
            s = timed(cmd, "rebuild after edit")
            if s is None:
                return
            log(f"  {'wegwijzer rebuild, one page edited':38s} run {k + 1}/{reps}  wall {s['wall']:7.2f} s  "
                f"cpu {s['cpu']:7.2f} s  rss {s['rss_mb']:7.0f} MB")
            samples.append(s)
        edit = {"wall": statistics.median(s["wall"] for s in samples),
                "wall_min": min(s["wall"] for s in samples),
                "cpu": statistics.median(s["cpu"] for s in samples),
                "rss_mb": max(s["rss_mb"] for s in samples), "samples": samples}
        with open(page, "wb") as f:
            f.write(original)
        # Hugo, for reference: `hugo` (not `hugo server`) always builds everything.
        hugo = None
        if shutil.which("hugo"):
            hcmd = build_command("hugo", "plain", n, corpus_dir, exe, out_dir + "-hugo", jobs)
            samples = []
            for k in range(reps):
                edit_page(page, k)
                s = timed(hcmd, "hugo rebuild")
                if s is None:
                    break
                samples.append(s)
            if samples:
                hugo = {"wall": statistics.median(s["wall"] for s in samples),
                        "cpu": statistics.median(s["cpu"] for s in samples),
                        "rss_mb": max(s["rss_mb"] for s in samples)}
                log(f"  {'hugo rebuild, one page edited':38s} median wall {hugo['wall']:7.2f} s  "
                    f"cpu {hugo['cpu']:7.2f} s")
        results["incremental"] = {
            "size": size_name(n), "mode": flag or "none (full rebuild)", "cache_dirs": cache,
            "first": first, "noop": noop, "edit": edit, "hugo": hugo,
        }
    finally:
        with open(page, "wb") as f:
            f.write(original)
        shutil.rmtree(out_dir, ignore_errors=True)
        shutil.rmtree(out_dir + "-hugo", ignore_errors=True)


def linked_copy(src, dst):
    """dst as a real folder tree whose files are hard links to src's (cheap).

    `wegwijzer serve` watches the site's real folders: it does not descend into
    a symlinked content/, so the serve site gets this instead of a symlink."""
    # The corpus's stamp says which generation of it the links are to.
    stamp = open(src + ".stamp").read() if os.path.exists(src + ".stamp") else src
    if os.path.isdir(dst) and os.path.exists(dst + ".stamp") and open(dst + ".stamp").read() == stamp:
        return
    shutil.rmtree(dst, ignore_errors=True)
    tmp = dst + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    for d, _, names in os.walk(src):
        target = os.path.join(tmp, os.path.relpath(d, src))
        os.makedirs(target, exist_ok=True)
        for name in names:
            os.link(os.path.join(d, name), os.path.join(target, name))
    os.rename(tmp, dst)
    with open(dst + ".stamp", "w") as f:
        f.write(stamp)


def proc_cpu(pid):
    """user + sys seconds of a running process, from /proc."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_peak_mb(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def serve_incremental(n, corpus_dir, exe, reps, results):
    """`wegwijzer serve`: first build, then one-page edits rebuilt in memory.

    Times come from serve's own line "rebuilt R of N pages in X ms" and, for
    the whole round trip, from the edit until that line (this includes serve's
    wait of 60 ms for the editor to finish writing). CPU is the serve
    process's user + sys over each rebuild, from /proc."""
    import select
    import socket

    site = os.path.join(OUT, "sites", size_name(n), "serve")
    os.makedirs(site, exist_ok=True)
    with open(os.path.join(site, "site.toml"), "w") as f:
        f.write('title = "Bench"\nbase_url = "https://bench.example.org/"\n\n[theme]\nname = "plain"\n\n'
                '[print]\nenabled = false\n')
    fill_site(site, corpus_dir, themes=True)
    content = os.path.join(site, "content")
    page = os.path.join(content, "sectie-00", "pagina-000000.md")
    original = open(page, "rb").read()
    out_dir = os.path.join(PUBLIC, f"{size_name(n)}-serve-wegwijzer")
    shutil.rmtree(out_dir, ignore_errors=True)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log(f"run.py: wegwijzer serve, {size_name(n)}: one-page edits rebuilt in memory")
    proc = subprocess.Popen([exe, "serve", "-s", site, "-d", out_dir, "--port", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, bufsize=1)
    line_re = re.compile(r"(built|rebuilt) (\d+) of (\d+) pages in (\d+) ms")

    def wait_line(timeout=1800):
        end = time.time() + timeout
        while time.time() < end:
            ready, _, _ = select.select([proc.stdout], [], [], 1.0)
            if not ready:
                if proc.poll() is not None:
                    return None
                continue
            line = proc.stdout.readline()
            if not line:
                return None
            m = line_re.search(line)
            if m:
                return m
            if "build failed" in line:
                return None
        return None

    try:
        t0 = time.time()
        m = wait_line()
        if not m:
            log("run.py: wegwijzer serve did not finish its first build")
            return
        first = {"wall": time.time() - t0, "ms": int(m.group(4)), "cpu": proc_cpu(proc.pid)}
        time.sleep(1.0)  # serve starts watching after the first build
        edits = []
        for k in range(reps + 1):  # the first edit is a warm-up
            cpu0 = proc_cpu(proc.pid)
            t0 = time.time()
            edit_page(page, k)
            m = wait_line()
            if not m:
                log("run.py: wegwijzer serve did not rebuild after an edit")
                return
            s = {"wall": time.time() - t0, "ms": int(m.group(4)), "rendered": int(m.group(2)),
                 "pages": int(m.group(3)), "cpu": proc_cpu(proc.pid) - cpu0}
            log(f"  {'serve rebuild, one page edited':38s} {'warm-up' if k == 0 else f'run {k}/{reps}':9s} "
                f"{s['ms']} ms ({s['rendered']} of {s['pages']} pages), edit-to-done {s['wall']:.2f} s, "
                f"cpu {s['cpu']:.2f} s")
            if k:
                edits.append(s)
            time.sleep(0.5)
        results["serve"] = {
            "size": size_name(n), "first": first, "peak_mb": proc_peak_mb(proc.pid),
            "ms": statistics.median(s["ms"] for s in edits), "ms_min": min(s["ms"] for s in edits),
            "wall": statistics.median(s["wall"] for s in edits),
            "cpu": statistics.median(s["cpu"] for s in edits),
            "rendered": edits[-1]["rendered"], "pages": edits[-1]["pages"], "samples": edits,
            "binary": exe,
        }
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        with open(page, "wb") as f:
            f.write(original)
        shutil.rmtree(out_dir, ignore_errors=True)


# ---------------------------------------------------------------- report


def fmt_ratio(a, b):
    return f"{a / b:.2f}×" if a and b else "–"


def default_summary(sizes, env):
    """Issue 21's yardstick: the site as it comes against Hugo plain, per page written; with --before, the
    older binary of the same run on the line above."""
    rows = []
    for name, sz in sizes:
        hugo = sz["runs"].get("default/hugo")
        for tool in ("wegwijzer-before", "wegwijzer"):
            ww = sz["runs"].get(f"default/{tool}")
            if not ww or not hugo:
                continue
            pages = max(1, sz.get("md_files") or sz["pages"])
            per = lambda r, key: r.get(key, 0) / pages / 1e3
            label = f"{name}, before ({env.get('before', '?')})" if tool == "wegwijzer-before" else f"**{name}**"
            rows.append(f"| {label} | {ww['wall']:.2f} | {hugo['wall']:.2f} | {fmt_ratio(hugo['wall'], ww['wall'])} | "
                        f"{fmt_ratio(hugo['cpu'], ww['cpu'])} | {ww['rss_mb']:.0f} / {hugo['rss_mb']:.0f} | "
                        f"{fmt_ratio(hugo['rss_mb'], ww['rss_mb'])} | {per(ww, 'out_bytes'):.1f} / {per(hugo, 'out_bytes'):.1f} | "
                        f"{per(ww, 'written'):.1f} / {per(hugo, 'written'):.1f} | "
                        f"{per(ww, 'written') - per(hugo, 'written'):+.1f} |")
    if not rows:
        return []
    return ["## The site as it comes (variant `default`, on disk)\n",
            "Wegwijzer with its default theme and settings against Hugo plain, both building over their previous "
            "output on the ordinary disk. Targets (issue 21): Hugo/WW wall ≥ 4×, peak ≤ 1/4 of Hugo's, at most "
            "15 KB per page written more than Hugo.\n",
            "| corpus | WW wall s | Hugo wall s | Hugo/WW wall | Hugo/WW CPU | peak MB WW / Hugo | Hugo/WW peak | "
            "site KB/page WW / Hugo | written KB/page WW / Hugo | written KB/page WW − Hugo |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"] + rows + [""]


def report(results):
    lines = []
    env = results.get("env", {})
    lines.append("# Wegwijzer benchmark results\n")
    lines.append(f"Made by `bench/run.py` on {env.get('date', '?')}: {env.get('cpu', '?')}, {env.get('cores', '?')} "
                 f"cores, {env.get('mem_gb', '?')} GB; {env.get('hugo', 'no hugo')}; Wegwijzer at "
                 f"{env.get('commit', '?')}; sites written to {env.get('output', '?')}. `runs` = measured + warm-up runs; wall = median (fastest) in s, "
                 "CPU = median user + sys in s, "
                 "peak = largest peak RSS. `load` is the highest 1-minute load average seen during the runs: "
                 f"above {env.get('cores', '?')} other work shared the machine and wall times are inflated; "
                 "CPU times are the steadier figure then. Method and caveats: bench/README.md.\n")
    lines.append("| pages | MB md | variant | tool | runs | wall s (min) | CPU s | peak MB | out MB | written MB | "
                 "load | Hugo/WW wall | Hugo/WW CPU | Hugo/WW peak | WW CPU / cmark |")
    lines.append("|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    sizes = sorted(results.get("sizes", {}).items(), key=lambda kv: (kv[1].get("kind", ""), int(kv[1]["pages"])))
    for name, sz in sizes:
        md_mb = f"{sz['md_bytes'] / 1e6:.0f}" if sz['md_bytes'] >= 1e7 else f"{sz['md_bytes'] / 1e6:.1f}"
        cm = sz.get("cmark")
        for variant in ("plain", "plain+search", "nav", "nav-section", "default"):
            ww = sz["runs"].get(f"{variant}/wegwijzer") or (sz["runs"].get("nav/wegwijzer")
                                                           if variant == "nav-section" else None)
            for tool in ("wegwijzer-before", "wegwijzer", "hugo"):
                r = sz["runs"].get(f"{variant}/{tool}")
                if not r:
                    continue
                is_hugo = tool == "hugo"
                shown = f"wegwijzer before ({env.get('before', '?')})" if tool == "wegwijzer-before" else tool
                row = [name, md_mb, variant, shown, r.get("runs", "?"), f"{r['wall']:.2f} ({r['wall_min']:.2f})",
                       f"{r['cpu']:.2f}",
                       f"{r['rss_mb']:.0f}", f"{r.get('out_bytes', 0) / 1e6:.0f}",
                       f"{r['written'] / 1e6:.0f}" if r.get("written") else "–", f"{r['load']}"]
                # plain+search has no Hugo run of its own: its ratios are Hugo plain's over it; the
                # before row's are the same run's Hugo over it.
                hugo_plain = (sz["runs"].get("plain/hugo") if variant == "plain+search" else
                              sz["runs"].get(f"{variant}/hugo") if tool == "wegwijzer-before" else None)
                if is_hugo and ww:
                    row += [fmt_ratio(r["wall"], ww["wall"]), fmt_ratio(r["cpu"], ww["cpu"]),
                            fmt_ratio(r["rss_mb"], ww["rss_mb"]), ""]
                elif hugo_plain:
                    row += [fmt_ratio(hugo_plain["wall"], r["wall"]), fmt_ratio(hugo_plain["cpu"], r["cpu"]),
                            fmt_ratio(hugo_plain["rss_mb"], r["rss_mb"]), fmt_ratio(r["cpu"], cm["cpu"]) if cm else ""]
                elif not is_hugo and cm:
                    row += ["", "", "", fmt_ratio(r["cpu"], cm["cpu"])]
                else:
                    row += ["", "", "", ""]
                lines.append("| " + " | ".join(row) + " |")
        if cm:
            lines.append(f"| {name} | {md_mb} | markdown only | cmark-gfm, 1 thread | {cm.get('runs', '?')} | "
                         f"{cm['wall']:.2f} "
                         f"({cm['wall_min']:.2f}) | {cm['cpu']:.2f} | {cm['rss_mb']:.0f} | – | – | {cm['load']} | | | | "
                         f"1.00× (÷{env.get('cores', CORES)} cores: {cm['cpu'] / env.get('cores', CORES):.2f} s) |")
        cli = sz.get("cmark_cli")
        if cli:
            lines.append(f"| {name} | {md_mb} | markdown only | `cmark-gfm` program, one document | "
                         f"{cli.get('runs', '?')} | {cli['wall']:.2f} ({cli['wall_min']:.2f}) | {cli['cpu']:.2f} | "
                         f"{cli['rss_mb']:.0f} | – | – | {cli['load']} | | | | "
                         f"÷{env.get('cores', CORES)} cores: {cli['cpu'] / env.get('cores', CORES):.2f} s |")
    lines.append("")
    lines.append("`out MB` is the size of the built site; `written MB` what the build wrote to the disk it "
                 "built on (`/usr/bin/time` %O: staging, swap and the old output's removal included; "
                 "– on a tmpfs, which has no disk).\n")
    lines += default_summary(sizes, env)
    lines.append("Variants: plain = " + VARIANT_NOTES["plain"] + "; nav = " + VARIANT_NOTES["nav"] +
                 " (Wegwijzer's `{{{nav}}}`, and a Hugo template that writes the same tree); plain+search = " +
                 VARIANT_NOTES["plain+search"] + ", its ratios are Hugo plain's over it; nav-section = " +
                 VARIANT_NOTES["nav-section"] + ", the issue's Hugo setup; its ratios are against Wegwijzer's nav; "
                 "default = " + VARIANT_NOTES["default"] + ". A size ending in -nofm is that corpus without front "
                 "matter and with one section of about 44 % of the pages (bench/README.md). "
                 "`WW CPU / cmark` is Wegwijzer's CPU time over cmark-gfm's alone; the cmark row also shows its "
                 "CPU time spread over the cores, the floor for Wegwijzer's wall time.\n")
    inc = results.get("incremental")
    if inc:
        lines.append(f"## Rebuild after editing one page ({inc['size']}, plain)\n")
        lines.append(f"Incremental mode: **{inc['mode']}**"
                     + (f"; cache folders found: {', '.join(inc['cache_dirs'])}" if inc["cache_dirs"] else
                        "; no cache folder in the site folder") + ".\n")
        lines.append("| build | wall s (min) | CPU s | peak MB |")
        lines.append("|---|---:|---:|---:|")
        f = inc["first"]
        lines.append(f"| Wegwijzer, first build | {f['wall']:.2f} | {f['cpu']:.2f} | {f['rss_mb']:.0f} |")
        for key, label in (("noop", "Wegwijzer, nothing changed"), ("edit", "Wegwijzer, one page edited")):
            r = inc.get(key)
            if r:
                lines.append(f"| {label} | {r['wall']:.2f} ({r['wall_min']:.2f}) | {r['cpu']:.2f} | "
                             f"{r['rss_mb']:.0f} |")
        if inc.get("hugo"):
            h = inc["hugo"]
            lines.append(f"| Hugo (`hugo`, always full), one page edited | {h['wall']:.2f} | {h['cpu']:.2f} | "
                         f"{h['rss_mb']:.0f} |")
        lines.append("")
    sv = results.get("serve")
    if sv:
        lines.append(f"## Incremental rebuild in `wegwijzer serve` ({sv['size']}, plain)\n")
        lines.append(f"Binary: {sv.get('binary', '?')}. Serve keeps the previous build in memory and re-renders only "
                     "pages whose body changed. `ms` is serve's own build time; edit-to-done adds its 60 ms wait for "
                     "the editor and the inotify delay.\n")
        lines.append("| build | serve's ms (min) | edit-to-done s | CPU s | pages rendered | serve peak MB |")
        lines.append("|---|---:|---:|---:|---:|---:|")
        f = sv["first"]
        lines.append(f"| first build | {f['ms']} | {f['wall']:.2f} | {f['cpu']:.2f} | {sv['pages']} | |")
        lines.append(f"| one page edited | {sv['ms']:.0f} ({sv['ms_min']}) | {sv['wall']:.2f} | {sv['cpu']:.2f} | "
                     f"{sv['rendered']} of {sv['pages']} | {sv['peak_mb']:.0f} |")
        lines.append("")
    return "\n".join(lines)


# Sections of bench/results.md that other scripts write (bench/search_bench.js: "Search: first
# query"): kept as they are when this script rewrites the file.
OTHER_SECTIONS = ("## Search: first query", "## Search: its cost in a build")


def kept_sections():
    try:
        text = open(os.path.join(BENCH, "results.md")).read()
    except OSError:
        return ""
    kept = []
    for part in re.split(r"(?m)^(?=## )", text):
        if part.startswith(OTHER_SECTIONS):
            kept.append(part.rstrip("\n") + "\n")
    return ("\n" + "\n".join(kept)) if kept else ""


def environment(args):
    cpu = platform.processor() or "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = "?"
    try:
        mem_gb = round(int(open("/proc/meminfo").readline().split()[1]) / 1024 / 1024)
    except (OSError, ValueError, IndexError):
        pass
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--", "core"], capture_output=True,
                           text=True).stdout.strip()
    return {"date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), "cpu": cpu, "cores": CORES,
            "mem_gb": mem_gb, "hugo": (hugo_version() or "no hugo").split(" BuildDate")[0],
            "commit": commit + (" (core/ modified)" if dirty else ""), "reps": args.reps, "warmup": args.warmup,
            "output": PUBLIC}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1k,10k,10k-nofm",
                    help="page counts, e.g. 1k,10k,100k; SIZE-nofm is that corpus without front matter and "
                         "with one huge section (default 1k,10k,10k-nofm)")
    ap.add_argument("--100k", dest="big", action="store_true", help="add the 100k corpus (plain variant)")
    ap.add_argument("--variants", help="plain,plain+search,nav,nav-section,default (default: all up to 10k "
                                       "pages, plain, plain+search and default above; plain and default on -nofm)")
    ap.add_argument("--tools", default="wegwijzer,hugo,cmark")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=0, help="wegwijzer -j (default: its own, one per core)")
    ap.add_argument("--wegwijzer", help="use this wegwijzer binary instead of building build-bench/")
    ap.add_argument("--label", help="how the report names the Wegwijzer version (default: git commit)")
    ap.add_argument("--before", metavar="BIN",
                    help="also run this older wegwijzer binary in the default variant, in the same run, for "
                         "figures before and after side by side (e.g. one built from the commit an issue was "
                         "filed at)")
    ap.add_argument("--before-label", help="how the report names --before (default: its path)")
    ap.add_argument("--no-incremental", action="store_true", help="skip the one-page-edit rebuilds")
    ap.add_argument("--rebuild", default="build,serve",
                    help="which rebuild measurements: build (CLI, full or --incremental), serve (default both)")
    ap.add_argument("--fresh", action="store_true", help="forget earlier results in bench/out/results.json")
    ap.add_argument("--output-on-disk", action="store_true",
                    help="write the built sites to bench/out/public instead of a tmpfs (/dev/shm)")
    ap.add_argument("--report-only", action="store_true", help="rewrite bench/results.md from results.json")
    args = ap.parse_args()

    os.makedirs(OUT, exist_ok=True)
    global PUBLIC
    shm = "/dev/shm"
    if not args.output_on_disk and os.path.isdir(shm) and shutil.disk_usage(shm).free > 8e9:
        PUBLIC = os.path.join(shm, "wegwijzer-bench")
    else:
        PUBLIC = os.path.join(OUT, "public")
    os.makedirs(PUBLIC, exist_ok=True)
    global DISK_PUBLIC
    DISK_PUBLIC = os.path.join(OUT, "public-disk")
    os.makedirs(DISK_PUBLIC, exist_ok=True)
    db_path = os.path.join(OUT, "results.json")
    results = {} if args.fresh or not os.path.exists(db_path) else json.load(open(db_path))
    results.setdefault("sizes", {})

    def save():
        with open(db_path, "w") as f:
            json.dump(results, f, indent=1)
        text = report(results) + kept_sections()
        with open(os.path.join(BENCH, "results.md"), "w") as f:
            f.write(text)
        return text

    if args.report_only:
        print(save())
        return

    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    if args.big and (100000, "") not in sizes:
        sizes.append((100000, ""))
    tools = set(args.tools.split(","))
    if args.before:
        tools.add("wegwijzer-before")
    ensure_time()
    if "hugo" in tools and not hugo_version():
        log("run.py: hugo is not installed (Debian: apt-get install hugo); measuring without it")
        tools.discard("hugo")
    exe = build_wegwijzer(args) if "wegwijzer" in tools or not args.no_incremental else None
    cmark = build_cmark_alone() if "cmark" in tools else None
    before_kept = results.get("env", {}).get("before")
    results["env"] = environment(args)
    if args.before:
        results["env"]["before"] = args.before_label or args.before
    elif before_kept:
        results["env"]["before"] = before_kept
    if args.label:
        results["env"]["commit"] = args.label
    elif args.wegwijzer:
        results["env"]["commit"] = f"{exe} (tree at {results['env']['commit']})"

    for n, kind in sizes:
        name = size_name(n, kind)
        cdir = nofm_corpus(n) if kind == "nofm" else corpus(n)
        md_files, md_bytes = corpus_stats(cdir)
        sz = results["sizes"].setdefault(name, {"runs": {}})
        sz.update({"pages": n, "kind": kind, "md_files": md_files, "md_bytes": md_bytes})
        log(f"run.py: {name}: {md_files} Markdown files, {md_bytes / 1e6:.1f} MB")
        if args.variants:
            variants = args.variants.split(",")
        elif kind == "nofm":
            variants = ["plain", "default"]
        else:
            variants = (["plain", "plain+search", "nav", "nav-section", "default"] if n <= 10000 else
                        ["plain", "plain+search", "default"])
        if cmark:
            r = measure([cmark, cdir], f"{name} cmark-gfm alone", args.reps, args.warmup)
            if r:
                sz["cmark"] = r
            if n <= 10000 and shutil.which("cmark-gfm"):
                r = measure(cmark_cli_command(cdir), f"{name} cmark-gfm program", args.reps, args.warmup)
                if r:
                    sz["cmark_cli"] = r
        for variant, tool in RUNS:
            if variant not in variants or tool not in tools:
                continue
            on_disk = variant in ON_DISK
            out_dir = os.path.join(DISK_PUBLIC if on_disk else PUBLIC, f"{name}-{variant}-{tool}")
            cmd = build_command(tool, variant, n, cdir, args.before if tool == "wegwijzer-before" else exe, out_dir,
                                args.jobs)
            r = measure(cmd, f"{name} {variant} {tool}", args.reps, args.warmup, out_dir, over_previous=on_disk)
            if r:
                sz["runs"][f"{variant}/{tool}"] = r
            save()
    if not args.no_incremental and exe:
        plain_sizes = [n for n, kind in sizes if not kind] or [n for n, _ in sizes]
        target = 10000 if 10000 in plain_sizes else max(plain_sizes)
        if "build" in args.rebuild:
            incremental(target, corpus(target), exe, args.reps, args.jobs, results)
        if "serve" in args.rebuild:
            if wegwijzer_has_serve(exe):
                serve_incremental(target, corpus(target), exe, args.reps, results)
            else:
                log("run.py: this wegwijzer has no `serve`; no in-memory incremental rebuild to measure")
    print(save())


if __name__ == "__main__":
    main()
