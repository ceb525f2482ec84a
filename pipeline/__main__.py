"""``python -m pipeline`` runs the ``almanac`` command line."""

from pipeline.cli import main

main()
