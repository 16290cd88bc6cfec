#!/usr/bin/env python3
"""feed.xml and sitemap.xml of a built site, read with a real XML parser.

    feeds_test.py SITE_DIR

feed.xml must be well-formed Atom (RFC 4287): a <feed> in the Atom namespace
with exactly one id, title and updated (RFC 3339), an author, links, and
entries that each have one id (unique), title, updated and a link to a page of
the site, newest first. sitemap.xml must be a <urlset> in the sitemaps.org 0.9
namespace whose <url>s each have one <loc> naming a page of the site,
every page once (the home page first), with W3C dates in <lastmod>. When the locations are
absolute (site.toml base_url), they must all start with the same base.

Prints one summary line; on failure, every problem and exit status 1.
"""
import os
import re
import sys
import xml.etree.ElementTree as ET
from urllib.parse import unquote, urlsplit

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
W3C_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$")

problems = []


def fail(msg):
    problems.append(msg)


def parse(path):
    try:
        return ET.parse(path).getroot()
    except (ET.ParseError, OSError) as e:
        fail(f"{path}: not well-formed XML: {e}")
        return None


def one(parent, tag, where):
    found = parent.findall(tag)
    if len(found) != 1:
        fail(f"{where}: {len(found)} <{tag.split('}')[-1]}> elements, expected exactly 1")
        return None
    return found[0]


def text_of(el):
    return (el.text or "").strip() if el is not None else ""


def site_path(url, base, site):
    """The file a feed or sitemap URL names, relative to the site, or None."""
    if base and url.startswith(base):
        url = url[len(base):]
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    rel = unquote(parts.path)
    return rel if os.path.isfile(os.path.join(site, rel)) else None


def check_feed(site):
    root = parse(os.path.join(site, "feed.xml"))
    if root is None:
        return 0
    if root.tag != ATOM + "feed":
        fail(f"feed.xml: root element is {root.tag}, expected the Atom <feed>")
        return 0
    for tag in ("id", "title", "updated"):
        el = one(root, ATOM + tag, "feed.xml <feed>")
        if el is not None and not text_of(el):
            fail(f"feed.xml <feed>: <{tag}> is empty")
    updated = text_of(root.find(ATOM + "updated"))
    if updated and not RFC3339.match(updated):
        fail(f"feed.xml <feed>: <updated> {updated!r} is no RFC 3339 date-time")
    links = root.findall(ATOM + "link")
    if not any(l.get("rel") == "self" for l in links):
        fail("feed.xml <feed>: no <link rel=\"self\">")
    feed_author = root.find(ATOM + "author")
    if feed_author is not None and not text_of(feed_author.find(ATOM + "name")):
        fail("feed.xml <feed>: <author> without a <name>")
    entries = root.findall(ATOM + "entry")
    ids = set()
    dates = []
    for n, e in enumerate(entries, 1):
        where = f"feed.xml <entry> {n}"
        for tag in ("id", "title", "updated"):
            el = one(e, ATOM + tag, where)
            if el is not None and not text_of(el):
                fail(f"{where}: <{tag}> is empty")
        eid = text_of(e.find(ATOM + "id"))
        if eid in ids:
            fail(f"{where}: id {eid} is used twice")
        ids.add(eid)
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", eid):
            fail(f"{where}: id {eid!r} is no absolute IRI")
        up = text_of(e.find(ATOM + "updated"))
        if not RFC3339.match(up):
            fail(f"{where}: <updated> {up!r} is no RFC 3339 date-time")
        dates.append(up)
        if feed_author is None and e.find(ATOM + "author") is None:
            fail(f"{where}: no <author>, and the feed has none either")
        hrefs = [l.get("href", "") for l in e.findall(ATOM + "link")]
        if not hrefs:
            fail(f"{where}: no <link>")
        for h in hrefs:
            if site_path(h, "", site) is None and not urlsplit(h).scheme:
                fail(f"{where}: link {h} is no page of the site")
    if dates != sorted(dates, reverse=True):
        fail("feed.xml: entries are not newest first")
    if updated and dates and updated < max(dates):
        fail(f"feed.xml: <feed> <updated> {updated} is older than its newest entry {max(dates)}")
    return len(entries)


def check_sitemap(site):
    root = parse(os.path.join(site, "sitemap.xml"))
    if root is None:
        return 0
    if root.tag != SITEMAP + "urlset":
        fail(f"sitemap.xml: root element is {root.tag}, expected <urlset> in the sitemaps.org 0.9 namespace")
        return 0
    urls = root.findall(SITEMAP + "url")
    if len(urls) > 50000:
        fail(f"sitemap.xml: {len(urls)} URLs; a sitemap holds at most 50,000")
    if len(list(root)) != len(urls):
        fail("sitemap.xml: <urlset> holds other elements than <url>")
    locs = []
    for n, u in enumerate(urls, 1):
        where = f"sitemap.xml <url> {n}"
        loc = one(u, SITEMAP + "loc", where)
        if loc is None:
            continue
        locs.append(text_of(loc))
        for lm in u.findall(SITEMAP + "lastmod"):
            if not W3C_DATE.match(text_of(lm)):
                fail(f"{where}: <lastmod> {text_of(lm)!r} is no W3C date")
        for child in u:
            if child.tag not in (SITEMAP + "loc", SITEMAP + "lastmod", SITEMAP + "changefreq", SITEMAP + "priority"):
                fail(f"{where}: unexpected element {child.tag}")
    absolute = [l for l in locs if urlsplit(l).scheme]
    base = ""
    if absolute:
        if len(absolute) != len(locs):
            fail("sitemap.xml: some locations are absolute and some are not")
        base = os.path.commonprefix(absolute)
        base = base[: base.rfind("/") + 1]
        if not re.match(r"^https?://[^/]+/", base):
            fail(f"sitemap.xml: the locations share no http(s) base ({base!r})")
    seen = []
    for l in locs:
        rel = site_path(l, base, site)
        if rel is None:
            fail(f"sitemap.xml: {l} is no file of the site")
        elif rel in seen:
            fail(f"sitemap.xml: {l} is listed twice")
        else:
            seen.append(rel)
    # Every page in the site's layout is listed: those with the site header, that are no redirect.
    pages = []
    for dirpath, _, files in os.walk(site):
        for f in files:
            if not f.endswith(".html"):
                continue
            rel = os.path.relpath(os.path.join(dirpath, f), site).replace(os.sep, "/")
            with open(os.path.join(site, rel), encoding="utf-8") as fh:
                html = fh.read()
            if re.search(r"http-equiv=[\"']?refresh", html) or 'class="print-edition"' in html:
                continue
            pages.append(rel)
    for p in sorted(pages):
        if p not in seen:
            fail(f"sitemap.xml: page {p} is missing")
    if seen and seen[0] != "index.html":
        fail(f"sitemap.xml: the first location is {seen[0]}, expected the home page")
    return len(locs)


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    site = sys.argv[1]
    if not os.path.isdir(site):
        print(f"feeds_test.py: no site folder {site}; build the site first", file=sys.stderr)
        return 1
    entries = check_feed(site)
    urls = check_sitemap(site)
    for p in problems:
        print(p)
    print(f"feeds: feed.xml {entries} entries, sitemap.xml {urls} URLs, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
