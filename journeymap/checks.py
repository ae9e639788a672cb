"""Checks: the warnings, one function per code, each with the reason from customer-experience practice.

A check works on the analysed journey (its graph) and yields problems located by model path;
`journeymap.locate` gives them their place in the file. When a check fires is the code's
description in `journeymap.codes`; the check's docstring says why it matters. `CHECKS` is the
registry, in the order of `WarningCode`; docs/checks.md is generated from both and tested.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Set
from dataclasses import dataclass

from journeymap.codes import WarningCode
from journeymap.durations import format_duration
from journeymap.findings import Problem
from journeymap.graph import JourneyGraph, journey_order, reachable_from, strongly_connected_groups
from journeymap.model import Outcome, TouchpointKind
from journeymap.render.text import percent
from journeymap.scoring import response_gaps
from journeymap.validate.names import did_you_mean

HIGH_EFFORT = 6

CheckFunction = Callable[[JourneyGraph], Iterator[Problem]]
# A check across the files of one run: the journey and the ids of every journey given with it.
ProjectCheckFunction = Callable[[JourneyGraph, Collection[str]], Iterator[Problem]]


@dataclass(frozen=True)
class Check:
    code: WarningCode
    run: CheckFunction
    across_files: ProjectCheckFunction | None = None  # set for a check that needs the other journeys given

    @property
    def when(self) -> str:
        return self.code.description

    @property
    def why(self) -> str:
        documented = self.across_files or self.run
        return " ".join(line.strip() for line in (documented.__doc__ or "").strip().splitlines() if line.strip())


CHECKS: dict[WarningCode, Check] = {}


def check(code: WarningCode) -> Callable[[CheckFunction], CheckFunction]:
    def register(function: CheckFunction) -> CheckFunction:
        CHECKS[code] = Check(code, function)
        return function

    return register


@check(WarningCode.UNREACHABLE)
def unreachable(graph: JourneyGraph) -> Iterator[Problem]:
    """A step nobody reaches is either a forgotten link or a dead part of the map;
    both make the map lie about the journey. It is left out of all scores. One
    mistake is one finding: touchpoints that an early exit cuts off are named by
    that `early-exit` finding, and the rest once per group linked to each other.
    """
    entry = graph.touchpoints[graph.entry].id
    cut_off = set().union(*unreachable_after(graph).values())
    for group in _unlinked_groups(graph, cut_off):
        first = graph.touchpoints[group[0]].id
        if len(group) == 1:
            message = (
                f"no customer reaches {first!r} from the entry {entry!r}: no `next` of a touchpoint customers reach "
                "names it; link it from an earlier touchpoint or remove it; it is left out of the scores"
            )
        else:
            message = (
                f"no customer reaches these {len(group)} touchpoints from the entry {entry!r}: {_named(graph, group)}; "
                f"they lead to each other, but no `next` of a touchpoint customers reach names any of them; "
                f"link {first!r} from an earlier touchpoint or remove them; they are left out of the scores"
            )
        yield Problem(WarningCode.UNREACHABLE, ("touchpoints", group[0], "id"), message)


def _named(graph: JourneyGraph, indices: list[int], shown: int = 8) -> str:
    names = ", ".join(graph.touchpoints[i].id for i in indices[:shown])
    return names + (f" and {len(indices) - shown} more" if len(indices) > shown else "")


def _unlinked_groups(graph: JourneyGraph, cut_off: set[int]) -> list[list[int]]:
    """Unreachable touchpoints that no early exit explains, grouped by the links between them, in file order."""
    left = [i for i in range(len(graph.touchpoints)) if i not in graph.reachable and i not in cut_off]
    neighbours: dict[int, list[int]] = {i: [] for i in left}
    for i in left:
        for target in graph.successors[i]:
            if target in neighbours and target != i:
                neighbours[i].append(target)
                neighbours[target].append(i)
    groups: list[list[int]] = []
    seen: set[int] = set()
    for i in left:
        if i not in seen:
            group = reachable_from([i], [neighbours.get(j, []) for j in range(len(graph.touchpoints))])
            seen |= group
            groups.append(sorted(group))
    return groups


def unreachable_after(graph: JourneyGraph) -> dict[int, list[int]]:
    """Per early exit (that is not silenced in the file), the unreachable touchpoints it cuts off, in file order.

    A touchpoint is cut off by the last early exit before it in journey order: customers end there
    (it has no `next`) before they get to it.
    """
    order = journey_order(graph.journey)
    early = [i for i in early_exits(graph) if not _silenced(graph, i, WarningCode.EARLY_EXIT)]
    found: dict[int, list[int]] = {i: [] for i in early}
    for index in range(len(graph.touchpoints)):
        if index in graph.reachable:
            continue
        before = [exit for exit in early if order[exit] < order[index]]
        if before:
            found[max(before, key=order.__getitem__)].append(index)
    return found


def _silenced(graph: JourneyGraph, index: int, code: WarningCode) -> bool:
    return code in graph.journey.ignore or code in graph.touchpoints[index].ignore


@check(WarningCode.NO_INVOICE)
def no_invoice(graph: JourneyGraph) -> Iterator[Problem]:
    """Invoices reach the customer too: the bill finance sends is a touchpoint,
    and an unclear one is among the most common reasons customers call.
    """
    if not any(point.kind is TouchpointKind.INVOICE for point in graph.touchpoints):
        message = (
            "no touchpoint of kind `invoice`: the invoice finance sends reaches the customer too "
            "(and unclear bills drive calls); add it with `kind: invoice`"
        )
        yield Problem(WarningCode.NO_INVOICE, ("touchpoints",), message, key=True)


@check(WarningCode.NO_POST_PURCHASE)
def no_post_purchase(graph: JourneyGraph) -> Iterator[Problem]:
    """Setting the product up at home, questions and support decide whether
    customers stay; a map that ends at the checkout misses them.
    """
    last = graph.journey.phase_ids[-1]
    if not any(stage.phase == last for stage in graph.journey.stages):
        own = "" if graph.journey.phases is None else " (the last of `phases:`)"
        message = (
            f"no stage with `phase: {last}`{own}: what happens after the purchase or the service (setting up, "
            "questions, the invoice, support) decides whether customers stay; map it"
        )
        yield Problem(WarningCode.NO_POST_PURCHASE, ("stages",), message, key=True)


@check(WarningCode.FORCED_ANALOG)
def forced_analog(graph: JourneyGraph) -> Iterator[Problem]:
    """Customers who start digitally want to finish digitally; being pushed to
    the phone, a letter or a shop costs effort and trust (it weighs most in the
    switch score: 3 unless the journey's `scoring:` says otherwise).
    """
    for i, outgoing in enumerate(graph.links):
        for j, link in enumerate(outgoing):
            if link.digital_to_analog:
                source, target = graph.touchpoints[i], graph.touchpoints[link.target]
                message = (
                    f"{source.id!r} ({source.channel}) sends customers to {target.id!r} ({target.channel}): "
                    "customers who start digitally want to finish digitally; offer a digital way on"
                )
                yield Problem(WarningCode.FORCED_ANALOG, ("touchpoints", i, "next", j), message)


@check(WarningCode.SLOW_RESPONSE)
def slow_response(graph: JourneyGraph) -> Iterator[Problem]:
    """Expectations differ per channel: 44% of consumers expect an e-mail answer
    within four hours, 53% a social-media answer within an hour.
    """
    index = graph.index
    # The same gaps as the scores' table: reachable touchpoints only (an unreachable one is warned about already).
    for gap in response_gaps(graph, sorted(graph.reachable)):
        if gap.gap > 0:
            message = (
                f"{gap.touchpoint!r} answers in {format_duration(gap.response_time)}, but customers on "
                f"{gap.channel!r} expect an answer within {format_duration(gap.expected)}: "
                f"{format_duration(gap.gap)} too slow"
            )
            yield Problem(WarningCode.SLOW_RESPONSE, ("touchpoints", index[gap.touchpoint], "response_time"), message)


@check(WarningCode.SURVEY_FATIGUE)
def survey_fatigue(graph: JourneyGraph) -> Iterator[Problem]:
    """Survey fatigue is real: every extra questionnaire lowers response rates
    and annoys the customers you most want to hear from. Ask once, at the
    moment that matters.
    """
    surveys = [i for i, point in enumerate(graph.touchpoints) if point.kind is TouchpointKind.SURVEY]
    first = graph.touchpoints[surveys[0]].id if surveys else ""
    for number, i in enumerate(surveys[1:], start=2):
        message = (
            f"{graph.touchpoints[i].id!r} is survey number {number} (the first is {first!r}): "
            "every extra survey lowers response rates; ask once, where it matters"
        )
        yield Problem(WarningCode.SURVEY_FATIGUE, ("touchpoints", i, "kind"), message)


@check(WarningCode.MISSING_EFFORT)
def missing_effort(graph: JourneyGraph) -> Iterator[Problem]:
    """Effort predicts loyalty better than delight; a step without effort counts
    0 in every score, so the journey looks easier than it is.
    """
    for i in sorted(graph.reachable):
        point = graph.touchpoints[i]
        if point.effort is None:
            message = (
                f"{point.id!r} has no effort, so it counts 0 and the journey looks easier than it is; "
                "add `effort:` from 1 (effortless) to 7 (very hard)"
            )
            yield Problem(WarningCode.MISSING_EFFORT, ("touchpoints", i, "id"), message)


@check(WarningCode.NO_GOALS)
def no_goals(graph: JourneyGraph) -> Iterator[Problem]:
    """A map without business goals is decoration: goals say which problems on
    the map are worth fixing first.
    """
    if not graph.journey.goals:
        message = (
            "no business goals: a map without goals is decoration; add `goals:` "
            "with what this journey should achieve (e.g. 'Halve calls about delivery status')"
        )
        yield Problem(WarningCode.NO_GOALS, ("goals",), message, key=True, fallback=("title",))


@check(WarningCode.HIGH_EFFORT)
def high_effort(graph: JourneyGraph) -> Iterator[Problem]:
    """High-effort moments drive disloyalty far more than delight drives
    loyalty; these are the first steps to make easier.
    """
    for i, point in enumerate(graph.touchpoints):
        if point.outcome is Outcome.ABANDON:
            continue  # leaving is the symptom, not the step to make easier
        if point.effort is not None and point.effort >= HIGH_EFFORT:
            message = (
                f"{point.id!r} has effort {point.effort} of 7: high-effort steps drive customers away "
                "more than delight keeps them; make this step easier first"
            )
            yield Problem(WarningCode.HIGH_EFFORT, ("touchpoints", i, "effort"), message)


@check(WarningCode.REPEAT_CONTACT)
def repeat_contact(graph: JourneyGraph) -> Iterator[Problem]:
    """Every repeat contact is effort for the customer and cost for the company;
    first-contact resolution is what customers expect.
    """
    for i in sorted(graph.on_loop):
        point = graph.touchpoints[i]
        if point.kind is TouchpointKind.CONTACT:
            message = (
                f"contact {point.id!r} lies on a loop, so customers may have to contact you again; "
                "aim to resolve the question at the first contact"
            )
            yield Problem(WarningCode.REPEAT_CONTACT, ("touchpoints", i, "id"), message)


@check(WarningCode.EARLY_EXIT)
def early_exit(graph: JourneyGraph) -> Iterator[Problem]:
    """A journey that ends successfully in the middle usually lost a `next`: the
    stages after it silently drop out of every score. Where customers really do
    finish early, say so with `ignore: [early-exit]` on that touchpoint.
    """
    stages = {stage.id: position for position, stage in enumerate(graph.journey.stages)}
    held = {point.stage for point in graph.touchpoints}
    cut_off = unreachable_after(graph)
    for i in early_exits(graph):
        point = graph.touchpoints[i]
        skipped = [repr(stage.id) for stage in graph.journey.stages[stages[point.stage] + 1 :] if stage.id in held]
        shown = ", ".join(skipped[:4]) + (", ..." if len(skipped) > 4 else "")
        after = cut_off.get(i, [])
        lost = ""
        if after:
            them = "touchpoint after it cannot" if len(after) == 1 else f"{len(after)} touchpoints after it cannot"
            lost = f"; the {them} be reached, so the scores leave them out: {_named(graph, after)}"
        message = (
            f"{point.id!r} ends the journey successfully in stage {point.stage!r}, before {shown}: "
            f"customers who get here never reach the later stages{lost}; if a step is missing, add `next:` to "
            f"{point.id!r}; if customers really finish here, add `ignore: [early-exit]` to it"
        )
        yield Problem(WarningCode.EARLY_EXIT, ("touchpoints", i, "id"), message)


def early_exits(graph: JourneyGraph) -> list[int]:
    """Reachable successful exits whose stage comes before the last stage that holds any touchpoint."""
    stages = {stage.id: position for position, stage in enumerate(graph.journey.stages)}
    last = max(stages[point.stage] for point in graph.touchpoints)
    return [
        i
        for i, point in enumerate(graph.touchpoints)
        if point.is_exit
        and point.outcome is not Outcome.ABANDON
        and i in graph.reachable
        and stages[point.stage] < last
    ]


@check(WarningCode.STAGE_ORDER)
def stage_order(graph: JourneyGraph) -> Iterator[Problem]:
    """Stages are listed in the order customers live them. A flow that runs on into
    an earlier stage is not a loop (nobody comes round again), yet the diagram draws
    it as one, dashed, and the worst path leaves it out. Scores are unchanged: the
    file should say the order right.
    """
    group = {}
    for number, members in enumerate(strongly_connected_groups(graph.successors)):
        for member in members:
            group[member] = number
    stages = {stage.id: stage for stage in graph.journey.stages}
    for i, outgoing in enumerate(graph.links):
        for j, link in enumerate(outgoing):
            if link.forward or group[link.target] == group[i]:
                continue  # forward, or a true loop: customers can come round again
            source, target = graph.touchpoints[i], graph.touchpoints[link.target]
            share = f"{percent(link.probability)} of the customers at {source.id!r} ({source.title})"
            if source.stage == target.stage:
                where = f"listed before it in the same stage {stages[target.stage].display_title}"
                fix = f"list the touchpoints in the order customers meet them: move {target.id!r} after {source.id!r}"
            else:
                where = f"in the earlier stage {stages[target.stage].display_title}"
                fix = (
                    f"list the stages in the order customers live them, or move {target.id!r} to a later stage "
                    f"(it comes after {source.id!r} in {stages[source.stage].display_title})"
                )
            message = f"{share} go on to {target.id!r} {where}: {fix}"
            yield Problem(WarningCode.STAGE_ORDER, ("touchpoints", i, "next", j), message)


@check(WarningCode.INCONSISTENT_OWNER)
def inconsistent_owner(graph: JourneyGraph) -> Iterator[Problem]:
    """One team written two ways becomes two lanes and two rows: the map then
    splits what one owner is responsible for, and nobody sees all of it.
    """
    first: dict[str, tuple[str, str]] = {}  # normalised name -> (name as first written, touchpoint)
    warned: set[str] = set()
    for i, point in enumerate(graph.touchpoints):
        if point.owner is None:
            continue
        key = "".join(character for character in point.owner.casefold() if character not in " -_\t")
        written, where = first.setdefault(key, (point.owner, point.id))
        if point.owner != written and point.owner not in warned:
            warned.add(point.owner)
            message = (
                f"owner {point.owner!r} of {point.id!r} differs from {written!r} (owner of {where!r}) only in case, "
                f"spaces or hyphens, so they become two lanes; write {written!r} everywhere"
            )
            yield Problem(WarningCode.INCONSISTENT_OWNER, ("touchpoints", i, "owner"), message)


def project_check(code: WarningCode) -> Callable[[ProjectCheckFunction], ProjectCheckFunction]:
    """Register a check across the files of one run; per file it finds nothing (`project_checks` runs it)."""

    def register(function: ProjectCheckFunction) -> ProjectCheckFunction:
        CHECKS[code] = Check(code, _nothing_in_one_file, function)
        return function

    return register


def _nothing_in_one_file(graph: JourneyGraph) -> Iterator[Problem]:
    return iter(())


@project_check(WarningCode.UNKNOWN_BASELINE)
def unknown_baseline(graph: JourneyGraph, journeys: Collection[str]) -> Iterator[Problem]:
    """A to-be is read against its as-is: the report pairs them and shows both score sets and curves
    side by side. A baseline that is not among the files (misspelt, or its file not given) leaves
    the to-be without the journey it claims to improve on. Checked across the files of one run,
    so give the as-is file (or its folder) too.
    """
    baseline = graph.journey.baseline
    if baseline is None:
        return
    if baseline == graph.journey.id:
        message = f"{baseline!r} is this journey itself; `baseline:` names the as-is journey this to-be improves on"
        yield Problem(WarningCode.UNKNOWN_BASELINE, ("baseline",), message)
    elif baseline not in journeys:
        hint = did_you_mean(baseline, sorted(set(journeys) - {graph.journey.id}))
        message = (
            f"no journey {baseline!r} among the files given, so there is no as-is to compare this to-be with; "
            f"{hint or 'give its file too, or correct the id'}"
        )
        yield Problem(WarningCode.UNKNOWN_BASELINE, ("baseline",), message)


@check(WarningCode.MISSING_EVIDENCE)
def missing_evidence(graph: JourneyGraph) -> Iterator[Problem]:
    """The measured section holds the design against what customers did and said; a log or survey
    that is not where `evidence:` says (moved, renamed, not yet exported) would silently leave the
    page with the designers' estimates only. The rest of the report is built.
    """
    return iter(())  # the files are looked for where files are read: `evidence_problems`, run by journeymap.project


def evidence_problems(graph: JourneyGraph, exists: Callable[[str], bool], ignore: Set[str]) -> list[Problem]:
    """`missing-evidence` for each file `evidence:` names that `exists` (given the name as written) says is missing."""
    evidence = graph.journey.evidence
    if evidence is None or WarningCode.MISSING_EVIDENCE in set(ignore) | set(graph.journey.ignore):
        return []
    problems = []
    for key in ("events", "survey"):
        written = getattr(evidence, key)
        if written is not None and not exists(written):
            message = (
                f"{key} {written!r} does not exist (relative to the journey file); export it there or correct the "
                "path: the report is built without the measured section"
            )
            problems.append(Problem(WarningCode.MISSING_EVIDENCE, ("evidence", key), message))
    return problems


def project_checks(graph: JourneyGraph, journeys: Collection[str], ignore: Set[str]) -> list[Problem]:
    """Warnings of the checks across files not ignored by the file or the command line."""
    silenced = set(ignore) | set(graph.journey.ignore)
    problems: list[Problem] = []
    for code, registered in CHECKS.items():
        if registered.across_files is not None and code not in silenced:
            problems.extend(registered.across_files(graph, journeys))
    return problems


def run_checks(graph: JourneyGraph, ignore: set[str]) -> list[Problem]:
    """Warnings of every check not ignored by the file or the command line."""
    silenced = ignore | set(graph.journey.ignore)
    problems: list[Problem] = []
    for code, registered in CHECKS.items():
        if code not in silenced:
            problems.extend(registered.run(graph))
    return problems


def warnings_table() -> str:
    """The Markdown table of every warning for docs/checks.md: code, when it fires (the registry), why it matters."""
    rows = ["| code | when | why it matters |", "| --- | --- | --- |"]
    rows += [f"| `{code.value}` | {registered.when} | {registered.why} |" for code, registered in CHECKS.items()]
    return "\n".join(rows)
