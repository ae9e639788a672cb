"""Errors: the exceptions that end a run, apart from findings in files; `cli.py` alone maps them to exit codes.

The core (loading, validation, analysis, rendering) raises `JourneymapError` subclasses, never
the command line's `UsageError`, so it can run in memory without the CLI (a notebook, a server):
a caller catches `JourneymapError` and decides what to tell its user.
"""


class JourneymapError(Exception):
    """Something the tool was asked to do cannot be done; the message says what and how to fix it."""


class InputNotFoundError(JourneymapError):
    """A file or folder given to read does not exist."""


class NothingToReadError(JourneymapError):
    """The paths given hold no journey or walkthrough files."""


class DestinationError(JourneymapError):
    """An output destination that must not be written: e.g. a folder the report would replace that is not ours."""


class SettingError(JourneymapError):
    """A setting from the environment (e.g. JOURNEYMAP_DOT_TIMEOUT) has a value that cannot be used."""


class UsageError(JourneymapError):
    """A mistake on the command line, e.g. an unknown option value; raised by `cli.py` and `commands/` only."""
