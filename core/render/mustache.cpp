#include "render/mustache.h"

#include "markdown/html_render.h"

namespace ww {
namespace {

// kainjow trims with std::isspace in the "C" locale.
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// kainjow's split of a dotted name, as its context walks it: "a." is "a",
// "a..b" is "a", "", "b".
std::vector<std::string> SplitName(std::string_view name) {
  std::vector<std::string> parts;
  while (true) {
    size_t dot = name.find('.');
    parts.emplace_back(name.substr(0, dot));
    if (dot == std::string_view::npos) break;
    name.remove_prefix(dot + 1);
    if (name.empty()) break;
  }
  return parts;
}

// kainjow's set-delimiter tag ("=<% %>="); false where kainjow says invalid.
bool ParseDelimiters(std::string_view contents, std::string* begin, std::string* end) {
  if (contents.size() < 5 || contents.back() != '=') return false;
  std::string_view inner = Trim(contents.substr(1, contents.size() - 2));
  size_t space = inner.find(' ');
  if (space == std::string_view::npos) return false;
  size_t next = inner.find_first_not_of(' ', space + 1);  // (inner ends in a non-blank)
  std::string_view b = inner.substr(0, space), e = inner.substr(next);
  auto valid = [](std::string_view d) {
    for (char c : d)
      if (c == '=' || IsSpace(c)) return false;
    return true;
  };
  if (!valid(b) || !valid(e)) return false;
  *begin = b;
  *end = e;
  return true;
}

// kainjow's escape: &apos; where Markdown's HTML has &#39;.
void AppendEscaped(std::string& out, std::string_view s) { ww::AppendEscaped(out, s, "&apos;"); }

// What a name refers to: a Value, the page (a Value with the helpers beside
// it), the helpers, or one helper.
struct Ref {
  enum Kind : uint8_t { kNone, kValue, kPage, kHelpers, kHelper } kind = kNone;
  const Value* value = nullptr;
  const MustacheHelper* helper = nullptr;
};

const Value* FindLast(const Value& v, std::string_view key) {
  if (!v.is_object()) return nullptr;
  const Object& o = v.as_object();
  for (auto it = o.rbegin(); it != o.rend(); ++it)
    if (it->first == key) return &it->second;
  return nullptr;
}

bool IsFalse(const Ref& r) {
  if (r.kind != Ref::kValue) return false;
  const Value& v = *r.value;
  return v.is_null() || (v.is_bool() && !v.as_bool()) || (v.is_string() && v.as_string().empty()) ||
         (v.is_array() && v.as_array().empty());
}

class Renderer {
 public:
  using Op = MustacheTemplate::Op;
  Renderer(const std::vector<Op>& ops, const MustacheHelpers& helpers, std::string& out)
      : ops_(ops), helpers_(helpers), out_(out), line_start_(out.size()) {}

  void Push(Ref r) { stack_.push_back(r); }

  bool Run(MustacheTemplate::Error* error) {
    error_ = error;
    Walk(0, ops_.size());
    if (failed_) return false;
    if (section_on_line_ && BlankLine()) out_.resize(line_start_);
    return true;
  }

 private:
  Ref Child(const Ref& r, std::string_view key) const {
    switch (r.kind) {
      case Ref::kPage:
        if (key == "helpers" && !helpers_.empty()) return {Ref::kHelpers, nullptr, nullptr};
        [[fallthrough]];
      case Ref::kValue:
        if (const Value* v = FindLast(*r.value, key)) return {Ref::kValue, v, nullptr};
        return {};
      case Ref::kHelpers:
        if (auto it = helpers_.find(std::string(key)); it != helpers_.end()) return {Ref::kHelper, nullptr, &it->second};
        return {};
      default:
        return {};
    }
  }

  Ref Lookup(const Op& op) const {
    if (op.dot) return stack_.back();
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      Ref r = *it;
      for (const std::string& part : op.parts) {
        r = Child(r, part);
        if (r.kind == Ref::kNone) break;
      }
      if (r.kind != Ref::kNone) return r;
    }
    return {};
  }

