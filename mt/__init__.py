"""mt: machine-translation post-editing and quality review for news.

The core (document model, formats, glossary, engines, scoring, pipeline) is importable without
torch, transformers or any UI library; heavy modules load lazily where they are used.
"""

from mt.document import Document, Edit, EditStatus, Issue, Origin, Segment, Severity
from mt.errors import MTError

__version__ = "0.1.0"

__all__ = [
    "Document",
    "Edit",
    "EditStatus",
    "Issue",
    "MTError",
    "Origin",
    "Segment",
    "Severity",
    "__version__",
]
