"""`python -m trialfinder` runs the operator's CLI."""

from trialfinder.cli import main

main()
