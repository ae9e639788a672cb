"""Checks: the warnings, one function per code, each with the reason from customer-experience practice.

A check's docstring is its user documentation: the first line says when it
fires, the rest why it matters. `CHECKS` is the registry, in the order of the
format's table; `docs/checks.md` is tested to list every code.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass

from journeymap.codes import WarningCode
from journeymap.durations import format_duration
from journeymap.findings import Finding, Level
from journeymap.graph import JourneyGraph
from journeymap.loader import Document, Location
from journeymap.model import TouchpointKind
from journeymap.scoring import response_gap
from journeymap.validate.names import did_you_mean

HIGH_EFFORT = 6

CheckFunction = Callable[[Document, JourneyGraph], Iterator[Finding]]


@dataclass(frozen=True)
class Check:
    code: str
    run: CheckFunction

    @property
    def when(self) -> str:
        return (self.run.__doc__ or "").strip().splitlines()[0]

    @property
    def why(self) -> str:
        return " ".join(line.strip() for line in (self.run.__doc__ or "").strip().splitlines()[1:] if line.strip())


CHECKS: dict[str, Check] = {}


def check(code: str) -> Callable[[CheckFunction], CheckFunction]:
    def register(function: CheckFunction) -> CheckFunction:
        CHECKS[code] = Check(code, function)
        return function

    return register


def warning(document: Document, location: Location, code: str, message: str, *, key: bool = False) -> Finding:
    return document.finding(location, Level.WARNING, code, message, key=key)


@check("unreachable")
def unreachable(document: Document, graph: JourneyGraph) -> Iterator[Finding]:
    """A touchpoint no customer can reach from the entry.

    A step nobody reaches is either a forgotten link or a dead part of the map;
    both make the map lie about the journey. It is left out of all scores.
    """
    entry = graph.touchpoints[graph.entry].id
    for i, point in enumerate(graph.touchpoints):
        if i not in graph.reachable:
            message = (
                f"no customer reaches {point.id!r} from the entry {entry!r}: "
                "link it from an earlier touchpoint or remove it; it is left out of the scores"
            )
            yield warning(document, ("touchpoints", i, "id"), "unreachable", message)


@check("no-invoice")
def no_invoice(document: Document, graph: JourneyGraph) -> Iterator[Finding]:
    """No touchpoint of kind `invoice`.

    Invoices reach the customer too: the bill finance sends is a touchpoint,
    and an unclear one is among the most common reasons customers call.
    """
    if not any(point.kind is TouchpointKind.INVOICE for point in graph.touchpoints):
        message = (
            "no touchpoint of kind `invoice`: the invoice finance sends reaches the customer too "
            "(and unclear bills drive calls); add it with `kind: invoice`"
        )
        yield warning(document, ("touchpoints",), "no-invoice", message, key=True)


@check("no-post-purchase")
def no_post_purchase(document: Document, graph: JourneyGraph) -> Iterator[Finding]:
    """Nothing after the purchase: no stage with phase `post-purchase`.

    Setting the product up at home, questions and support decide whether
    customers stay; a map that ends at the checkout misses them.
    """
    if not any(stage.phase == "post-purchase" for stage in graph.journey.stages):
        message = (
            "no stage with `phase: post-purchase`: setting up at home, questions and support decide "
            "whether customers stay; map what happens after the purchase"
        )
        yield warning(document, ("stages",), "no-post-purchase", message, key=True)


@check("forced-analog")
def forced_analog(document: Document, graph: JourneyGraph) -> Iterator[Finding]:
    """A transition from a digital to an analog channel.

    Customers who start digitally want to finish digitally; being pushed to
    the phone, a letter or a shop costs effort and trust (it weighs 3 in the
    switch score).
    """
    for i, outgoing in enumerate(graph.links):
        for j, link in enumerate(outgoing):
            if link.digital_to_analog:
                source, target = graph.touchpoints[i], graph.touchpoints[link.target]
                message = (
                    f"{source.id!r} ({source.channel}) sends customers to {target.id!r} ({target.channel}): "
                    "customers who start digitally want to finish digitally; offer a digital way on"
                )
                yield warning(document, ("touchpoints", i, "next", j), "forced-analog", message)


@check("slow-response")
def slow_response(document: Document, graph: JourneyGraph) -> Iterator[Finding]:
    """A positive response gap: the company answers slower than customers expect on that channel.

    Expectations differ per channel: 44% of consumers expect an e-mail answer
    within four hours, 53% a social-media answer within an hour.
    """
    for i in range(len(graph.touchpoints)):
        gap = response_gap(graph, i)
        if gap is not None and gap.gap > 0:
            message = (
                f"{gap.touchpoint!r} answers in {format_duration(gap.response_time)}, but customers on "
                f"{gap.channel!r} expect an answer within {format_duration(gap.expected)}: "
                f"{format_duration(gap.gap)} too slow"
            )
            yield warning(document, ("touchpoints", i, "response_time"), "slow-response", message)


@check("survey-fatigue")
def survey_fatigue(document: Document, graph: JourneyGraph) -> Iterator[Finding]:
    """More than one touchpoint of kind `survey` in the journey.

    Survey fatigue is real: every extra questionnaire lowers response rates
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
        yield warning(document, ("touchpoints", i, "kind"), "survey-fatigue", message)


