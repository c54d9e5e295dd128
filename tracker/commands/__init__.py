"""One module per command of `python -m tracker`, each with `run(args) -> exit code`.

Every command ends the same way:

    0  done
    1  refused or failed: the store said no (unknown id or user, a role that may not), a file
       could not be read or written, nothing matched
    2  the command line itself is wrong: an unknown option, a malformed date, number or format,
       a date in the future; found before anything is opened or written

Messages for people go to standard error and start in Chinese: `错误: 日期不是有效日期 ...`.
"""

from __future__ import annotations

import sys

OK, FAILED, BAD_ARGUMENTS = 0, 1, 2


def error(message: object, code: int = FAILED) -> int:
    """Print `错误: message` on standard error and return `code`, for `return error(...)`."""
    print(f"错误: {message}", file=sys.stderr)
    return code
