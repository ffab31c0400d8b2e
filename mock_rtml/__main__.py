"""Command line: `python -m mock_rtml demo`, `python -m mock_rtml server [--help]`."""
from __future__ import annotations

import sys
from typing import List, Optional


def main(argv: Optional[List[str]] = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["server"]:
        from .server import main as serve

        return serve(args[1:])
    if args != ["demo"]:
        print("usage: python -m mock_rtml demo | server [--help]", file=sys.stderr)
        return 2
    from .demo import run

    run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
