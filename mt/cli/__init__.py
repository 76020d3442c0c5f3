"""The `mt` command line (typer + rich): the only part of mt that prints or exits."""
