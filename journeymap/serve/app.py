"""App: the studio's routes — the live report pages, their event stream, and the walkthrough recorder.

Pages are the site's (built in memory, see `site`); the recorder's screens are plain HTML forms,
one screen per step, that work without any script. Every answer goes through `security.Guard`.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import os
import re
import urllib.parse
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from journeymap.graph import JourneyGraph
from journeymap.output import OutputError, longest_name
from journeymap.project import load_walkthrough
from journeymap.recorder import answered_line, default_file_name, designed_line, parse_step_form, parse_title
from journeymap.render.html import environment, templates_folder
from journeymap.render.text import percent, plural
from journeymap.serve.connections import quiet_accept_errors
from journeymap.serve.hub import Hub
from journeymap.serve.security import SERVER_ERROR, App, Guard, strict_headers
from journeymap.serve.site import BASE_POLICY, SCRIPTS, STUDIO, Site, studio_policy
from journeymap.serve.store import NEW, Conflict, Loaded, NotFound, Store, Unusable
from journeymap.serve.watcher import watch
from journeymap.walkthroughs import JourneyPath
from journeymap.walkthroughs.walk_summary import summarise_walk

WALK_POLICY = studio_policy(BASE_POLICY, forms=True)
NUMBERED = 8  # bytes a numbered file name (`-12`) may add to the participant's default name
SEVERITY_NAMES = {"high": "high", "medium": "medium", "low": "low", "unrated": "not rated"}


@dataclass
class Studio:
    """What the routes share: the pages, the tabs listening, the walkthrough files, the run's CSRF token."""

    site: Site
    hub: Hub
    store: Store
    csrf: str


def html(text: str, policy: str, status: int = 200) -> Response:
    headers = {key.decode(): value.decode() for key, value in strict_headers(policy)}
    return Response(text, status_code=status, media_type="text/html; charset=utf-8", headers=headers)


def not_found(what: str = "There is no such page in this studio.") -> Response:
    return html(_message_page("Not found", what), BASE_POLICY, 404)


def _message_page(heading: str, text: str) -> str:
    return (
        environment()
        .get_template("serve/walk.html.j2")
        .render(
            policy=BASE_POLICY,
            heading=heading,
            journey="index",
            journey_title="All journeys",
            walk=None,
            message=text,
            message_kind="error",
            message_link=("All journeys", "/index.html"),
            screen="message",
        )
    )


# --- report pages -----------------------------------------------------------------------------------------------


