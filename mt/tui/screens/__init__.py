"""Screens of the review UI: the review itself, help, dialogs and the glossary form."""
