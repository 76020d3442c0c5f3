"""Widgets of the review UI; each posts messages up and takes what it shows as attributes."""
