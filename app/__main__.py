"""`python -m app` is the same as the `parley` command."""

from app.cli import main

raise SystemExit(main())
