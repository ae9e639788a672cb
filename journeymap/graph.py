"""Graph: a valid journey as a directed graph with transition probabilities and journey order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from journeymap.model import Channel, ChannelKind, Journey, SwitchWeights, Touchpoint, journey_channels
from journeymap.shares import probabilities


@dataclass(frozen=True)
class Link:
    """One transition, with everything the scores and diagrams need to know about it."""

    source: int
    target: int
    probability: float
    label: str | None
    share_given: bool
    forward: bool
    switch: bool
    digital_to_analog: bool  # pushed off the digital path: digital to analog, neither end a service

    def weight(self, weights: SwitchWeights) -> float:
        """What taking it adds to the switch score: 0 on one channel, else the switch weight of its kind."""
        if not self.switch:
            return 0.0
        return weights.digital_to_analog if self.digital_to_analog else weights.switch


@dataclass(frozen=True, eq=False)
class JourneyGraph:
    """Touchpoints are numbered by their position in the file; links keep their listed order."""

    journey: Journey
    channels: dict[str, Channel]
    entry: int
    links: tuple[tuple[Link, ...], ...]  # outgoing links per touchpoint, in listed order

    @property
    def touchpoints(self) -> list[Touchpoint]:
        return self.journey.touchpoints

    def channel_of(self, index: int) -> Channel:
        return self.channels[self.touchpoints[index].channel]

    def is_digital(self, index: int) -> bool:
        return self.channel_of(index).kind is ChannelKind.DIGITAL

    def keeps_digital(self, index: int) -> bool:
        """Digital, or the service itself: being treated in person is no failure of the digital channels."""
        return self.is_digital(index) or self.touchpoints[index].is_service

    def all_links(self) -> list[Link]:
        return [link for outgoing in self.links for link in outgoing]

    @cached_property
    def index(self) -> dict[str, int]:
        """Touchpoint id -> position in the file."""
        return {point.id: i for i, point in enumerate(self.touchpoints)}

    @cached_property
    def in_journey_order(self) -> list[int]:
        """Touchpoint positions sorted by (stage position, file position): the order of the format's rule 7."""
        order = journey_order(self.journey)
        return sorted(range(len(self.touchpoints)), key=order.__getitem__)

    @cached_property
    def successors(self) -> tuple[tuple[int, ...], ...]:
        return tuple(tuple(link.target for link in outgoing) for outgoing in self.links)

    @cached_property
    def reachable(self) -> frozenset[int]:
        """Touchpoints a customer starting at the entry can reach (the entry included)."""
        return frozenset(reachable_from([self.entry], self.successors))

    @cached_property
    def trapped(self) -> list[int]:
        """Reachable touchpoints from which no exit can be reached, in file order."""
        predecessors: list[list[int]] = [[] for _ in self.touchpoints]
        for link in self.all_links():
            predecessors[link.target].append(link.source)
        exits = [i for i, point in enumerate(self.touchpoints) if point.is_exit]
        finishing = reachable_from(exits, predecessors)
        return sorted(self.reachable - finishing)

    @cached_property
    def on_loop(self) -> frozenset[int]:
        """Touchpoints that lie on a cycle: in a strongly connected group of two or more, or linked to themselves."""
        looping = {i for group in strongly_connected_groups(self.successors) if len(group) > 1 for i in group}
        looping |= {link.source for link in self.all_links() if link.source == link.target}
        return frozenset(looping)


def reachable_from(starts: Sequence[int], neighbours: Sequence[Sequence[int]]) -> set[int]:
    """Every node reachable from `starts` (included) along `neighbours`."""
    seen = set(starts)
    waiting = list(starts)
    while waiting:
        for neighbour in neighbours[waiting.pop()]:
            if neighbour not in seen:
                seen.add(neighbour)
                waiting.append(neighbour)
    return seen


def strongly_connected_groups(successors: Sequence[Sequence[int]]) -> list[list[int]]:
    """Tarjan's algorithm without recursion, so a 10 000-touchpoint chain cannot overflow the stack."""
    index: dict[int, int] = {}
    lowest: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    groups: list[list[int]] = []
    for root in range(len(successors)):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = lowest[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            if position < len(successors[node]):
                work.append((node, position + 1))
                target = successors[node][position]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    lowest[node] = min(lowest[node], index[target])
                continue
            if lowest[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                groups.append(group)
            if work:
                parent = work[-1][0]
                lowest[parent] = min(lowest[parent], lowest[node])
    return groups


def journey_order(journey: Journey) -> list[tuple[int, int]]:
    """Sort key per touchpoint: (position of its stage, position in the file)."""
    stage_position = {stage.id: i for i, stage in enumerate(journey.stages)}
    return [(stage_position[point.stage], i) for i, point in enumerate(journey.touchpoints)]


def pushed_off_digital(
    source: Touchpoint, source_channel: Channel, target: Touchpoint, target_channel: Channel
) -> bool:
    """A digital-to-analog switch that weighs as one: not into or out of the service itself (`kind: service`)."""
    return (
        source_channel.id != target_channel.id
        and source_channel.kind is ChannelKind.DIGITAL
        and target_channel.kind is ChannelKind.ANALOG
        and not source.is_service
        and not target.is_service
    )


def build_graph(journey: Journey) -> JourneyGraph:
    """The graph of a journey whose references and shares are valid."""
    channels = journey_channels(journey)
    index = {point.id: i for i, point in enumerate(journey.touchpoints)}
    order = journey_order(journey)
    links = []
    for i, point in enumerate(journey.touchpoints):
        # Rule 1, from the shares as written (exact decimals): complete shares within 1 ± 0.001
        # are divided by their sum, so no customer is lost or created on the way.
        chances = probabilities([transition.share for transition in point.next]) if point.next else ()
        source_channel = channels[point.channel]
        outgoing = []
        for transition, chance in zip(point.next, chances, strict=True):
            target = index[transition.to]
            target_channel = channels[journey.touchpoints[target].channel]
            switch = target_channel.id != source_channel.id
            outgoing.append(
                Link(
                    source=i,
                    target=target,
                    probability=chance,
                    label=transition.label,
                    share_given=transition.share is not None,
                    forward=order[target] > order[i],
                    switch=switch,
                    digital_to_analog=pushed_off_digital(
                        point, source_channel, journey.touchpoints[target], target_channel
                    ),
                )
            )
        links.append(tuple(outgoing))
    entry = index[journey.entry] if journey.entry is not None else 0
    return JourneyGraph(journey=journey, channels=channels, entry=entry, links=tuple(links))
