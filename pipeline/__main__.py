"""``python -m pipeline`` runs the ``almanac`` command line."""

from pipeline.cli import main

# Guarded: a worker process started by spawn imports this module again, and must not run the CLI.
if __name__ == "__main__":
    main()
