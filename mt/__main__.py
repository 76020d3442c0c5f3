"""`python -m mt` runs the command line."""

from mt.cli.main import run

if __name__ == "__main__":
    run()
