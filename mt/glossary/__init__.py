"""Glossaries: entries, file formats, matching, target-side fixing, lint, editing and mining.

Importing the package loads :mod:`mt.glossary.matcher`, which gives every
:class:`~mt.glossary.entry.Glossary` its ``matcher()`` (the entry module never imports it).
"""

from mt.glossary import matcher as _matcher  # noqa: F401  (registers Glossary.matcher)