class Routes:
    """The studio's routes; each answer reads the site's current pages and the walkthrough files."""

    def __init__(self, studio: Studio) -> None:
        self.studio = studio
        self.site, self.hub, self.store = studio.site, studio.hub, studio.store
        self.scripts = {name: (templates_folder() / "serve" / name).read_text(encoding="utf-8") for name in SCRIPTS}

    async def page(self, request: Request) -> Response:
        name = request.path_params.get("name", "index.html")
        found = self.site.pages.get(name)
        if found is None:
            return not_found("There is no such page in this studio: it shows the journeys under its PATH.")
        return html(found.html, found.policy)

    async def script(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in self.scripts:
            return not_found()
        headers = {key.decode(): value.decode() for key, value in strict_headers(BASE_POLICY)}
        return Response(self.scripts[name], media_type="text/javascript; charset=utf-8", headers=headers)

    async def events(self, request: Request) -> Response:
        headers = {key.decode(): value.decode() for key, value in strict_headers(BASE_POLICY)}
        return StreamingResponse(self.hub.stream(), media_type="text/event-stream", headers=headers)

    # --- the recorder -----------------------------------------------------------------------------------------

    def journey_of(self, request: Request) -> tuple[str, JourneyGraph, str] | None:
        journey = request.path_params["journey"]
        graph = self.site.graphs.get(journey)
        path = self.site.journey_paths.get(journey)
        if graph is None or path is None:
            return None
        return journey, graph, os.path.dirname(path) or "."

    def screen(self, graph: JourneyGraph, **context: Any) -> str:
        context.setdefault("walk", None)
        context.setdefault("message", None)
        context.setdefault("problems", {})
        context.setdefault("message_kind", "error")
        context.setdefault("message_link", None)
        return (
            environment()
            .get_template("serve/walk.html.j2")
            .render(
                policy=WALK_POLICY,
                csrf=self.studio.csrf,
                journey=graph.journey.id,
                journey_title=graph.journey.title,
                **context,
            )
        )

    async def start(self, request: Request) -> Response:
        found = self.journey_of(request)
        if found is None:
            return not_found("There is no journey of that id without errors in this studio.")
        journey, graph, folder = found
        form = {"participant": "", "role": "", "date": datetime.date.today().isoformat()}
        problems: dict[str, str] = {}
        if request.method == "POST":
            form.update(_single(await _form(request), form))
            try:
                participant = parse_title(form["participant"])
            except ValueError:
                problems["participant"] = "say who walks: type your name"
            else:
                too_long = _name_problem(folder, journey, participant)
                if too_long:
                    problems["participant"] = too_long
            try:
                date = datetime.date.fromisoformat(form["date"].strip())
            except ValueError:
                problems["date"] = f"{form['date']!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-11-20"
            if not problems:
                role = " ".join(form["role"].split()) or None
                name = await asyncio.to_thread(self.store.start, folder, journey, participant, role, date)
                return RedirectResponse(f"/walk/{journey}/{name}", status_code=303)
        text = self.screen(graph, screen="start", heading="Record a walkthrough", form=form, problems=problems)
        return html(text, WALK_POLICY, 422 if problems else 200)

    async def walk_screen(self, request: Request) -> Response:
        found = self.journey_of(request)
        if found is None:
            return not_found("There is no journey of that id without errors in this studio.")
        journey, graph, folder = found
        name = request.path_params["name"]
        try:
            loaded = await asyncio.to_thread(self.store.load, folder, name, graph)
        except NotFound:
            return not_found("There is no such walkthrough for this journey; start a new one from the journey's page.")
        except Unusable as problem:
            return html(_unusable(graph, self.studio, problem), WALK_POLICY, 422)
        query = request.query_params
        if request.method == "POST":
            return await self.save(request, graph, folder, name, loaded)
        if query.get("end"):
            return html(self.end_screen(graph, folder, name, loaded), WALK_POLICY)
        if query.get("step"):
            number = _number(query["step"], len(loaded.walk.steps))
            if number is None:
                return not_found("This walkthrough has no such step.")
            return html(self.step_screen(graph, loaded, number=number), WALK_POLICY)
        skipped = _ids(query.get("skipped", ""), graph)
        at = query.get("at")
        if at is not None:
            if at != "unplanned" and at not in graph.index:
                return not_found("This journey has no such touchpoint.")
            return html(self.step_screen(graph, loaded, at=at, skipped=skipped, after=query.get("from")), WALK_POLICY)
        start_from = query.get("from")
        position = graph.index.get(start_from) if start_from else loaded.walk.position(graph)
        if position is not None and graph.touchpoints[position].is_exit and not skipped:
            return RedirectResponse(f"/walk/{journey}/{name}?end=1", status_code=303)
        return html(self.choose_screen(graph, loaded, position, skipped), WALK_POLICY)

    def choose_screen(self, graph: JourneyGraph, loaded: Loaded, position: int | None, skipped: Sequence[str]) -> str:
        carry = {"skipped": ",".join(skipped)} if skipped else {}
        if position is None:
            targets: list[tuple[int, str]] = [(graph.entry, "")]
        else:
            targets = [(link.target, _note(link.probability, link.label)) for link in graph.links[position]]
        options = [
            {
                "id": graph.touchpoints[target].id,
                "title": graph.touchpoints[target].title,
                "note": note,
                "href": "?" + urllib.parse.urlencode({"at": graph.touchpoints[target].id, **carry}),
            }
            for target, note in targets
        ]
        here = graph.touchpoints[position] if position is not None else None
        unplanned = {"at": "unplanned", **carry, **({"from": here.id} if here is not None and skipped else {})}
        steps = len(loaded.walk.steps)
        return self.screen(
            graph,
            screen="choose",
            saved=_saved_step(graph, loaded.walk.steps[-1], steps) if steps else None,
            heading=f"Step {steps + 1}: where next?" if steps else "Step 1: where did the walk start?",
            walk=loaded.walk,
            after=here.title if here is not None else "",
            options=options,
            skipped=list(skipped),
            skipped_titles=[graph.touchpoints[graph.index[point]].title for point in skipped],
            all_touchpoints=graph.touchpoints,
            unplanned_href="?" + urllib.parse.urlencode(unplanned),
            back_href=f"?step={steps}" if steps else None,
        )

    def step_screen(
        self,
        graph: JourneyGraph,
        loaded: Loaded,
        *,
        number: int | None = None,
        at: str | None = None,
        skipped: Sequence[str] = (),
        after: str | None = None,
        form: Mapping[str, str] | None = None,
        findings: Sequence[tuple[str, str]] | None = None,
        problems: Mapping[str, str] | None = None,
        message: str | None = None,
        adding: bool = False,
    ) -> str:
        """A new step at touchpoint `at` ('unplanned': a step not in the journey), or saved step `number` (from 1)."""
        walk = loaded.walk
        existing = walk.steps[number - 1] if number is not None else None
        if existing is not None:
            at = str(existing.get("touchpoint") or "unplanned")
            skipped = [str(point) for point in existing.get("skipped", [])]
        assert at is not None
        point = graph.touchpoints[graph.index[at]] if at != "unplanned" else None
        if form is None:
            form = _prefill(existing)
        if findings is None:
            findings = _findings_of(existing)
        # One empty finding field to start with; "add another" asks for one more (the answers so far are kept).
        rows = [*findings] if findings else [("", "")]
        if adding:
            rows.append(("", ""))
        # By title only, in alphabetical order: neither the id nor the designed channel first hints at the design.
        channels = sorted(graph.channels.values(), key=lambda channel: channel.display_title.casefold())
        step_number = number if number is not None else len(walk.steps) + 1
        carry = {"skipped": ",".join([*skipped, at])}
        if after:
            carry["from"] = after
        back = f"?step={number - 1}" if number is not None and number > 1 else None
        if number is None:
            back = "?" + urllib.parse.urlencode(
                {"skipped": ",".join(skipped), "from": after} if skipped and after else {}
            )
        return self.screen(
            graph,
            screen="step",
            heading=f"Step {step_number}: {point.title if point is not None else 'a step not in the journey'}",
            walk=walk,
            version=loaded.version,
            at=at,
            step_index=number or "",
            skipped=list(skipped),
            form={"title": "", "effort": "", "emotion": "", "channel": "", "duration": "", "completed": "", **form},
            findings=rows,
            focus_finding=len(rows) if adding else None,
            channels=[{"id": channel.id, "title": channel.display_title} for channel in channels],
            problems=problems or {},
            message=message,
            skip_href=(
                "?" + urllib.parse.urlencode({"from": at, "skipped": carry["skipped"]})
                if number is None and point is not None
                else None
            ),
            back_href=back,
        )

    async def save(self, request: Request, graph: JourneyGraph, folder: str, name: str, loaded: Loaded) -> Response:
        fields = await _form(request)
        form = _single(fields, {})
        texts, severities = fields.get("finding", []), fields.get("severity", [])
        findings = [(text, severities[i] if i < len(severities) else "") for i, text in enumerate(texts)]
        number = _number(form.get("step", ""), len(loaded.walk.steps)) if form.get("step") else None
        at = form.get("at", "")
        if number is not None:
            existing = loaded.walk.steps[number - 1]
            at = str(existing.get("touchpoint") or "unplanned")
            form["skipped"] = ",".join(str(point) for point in existing.get("skipped", []))
        if at != "unplanned" and at not in graph.index:
            return not_found("This journey has no such touchpoint.")
        index = None if at == "unplanned" else graph.index[at]
        skipped = _ids(form.get("skipped", ""), graph)
        step, problems = parse_step_form(graph, index, form, findings)
        context: dict[str, Any] = {"form": form, "findings": findings, "skipped": skipped, "after": form.get("from")}
        if number is None:
            context["at"] = at
        else:
            context["number"] = number
        if "add" in form:  # "Add another finding": the same screen with one more field; nothing is saved yet
            return html(self.step_screen(graph, loaded, adding=True, **context), WALK_POLICY)
        if step is None:
            message = "Not saved yet: change the answers marked below, then save again."
            return html(
                self.step_screen(graph, loaded, problems=problems, message=message, **context), WALK_POLICY, 422
            )
        version = form.get("version", "")
        try:
            saved = await asyncio.to_thread(
                self.store.save_step,
                folder,
                name,
                graph,
                version=version,
                step=step,
                at=None if number is None else number - 1,
            )
        except Conflict:
            link = f"/walk/{graph.journey.id}/{name}"
            text = self.screen(
                graph,
                screen="message",
                heading="Not saved: the walkthrough changed",
                message=(
                    "This walkthrough was changed elsewhere since this page was loaded (another tab, another "
                    "device, or an edit of the file), so saving would overwrite that change. Nothing was saved. "
                    "Open the walk again to see its latest steps, then answer this step again."
                ),
                message_kind="error",
                message_link=("Open the walk again", link),
            )
            return html(text, WALK_POLICY, 409)
        except OutputError as problem:
            message = (
                f"Could not save this step: {problem}. The file still holds the "
                f"{plural(len(loaded.walk.steps), 'step')} saved before; your answers are still below. "
                "Free some space (or fix the folder) and press Save again."
            )
            return html(self.step_screen(graph, loaded, message=message, **context), WALK_POLICY, 507)
        except ValueError as problem:
            return html(self.step_screen(graph, loaded, message=str(problem), **context), WALK_POLICY, 422)
        base = f"/walk/{graph.journey.id}/{name}"
        if number is not None and number < len(saved.walk.steps):
            target = f"{base}?step={number + 1}"
        elif index is None and skipped and form.get("from"):
            target = f"{base}?" + urllib.parse.urlencode({"from": form["from"], "skipped": ",".join(skipped)})
        else:
            target = base
        # The new version rides along, so a script (or a test) can save the next step without reading a page.
        return RedirectResponse(target, status_code=303, headers={"X-Walkthrough-Version": saved.version})

    def end_screen(self, graph: JourneyGraph, folder: str, name: str, loaded: Loaded) -> str:
        """What the walk recorded and where the licence stands, in plain words (no commands, no file names)."""
        walk = loaded.walk
        steps = len(walk.steps)
        context: dict[str, Any] = {"summary": None, "problems_found": [], "licence": None}
        if loaded.version == NEW:
            context["saved"] = "No step was recorded, so nothing was saved."
        else:
            journey = graph.journey
            file = load_walkthrough(os.path.join(folder, name), {journey.id or "": journey})
            errors = [f"line {finding.line}: {finding.message}" for finding in file.findings if finding.is_error]
            parts = [plural(steps, "step")]
            if file.walkthrough is None or errors:
                context["saved"] = f"Your walk is saved ({parts[0]}), but the saved walk has a problem to fix:"
                context["problems_found"] = errors
                context["licence"] = "It cannot count for your licence until that is fixed."
            else:
                path = self.site.licence_paths.get(journey.id or "", JourneyPath((), {}))
                summary = summarise_walk(graph, file.walkthrough, path)
                if summary.unplanned:
                    parts.append(f"{summary.unplanned} not in the journey")
                if summary.skipped:
                    parts.append(f"{plural(summary.skipped, 'touchpoint')} skipped")
                context["saved"] = f"Your walk is saved: {', '.join(parts)}."
                context["summary"] = summary
                context["licence"] = summary.licence
                context["severities"] = [(SEVERITY_NAMES[name], count) for name, count in summary.findings]
        return self.screen(
            graph,
            screen="end",
            heading="Walk finished",
            walk=walk,
            back_href=f"?step={steps}" if steps else None,
            **context,
        )

    def routes(self) -> list[Route]:
        return [
            Route("/", self.page),
            Route("/{name:str}", self.page),
            Route(STUDIO + "/events", self.events),
            Route(STUDIO + "/{name:str}", self.script),
            Route("/record/{journey:str}", self.start, methods=["GET", "POST"]),
            Route("/walk/{journey:str}/{name:str}", self.walk_screen, methods=["GET", "POST"]),
        ]


async def _refusal(request: Request, error: Exception) -> Response:
    """Starlette's own refusals (a method a route does not take): the same strict headers as every answer."""
    status = error.status_code if isinstance(error, HTTPException) else 400
    headers = {key.decode(): value.decode() for key, value in strict_headers(BASE_POLICY)}
    if isinstance(error, HTTPException) and error.headers:
        headers.update(error.headers)  # e.g. the Allow of a 405
    return PlainTextResponse(
        f"journeymap serve: {error.detail if isinstance(error, HTTPException) else error}", status, headers
    )


async def _server_error(request: Request, error: Exception) -> Response:
    """A route that failed: 500 with the strict headers; `Guard` logs the one line."""
    headers = {key.decode(): value.decode() for key, value in strict_headers(BASE_POLICY)}
    return PlainTextResponse(SERVER_ERROR, 500, headers)


def _unusable(graph: JourneyGraph, studio: Studio, problem: Unusable) -> str:
    lines = "; ".join(str(finding) for finding in problem.findings if finding.is_error)
    return (
        environment()
        .get_template("serve/walk.html.j2")
        .render(
            policy=WALK_POLICY,
            csrf=studio.csrf,
            journey=graph.journey.id,
            journey_title=graph.journey.title,
            walk=None,
            heading="This walkthrough cannot be continued",
            message=f"The file has errors; fix them in an editor and open this link again: {lines}",
            message_kind="error",
            message_link=None,
            screen="message",
            problems={},
        )
    )


async def _form(request: Request) -> dict[str, list[str]]:
    body = await request.body()
    return urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)