  bool BlankLine() const {
    for (size_t i = line_start_; i < out_.size(); ++i)
      if (out_[i] != ' ' && out_[i] != '\t') return false;
    return true;
  }

  // kainjow writes a line when its break comes, and leaves out a line that
  // held a section tag and is blank.
  void EndLine(const std::string& newline) {
    if (section_on_line_ && BlankLine())
      out_.resize(line_start_);
    else
      out_ += newline;
    line_start_ = out_.size();
    section_on_line_ = false;
  }

  void Section(const Op& op, size_t first, Ref pushed, bool push) {
    section_on_line_ = true;
    if (push) stack_.push_back(pushed);
    Walk(first, op.end);
    if (push) stack_.pop_back();
    section_on_line_ = true;
  }

  void Walk(size_t begin, size_t end) {
    for (size_t i = begin; i < end && !failed_;) {
      const Op& op = ops_[i];
      switch (op.kind) {
        case Op::kText:
          out_ += op.text;
          break;
        case Op::kNewline:
          EndLine(op.text);
          break;
        case Op::kVariable:
        case Op::kRaw: {
          Ref r = Lookup(op);
          if (r.kind == Ref::kHelper) {
            failed_ = true;
            *error_ = {"Lambda with render argument is not allowed for regular variables", op.position, op.name};
          } else if (r.kind == Ref::kValue) {
            const Value& v = *r.value;
            if (v.is_string()) {
              if (op.kind == Op::kVariable)
                AppendEscaped(out_, v.as_string());
              else
                out_ += v.as_string();
            } else if (v.is_number()) {
              if (op.kind == Op::kVariable)
                AppendEscaped(out_, v.ToText());
              else
                out_ += v.ToText();
            }
          }
          break;
        }
        case Op::kSection: {
          Ref r = Lookup(op);
          if (r.kind == Ref::kHelper) {
            // (kainjow sets no section mark for a helper)
            AppendEscaped(out_, (*r.helper)(op.text));
          } else if (r.kind != Ref::kNone && !IsFalse(r)) {
            if (r.kind == Ref::kValue && r.value->is_array()) {
              for (const Value& item : r.value->as_array()) {
                Section(op, i + 1, {Ref::kValue, &item, nullptr}, true);
                if (failed_) break;
              }
            } else {
              Section(op, i + 1, r, true);
            }
          }
          i = op.end;
          continue;
        }
        case Op::kInverted: {
          Ref r = Lookup(op);
          if (r.kind == Ref::kNone)
            Section(op, i + 1, r, false);
          else if (IsFalse(r))
            Section(op, i + 1, r, true);
          i = op.end;
          continue;
        }
      }
      ++i;
    }
  }

  const std::vector<Op>& ops_;
  const MustacheHelpers& helpers_;
  std::string& out_;
  std::vector<Ref> stack_;  // innermost last
  size_t line_start_;       // where the line being written starts in out_
  bool section_on_line_ = false;
  bool failed_ = false;
  MustacheTemplate::Error* error_ = nullptr;
};

}  // namespace

