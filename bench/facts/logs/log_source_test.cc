// Log sources against real programs: fake docker/sudo/podman scripts on a
// private PATH, /bin/echo, /bin/sh and /bin/sleep.
#include "bench/facts/logs/log_source.h"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "bench/base/map_env.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using Kind = LogSourceSettings::Kind;

// A fresh directory under the test's temp dir.
std::string MakeTempDir() {
  const char* base = std::getenv("TEST_TMPDIR");
  std::string pattern =
      std::string(base ? base : "/tmp") + "/log_source_XXXXXX";
  char* dir = mkdtemp(pattern.data());
  EXPECT_NE(dir, nullptr);
  return pattern;
}

void WriteFile(const std::string& path, const std::string& text,
               mode_t mode = 0644) {
  std::ofstream(path) << text;
  chmod(path.c_str(), mode);
}

// A fresh directory holding `scripts` as executables, by program name: the
// PATH of a fake container runtime.
std::string ProgramsDir(const std::map<std::string, std::string>& scripts) {
  const std::string dir = MakeTempDir();
  for (const auto& [program, script] : scripts) {
    WriteFile(dir + "/" + program, script, 0755);
  }
  return dir;
}

// Settings for a fake container runtime: scripts in `dir`, nothing else on
// PATH but /bin (for the scripts' own sh).
LogSourceSettings ContainerSettings(const std::string& dir,
                                    const std::string& name) {
  LogSourceSettings settings;
  settings.kind = Kind::kContainer;
  settings.container = name;
  settings.timeout_s = 10;
  settings.command_env["PATH"] = dir;
  return settings;
}

TEST(SplitCommandLineTest, SplitsOnBlanks) {
  auto words = SplitCommandLine("  kubectl\tlogs   deploy/vllm  ");
  ASSERT_TRUE(words.ok()) << words.error();
  EXPECT_THAT(*words, ElementsAre("kubectl", "logs", "deploy/vllm"));
}

