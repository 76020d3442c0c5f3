"""Exit statuses of `mt`, documented in `mt --help`; pipelines branch on them."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    QUALITY = 1  # QA errors or glossary lint errors remain
    INPUT = 2  # usage or input error: nothing was written
    INTERNAL = 4  # a bug in mt: please report it


EPILOG = (
    "Exit status: 0 success; 1 quality problems remain (QA or lint errors); "
    "2 usage or input error (nothing written); "
    "4 internal error (a bug: please report it, MT_DEBUG=1 shows the traceback)."
)