bool MustacheTemplate::Parse(std::string_view in, Error* error) {
  ops_.clear();
  partials_.clear();
  std::string begin = "{{", end = "}}";
  bool braces = true;
  struct Section {
    size_t op;
    size_t text_start;  // where its text starts, after its tag
    bool closed = false;
    std::string closer;  // the name in the tag that closed it
  };
  std::vector<Section> sections;  // every section, in template order (kainjow checks them in that order)
  std::vector<size_t> open;       // those not yet closed, innermost last
  // A run of text never joins text across a section's start or end: ops
  // before `barrier` take no more text.
  size_t barrier = 0;
  auto append_text = [&](std::string_view s) {
    if (ops_.size() > barrier && ops_.back().kind == Op::kText) {
      ops_.back().text.append(s);
    } else {
      ops_.emplace_back();
      ops_.back().text.assign(s);
    }
  };
  size_t i = 0;
  const size_t n = in.size();
  while (i < n) {
    if (in.compare(i, begin.size(), begin) != 0) {
      if (in[i] == '\n' || in[i] == '\r') {
        size_t len = (in[i] == '\r' && i + 1 < n && in[i + 1] == '\n') ? 2 : 1;
        Op op;
        op.kind = Op::kNewline;
        op.text.assign(in.substr(i, len));
        ops_.push_back(std::move(op));
        i += len;
      } else {
        size_t j = i + 1;
        // The rest of the run: up to a line break or a possible tag.
        while (j < n && in[j] != '\n' && in[j] != '\r' && in[j] != begin[0]) ++j;
        append_text(in.substr(i, j - i));
        i = j;
      }
      continue;
    }
    const size_t tag_start = i;
    size_t contents = tag_start + begin.size();
    const bool triple = braces && tag_start != n - 2 && in[contents] == begin[0];
    if (triple) ++contents;
    const std::string_view closing = triple ? std::string_view("}}}") : std::string_view(end);
    size_t tag_end = in.find(closing, contents);
    if (tag_end == std::string_view::npos) {
      *error = {"Unclosed tag", tag_start, ""};
      return false;
    }
    std::string_view body = Trim(in.substr(contents, tag_end - contents));
    i = tag_end + closing.size();
    if (!body.empty() && body[0] == '=') {
      if (!ParseDelimiters(body, &begin, &end)) {
        *error = {"Invalid set delimiter tag", tag_start, ""};
        return false;
      }
      braces = begin == "{{" && end == "}}";
      continue;
    }
    Op op;
    op.position = tag_start;
    char sigil = (triple || body.empty()) ? 0 : body[0];
    switch (sigil) {
      case '#':
      case '^':
      case '/':
      case '>':
      case '&':
      case '!':
        op.name = Trim(body.substr(1));
        break;
      default:
        op.name = body;
        break;
    }
    if (sigil == '!') continue;
    if (sigil == '>') {
      partials_.push_back({op.name, tag_start});
      continue;
    }
    if (sigil == '/') {
      if (open.empty()) {
        *error = {"Unopened section \"" + op.name + "\"", tag_start, op.name};
        return false;
      }
      Section& o = sections[open.back()];
      o.closed = true;
      o.closer = op.name;
      ops_[o.op].text.assign(in.substr(o.text_start, tag_start - o.text_start));
      ops_[o.op].end = static_cast<uint32_t>(ops_.size());
      open.pop_back();
      barrier = ops_.size();
      continue;
    }
    op.kind = sigil == '#' ? Op::kSection : sigil == '^' ? Op::kInverted : (triple || sigil == '&') ? Op::kRaw
                                                                                                      : Op::kVariable;
    op.dot = op.name == ".";
    if (!op.dot) op.parts = SplitName(op.name);
    ops_.push_back(std::move(op));
    if (sigil == '#' || sigil == '^') {
      // Rendering nests as deep as the sections do: a bound, so that no
      // template can exhaust the stack (kainjow has none).
      if (open.size() >= kMaxNesting) {
        *error = {"Sections nested more than " + std::to_string(kMaxNesting) + " deep", tag_start, ops_.back().name};
        return false;
      }
      sections.push_back({ops_.size() - 1, i, false, ""});
      open.push_back(sections.size() - 1);
      barrier = ops_.size();
    }
  }
  for (const Section& s : sections)
    if (!s.closed || s.closer != ops_[s.op].name) {
      *error = {"Unclosed section \"" + ops_[s.op].name + "\"", ops_[s.op].position, ops_[s.op].name};
      return false;
    }
  return true;
}

bool MustacheTemplate::Render(const Value& page, const Value* shared, const MustacheHelpers& helpers,
                              std::string* out, Error* error) const {
  Renderer r(ops_, helpers, *out);
  if (shared) r.Push({Ref::kValue, shared, nullptr});
  r.Push({Ref::kPage, &page, nullptr});
  return r.Run(error);
}

}  // namespace ww
