"""The target shapes the facts packages share, declared once.

A facts package keeps its checked-in fixtures in testdata/ (replayed by the
fuzz targets), builds each piece from <name>.cc behind <name>.h, and tests it
in <name>_test.cc beside it.
"""

load("@rules_cc//cc:defs.bzl", "cc_library", "cc_test")

def fixture_files(name):
    """testdata/ as a filegroup, for the fuzz targets' corpora."""
    native.filegroup(
        name = name,
        srcs = native.glob(["testdata/**"]),
        visibility = ["//fuzz:__pkg__"],
    )

def facts_libraries(libraries, visibility = ["//visibility:public"]):
    """One cc_library per (name, deps): <name>.cc behind <name>.h."""
    for name, deps in libraries:
        cc_library(
            name = name,
            srcs = [name + ".cc"],
            hdrs = [name + ".h"],
            visibility = visibility,
            deps = deps,
        )

def facts_tests(tests):
    """One small <name>_test per (name, deps): <name>_test.cc against the
    library <name>, with GoogleMock's main and the package's testdata/."""
    for name, deps in tests:
        cc_test(
            name = name + "_test",
            size = "small",
            srcs = [name + "_test.cc"],
            data = native.glob(["testdata/**"]),
            deps = [":" + name, "@system//:gmock_main"] + deps,
        )
