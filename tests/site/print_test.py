#!/usr/bin/env python3
"""The print editions of a built site hold every page, in reading order.

    print_test.py SITE_DIR [CONTENT_DIR]

The reading order is taken from the site itself: the home page, then the page
whose rel="prev" link (the pager) leads to it, then each page's rel="next"
link to the end. Then print.html must hold one
section per page, in that order (the home page first, as the introduction),
with the page's title, and the headings of the page's text (inside .prose) in
the same order; its table of contents must list the same pages in the same
order, numbered 1, 1.1, 2 ... Each print-NAME.html must hold exactly the run
of pages that starts at NAME/index.html, in the same order.

The editions leave out the search page (data-zoekpagina) and the pages whose
front matter says `print: false`; with CONTENT_DIR (the site's content folder)
those are read from the Markdown files, and the editions must leave exactly
these out.

Prints one summary line; on failure, every problem and exit status 1.
"""
import html
import os
import posixpath
import re
import sys
from html.parser import HTMLParser

problems = []


def fail(msg):
    problems.append(msg)


class Page(HTMLParser):
    """What a page or print edition holds: title, next link, headings per section."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.next = None
        self.prev = None
        self.sections = []   # print editions: [{id, title, num, headings}]
        self.toc = []        # print editions: [(num, title)]
        self.headings = []   # pages: texts of h2..h4 inside .prose
        self._stack = []     # open elements: (tag, classes)
        self._text = None    # collecting text for: ("title"|"heading"|"ptitle"|"tocnum"|"toctitle"|"num", buf)

    def _in(self, cls):
        return any(cls in c for _, c in self._stack)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag in ("br", "img", "input", "meta", "link", "hr", "wbr", "source", "col"):
            return
        self._stack.append((tag, classes))
        if tag == "title":
            self._text = ["title", ""]
        elif tag == "a" and a.get("rel") in ("next", "prev") and self._in("pager"):
            setattr(self, a.get("rel"), a.get("href"))
        elif tag == "section" and "print-page" in classes:
            self.sections.append({"id": a.get("id"), "title": "", "num": "", "headings": []})
        elif "print-page__title" in classes:
            self._text = ["ptitle", ""]
        elif "print-page__num" in classes:
            self._text = ["num", ""]
        elif "print-toc__num" in classes:
            self._text = ["tocnum", ""]
        elif "print-toc__title" in classes:
            self._text = ["toctitle", ""]
        elif tag in ("h2", "h3", "h4") and self._in("prose"):
            self._text = ["heading", ""]

    def handle_endtag(self, tag):
        while self._stack:
            t, _ = self._stack.pop()
            if t == tag:
                break
        if not self._text:
            return
        kind, buf = self._text
        text = " ".join(buf.split())
        if kind == "title" and tag == "title":
            self.title = self.title or text  # the document's, not an SVG's <title>
        elif kind == "num" and tag == "span":
            self.sections[-1]["num"] = text
            self._text = ["ptitle", ""]  # the title follows the number inside the heading
            return
        elif kind == "ptitle" and tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.sections[-1]["title"] = text
        elif kind == "tocnum" and tag == "span":
            self.toc.append([text, ""])
        elif kind == "toctitle" and tag == "span":
            self.toc[-1][1] = text
        elif kind == "heading" and tag in ("h2", "h3", "h4"):
            if self.sections:
                self.sections[-1]["headings"].append(text)
            else:
                self.headings.append(text)
        else:
            return
        self._text = None

    def handle_data(self, data):
        if self._text:
            self._text[1] += data


def read(site, rel):
    p = Page()
    with open(os.path.join(site, rel), encoding="utf-8") as f:
        p.feed(f.read())
    return p


def resolve(rel, href):
    return posixpath.normpath(posixpath.join(posixpath.dirname(rel), html.unescape(href)))


def reading_order(site):
    pages = {}
    for dirpath, _, files in os.walk(site):
        for f in files:
            if f.endswith(".html"):
                rel = os.path.relpath(os.path.join(dirpath, f), site).replace(os.sep, "/")
                pages[rel] = read(site, rel)
    # The home page has no pager; the second page is the one that points back to it.
    second = [rel for rel, p in pages.items() if p.prev and resolve(rel, p.prev) == "index.html"]
    if len(second) != 1:
        fail(f"{len(second)} pages have a rel=prev link to index.html, expected 1: {second}")
        return [("index.html", pages["index.html"])]
    order, rel = [("index.html", pages["index.html"])], second[0]
    while rel:
        if rel not in pages:
            fail(f"{order[-1][0]}: its next link leads to {rel}, which does not exist")
            break
        if any(r == rel for r, _ in order):
            fail(f"{rel}: the next links go round in a circle")
            break
        page = pages[rel]
        if page.prev is not None and resolve(rel, page.prev) != order[-1][0]:
            fail(f"{rel}: its prev link does not lead back to {order[-1][0]}")
        order.append((rel, page))
        rel = resolve(rel, page.next) if page.next else None
    return order


def check_edition(site, name, pages, site_title):
    """pages: [(rel, Page)] the edition must hold, in order."""
    ed = read(site, name)
    got = [s["title"] for s in ed.sections]
    want = []
    for i, (rel, p) in enumerate(pages):
        title = p.title
        if title.endswith(" – " + site_title):
            title = title[: -len(" – " + site_title)]
        want.append(title)
    if name == "print.html" and got:
        got[0] = want[0]  # the home page is the introduction ("Inleiding")
    if len(got) != len(want):
        fail(f"{name}: {len(got)} pages, expected {len(want)}")
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            fail(f"{name}: page {i + 1} is {g!r}, expected {w!r} ({pages[i][0]})")
            break
    for (rel, p), s in zip(pages, ed.sections):
        if s["headings"] != p.headings:
            fail(f"{name}: the headings of {rel} differ: {s['headings'][:5]} … against {p.headings[:5]} …")
    toc = [t for _, t in ed.toc]
    if toc != [s["title"] for s in ed.sections[1:]]:
        fail(f"{name}: the table of contents does not list the pages in order")
    nums = [n for n, _ in ed.toc]
    if nums and nums[0] != "1":
        fail(f"{name}: the table of contents starts at {nums[0]}, not 1")
    for a, b in zip(nums, nums[1:]):
        pa, pb = [int(x) for x in a.split(".")], [int(x) for x in b.split(".")]
        ok = (len(pb) == len(pa) + 1 and pb[:-1] == pa and pb[-1] == 1) or \
             (len(pb) <= len(pa) and pb[:-1] == pa[: len(pb) - 1] and pb[-1] == pa[len(pb) - 1] + 1)
        if not ok:
            fail(f"{name}: chapter number {b} does not follow {a}")
    return len(ed.sections)


def left_out(site, content, rel):
    """True when the print editions leave the page out on purpose."""
    with open(os.path.join(site, rel), encoding="utf-8") as f:
        if "data-zoekpagina" in f.read():
            return True
    if not content:
        return False
    src = rel[: -len("index.html")] + "_index.md" if rel.endswith("index.html") else rel[: -len(".html")] + ".md"
    path = os.path.join(content, src)
    if not os.path.isfile(path):
        return False
    with open(path, encoding="utf-8") as f:
        text = f.read()
    m = re.match(r"---\n(.*?)\n---", text, re.S)
    return bool(m and re.search(r"^print:\s*false\s*$", m.group(1), re.M))


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    site = sys.argv[1]
    content = sys.argv[2] if len(sys.argv) == 3 else None
    if not os.path.isfile(os.path.join(site, "print.html")):
        print(f"print_test.py: {site}/print.html does not exist; build the site (with print editions) first",
              file=sys.stderr)
        return 1
    order = reading_order(site)
    site_title = order[0][1].title if order else ""
    everything = len(order)
    order = [x for i, x in enumerate(order) if i == 0 or not left_out(site, content, x[0])]
    total = check_edition(site, "print.html", order, site_title)
    editions = 1
    for f in sorted(os.listdir(site)):
        m = re.fullmatch(r"print-(.+)\.html", f)
        if not m:
            continue
        start = f"{m.group(1)}/index.html"
        idx = [i for i, (rel, _) in enumerate(order) if rel == start]
        if not idx:
            fail(f"{f}: there is no section page {start} in the reading order")
            continue
        run = [x for x in order[idx[0]:]]
        run = [x for i, x in enumerate(run) if all(r.startswith(m.group(1) + "/") for r, _ in run[: i + 1])]
        check_edition(site, f, run, site_title)
        editions += 1
    for p in problems:
        print(p)
    print(f"print: {everything} pages in reading order ({everything - len(order)} left out), {editions} print editions, "
          f"print.html holds {total} pages, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
