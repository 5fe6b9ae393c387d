"""What the facts packages declare beyond bench/base/cc_pieces.bzl.

A facts package keeps its checked-in fixtures in testdata/; its tests read
them, and the fuzz targets replay them as corpora.
"""

def fixture_files(name):
    """testdata/ as a filegroup, for the fuzz targets' corpora."""
    native.filegroup(
        name = name,
        srcs = native.glob(["testdata/**"]),
        visibility = ["//fuzz:__pkg__"],
    )