def _single(fields: Mapping[str, list[str]], known: Mapping[str, str]) -> dict[str, str]:
    """The first value of each field (of those in `known`, when given)."""
    return {key: values[0] for key, values in fields.items() if values and (not known or key in known)}


def _number(text: str, count: int) -> int | None:
    text = text.strip()
    return int(text) if re.fullmatch(r"[0-9]{1,6}", text) and 1 <= int(text) <= count else None


def _name_problem(folder: str, journey: str, participant: str) -> str | None:
    """Why the walk's file could not be made for this name, as `journeymap walk` checks it; None if it can."""
    name = default_file_name(journey, participant, datetime.date.today())
    longest = longest_name(folder) - NUMBERED  # room for the number of a twentieth Jan
    size = len(os.fsencode(name))
    if size <= longest:
        return None
    return (
        f"the walkthrough's file name would be {size} bytes long, and this folder allows at most {longest}: "
        "type a shorter name (a first name and an initial will do)"
    )


def _ids(text: str, graph: JourneyGraph) -> list[str]:
    return [point for point in text.split(",") if point in graph.index]


def _note(probability: float, label: str | None) -> str:
    parts = [percent(probability)] if probability < 1 else []
    if label:
        parts.append(label)
    return ", ".join(parts)


def _prefill(step: Mapping[str, Any] | None) -> dict[str, str]:
    """A saved step's answers as the form shows them again; a new step starts with nothing chosen."""
    if step is None:
        return {}
    return {
        "title": str(step.get("title", "")),
        "effort": str(step.get("effort", "")),
        "emotion": str(step.get("emotion", "")),
        "channel": str(step.get("channel", "")),
        "duration": str(step.get("duration", "")),
        "completed": "no" if step.get("completed") is False else "",  # "yes" is not written: nothing to show
    }


