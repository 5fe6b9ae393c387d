"""Declares a package's pieces and their tests by name, one line each.

A piece is <name>.h (and <name>.cc unless header-only) built as the
cc_library <name>; its test is <name>_test.cc, built with the piece and
GoogleMock's main. BUILD files list names and deps only, so the file layout
and the test main are decided here once.
"""

load("@rules_cc//cc:defs.bzl", "cc_library", "cc_test")

def cc_pieces(pieces, visibility = ["//visibility:public"], header_only = False):
    """One cc_library per (name, deps) of `pieces`.

    Args:
      pieces: list of (name, deps) pairs.
      visibility: who may depend on every piece of this call.
      header_only: the pieces have no .cc file.
    """
    for name, deps in pieces:
        cc_library(
            name = name,
            visibility = visibility,
            srcs = [] if header_only else [name + ".cc"],
            hdrs = [name + ".h"],
            deps = deps,
        )

def cc_piece_tests(names, deps = [], data = [], size = "medium"):
    """One cc_test <name>_test per name in `names`.

    Args:
      names: the pieces tested, each by <name>_test.cc.
      deps: what every one of these tests needs besides its piece.
      data: the files every one of these tests reads.
      size: the tests' Bazel size.
    """
    for name in names:
        cc_test(
            name = name + "_test",
            size = size,
            srcs = [name + "_test.cc"],
            data = data,
            deps = [":" + name, "@system//:gmock_main"] + deps,
        )
