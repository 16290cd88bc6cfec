// mustache: a Mustache template, parsed once and rendered straight from a
// Value.
//
// Output and errors are kainjow/mustache's (Debian's libkainjow-mustache-dev)
// byte for byte, quirks included: kainjow stays the reference, and the fuzz
// target tests/fuzz/fuzz_mustache.cpp renders every input with both and
// compares. Why not kainjow itself: every page's context had to be converted
// into kainjow's data first, and its renderer makes a component of every
// blank and calls a std::function per component; the two were 15 % of a
// 10,000-page build's CPU (bench/). This one reads the page's Value where it
// is, and keeps a run of text as one piece.
//
// What kainjow does and this keeps (templates depend on it):
// - A value is false when it is null, false, "" or an empty list (kainjow
//   got "" as false from us); numbers render as Value::ToText.
// - A line that held a section tag and renders to nothing but blanks is left
//   out, its line break too. A false section sets nothing: its line stays.
// - A dotted name is looked up whole in each context item from the innermost
//   out; "a." is "a", an empty part finds nothing, {{.}} is the innermost item.
// - Of two equal keys in an object, the last counts.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "value.h"

namespace ww {

// {{#helpers.name}}text{{/helpers.name}}: gets the text between the tags as
// written; what it returns is HTML-escaped and never read as a template.
using MustacheHelper = std::function<std::string(const std::string& text)>;
using MustacheHelpers = std::map<std::string, MustacheHelper>;

class MustacheTemplate {
 public:
  struct Error {
    std::string message;  // kainjow's words, without its " at N"
    size_t position = 0;  // byte offset of the tag in the template's text
    std::string tag;      // the name in the tag, where there is one
  };
  struct Tag {  // a tag as written, for messages
    std::string name;
    size_t position = 0;
  };

  // Sections nested deeper are an error (kainjow has no bound).
  static constexpr size_t kMaxNesting = 100;

  // Parses `text`; false with the first error, as kainjow reports it.
  bool Parse(std::string_view text, Error* error);

  // Renders over `page`, whose names come before those of `shared` (may be
  // null), with `helpers` under the page's name "helpers". False on an error
  // (a helper used as a variable); `out` is then incomplete.
  bool Render(const Value& page, const Value* shared, const MustacheHelpers& helpers, std::string* out,
              Error* error) const;

  // The {{> name}} tags: kainjow looks such a name up in the context and
  // renders a string it finds as a template. Themes include partials before
  // parsing (template.cpp), so a tag left here is an author's mistake; it
  // renders nothing.
  const std::vector<Tag>& partials() const { return partials_; }

  struct Op;

 private:
  std::vector<Op> ops_;  // in template order; a section's ops follow it, up to its `end`
  std::vector<Tag> partials_;
};

struct MustacheTemplate::Op {
  enum Kind : uint8_t { kText, kNewline, kVariable, kRaw, kSection, kInverted };
  Kind kind = kText;
  bool dot = false;                // {{.}}
  uint32_t end = 0;                // sections: one past their last op
  size_t position = 0;             // of the tag, for messages
  std::string text;                // text and line breaks; a section's text as written (helpers get it)
  std::string name;                // as written, trimmed
  std::vector<std::string> parts;  // the name split at its dots
};

}  // namespace ww
