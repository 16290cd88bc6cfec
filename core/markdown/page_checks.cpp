#include "markdown/page_checks.h"

#include <cstdio>
#include <sstream>

#include "slug.h"

namespace ww {

namespace {

// "4.2 MB", "730 KB".
std::string Kilobytes(size_t bytes) {
  char out[32];
  if (bytes >= 1024 * 1024)
    std::snprintf(out, sizeof out, "%.1f MB", bytes / (1024.0 * 1024.0));
  else
    std::snprintf(out, sizeof out, "%zu KB", (bytes + 1023) / 1024);
  return out;
}

struct Checker {
  const SiteTree& tree;
  const Page& page;
  const PageCheckOptions& opt;
  ImageFiles* images;
  Diagnostics* diags;

  void Warn(const Node& n, const std::string& message) { diags->Warning(page.source_path, n.line, n.col, message); }

  void Walk(Node* n) {
    for (size_t i = 0; i < n->children.size(); ++i) {
      Node& c = n->children[i];
      if (c.type == NodeType::kLink && c.url.empty()) {
        std::string text = PlainText(c);
        Warn(c, "link '" + text +
                    "' has no address, so it leads nowhere (shown as plain text); write where it leads "
                    "between the round brackets, like [" +
                    text + "](pagina.md), or remove the brackets");
        // Its text stays, in its place; no empty link for a screen reader to land on.
        std::vector<Node> inner = std::move(c.children);
        n->children.erase(n->children.begin() + static_cast<std::ptrdiff_t>(i));
        n->children.insert(n->children.begin() + static_cast<std::ptrdiff_t>(i), inner.begin(), inner.end());
        --i;  // look at what took its place
        continue;
      }
      Check(&c);
      Walk(&c);
    }
  }

  void Check(Node* n) {
    switch (n->type) {
      case NodeType::kHtmlBlock:
      case NodeType::kHtmlInline:
        if (opt.allow_raw_html || n->text.starts_with("</")) return;  // the opening tag was said
        if (n->text.starts_with("<!--"))
          Warn(*n,
               "an HTML comment is shown on the page as text; remove it (keep notes for authors outside "
               "the page)");
        else
          Warn(*n,
               "raw HTML is not published; it is shown on the page as text: write it in Markdown, or set "
               "[markup] unsafe_html = true in site.toml if you trust everyone who writes pages");
        return;
      case NodeType::kImage:
        Image(n);
        return;
      default:
        return;
    }
  }

