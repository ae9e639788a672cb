"""Renderers: analysed journeys to text (terminal, JSON, DOT, HTML); none of them computes a score.

The choices a reader has, named once for the renderers and the command line. This module
imports nothing: every command loads it while its options are defined, `journeymap check` included.
"""

DIRECTIONS = ("LR", "TB")
"""Which way time runs in a diagram: left to right, or top to bottom."""
LANES = ("stage", "channel", "owner")
"""What a diagram's swimlanes group the touchpoints by."""
HIGHLIGHTS = ("main", "most-likely", "worst")
"""Which path a diagram draws bold: the most likely or the highest-effort one."""
ROW_CHOICES = ("channel", "owner")
"""What the rows of a report's journey-map grid group the touchpoints by."""
