"""File formats: one handler class per format, chosen by extension or by name.

>>> from mt.formats import read_document, write_document
>>> doc = read_document("news.mt.en", source="news.ar")  # doctest: +SKIP
"""

from mt.formats.base import FormatHandler
from mt.formats.registry import (
    candidate_formats,
    format_names,
    guess_format,
    handler_class,
    make_handler,
    output_format,
    read_document,
    write_document,
)

__all__ = [
    "FormatHandler",
    "candidate_formats",
    "format_names",
    "guess_format",
    "handler_class",
    "make_handler",
    "output_format",
    "read_document",
    "write_document",
]
