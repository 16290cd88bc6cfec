/* cmark_alone: the "parser only" reference for bench/run.py.
 *
 * usage: cmark_alone DIR...
 *
 * Reads every *.md file under DIR, skips YAML front matter (--- ... ---),
 * parses the body with cmark-gfm and renders it to HTML, with the options and
 * extensions Wegwijzer's markdown module uses (table, strikethrough, autolink,
 * tasklist; footnotes). One thread, one process: its CPU time is what
 * parsing and rendering the corpus costs, with no templates, links or output
 * files. Prints the file count and the total HTML bytes so the work cannot be
 * optimised away.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

static const char *kExtensions[] = {"table", "strikethrough", "autolink", "tasklist"};
static const int kOptions = CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES | CMARK_OPT_UNSAFE;

static size_t files, html_bytes;
static char *buf;
static size_t cap;

/* The body after a leading "---\n ... \n---\n" block, or the whole text. */
static const char *skip_front_matter(const char *text, size_t len, size_t *body_len) {
  if (len >= 4 && strncmp(text, "---\n", 4) == 0) {
    const char *end = strstr(text + 4, "\n---\n");
    if (end) {
      const char *body = end + 5;
      *body_len = len - (size_t)(body - text);
      return body;
    }
  }
  *body_len = len;
  return text;
}

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw) {
  (void)ftw;
  size_t n = strlen(path);
  if (type != FTW_F || n < 3 || strcmp(path + n - 3, ".md") != 0) return 0;
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    return 1;
  }
  size_t size = (size_t)st->st_size;
  if (size + 1 > cap) {
    cap = (size + 1) * 2;
    buf = realloc(buf, cap);
  }
  size_t got = fread(buf, 1, size, f);
  fclose(f);
  buf[got] = '\0';

  size_t body_len;
  const char *body = skip_front_matter(buf, got, &body_len);
  cmark_parser *parser = cmark_parser_new(kOptions);
  for (size_t i = 0; i < sizeof kExtensions / sizeof *kExtensions; ++i) {
    cmark_syntax_extension *ext = cmark_find_syntax_extension(kExtensions[i]);
    if (ext) cmark_parser_attach_syntax_extension(parser, ext);
  }
  cmark_parser_feed(parser, body, body_len);
  cmark_node *doc = cmark_parser_finish(parser);
  char *html = cmark_render_html(doc, kOptions, cmark_parser_get_syntax_extensions(parser));
  html_bytes += strlen(html);
  free(html);
  cmark_node_free(doc);
  cmark_parser_free(parser);
  ++files;
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: cmark_alone DIR...\n");
    return 2;
  }
  cmark_gfm_core_extensions_ensure_registered();
  for (int i = 1; i < argc; ++i)
    if (nftw(argv[i], visit, 32, FTW_PHYS) != 0) return 1;
  printf("%zu files, %zu bytes of HTML\n", files, html_bytes);
  free(buf);
  return 0;
}
