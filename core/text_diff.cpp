#include "text_diff.h"

#include <algorithm>
#include <cstdint>

namespace ww {

namespace {

enum class Op : char { kSame, kDel, kAdd };

struct Edit {
  Op op;
  int a, b;  // 0-based line in before (kSame, kDel) and after (kSame, kAdd)
};

constexpr size_t kMaxCells = size_t{4} << 20;

// A text's lines, and whether its last one ends without '\n': such a line
// differs from the same words with one (diff -u's "\ No newline").
struct Lines {
  std::vector<std::string_view> text;
  bool open_end = false;
  explicit Lines(std::string_view t) : text(SplitLines(t)), open_end(!t.empty() && t.back() != '\n') {}
  bool Open(int i) const { return open_end && static_cast<size_t>(i) + 1 == text.size(); }
};

bool Same(const Lines& a, int i, const Lines& b, int j) { return a.text[i] == b.text[j] && a.Open(i) == b.Open(j); }

// The edit script from a to b: common prefix and suffix first, then a longest
// common subsequence table over the middle (pages are short; the bound keeps
// a pathological pair of files from taking the memory).
std::vector<Edit> EditScript(const Lines& a, const Lines& b) {
  int n = static_cast<int>(a.text.size()), m = static_cast<int>(b.text.size());
  int pre = 0;
  while (pre < n && pre < m && Same(a, pre, b, pre)) ++pre;
  int suf = 0;
  while (suf < n - pre && suf < m - pre && Same(a, n - 1 - suf, b, m - 1 - suf)) ++suf;
  std::vector<Edit> out;
  for (int i = 0; i < pre; ++i) out.push_back({Op::kSame, i, i});
  int an = n - pre - suf, bn = m - pre - suf;
  if (static_cast<size_t>(an + 1) * static_cast<size_t>(bn + 1) > kMaxCells) {
    for (int i = 0; i < an; ++i) out.push_back({Op::kDel, pre + i, pre});
    for (int j = 0; j < bn; ++j) out.push_back({Op::kAdd, pre + an, pre + j});
  } else {
    // lcs[i][j]: the longest common subsequence of a[pre+i..] and b[pre+j..].
    std::vector<uint32_t> lcs(static_cast<size_t>(an + 1) * (bn + 1), 0);
    auto at = [&](int i, int j) -> uint32_t& { return lcs[static_cast<size_t>(i) * (bn + 1) + j]; };
    for (int i = an - 1; i >= 0; --i)
      for (int j = bn - 1; j >= 0; --j)
        at(i, j) = Same(a, pre + i, b, pre + j) ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    int i = 0, j = 0;
    while (i < an || j < bn) {
      if (i < an && j < bn && Same(a, pre + i, b, pre + j)) {
        out.push_back({Op::kSame, pre + i++, pre + j++});
      } else if (j < bn && (i == an || at(i, j + 1) > at(i + 1, j))) {
        out.push_back({Op::kAdd, pre + i, pre + j++});
      } else {
        out.push_back({Op::kDel, pre + i++, pre + j});
      }
    }
  }
  for (int k = 0; k < suf; ++k) out.push_back({Op::kSame, n - suf + k, m - suf + k});
  return out;
}

// "@@ -3,4 +3,5 @@": an empty range names the line before it (diff -u's rule).
std::string Range(int first, int count) {
  int start = count == 0 ? first : first + 1;
  return std::to_string(start) + (count == 1 ? "" : "," + std::to_string(count));
}

}  // namespace

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

int FirstChangedLine(std::string_view before, std::string_view after) {
  if (before == after) return 0;
  auto a = SplitLines(before), b = SplitLines(after);
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  // Only the last line's '\n' differs, or lines were removed at the end:
  // the nearest line that exists.
  return static_cast<int>(std::min(i, b.empty() ? 0 : b.size() - 1)) + 1;
}

std::string UnifiedDiff(std::string_view before, std::string_view after, const std::string& old_name,
                        const std::string& new_name, int context) {
  if (before == after) return "";
  Lines a(before), b(after);
  std::vector<Edit> edits = EditScript(a, b);
  std::string out = "--- " + old_name + "\n+++ " + new_name + "\n";
  size_t k = 0;
  while (k < edits.size()) {
    // A hunk: from `context` lines before a change to `context` lines after
    // the last change that lies within 2 * context of the one before it.
    while (k < edits.size() && edits[k].op == Op::kSame) ++k;
    if (k == edits.size()) break;
    size_t begin = k >= static_cast<size_t>(context) ? k - context : 0;
    size_t end = k;
    for (size_t s = k; s < edits.size(); ++s) {
      if (edits[s].op != Op::kSame) {
        end = s + 1;
      } else if (s - end >= static_cast<size_t>(2 * context)) {
        break;
      }
    }
    end = std::min(edits.size(), end + context);
    int a_first = -1, b_first = -1, a_count = 0, b_count = 0;
    std::string body;
    for (size_t s = begin; s < end; ++s) {
      const Edit& e = edits[s];
      bool in_a = e.op != Op::kAdd, in_b = e.op != Op::kDel;
      if (a_first < 0) a_first = e.a, b_first = e.b;
      a_count += in_a;
      b_count += in_b;
      body += (e.op == Op::kSame ? ' ' : e.op == Op::kDel ? '-' : '+');
      body.append(in_a ? a.text[e.a] : b.text[e.b]);
      body += '\n';
      if (in_a ? a.Open(e.a) : b.Open(e.b)) body += "\\ No newline at end of file\n";
    }
    out += "@@ -" + Range(a_first, a_count) + " +" + Range(b_first, b_count) + " @@\n" + body;
    k = end;
  }
  return out;
}

}  // namespace ww
