#include "starter.h"

namespace ww {

namespace {

void ReplaceAll(std::string* s, std::string_view from, const std::string& to) {
  for (size_t at = s->find(from); at != std::string::npos; at = s->find(from, at + to.size()))
    s->replace(at, from.size(), to);
}

}  // namespace

bool NewSite(Disk& disk, const std::string& starter_dir, const std::string& dir, std::vector<std::string>* written,
             std::string* err) {
  if (!disk.IsDir(starter_dir)) {
    *err = "the starter site is missing (" + starter_dir + "); install Wegwijzer again";
    return false;
  }
  if (disk.IsFile(dir) || !disk.ListDir(dir).empty()) {
    *err = "\"" + dir + "\" is not empty; a new site goes into a new or empty folder, so that no file is overwritten";
    return false;
  }
  std::vector<std::string> files;
  for (const FileEntry& f : disk.ListFiles(starter_dir))
    if (!f.escapes_root) files.push_back(f.rel);
  // The walk leaves hidden files out; the starter's .gitignore keeps the
  // built site/ out of the new site's repository.
  if (disk.IsFile(JoinPath(starter_dir, ".gitignore"))) files.push_back(".gitignore");
  for (const std::string& rel : files) {
    std::string text;
    if (!disk.ReadFile(JoinPath(starter_dir, rel), &text, err) || !disk.WriteFile(JoinPath(dir, rel), text, err))
      return false;
    written->push_back(rel);
  }
  return true;
}

bool NewPage(Disk& disk, const std::string& site_dir, const SiteConfig& config, const ThemeFiles& theme,
             const std::string& path, const std::string& today, std::string* written, std::string* err) {
  const std::string& own = config.sources.back().dir;  // the site's own layer: overlays put it on top
  std::string rel = NormalizePath(path);
  if (rel.starts_with(own + "/")) rel = rel.substr(own.size() + 1);  // "content/rol/x.md" means "rol/x.md"
  if (rel.empty() || rel[0] == '/' || rel[0] == '.') {
    *err = "\"" + path + "\" is no path inside the content, like voorbeeld/mijn-pagina.md";
    return false;
  }
  if (!rel.ends_with(".md")) rel += ".md";
  std::string target = JoinPath(JoinPath(site_dir, own), rel);
  *written = JoinPath(own, rel);
  if (disk.IsFile(target) || disk.IsDir(target)) {
    *err = *written + " already exists; choose another name (a new page never overwrites one)";
    return false;
  }
  std::string section = rel.find('/') == std::string::npos ? "" : rel.substr(0, rel.find('/'));
  std::string stem = BaseName(rel);
  stem.resize(stem.size() - 3);
  std::string text;
  bool found = false;
  for (const std::string& name : {section, std::string("default")}) {
    if (name.empty()) continue;
    std::string site_archetype = JoinPath(JoinPath(site_dir, "archetypes"), name + ".md");
    if (disk.IsFile(site_archetype) && disk.ReadFile(site_archetype, &text, err)) {
      found = true;
      break;
    }
  }
  if (!found)
    for (const std::string& name : {section, std::string("default")}) {
      if (name.empty()) continue;
      if (const LayeredFile* f = theme.Find("archetypes/" + name + ".md");
          f && disk.ReadFile(f->disk_path, &text, err)) {
        found = true;
        break;
      }
    }
  if (!found) {
    *err =
        "no archetype for a new page: make archetypes/default.md in the site folder (a page with {{title}} and "
        "{{date}} where the title and date go)";
    return false;
  }
  std::string title = TitleFromFileName(stem);
  ReplaceAll(&title, "\"", "'");  // the archetype puts the title in quotes
  ReplaceAll(&text, "{{title}}", title);
  ReplaceAll(&text, "{{date}}", today);
  ReplaceAll(&text, "{{section}}", section);
  return disk.WriteFile(target, text, err);
}

}  // namespace ww
