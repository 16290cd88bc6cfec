// Written after the reference manual, in the shape of lstrlib.c's matcher
// (do_match, max_expand, min_expand, ...) so the two are easy to compare;
// what it adds is a charge to the budget for every step.
#include "lua/lua_pattern.h"

#include <cctype>
#include <cstring>

#include "lua/lua_state_impl.h"

namespace ww {

namespace {

// A capture's len while it is still open, and for a position capture "()".
constexpr ptrdiff_t kUnfinished = -1;
constexpr ptrdiff_t kPosition = -2;
// Nesting of Match calls (backtracking points and captures). Deeper patterns
// raise "pattern too complex" rather than overflow the C stack (Lua: MAXCCALLS).
constexpr int kMaxMatchDepth = 200;

int U(char c) { return static_cast<unsigned char>(c); }

}  // namespace

PatternMatcher::PatternMatcher(lua_State* L, const char* s, size_t ls, const char* p, size_t lp)
    : L(L), I(LuaState::Impl::From(L)), src_init(s), src_end(s + ls), pat_end(p + lp) {}

void PatternMatcher::Reset() {
  depth = 0;
  level = 0;
}

// Where the single-character class starting at p ends.
const char* PatternMatcher::ClassEnd(const char* p) {
  char c = *p++;
  if (c == '%') {
    if (p >= pat_end) luaL_error(L, "malformed pattern (ends with '%%')");
    return p + 1;
  }
  if (c == '[') {
    if (p < pat_end && *p == '^') ++p;
    do {  // the first character of a set, even ']', is part of it
      if (p >= pat_end) luaL_error(L, "malformed pattern (missing ']')");
      c = *p++;
      if (c == '%' && p < pat_end) ++p;
    } while (p >= pat_end || *p != ']');
    return p + 1;
  }
  return p;
}

// %a, %d, ...: the <cctype> classes (C locale), as in Lua; the upper-case
// letter is the complement, and any other character stands for itself.
bool PatternMatcher::ClassMatches(int c, int cl) {
  bool r;
  switch (std::tolower(cl)) {
    case 'a':
      r = std::isalpha(c);
      break;
    case 'c':
      r = std::iscntrl(c);
      break;
    case 'd':
      r = std::isdigit(c);
      break;
    case 'g':
      r = std::isgraph(c);
      break;
    case 'l':
      r = std::islower(c);
      break;
    case 'p':
      r = std::ispunct(c);
      break;
    case 's':
      r = std::isspace(c);
      break;
    case 'u':
      r = std::isupper(c);
      break;
    case 'w':
      r = std::isalnum(c);
      break;
    case 'x':
      r = std::isxdigit(c);
      break;
    default:
      return cl == c;
  }
  return std::isupper(cl) ? !r : r;
}

// p is at '[', ec at the closing ']'.
bool PatternMatcher::SetMatches(int c, const char* p, const char* ec) {
  bool sig = true;
  if (p[1] == '^') {
    sig = false;
    ++p;
  }
  while (++p < ec) {
    if (*p == '%') {
      ++p;
      if (ClassMatches(c, U(*p))) return sig;
    } else if (p[1] == '-' && p + 2 < ec) {
      p += 2;
      if (U(p[-2]) <= c && c <= U(*p)) return sig;
    } else if (U(*p) == c) {
      return sig;
    }
  }
  return !sig;
}

// The character at s against the single item p..ep; false at the end.
bool PatternMatcher::SingleMatch(const char* s, const char* p, const char* ep) {
  if (s >= src_end) return false;
  int c = U(*s);
  switch (*p) {
    case '.':
      return true;
    case '%':
      return ClassMatches(c, U(p[1]));
    case '[':
      return SetMatches(c, p, ep - 1);
    default:
      return U(*p) == c;
  }
}

// Every recursion passes here, so kMaxMatchDepth bounds the C stack.
const char* PatternMatcher::Match(const char* s, const char* p) {
  if (++depth > kMaxMatchDepth) luaL_error(L, "pattern too complex");
  const char* r = MatchHere(s, p);
  --depth;
  return r;
}

// lstrlib.c's do_match: where the match of p at s ends, or null. Single
// items loop here; only what may need to back off (?, *, +, -, captures)
// recurses through Match.
const char* PatternMatcher::MatchHere(const char* s, const char* p) {
  while (true) {
    I->Charge(L, 1);
    if (p == pat_end) return s;
    switch (*p) {
      case '(':
        if (p + 1 < pat_end && p[1] == ')') return StartCapture(s, p + 2, kPosition);
        return StartCapture(s, p + 1, kUnfinished);
      case ')':
        return EndCapture(s, p + 1);
      case '$':
        if (p + 1 == pat_end) return s == src_end ? s : nullptr;
        break;
      case '%':
        if (p + 1 >= pat_end) break;  // ClassEnd reports it
        if (p[1] == 'b') {
          s = MatchBalance(s, p + 2);
          if (!s) return nullptr;
          p += 4;
          continue;
        }
        if (p[1] == 'f') {
          p += 2;
          if (p >= pat_end || *p != '[') luaL_error(L, "missing '[' after '%%f' in pattern");
          const char* ep = ClassEnd(p);
          int prev = s == src_init ? 0 : U(s[-1]);
          int cur = s < src_end ? U(*s) : 0;
          if (SetMatches(prev, p, ep - 1) || !SetMatches(cur, p, ep - 1)) return nullptr;
          p = ep;
          continue;
        }
        if (std::isdigit(U(p[1]))) {
          s = MatchBackReference(s, U(p[1]));
          if (!s) return nullptr;
          p += 2;
          continue;
        }
        break;
      default:
        break;
    }
    const char* ep = ClassEnd(p);
    char q = ep < pat_end ? *ep : '\0';
    if (!SingleMatch(s, p, ep)) {
      if (q == '*' || q == '?' || q == '-') {
        p = ep + 1;
        continue;
      }
      return nullptr;
    }
    switch (q) {
      case '?': {
        const char* r = Match(s + 1, ep + 1);
        if (r) return r;
        p = ep + 1;
        continue;
      }
      case '+':
        return MaxExpand(s + 1, p, ep);
      case '*':
        return MaxExpand(s, p, ep);
      case '-':
        return MinExpand(s, p, ep);
      default:
        ++s;
        p = ep;
        continue;
    }
  }
}

// Greedy: the longest run first, then shorter ones until the rest matches.
const char* PatternMatcher::MaxExpand(const char* s, const char* p, const char* ep) {
  ptrdiff_t i = 0;
  while (SingleMatch(s + i, p, ep)) {
    ++i;
    I->Charge(L, 1);
  }
  for (; i >= 0; --i)
    if (const char* r = Match(s + i, ep + 1)) return r;
  return nullptr;
}

// Lazy: the shortest run first. Each try of the rest is charged in MatchHere.
const char* PatternMatcher::MinExpand(const char* s, const char* p, const char* ep) {
  while (true) {
    if (const char* r = Match(s, ep + 1)) return r;
    if (!SingleMatch(s, p, ep)) return nullptr;
    ++s;
  }
}

// %bxy. A step per character: an unbalanced subject is read to its end from
// every start position, quadratic in its length.
const char* PatternMatcher::MatchBalance(const char* s, const char* p) {
  if (p + 1 >= pat_end) luaL_error(L, "malformed pattern (missing arguments to '%%b')");
  if (s >= src_end || *s != *p) return nullptr;
  char open = p[0], close = p[1];
  int depth_count = 1;
  while (++s < src_end) {
    I->Charge(L, 1);
    if (*s == close) {
      if (--depth_count == 0) return s + 1;
    } else if (*s == open) {
      ++depth_count;
    }
  }
  return nullptr;
}

// A capture is undone when the rest of the pattern fails, so backtracking
// finds the captures as they were.
const char* PatternMatcher::StartCapture(const char* s, const char* p, ptrdiff_t what) {
  if (level >= kMaxCaptures) luaL_error(L, "too many captures");
  cap[level].init = s;
  cap[level].len = what;
  ++level;
  const char* r = Match(s, p);
  if (!r) --level;
  return r;
}

const char* PatternMatcher::EndCapture(const char* s, const char* p) {
  int l = -1;
  for (int k = level - 1; k >= 0; --k)
    if (cap[k].len == kUnfinished) {
      l = k;
      break;
    }
  if (l < 0) luaL_error(L, "invalid pattern capture");
  cap[l].len = s - cap[l].init;
  const char* r = Match(s, p);
  if (!r) cap[l].len = kUnfinished;
  return r;
}

// %1..%9. memcmp is fast, but a long capture compared at every position is
// still quadratic: it costs a step per 16 bytes.
const char* PatternMatcher::MatchBackReference(const char* s, int digit) {
  int l = digit - '1';
  if (l < 0 || l >= level || cap[l].len == kUnfinished) luaL_error(L, "invalid capture index %%%d", l + 1);
  ptrdiff_t len = cap[l].len;
  if (len >= 0 && src_end - s >= len && std::memcmp(cap[l].init, s, static_cast<size_t>(len)) == 0) {
    I->Charge(L, len / 16);
    return s + len;
  }
  return nullptr;
}

void PatternMatcher::PushCapture(int i, const char* s, const char* e) {
  if (i >= level) {
    if (i != 0) luaL_error(L, "invalid capture index %%%d", i + 1);
    lua_pushlstring(L, s, static_cast<size_t>(e - s));
    return;
  }
  ptrdiff_t l = cap[i].len;
  if (l == kUnfinished) luaL_error(L, "unfinished capture");
  if (l == kPosition)
    lua_pushinteger(L, static_cast<lua_Integer>(cap[i].init - src_init) + 1);
  else
    lua_pushlstring(L, cap[i].init, static_cast<size_t>(l));
}

int PatternMatcher::PushCaptures(const char* s, const char* e) {
  int n = (level == 0 && s) ? 1 : level;
  luaL_checkstack(L, n, "too many captures");
  for (int i = 0; i < n; ++i) PushCapture(i, s, e);
  return n;
}

}  // namespace ww
