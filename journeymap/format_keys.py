"""Format keys: what each key of the file formats means, the text docs/format.md shows in its tables.

The JSON Schema gives every property its text from here (editors show it on hover), so the schema and the
format's documentation say the same; `tests/test_schema.py` holds the tables of docs/format.md to these texts,
and fails for a key of the models that has none.
"""

from __future__ import annotations

# Model name -> key -> meaning (markdown, as in docs/format.md's tables).
DESCRIPTIONS: dict[str, dict[str, str]] = {
    "Journey": {
        "journeymap": "Format version; default 1. Any other value is an error (`unsupported-version`).",
        "id": "`[a-z0-9][a-z0-9-]*`; default: the file name without `.journey.yaml`. **Decided:** a file name that "
        "is not a valid id is an error that asks for an explicit `id:`.",
        "title": "What the journey is.",
        "description": "Free text; the owner is the team responsible for the map.",
        "owner": "Free text; the owner is the team responsible for the map.",
        "persona": "`{name, description}`.",
        "goals": "The business goals this journey serves (texts). Without goals: warning `no-goals`.",
        "baseline": "The id of the journey this one improves on: this file is the to-be, that one the as-is. It "
        "must name another journey among the files given, else warning `unknown-baseline`. The report "
        'then shows "As-is vs to-be" on this journey\'s page; see [decisions.md](decisions.md).',
        "stages": "Ordered; each a string (its id, also its title) or `{id, title, phase}` with phase one of the "
        "journey's `phases` (by default `pre-purchase`, `purchase` or `post-purchase`).",
        "channels": "Adds to or overrides the built-in channels: `{id, title, kind: digital|analog, "
        "expected_response}`.",
        "touchpoints": "Ordered, at least one (see below).",
        "entry": "The touchpoint customers start at; default the first listed.",
        "ignore": "Warning codes silenced for this file. **Decided:** an unknown code is an error with a "
        "suggestion, so a typo never silences nothing.",
        "scoring": "`{switch: 1, digital_to_analog: 3}`: weights of channel switches.",
        "phases": "The phases of this journey's stages, in time order, e.g. `[decide, cancel, after]` for a "
        "cancellation or `[book, visit, after]` for a clinic; they replace the defaults for this file, "
        "and the last one plays the part of post-purchase in the checks. See "
        "[advice.md](advice.md#phases-of-your-own-phases).",
        "targets": "The team's goals: `{effort_per_step: 3, success_rate: 95%, digital_completion: 80%, "
        "expected_effort: 20}` (any of them; defaults for the first three). Each score is judged on, "
        "near or off target in the report, the score table and the JSON. See "
        "[advice.md](advice.md#targets-and-judgement-targets).",
        "evidence": "The data this journey is measured against, relative to the journey file: `{events, survey, "
        "case, activity, time, invited}`, at least one of `events` (an event log) and `survey` (a "
        "survey export). `journeymap measure JOURNEY` then needs no options, and the report shows "
        '"Designed vs measured"; a named file that does not exist is warning `missing-evidence`. See '
        "[measure.md](measure.md).",
    },
    "Touchpoint": {
        "id": "Unique, `[a-z0-9][a-z0-9-]*`.",
        "title": "What the customer does or meets, from their point of view.",
        "stage": "Ids of a stage and a channel of this journey (built-in channels count).",
        "channel": "Ids of a stage and a channel of this journey (built-in channels count).",
        "kind": "`step` (default), `invoice`, `payment`, `survey`, `contact` or `service`: where the company "
        "delivers what the customer came for (the repair, the treatment, the delivery). A switch into or "
        "out of a service weighs as a plain switch, never digital → analog, `forced-analog` never fires at "
        "it, it does not count against digital completion, and what-if never drops it "
        "([advice.md](advice.md#the-service-itself-kind-service)).",
        "owner": "The department responsible (finance for invoices, ...).",
        "effort": '1 (effortless) .. 7 (very hard), a whole number. Effort runs opposite to CES 2.0 ("the company '
        'made it easy for me", 1..7): effort = 8 − CES.',
        "emotion": "−2 (very negative) .. +2 (very positive), a whole number.",
        "duration": "The customer's own time, e.g. `15m`.",
        "response_time": "How long the company takes to answer (for contacts).",
        "pain_points": "Lists of texts.",
        "opportunities": "Lists of texts.",
        "metrics": "Measured KPIs, name → number (CES, CSAT, NPS, FCR, ...).",
        "notes": "Free text.",
        "thinking": "Classic map layer: what goes through the customer's mind here, as one text.",
        "quotes": "Classic map layer: verbatims from research, a list of texts (a single text is a list of one).",
        "backstage": "Service-blueprint layer: what the organisation does out of the customer's sight, a list of "
        "texts or `{action, owner}`.",
        "image": "A screenshot or photo of the moment: a PNG, JPEG or WebP file, relative to the journey file, at "
        "most 2 MB.",
        "outcome": "Only on exits: `success` (default) or `abandon`. **Decided:** `outcome` on a touchpoint that "
        "has `next` is an error.",
        "ignore": "Warning codes silenced for this touchpoint: for findings located at it or at its transitions "
        "(e.g. `ignore: [forced-analog]` on the valuation visit that must be in person). **Decided:** an "
        "unknown code is an error with a suggestion, as for the file's `ignore`; errors cannot be "
        "silenced.",
        "next": "Transitions: a target id, or `{to, share, label, ignore}` with 0 < share ≤ 1, or a percentage "
        "`share: 10%` (more than 0%, at most 100%). A long-form transition's `ignore` silences the findings "
        "located at that transition only. A touchpoint without `next` is an exit. **Decided:** two "
        "transitions to the same target are an error (`duplicate-transition`): give one the combined share. "
        "**Decided:** a percentage is shifted exactly (`33.3%` is `0.333`), so it scores exactly as the "
        "decimal would; a file may mix both.",
        "removable": "Whether the what-if change `remove` may drop it: default `true` for `kind: contact`, `false` "
        "for every other kind; `true` on a `service` is an error (`bad-value`).",
        "events": "The activities of an event log that mean a customer is at this touchpoint (an activity equal to "
        "the touchpoint's id maps without being listed). **Decided:** an activity listed by two "
        "touchpoints, or listed by one and equal to another's id, is an error (`duplicate-event`). See "
        "[measure.md](measure.md).",
    },
    "Stage": {
        "id": "The stage's id, `[a-z0-9][a-z0-9-]*`; touchpoints name it in `stage`.",
        "title": "What the stage is called on diagrams and reports; default its id.",
        "phase": "One of the journey's `phases` (by default `pre-purchase`, `purchase` or `post-purchase`); another "
        "is `unknown-reference` with a suggestion.",
    },
    "Channel": {
        "id": "The channel's id, `[a-z0-9][a-z0-9-]*`; a built-in id overrides that channel.",
        "title": "What the channel is called on diagrams and reports; default its id.",
        "kind": "`digital` or `analog`: moving from digital to analog weighs most in the switch score.",
        "expected_response": "How soon customers expect an answer on this channel, e.g. `4h`; a touchpoint's slower "
        "`response_time` is warning `slow-response`.",
    },
    "Transition": {
        "to": "The id of the touchpoint customers go to.",
        "share": "The share of customers who go this way: 0 < share ≤ 1, or a percentage `10%` (more than 0%, at "
        "most 100%); left out, the rest is split evenly.",
        "label": "What the way is called on the diagram, e.g. `pays by card`.",
        "ignore": "Warning codes silenced for the findings located at this transition only.",
    },
    "Persona": {
        "name": "Who the customer is, e.g. `Anna, 34, first phone on contract`.",
        "description": "Free text about the persona.",
    },
    "BackstageAction": {
        "action": "What the organisation does out of the customer's sight.",
        "owner": "Who does it (a department or role).",
    },
    "Targets": {
        "effort_per_step": 'At most this average effort per step (1..7); default 3 (effort 3 is CES 5, "agree").',
        "success_rate": "At least this share of customers ends at a success exit, as a fraction or a percentage; "
        "default 95%.",
        "digital_completion": "At least this share finishes without an analog touchpoint that is not the service "
        "itself (journeys with a digital entry); default 80%.",
        "expected_effort": "At most this expected effort per customer; no default.",
    },
    "Evidence": {
        "events": "An event log: CSV, Parquet or JSON lines; a file, a folder or a glob.",
        "survey": "A survey export (CSV) with a touchpoint column and `ces`, `csat` or `nps` columns.",
        "case": "The log's case column (default `case_id`).",
        "activity": "The log's activity column (default `activity`).",
        "time": "The log's timestamp column (default `timestamp`).",
        "invited": "How many customers were invited to the survey, for the response rate.",
    },
    "SwitchWeights": {
        "switch": "Weight of a change of channel (default 1).",
        "digital_to_analog": "Weight of a change from a digital to an analog channel (default 3).",
    },
    "Walkthrough": {
        "walkthrough": "Format version; default 1.",
        "journey": "The id of a journey found among the given paths.",
        "participant": "Who walked.",
        "role": "Their department.",
        "date": "ISO date (`2026-11-20`).",
        "presented": "ISO date the participant presented the findings (`--require-presentation` asks for it).",
        "steps": "In the order walked.",
    },
    "Step": {
        "touchpoint": "The id of the touchpoint walked; an unplanned step has a `title` instead (exactly one of them).",
        "title": "An unplanned step: what the participant did that the journey does not have.",
        "effort": "1 (effortless) .. 7 (very hard), as the participant felt it.",
        "emotion": "−2 (very negative) .. +2 (very positive), as the participant felt it.",
        "channel": "The channel actually used; default the designed one; must be a channel of the journey.",
        "duration": "How long the step took, e.g. `15m`.",
        "completed": "Whether the participant got through the step (default true).",
        "findings": "What went wrong: each a text or `{text, severity: low|medium|high}`.",
        "skipped": "Touchpoints of the journey jumped over just before this step, in the designed order.",
    },
    "StepFinding": {
        "text": "What went wrong.",
        "severity": "`low`, `medium` or `high`; left out, the finding is unrated.",
    },
}