def _saved_step(graph: JourneyGraph, step: Mapping[str, Any], number: int) -> dict[str, str | None]:
    """The step just saved, the participant's answers next to the design (shown only now, after the answers)."""
    point = graph.touchpoints[graph.index[str(step["touchpoint"])]] if step.get("touchpoint") else None
    return {
        "heading": f"Step {number} saved: {point.title if point is not None else step.get('title', '')}",
        "answered": answered_line(graph, step),
        "designed": designed_line(graph, point) if point is not None else None,
    }


def _findings_of(step: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    if step is None:
        return []
    found: list[tuple[str, str]] = []
    for finding in step.get("findings", []):
        if isinstance(finding, dict):
            found.append((str(finding.get("text", "")), str(finding.get("severity") or "")))
        else:
            found.append((str(finding), ""))
    return found


def create_app(
    site: Site,
    *,
    csrf_token: str,
    access_token: str | None,
    served_hosts: Sequence[str],
    watching: bool = True,
) -> App:
    """The studio as an ASGI app: routes behind the guard; the watcher runs while the app does."""
    hub = Hub()
    hub.version = site.version
    studio = Studio(site, hub, Store(), csrf_token)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        hub.bind(asyncio.get_running_loop())
        quiet_accept_errors(asyncio.get_running_loop())
        stop = asyncio.Event()
        task = asyncio.create_task(watch(site, hub, stop)) if watching else None
        try:
            yield
        finally:
            stop.set()
            hub.close()
            if task is not None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(task, 2)

    app = Starlette(
        routes=Routes(studio).routes(),
        lifespan=lifespan,
        exception_handlers={HTTPException: _refusal, Exception: _server_error},
    )
    return Guard(app, csrf_token=csrf_token, access_token=access_token, served_hosts=served_hosts)
