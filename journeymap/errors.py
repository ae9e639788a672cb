"""Errors: the mistakes on the command line that end a run (exit code 2), apart from findings in files."""


class UsageError(Exception):
    """A mistake on the command line, e.g. a path that does not exist or an unknown option value."""
