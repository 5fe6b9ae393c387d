// Reading HEAD and refs from a .git folder.
#include "bench/history/git_commit.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace servebench::history {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxSmallFile = 4096;               // HEAD, .git, commondir
constexpr size_t kMaxPackedRefs = 64 * 1024 * 1024;  // large monorepos
constexpr int kMaxDepth = 64;

std::string_view TrimLine(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  while (!text.empty() &&
         std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  return text;
}

std::optional<std::string> ReadBounded(const fs::path& path, size_t max) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  const auto size = fs::file_size(path, ec);
  if (ec || size > max) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  std::string text(static_cast<size_t>(size), '\0');
  if (!in.read(text.data(), static_cast<std::streamsize>(size))) {
    return std::nullopt;
  }
  return text;
}

// A ref name as git writes it: no "..", no leading '/', printable.
bool SafeRef(const std::string& ref) {
  if (ref.rfind("refs/", 0) != 0 || ref.size() > 1024 ||
      ref.find("..") != std::string::npos) {
    return false;
  }
  for (char c : ref) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F || c == '\\') {
      return false;
    }
  }
  return true;
}

std::optional<std::string> ResolveRef(const fs::path& git_dir,
                                      const fs::path& common_dir,
                                      const std::string& ref) {
  if (!SafeRef(ref)) return std::nullopt;
  for (const fs::path& dir : {git_dir, common_dir}) {
    if (auto text = ReadBounded(dir / ref, kMaxSmallFile)) {
      const std::string_view id = TrimLine(*text);
      if (IsCommitId(id)) return std::string(id);
    }
  }
  for (const fs::path& dir : {git_dir, common_dir}) {
    if (auto packed = ReadBounded(dir / "packed-refs", kMaxPackedRefs)) {
      if (auto id = FindPackedRef(*packed, ref)) return id;
    }
  }
  return std::nullopt;
}

std::optional<std::string> CommitOfGitDir(const fs::path& git_dir) {
  fs::path common_dir = git_dir;
  if (auto text = ReadBounded(git_dir / "commondir", kMaxSmallFile)) {
    const fs::path common(std::string(TrimLine(*text)));
    common_dir = common.is_absolute() ? common : git_dir / common;
  }
  const auto head_text = ReadBounded(git_dir / "HEAD", kMaxSmallFile);
  if (!head_text) return std::nullopt;
  const std::optional<GitHead> head = ParseGitHead(*head_text);
  if (!head) return std::nullopt;
  if (!head->commit.empty()) return head->commit;
  return ResolveRef(git_dir, common_dir, head->ref);
}

}  // namespace

bool IsCommitId(std::string_view text) {
  if (text.size() != 40 && text.size() != 64) return false;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c)) && (c < 'a' || c > 'f')) {
      return false;
    }
  }
  return true;
}

std::optional<GitHead> ParseGitHead(std::string_view text) {
  const std::string_view line = TrimLine(text.substr(0, text.find('\n')));
  if (IsCommitId(line)) return GitHead{std::string(line), ""};
  constexpr std::string_view kRef = "ref:";
  if (line.substr(0, kRef.size()) != kRef) return std::nullopt;
  const std::string ref(TrimLine(line.substr(kRef.size())));
  if (!SafeRef(ref)) return std::nullopt;
  return GitHead{"", ref};
}

std::optional<std::string> ParseGitDirFile(std::string_view text) {
  const std::string_view line = TrimLine(text.substr(0, text.find('\n')));
  constexpr std::string_view kGitDir = "gitdir:";
  if (line.substr(0, kGitDir.size()) != kGitDir) return std::nullopt;
  const std::string_view path = TrimLine(line.substr(kGitDir.size()));
  if (path.empty()) return std::nullopt;
  return std::string(path);
}

std::optional<std::string> FindPackedRef(std::string_view packed_refs,
                                         const std::string& ref) {
  // Lines are "<id> <ref>"; '#' starts the header, '^' a peeled tag.
  size_t start = 0;
  while (start < packed_refs.size()) {
    size_t end = packed_refs.find('\n', start);
    if (end == std::string_view::npos) end = packed_refs.size();
    const std::string_view line =
        TrimLine(packed_refs.substr(start, end - start));
    start = end + 1;
    if (line.empty() || line[0] == '#' || line[0] == '^') continue;
    const size_t space = line.find(' ');
    if (space == std::string_view::npos) continue;
    if (line.substr(space + 1) == ref && IsCommitId(line.substr(0, space))) {
      return std::string(line.substr(0, space));
    }
  }
  return std::nullopt;
}

std::optional<std::string> CheckoutCommit(const std::string& start) {
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(fs::path(start), ec);
  if (ec) return std::nullopt;
  if (!fs::is_directory(dir, ec)) dir = dir.parent_path();
  for (int depth = 0; depth < kMaxDepth && !dir.empty(); ++depth) {
    const fs::path dot_git = dir / ".git";
    if (fs::is_directory(dot_git, ec)) return CommitOfGitDir(dot_git);
    if (fs::is_regular_file(dot_git, ec)) {
      const auto text = ReadBounded(dot_git, kMaxSmallFile);
      if (!text) return std::nullopt;
      const auto target = ParseGitDirFile(*text);
      if (!target) return std::nullopt;
      const fs::path git_dir(*target);
      return CommitOfGitDir(git_dir.is_absolute() ? git_dir : dir / git_dir);
    }
    if (dir == dir.root_path()) break;
    dir = dir.parent_path();
  }
  return std::nullopt;
}

}  // namespace servebench::history
