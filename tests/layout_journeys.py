"""Generated journeys for the layout tests: realistic titles, branches, loops and abandon exits, any size."""

from __future__ import annotations

import itertools
import random

CHANNELS = ["web", "app", "email", "chat", "phone", "letter", "store", "portal"]
TITLES = [
    "Compares the offers on the website",
    "Calls because the confirmation never arrived",
    "Fills in the form with income and debts",
    "Receives the letter with the decision",
    "Uploads the documents in the portal",
    "Chats with support about the delivery date",
    "Pays the first invoice",
    "Waits for the technician to come by",
]


def journey_text(touchpoints: int, *, seed: int = 7) -> str:
    """A journey of `touchpoints` touchpoints in about one stage per six, with detours and loops."""
    rng = random.Random(seed)
    stages = min(10, max(2, touchpoints // 6 + 1))
    lines = [
        f"title: Generated journey of {touchpoints} touchpoints",
        "goals: [Check the layout]",
        "channels:",
        "  - {id: portal, title: Customer portal, kind: digital}",
        "stages:",
    ]
    lines += [f"  - {{id: s{k}, title: Stage number {k}}}" for k in range(stages)]
    lines.append("touchpoints:")
    main = list(range(touchpoints))
    exits = set()
    if touchpoints >= 5:
        exits = set(range(3, touchpoints - 1, 7))  # an abandon exit every seventh touchpoint
    path = [i for i in main if i not in exits]
    following = dict(itertools.pairwise(path))
    for i in main:
        stage = min(stages - 1, i * stages // touchpoints)
        lines += [
            f"  - id: t{i}",
            f"    title: {rng.choice(TITLES)} ({i})",
            f"    stage: s{stage}",
            f"    channel: {rng.choice(CHANNELS)}",
            f"    effort: {rng.randint(1, 7)}",
            "    owner: Customer service",
        ]
        if i in exits:
            lines.append("    outcome: abandon")
            continue
        if i not in following:
            continue
        targets = [(f"t{following[i]}", None)]
        if i + 1 in exits:
            targets.append((f"t{i + 1}", 0.15))
        elif i % 9 == 8 and i > 2:
            targets.append((f"t{i - 2}", 0.2))  # a loop back, such as calling again
        lines.append("    next:")
        if len(targets) == 1:
            lines.append(f"      - {targets[0][0]}")
        else:
            lines.append(f"      - {{to: {targets[0][0]}, share: {1 - targets[1][1]:.2f}}}")
            lines.append(f"      - {{to: {targets[1][0]}, share: {targets[1][1]:.2f}}}")
    return "\n".join(lines) + "\n"
