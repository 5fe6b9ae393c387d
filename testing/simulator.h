// The simulated server (//tools:sim_server) for tests: started on an
// ephemeral port with its log in the test's temporary folder.
//
//   class MyTest : public SimulatorTest<MyTest> { ... kFlags ... }
// or, for one server per test:
//   auto sim = test::StartSimulator("--tpot-ms 5", "my_test");
#ifndef SERVEBENCH_TESTING_SIMULATOR_H_
#define SERVEBENCH_TESTING_SIMULATOR_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "bench/base/result.h"
#include "tools/sim/launcher/simulated_server.h"

namespace servebench::test {

// Starts the simulator with `flags`; its log is $TEST_TMPDIR/<name>.log.
Result<SimulatedServer> StartSimulator(const std::string& flags,
                                       const std::string& name);

// A test fixture sharing one simulator across the tests of a suite (started
// in SetUpTestSuite, stopped in TearDownTestSuite). `Flags::kFlags` gives
// its command line, e.g.
//   struct MyFlags { static constexpr const char* kFlags = "--tpot-ms 5"; };
//   class MyTest : public test::SharedSimulator<MyFlags> {};
template <typename Flags>
class SharedSimulator : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto sim = StartSimulator(Flags::kFlags, "shared_sim");
    ASSERT_TRUE(sim.ok()) << sim.error();
    sim_ = std::make_unique<SimulatedServer>(std::move(*sim));
  }
  static void TearDownTestSuite() { sim_.reset(); }
  static const SimulatedServer& sim() { return *sim_; }

 private:
  static inline std::unique_ptr<SimulatedServer> sim_;
};

}  // namespace servebench::test

#endif  // SERVEBENCH_TESTING_SIMULATOR_H_
