#!/usr/bin/env python
"""Django's command-line utility; the same as the `haven` command."""

from haven.cli import main

if __name__ == "__main__":
    main()