TEST(SplitCommandLineTest, KeepsQuotedBlanksAndEscapes) {
  auto words = SplitCommandLine(
      R"(ssh 'gpu host' "tail -n 100 \"a b\".log" a\ b 'it'\''s' x"y"z)");
  ASSERT_TRUE(words.ok()) << words.error();
  EXPECT_THAT(*words, ElementsAre("ssh", "gpu host", "tail -n 100 \"a b\".log",
                                  "a b", "it's", "xyz"));
}

TEST(SplitCommandLineTest, DoubleQuotesKeepOtherBackslashes) {
  auto words = SplitCommandLine(R"("a\nb" "c\\d" "e\$f" '' "")");
  ASSERT_TRUE(words.ok()) << words.error();
  EXPECT_THAT(*words, ElementsAre("a\\nb", "c\\d", "e$f", "", ""));
}

TEST(SplitCommandLineTest, ExpandsNothing) {
  auto words = SplitCommandLine("echo $HOME ~ *.log ; rm -rf x | cat");
  ASSERT_TRUE(words.ok()) << words.error();
  EXPECT_THAT(*words, ElementsAre("echo", "$HOME", "~", "*.log", ";", "rm",
                                  "-rf", "x", "|", "cat"));
}

TEST(SplitCommandLineTest, RejectsUnterminatedQuotes) {
  auto single = SplitCommandLine("echo 'abc");
  ASSERT_FALSE(single.ok());
  EXPECT_THAT(single.error(), HasSubstr("single quote at character 6"));
  auto dbl = SplitCommandLine("echo \"abc");
  ASSERT_FALSE(dbl.ok());
  EXPECT_THAT(dbl.error(), HasSubstr("double quote"));
  EXPECT_FALSE(SplitCommandLine("echo abc\\").ok());
}

TEST(LogSourceFromEnvTest, NothingSetMeansNoLog) {
  LogSourceSettings settings = LogSourceFromEnv(MapEnv({}));
  EXPECT_EQ(settings.kind, Kind::kNone);
  auto log = ReadServerLog(settings);
  ASSERT_TRUE(log.ok()) << log.error();
  EXPECT_FALSE(log->has_value());
}

TEST(LogSourceFromEnvTest, ContainerWinsOverCommandAndFile) {
  LogSourceSettings settings =
      LogSourceFromEnv(MapEnv({{"BENCH_CONTAINER", "vllm"},
                               {"BENCH_LOG_CMD", "cat x"},
                               {"BENCH_LOG_FILE", "/x.log"},
                               {"BENCH_CONTAINER_RUNTIME", "podman"},
                               {"BENCH_LOG_CMD_TIMEOUT", "2.5"}}));
  EXPECT_EQ(settings.kind, Kind::kContainer);
  EXPECT_EQ(settings.container, "vllm");
  EXPECT_EQ(settings.container_runtime, "podman");
  EXPECT_DOUBLE_EQ(settings.timeout_s, 2.5);
  EXPECT_FALSE(settings.error);
  EXPECT_THAT(settings.warnings,
              ElementsAre(HasSubstr("BENCH_LOG_CMD is ignored"),
                          HasSubstr("BENCH_LOG_FILE is ignored")));
}

TEST(LogSourceFromEnvTest, CommandIsSplitAndWinsOverFile) {
  LogSourceSettings settings =
      LogSourceFromEnv(MapEnv({{"BENCH_LOG_CMD", "kubectl logs 'deploy/vllm'"},
                               {"BENCH_LOG_FILE", "/x.log"}}));
  EXPECT_EQ(settings.kind, Kind::kCommand);
  EXPECT_THAT(settings.command, ElementsAre("kubectl", "logs", "deploy/vllm"));
  EXPECT_DOUBLE_EQ(settings.timeout_s, 30);
}

TEST(LogSourceFromEnvTest, EmptyVariablesCountAsUnset) {
  LogSourceSettings settings = LogSourceFromEnv(
      MapEnv({{"BENCH_CONTAINER", ""}, {"BENCH_LOG_FILE", "/x.log"}}));
  EXPECT_EQ(settings.kind, Kind::kFile);
  EXPECT_EQ(settings.file, "/x.log");
  EXPECT_THAT(settings.warnings, IsEmpty());
}

TEST(LogSourceFromEnvTest, BadValuesBecomeErrors) {
  for (const char* timeout : {"abc", "0", "-3", "10s"}) {
    LogSourceSettings settings = LogSourceFromEnv(
        MapEnv({{"BENCH_LOG_FILE", "/x"}, {"BENCH_LOG_CMD_TIMEOUT", timeout}}));
    ASSERT_TRUE(settings.error) << timeout;
    EXPECT_THAT(*settings.error, HasSubstr("BENCH_LOG_CMD_TIMEOUT"));
    EXPECT_FALSE(ReadServerLog(settings).ok());
  }
  LogSourceSettings quote =
      LogSourceFromEnv(MapEnv({{"BENCH_LOG_CMD", "echo 'x"}}));
  ASSERT_TRUE(quote.error);
  EXPECT_THAT(*quote.error, HasSubstr("BENCH_LOG_CMD=echo 'x cannot be split"));
  LogSourceSettings runtime = LogSourceFromEnv(
      MapEnv({{"BENCH_CONTAINER", "v"}, {"BENCH_CONTAINER_RUNTIME", "lxc"}}));
  ASSERT_TRUE(runtime.error);
  EXPECT_THAT(*runtime.error, HasSubstr("neither docker nor podman"));
  LogSourceSettings blank =
      LogSourceFromEnv(MapEnv({{"BENCH_LOG_CMD", "   "}}));
  ASSERT_TRUE(blank.error);
}

TEST(FileSourceTest, ReadsTheFile) {
  const std::string path = MakeTempDir() + "/server.log";
  WriteFile(path, "INFO start\nINFO ready\n");
  auto log =
      ReadServerLog(LogSourceFromEnv(MapEnv({{"BENCH_LOG_FILE", path}})));
  ASSERT_TRUE(log.ok()) << log.error();
  ASSERT_TRUE(log->has_value());
  EXPECT_EQ((*log)->text, "INFO start\nINFO ready\n");
  EXPECT_EQ((*log)->source, "file " + path);
  EXPECT_THAT((*log)->warnings, IsEmpty());
}

TEST(FileSourceTest, KeepsTheTailOfALongFile) {
  const std::string path = MakeTempDir() + "/server.log";
  WriteFile(path, "old start\nnew start\n");
  LogSourceSettings settings;
  settings.kind = Kind::kFile;
  settings.file = path;
  settings.max_bytes = 10;
  auto log = ReadServerLog(settings);
  ASSERT_TRUE(log.ok()) << log.error();
  EXPECT_EQ((*log)->text, "new start\n");
  EXPECT_THAT((*log)->warnings, ElementsAre(HasSubstr("kept its last")));
}

TEST(FileSourceTest, MissingFileIsAnError) {
  const std::string path = MakeTempDir() + "/absent.log";
  auto log =
      ReadServerLog(LogSourceFromEnv(MapEnv({{"BENCH_LOG_FILE", path}})));
  ASSERT_FALSE(log.ok());
  EXPECT_THAT(log.error(), HasSubstr("cannot read BENCH_LOG_FILE=" + path +
                                     ": No such file or directory"));
}

TEST(FileSourceTest, UnreadableFileIsAnError) {
  if (geteuid() == 0) GTEST_SKIP() << "root reads files whatever their mode";
  const std::string path = MakeTempDir() + "/secret.log";
  WriteFile(path, "x\n", 0000);
  auto log =
      ReadServerLog(LogSourceFromEnv(MapEnv({{"BENCH_LOG_FILE", path}})));
  ASSERT_FALSE(log.ok());
  EXPECT_THAT(log.error(), HasSubstr("Permission denied"));
}

TEST(FileSourceTest, DirectoryIsAnError) {
  const std::string dir = MakeTempDir();
  auto log = ReadServerLog(LogSourceFromEnv(MapEnv({{"BENCH_LOG_FILE", dir}})));
  ASSERT_FALSE(log.ok());
  EXPECT_THAT(log.error(), HasSubstr("is a directory"));
}

TEST(CommandSourceTest, CapturesStdoutAndStderrInOrder) {
  auto log = ReadServerLog(LogSourceFromEnv(
      MapEnv({{"BENCH_LOG_CMD",
               "/bin/sh -c 'echo out1; echo err1 >&2; echo out2'"}})));
  ASSERT_TRUE(log.ok()) << log.error();
  EXPECT_EQ((*log)->text, "out1\nerr1\nout2\n");
  EXPECT_EQ((*log)->source,
            "command /bin/sh -c 'echo out1; echo err1 >&2; echo out2'");
}

TEST(CommandSourceTest, RunsNoShell) {
  auto log = ReadServerLog(LogSourceFromEnv(
      MapEnv({{"BENCH_LOG_CMD", "echo $HOME ; echo `id` > x"}})));
  ASSERT_TRUE(log.ok()) << log.error();
  EXPECT_EQ((*log)->text, "$HOME ; echo `id` > x\n");
}

TEST(CommandSourceTest, NonZeroExitIsAnErrorWithTheOutput) {
  auto log = ReadServerLog(LogSourceFromEnv(MapEnv(
      {{"BENCH_LOG_CMD",
        "/bin/sh -c 'echo \"error: deployments \\\"vllm\\\" not found\"; "
        "exit 3'"}})));
  ASSERT_FALSE(log.ok());
  EXPECT_THAT(log.error(), HasSubstr("(BENCH_LOG_CMD) exited with code 3: "
                                     "\"error: deployments \\\"vllm\\\" not "
                                     "found\\n\"; run it by hand"));
}

TEST(CommandSourceTest, MissingProgramIsAnError) {
  auto log = ReadServerLog(
      LogSourceFromEnv(MapEnv({{"BENCH_LOG_CMD", "no-such-log-tool --all"}})));
  ASSERT_FALSE(log.ok());
  EXPECT_THAT(log.error(),
              HasSubstr("cannot run no-such-log-tool --all: no-such-log-tool "
                        "is not on PATH"));
}

TEST(CommandSourceTest, TimeoutKillsTheCommandAndItsChildren) {
  const auto start = std::chrono::steady_clock::now();
  auto log = ReadServerLog(LogSourceFromEnv(
      MapEnv({{"BENCH_LOG_CMD", "/bin/sh -c '/bin/sleep 20; echo late'"},
              {"BENCH_LOG_CMD_TIMEOUT", "0.3"}})));
  const double elapsed_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  ASSERT_FALSE(log.ok());
  EXPECT_THAT(log.error(), HasSubstr("timed out after 0.3 s and was killed"));
  EXPECT_LT(elapsed_s, 5);
}

TEST(CommandSourceTest, KeepsTheTailOfALongOutput) {
  LogSourceSettings settings;
  settings.kind = Kind::kCommand;
  settings.command = {"/bin/sh", "-c",
                      "i=0; while [ $i -lt 20000 ]; do echo line$i; "
                      "i=$((i+1)); done"};
  settings.max_bytes = 10;
  auto log = ReadServerLog(settings);
  ASSERT_TRUE(log.ok()) << log.error();
  EXPECT_EQ((*log)->text, "line19999\n");
  EXPECT_THAT((*log)->warnings, ElementsAre(HasSubstr("kept its last")));
}

constexpr char kDeniedDocker[] =
    "#!/bin/sh\n"
    "if [ \"$FAKE_SUDO\" != 1 ]; then\n"
    "  echo 'permission denied while trying to connect to the Docker daemon "
    "socket at unix:///var/run/docker.sock: Get "
    "\"http://%2Fvar%2Frun%2Fdocker.sock/v1.24/containers/vllm/json\": dial "
    "unix /var/run/docker.sock: connect: permission denied' >&2\n"
    "  exit 1\n"
    "fi\n"
    "echo \"INFO logs of $2 ($0 $1)\"\n"
    "echo 'WARNING on stderr' >&2\n";

constexpr char kSudo[] =
    "#!/bin/sh\n"
    "[ \"$1\" = -n ] || { echo 'sudo: a password is required' >&2; exit 1; }\n"
    "shift\n"
    "FAKE_SUDO=1 exec \"$@\"\n";

TEST(ContainerSourceTest, ReadsDockerLogs) {
  const std::string dir = ProgramsDir(
      {{"docker", "#!/bin/sh\necho \"INFO $1 $2\"\necho 'ERROR x' >&2\n"}});
  auto log = ReadServerLog(ContainerSettings(dir, "vllm"));
  ASSERT_TRUE(log.ok()) << log.error();
  EXPECT_EQ((*log)->text, "INFO logs vllm\nERROR x\n");
  EXPECT_EQ((*log)->source, "docker logs vllm");
  EXPECT_THAT((*log)->warnings, IsEmpty());
}

TEST(ContainerSourceTest, RetriesWithSudoOnPermissionDenied) {
  const std::string dir =
      ProgramsDir({{"docker", kDeniedDocker}, {"sudo", kSudo}});
  auto log = ReadServerLog(ContainerSettings(dir, "vllm"));
  ASSERT_TRUE(log.ok()) << log.error();
  EXPECT_EQ((*log)->text,
            "INFO logs of vllm (" + dir + "/docker logs)\nWARNING on stderr\n");
  EXPECT_EQ((*log)->source, "sudo -n docker logs vllm");
  EXPECT_THAT((*log)->warnings,
              ElementsAre(AllOf(HasSubstr("denied permission"),
                                HasSubstr("sudo -n docker logs vllm"))));
}

TEST(ContainerSourceTest, PermissionDeniedWithoutSudoIsAnError) {
  const std::string dir = ProgramsDir(
      {{"docker", kDeniedDocker},
       {"sudo",
        "#!/bin/sh\necho 'sudo: a password is required' >&2\nexit 1\n"}});
  auto log = ReadServerLog(ContainerSettings(dir, "vllm"));
  ASSERT_FALSE(log.ok());
  EXPECT_THAT(log.error(),
              AllOf(HasSubstr("`docker logs vllm` (BENCH_CONTAINER) was denied "
                              "permission"),
                    HasSubstr("`sudo -n docker logs vllm` exited with code 1: "
                              "\"sudo: a password is required\\n\""),
                    HasSubstr("add the user to the docker group")));
}

TEST(ContainerSourceTest, UnknownContainerIsAnError) {
  const std::string dir =
      ProgramsDir({{"docker",
                    "#!/bin/sh\necho \"Error response from daemon: No such "
                    "container: $2\" >&2\nexit 1\n"}});
  auto log = ReadServerLog(ContainerSettings(dir, "vlm"));
  ASSERT_FALSE(log.ok());
  EXPECT_THAT(log.error(),
              AllOf(HasSubstr("`docker logs vlm` (BENCH_CONTAINER) exited with "
                              "code 1: \"Error response from daemon: No such "
                              "container: vlm\\n\""),
                    HasSubstr("docker ps -a")));
}

TEST(ContainerSourceTest, UsesPodmanWhenDockerIsMissing) {
  const std::string dir =
      ProgramsDir({{"podman", "#!/bin/sh\necho \"podman $1 $2\"\n"}});
  auto log = ReadServerLog(ContainerSettings(dir, "vllm"));
  ASSERT_TRUE(log.ok()) << log.error();
  EXPECT_EQ((*log)->text, "podman logs vllm\n");
  EXPECT_EQ((*log)->source, "podman logs vllm");
}

TEST(ContainerSourceTest, RuntimeVariablePicksPodman) {
  const std::string dir = ProgramsDir({{"docker", "#!/bin/sh\necho docker\n"},
                                       {"podman", "#!/bin/sh\necho podman\n"}});
  LogSourceSettings settings = ContainerSettings(dir, "vllm");
  settings.container_runtime = "podman";
  auto log = ReadServerLog(settings);
  ASSERT_TRUE(log.ok()) << log.error();
  EXPECT_EQ((*log)->text, "podman\n");
}

TEST(ContainerSourceTest, NoRuntimeInstalledIsAnError) {
  auto log = ReadServerLog(ContainerSettings(ProgramsDir({}), "vllm"));
  ASSERT_FALSE(log.ok());
  EXPECT_THAT(log.error(), AllOf(HasSubstr("docker is not on PATH"),
                                 HasSubstr("install docker or podman")));
}

}  // namespace
}  // namespace servebench
