// search_bench_driver: builds the search index files from a folder of generated
// Markdown (bench/gen_corpus.py) with the search index alone (core/search/,
// see bench/search_bench.js for the files), so the search bench measures the
// index without the rest of the engine.
// It splits pages at ATX headings and strips the Markdown that the generator
// writes (emphasis, code, links, tables, lists), roughly as the engine's
// plain-text extraction does.
//
// usage: search_bench_driver CONTENT_DIR OUT_DIR
// prints: pages sections text_bytes index_bytes seconds
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "search/search_index.h"

namespace fs = std::filesystem;

namespace {

std::string Plain(const std::string& line) {
  std::string out;
  size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '-' || line[i] == '|')) ++i;
  if (std::string_view rest = std::string_view(line).substr(i); rest.starts_with("[x] ") || rest.starts_with("[ ] "))
    i += 4;
  for (; i < line.size(); ++i) {
    char c = line[i];
    if (c == '*' || c == '`' || c == '|') continue;
    if (c == ']' && i + 1 < line.size() && line[i + 1] == '(') {
      i = line.find(')', i);
      if (i == std::string::npos) break;
      continue;
    }
    if (c == '[') continue;
    out.push_back(c);
  }
  return out;
}

std::string Slug(const std::string& heading) {
  std::string out;
  bool dash = false;
  for (char c : ww::FoldCase(heading)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (dash && !out.empty()) out.push_back('-');
      dash = false;
      out.push_back(c);
    } else {
      dash = true;
    }
  }
  return out;
}

ww::SearchDoc ReadPage(const fs::path& file, const fs::path& root) {
  std::ifstream in(file);
  ww::SearchDoc doc;
  fs::path rel = fs::relative(file, root);
  std::string name = rel.stem().string() == "_index" ? "index" : rel.stem().string();
  doc.url = (rel.parent_path() / (name + ".html")).generic_string();
  doc.sections.push_back({});
  std::string line;
  bool front = false, code = false;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (n == 1 && line == "---") {
      front = true;
      continue;
    }
    if (front) {
      if (line == "---")
        front = false;
      else if (line.starts_with("title: "))
        doc.title = line.substr(8, line.size() - 9);
      else if (line.starts_with("summary: "))
        doc.summary = line.substr(10, line.size() - 11);
      continue;
    }
    if (line.starts_with("```")) {
      code = !code;
      continue;
    }
    if (!code && line.starts_with("#")) {
      std::string heading = Plain(line.substr(line.find(' ') + 1));
      doc.sections.push_back({heading, Slug(heading), ""});
      continue;
    }
    if (line.find("|---") != std::string::npos) continue;
    std::string text = Plain(line);
    if (text.empty()) continue;
    std::string& body = doc.sections.back().text;
    if (!body.empty()) body.push_back(' ');
    body += text;
  }
  if (doc.sections.front().text.empty() && doc.sections.size() > 1) doc.sections.erase(doc.sections.begin());
  return doc;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s CONTENT_DIR OUT_DIR\n", argv[0]);
    return 2;
  }
  auto t0 = std::chrono::steady_clock::now();
  fs::path root = argv[1];
  ww::SearchIndex index;
  size_t pages = 0, sections = 0;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file() || e.path().extension() != ".md") continue;
    ww::SearchDoc doc = ReadPage(e.path(), root);
    ++pages;
    sections += doc.sections.size();
    index.Add(std::move(doc));
  }
  ww::SearchWriteOptions options;
  options.jobs = 2;
  size_t bytes = 0;
  fs::create_directories(argv[2]);
  for (const ww::SearchFile& f : index.ToFiles(options)) {
    std::ofstream(fs::path(argv[2]) / f.name, std::ios::binary) << f.text;
    bytes += f.text.size();
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%zu %zu %zu %zu %.2f\n", pages, sections, index.TextBytes(), bytes, secs);
  return 0;
}
