// The git commit of the checked-out tree, read from the .git folder itself
// (no git binary needed, nothing run): HEAD, then the branch it names in
// the refs folder or packed-refs, in plain checkouts and in worktrees.
#ifndef SERVEBENCH_BENCH_HISTORY_GIT_COMMIT_H_
#define SERVEBENCH_BENCH_HISTORY_GIT_COMMIT_H_

#include <optional>
#include <string>
#include <string_view>

namespace servebench::history {

// A HEAD file: a commit id (detached) or "ref: refs/heads/NAME".
struct GitHead {
  std::string commit;  // set when detached
  std::string ref;     // "refs/heads/main" otherwise
};
std::optional<GitHead> ParseGitHead(std::string_view text);

// A ".git" file of a worktree or submodule: "gitdir: PATH".
std::optional<std::string> ParseGitDirFile(std::string_view text);

// The commit `ref` points at in a packed-refs file.
std::optional<std::string> FindPackedRef(std::string_view packed_refs,
                                         const std::string& ref);

// 40 (SHA-1) or 64 (SHA-256) lowercase hexadecimal digits.
bool IsCommitId(std::string_view text);

// The commit checked out in the repository containing `start` (a file or a
// folder; symbolic links are followed first, so a Bazel runfile leads to the
// source tree). Looks at most 64 folders up. Empty outside a checkout, and
// on an unborn branch or unreadable files: a run without a commit is still a
// run.
std::optional<std::string> CheckoutCommit(const std::string& start);

}  // namespace servebench::history

#endif  // SERVEBENCH_BENCH_HISTORY_GIT_COMMIT_H_
