"""`python -m tracker ...`: the command line of tracking.md."""

from tracker.cli import main

raise SystemExit(main())
