"""Glossaries: entries, file formats, matching, target-side fixing, lint and mining."""
