"""The bundle's console executable `parley`: the same command as a pip install's."""

import multiprocessing
import sys

if __name__ == "__main__":
    # Worker processes of `parley simulate` start the executable again (spawn, the
    # default on Windows and macOS): this hands them to multiprocessing.
    multiprocessing.freeze_support()
    from app.cli import main

    sys.exit(main())
