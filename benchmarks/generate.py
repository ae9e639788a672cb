"""Generate large, realistic journeys for the benchmarks: stages, branches with shares, loops, several channels."""

from __future__ import annotations

import random

CHANNELS = ["web", "app", "email", "chat", "phone", "letter", "store"]
KINDS = ["step", "step", "step", "contact", "payment"]


def journey_text(touchpoints: int, *, loops: bool = True, seed: int = 1) -> str:
    """YAML of a journey with `touchpoints` touchpoints in 10-touchpoint stages; every third one branches."""
    rng = random.Random(seed)
    stages = max(1, touchpoints // 10)
    lines = [
        "journeymap: 1",
        f"id: generated-{touchpoints}",
        f"title: Generated journey of {touchpoints} touchpoints",
        "goals: [Measure journeymap]",
        "stages:",
    ]
    for stage in range(stages):
        phase = "post-purchase" if stage == stages - 1 else "purchase"
        lines += [f"  - id: stage-{stage}", f"    title: Stage {stage}", f"    phase: {phase}"]
    lines.append("touchpoints:")
    for i in range(touchpoints):
        lines += [
            f"  - id: t{i}",
            f"    title: Touchpoint number {i} where the customer does something",
            f"    stage: stage-{min(i // 10, stages - 1)}",
            f"    channel: {rng.choice(CHANNELS)}",
            f"    kind: {'invoice' if i == touchpoints - 2 else rng.choice(KINDS)}",
            "    owner: Customer service",
            f"    effort: {rng.randint(1, 7)}",
            f"    emotion: {rng.randint(-2, 2)}",
            "    duration: 10m",
            "    pain_points: [Waiting, Unclear wording]",
        ]
        if i == touchpoints - 1:
            continue
        targets = [f"t{i + 1}"]
        if i + 2 < touchpoints and i % 3 == 0:
            targets.append(f"t{i + 2}")
        if loops and i % 7 == 6 and i > 3:
            targets.append(f"t{i - rng.randint(1, 3)}")
        lines.append("    next:")
        lines.append(f"      - to: {targets[0]}")
        for target in targets[1:]:
            lines += [f"      - to: {target}", "        share: 0.1"]
    return "\n".join(lines) + "\n"
