"""servebench_fuzz_target: one fuzz target, two ways to run it.

servebench_fuzz_target(name = "sse_parser", deps = ["//bench:sse_parser"])
reads sse_parser_fuzz.cc (which defines LLVMFuzzerTestOneInput) and the seed
corpus: its own inputs in corpus/sse_parser/ plus `seeds`, filegroups of the
project's test data (real server output is kept once, in the test data of the
package that parses it, and referenced here), and declares:

  sse_parser_fuzzer      the fuzzer. Under --config=fuzz (clang-14) it links
                         libFuzzer; otherwise it links replay_main.cc and runs
                         the files or folders named on its command line once
                         (with GCC: to reproduce a crash file).
  sse_parser_corpus_test a cc_test replaying the seed corpus, so a plain
                         `bazel test //...` covers every target without clang.
"""

load("@rules_cc//cc:defs.bzl", "cc_binary", "cc_test")

def servebench_fuzz_target(name, deps, seeds = []):
    srcs = [name + "_fuzz.cc"]
    deps = deps + [":fuzz_check"]
    corpus = native.glob(["corpus/" + name + "/**"])
    cc_binary(
        name = name + "_fuzzer",
        srcs = srcs,
        linkopts = select({
            ":libfuzzer": ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
        deps = deps + select({
            ":libfuzzer": [],
            "//conditions:default": [":replay_main"],
        }),
    )
    cc_test(
        name = name + "_corpus_test",
        size = "small",
        srcs = srcs,
        args = ["fuzz/corpus/" + name] + ["$(rootpaths %s)" % s for s in seeds],
        data = corpus + seeds,
        deps = deps + [":replay_main"],
    )
