"""The operations the CLI and the TUI call: post-edit, translate, score, review sessions."""