  void Image(Node* n) {
    std::string alt = PlainText(*n);
    if (n->url.empty()) {
      Warn(*n, "image has no file; write it between the round brackets: ![" + (alt.empty() ? "Beschrijving" : alt) +
                   "](img/foto.png)");
      return;
    }
    if (alt == "\"\"") {
      n->children.clear();  // decorative: alt="" on purpose, and no text for the search
    } else if (alt.empty()) {
      Warn(*n, "image " + n->url +
                   " has no alt text; say what it shows between the square brackets, like "
                   "![Het schoolplein met de fietsenstalling](" +
                   n->url + "), or write ![\"\"](" + n->url + ") for an image that is only decoration");
    }
    if (HasUrlScheme(n->url) || n->url.starts_with("//")) {
      bool web = n->url.starts_with("http:") || n->url.starts_with("https:") || n->url.starts_with("//");
      if (web && opt.image_policy && !PolicyAllowsImage(*opt.image_policy, n->url)) {
        Warn(*n, "image from another site (" + n->url + "): the page's Content-Security-Policy (img-src " +
                     *opt.image_policy +
                     ") blocks it, and offline it could not load either, so only its alt text is shown; save the "
                     "image in the content folder and link it as a file of the site, like ![...](img/foto.png)");
        // Not asked for at all: a page makes no request that its own policy refuses.
        n->type = NodeType::kText;
        n->text = alt;
        n->url.clear();
        n->title.clear();
        n->children.clear();
      }
      return;
    }
    // The file, found as links.cpp finds it (which reports a missing one).
    std::string url = n->url.substr(0, n->url.find_first_of("?#"));
    if (url.empty()) return;
    std::string decoded = DecodeUrlPath(url);
    std::string rel = NormalizePath(decoded[0] == '/' ? decoded.substr(1) : JoinPath(page.dir, decoded));
    auto it = tree.origins.find(rel);
    if (rel.empty() || it == tree.origins.end() || !tree.static_paths.count(rel)) return;
    ImageFiles::Info info = images->Get(it->second.disk_path);
    if (info.sized) {
      n->width = info.size.width;
      n->height = info.size.height;
    }
    if (opt.image_max_kb > 0 && info.bytes > static_cast<size_t>(opt.image_max_kb) * 1024) {
      std::string pixels =
          info.sized ? " (" + std::to_string(info.size.width) + " × " + std::to_string(info.size.height) + " pixels)"
                     : "";
      Warn(*n, "image " + rel + " is " + Kilobytes(info.bytes) + pixels + ", more than " +
                   std::to_string(opt.image_max_kb) +
                   " KB: slow on a phone and heavy on a USB stick; save it smaller (1600 pixels wide is plenty for "
                   "a page, JPEG for photos), or raise [images] max_kb in site.toml");
    }
  }
};

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  std::istringstream in{std::string(s)};
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

}  // namespace

std::optional<std::string> ThemeImagePolicy(Disk& disk, const ThemeFiles& theme) {
  for (const auto& [rel, f] : theme.files) {
    if (!rel.starts_with("templates/") || !rel.ends_with(".mustache")) continue;
    std::string text, err;
    if (!disk.ReadFile(f.disk_path, &text, &err)) continue;
    size_t at = text.find("Content-Security-Policy");
    if (at == std::string::npos) continue;
    size_t content = text.find("content=\"", at);
    if (content == std::string::npos) continue;
    content += 9;
    std::string policy = text.substr(content, text.find('"', content) - content);
    std::string fallback;
    for (size_t start = 0; start < policy.size();) {
      size_t end = policy.find(';', start);
      if (end == std::string::npos) end = policy.size();
      std::vector<std::string> words = Words(std::string_view(policy).substr(start, end - start));
      start = end + 1;
      if (words.empty()) continue;
      std::string sources;
      for (size_t i = 1; i < words.size(); ++i) sources += (i > 1 ? " " : "") + words[i];
      if (words[0] == "img-src") return sources;
      if (words[0] == "default-src") fallback = sources;
    }
    return fallback.empty() ? std::nullopt : std::optional<std::string>(fallback);
  }
  return std::nullopt;
}

bool PolicyAllowsImage(const std::string& policy, std::string_view url) {
  std::string_view scheme = url.starts_with("https:") ? "https:" : url.starts_with("http:") ? "http:" : "";
  std::string_view rest = url.substr(url.find("//") == std::string_view::npos ? 0 : url.find("//") + 2);
  std::string_view host = rest.substr(0, rest.find_first_of("/?#:"));
  for (const std::string& s : Words(policy)) {
    if (s == "*" || (!scheme.empty() && s == scheme) || (scheme == "http:" && s == "https:")) return true;
    if (s.starts_with("'") || s.ends_with(":")) continue;  // 'self', 'none', data:, blob:
    std::string_view h = s;
    if (size_t sep = h.find("://"); sep != std::string_view::npos) h = h.substr(sep + 3);
    h = h.substr(0, h.find_first_of("/:"));
    if (h == host || (h.starts_with("*.") && host.ends_with(h.substr(1)))) return true;
  }
  return false;
}

ImageFiles::Info ImageFiles::Get(const std::string& disk_path) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto it = by_path_.find(disk_path); it != by_path_.end()) return it->second;
  }
  // Read outside the lock: another worker may read the same file meanwhile,
  // which costs a read, never a wrong answer.
  Info info;
  std::string bytes, err;
  if (disk_.ReadFile(disk_path, &bytes, &err)) {
    info.bytes = bytes.size();
    info.sized = ReadImageSize(bytes, disk_path, &info.size);
  }
  std::lock_guard<std::mutex> lock(mu_);
  by_path_.emplace(disk_path, info);
  return info;
}

void CheckPage(Node* doc, const SiteTree& tree, const Page& page, const PageCheckOptions& options, ImageFiles* images,
               Diagnostics* diags) {
  Checker{tree, page, options, images, diags}.Walk(doc);
}

}  // namespace ww
