"""The bundle's windowed executable `parley-app` (no console on Windows or macOS)."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # see entry_parley.py
    from app.cli import window_main

    sys.exit(window_main())
