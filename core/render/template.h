// template: the theme's Mustache templates, loaded once per build and
// rendered by render/mustache (kainjow/mustache's output, byte for byte).
//
// Partials ({{> name}}) are expanded when the theme is loaded, with a source
// map, so every template error names the template file and line, and a
// missing or looping partial is found before any page is rendered. Output is
// HTML-escaped unless a template asks for {{{raw}}}.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "diagnostics.h"
#include "disk.h"
#include "site/overlays.h"
#include "value.h"

namespace ww {

// A template helper ({{#helpers.name}}text{{/helpers.name}}): gets the text
// between the tags as written, returns text, which the template escapes and
// never reads as a template. A helper used as a variable ({{helpers.name}})
// is a template error.
using TemplateHelper = std::function<std::string(const std::string& text)>;

// A link a template writes to a fixed file of the site: href, src or action
// "{{root}}path" with no other tag in the path. The build checks that the
// site has it, so a theme that names a page some site lacks fails at its line.
struct ThemeLink {
  std::string file;  // the template or partial, as in messages
  int line = 0, col = 0;
  std::string target;  // "assets/style.css", relative to the site root
};

class Theme {
 public:
  // Loads templates/*.mustache of the theme's files (partials from
  // templates/partials/), each file from the layer that wins it (overlays.h).
  static std::optional<Theme> Load(Disk& disk, const ThemeFiles& files, Diagnostics* diags);
  // The same for one folder; display_dir is how paths appear in messages ("themes/default").
  static std::optional<Theme> Load(Disk& disk, const std::string& theme_dir, const std::string& display_dir,
                                   Diagnostics* diags);

  bool Has(const std::string& name) const { return templates_.count(name) > 0; }
  // Whether template `layout` may show context name `name` (true when it
  // cannot tell), so the build need not compute what no tag asks for.
  bool Uses(const std::string& layout, const std::string& name) const;
  // Context that every page shares (the UI strings as `t`, the build year):
  // set once here instead of in every page's context, and looked up after
  // the page's own names, so a name of the page's wins. Not thread-safe: call
  // it before rendering.
  void SetShared(Value shared);
  const std::string& name() const { return name_; }  // "themes/default", as in messages
  // Every fixed link in the templates and the partials they include.
  const std::vector<ThemeLink>& links() const { return links_; }

  // Renders the named template. Thread-safe: each call parses nothing and
  // shares only immutable state. Errors are reported with the template's file
  // and line and, for context, the page being rendered.
  std::optional<std::string> Render(const std::string& name, const Value& context,
                                    const std::map<std::string, TemplateHelper>& helpers, const std::string& page_path,
                                    Diagnostics* diags) const;

 private:
  struct Segment {  // a run of expanded text that came from one file
    size_t start, end;
    std::string file;
    int first_line;  // line in `file` at `start`
    int first_col;   // column (1-based, bytes) in `file` at `start`
  };
  struct Compiled;
  struct Shared;
  std::string name_;
  std::shared_ptr<const Shared> shared_;  // immutable: copies of a Theme share it
  std::map<std::string, std::shared_ptr<const Compiled>> templates_;
  std::vector<ThemeLink> links_;

  friend struct ThemeLoader;
};

}  // namespace ww
