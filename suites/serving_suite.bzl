"""serving_suite(): one BUILD line per benchmark suite."""

load("@rules_cc//cc:defs.bzl", "cc_test")

def serving_suite(name, cases, timeout = "eternal", **kwargs):
    """A value-parameterised GoogleTest that benchmarks a live server.

    Args:
      name: target name, e.g. "core".
      cases: the suite's TOML file in this package, e.g. "core.toml".
      timeout: Bazel test timeout; raise it with --test_timeout for long suites.
      **kwargs: passed to cc_test.

    Suites measure a live server, so they are tagged:
      manual    - `bazel test //...` does not run them;
      exclusive - nothing else runs beside them to disturb the figures;
      external  - results are never served from Bazel's cache.
    """
    cc_test(
        name = name,
        srcs = ["//suites:serving_suite.cc"],
        local_defines = ['SERVEBENCH_SUITE_FILE=\\"suites/%s\\"' % cases],
        data = [cases, "//baselines"],
        deps = [
            "//matchers:regression_matchers",
            "//suites:junit_properties",
            "//suites:suite_run",
            "//bench/base:interrupt",
            "@system//:gmock_main",
        ],
        # One binary, not a hundred shared libraries: dynamic symbol lookup
        # was a tenth of a suite run's CPU.
        linkstatic = True,
        tags = ["manual", "exclusive", "external"],
        size = "enormous",
        timeout = timeout,
        **kwargs
    )

def suite_run_test(name, deps = [], data = [], **kwargs):
    """An end-to-end test that runs //suites:core as a child process.

    Args:
      name: the test, e.g. "faults_sim_test" (sources: name + ".cc").
      deps: deps besides the suite-run helpers and GoogleMock's main.
      data: runfiles besides //suites:core.
      **kwargs: passed to cc_test.
    """
    cc_test(
        name = name,
        size = "medium",
        srcs = [name + ".cc"],
        data = data + ["//suites:core"],
        deps = deps + [
            "//suites:suite_run_test_util",
            "@system//:gmock_main",
        ],
        **kwargs
    )