@check("missing-effort")
def missing_effort(document: Document, graph: JourneyGraph) -> Iterator[Finding]:
    """A reachable touchpoint without effort.

    Effort predicts loyalty better than delight; a step without effort counts
    0 in every score, so the journey looks easier than it is.
    """
    for i in sorted(graph.reachable):
        point = graph.touchpoints[i]
        if point.effort is None:
            message = (
                f"{point.id!r} has no effort, so it counts 0 and the journey looks easier than it is; "
                "add `effort:` from 1 (effortless) to 7 (very hard)"
            )
            yield warning(document, ("touchpoints", i, "id"), "missing-effort", message)


@check("no-goals")
def no_goals(document: Document, graph: JourneyGraph) -> Iterator[Finding]:
    """The journey names no business goals.

    A map without business goals is decoration: goals say which problems on
    the map are worth fixing first.
    """
    if not graph.journey.goals:
        location = ("goals",) if "goals" in document.data else ("title",)
        message = (
            "no business goals: a map without goals is decoration; add `goals:` "
            "with what this journey should achieve (e.g. 'Halve calls about delivery status')"
        )
        yield warning(document, location, "no-goals", message, key=True)


@check("high-effort")
def high_effort(document: Document, graph: JourneyGraph) -> Iterator[Finding]:
    """A touchpoint with effort 6 or 7.

    High-effort moments drive disloyalty far more than delight drives
    loyalty; these are the first steps to make easier.
    """
    for i, point in enumerate(graph.touchpoints):
        if point.effort is not None and point.effort >= HIGH_EFFORT:
            message = (
                f"{point.id!r} has effort {point.effort} of 7: high-effort steps drive customers away "
                "more than delight keeps them; make this step easier first"
            )
            yield warning(document, ("touchpoints", i, "effort"), "high-effort", message)


@check("repeat-contact")
def repeat_contact(document: Document, graph: JourneyGraph) -> Iterator[Finding]:
    """A touchpoint of kind `contact` lies on a loop: customers may have to contact again.

    Every repeat contact is effort for the customer and cost for the company;
    first-contact resolution is what customers expect.
    """
    for i in sorted(graph.on_loop):
        point = graph.touchpoints[i]
        if point.kind is TouchpointKind.CONTACT:
            message = (
                f"contact {point.id!r} lies on a loop, so customers may have to contact you again; "
                "aim to resolve the question at the first contact"
            )
            yield warning(document, ("touchpoints", i, "id"), "repeat-contact", message)


def unknown_baseline(document: Document, graph: JourneyGraph, journeys: Collection[str]) -> Iterator[Finding]:
    """`baseline:` names no other journey among the files given.

    A to-be is read against its as-is: the report pairs them and shows both score sets and curves
    side by side. A baseline that is not among the files (misspelt, or its file not given) leaves
    the to-be without the journey it claims to improve on.
    """
    baseline = graph.journey.baseline
    if baseline is None or WarningCode.UNKNOWN_BASELINE in graph.journey.ignore:
        return
    if baseline == graph.journey.id:
        message = f"{baseline!r} is this journey itself; `baseline:` names the as-is journey this to-be improves on"
        yield warning(document, ("baseline",), WarningCode.UNKNOWN_BASELINE, message)
    elif baseline not in journeys:
        hint = did_you_mean(baseline, sorted(journeys))
        message = (
            f"no journey {baseline!r} among the files given, so there is no as-is to compare this to-be with; "
            f"{hint or 'give its file too, or correct the id'}"
        )
        yield warning(document, ("baseline",), WarningCode.UNKNOWN_BASELINE, message)


def run_checks(document: Document, graph: JourneyGraph, ignore: set[str]) -> list[Finding]:
    """Warnings of every check not ignored by the file or the command line."""
    silenced = ignore | set(graph.journey.ignore)
    findings: list[Finding] = []
    for code, registered in CHECKS.items():
        if code not in silenced:
            findings.extend(registered.run(document, graph))
    return findings
