"""Who chose the PR's impact label: GitHub's label timeline first, the comment's hidden state as a cache."""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from pr_impact.adapters.github_graphql import LabelEvent
from pr_impact.core.verdict import Override

STATE_PREFIX = "<!-- pr-impact:state "
BY_BOT = "pr-impact"
MAINTAINER = "a maintainer"
_STATE_RE = re.compile(r"<!-- pr-impact:state (\{[^<>]{1,500}\}) -->\s*\Z")
LOGIN_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?")


def hidden_marker(prefix: str, text: str) -> str:
    """An HTML-comment marker holding `text` (JSON): '<' and '>' escaped as JSON escapes, so nothing in the
    text can close the comment, and the marker still reads back as the same JSON."""
    return prefix + text.replace("<", "\\u003c").replace(">", "\\u003e") + " -->"


@dataclass(frozen=True, slots=True)
class State:
    """What the last run recorded in its comment: the impact label it left and who chose it."""

    label: str
    by: str

    def marker(self) -> str:
        """The hidden marker; '<' and '>' escaped so no label name can close the HTML comment."""
        text = json.dumps({"label": self.label, "by": self.by}, ensure_ascii=True)
        return hidden_marker(STATE_PREFIX, text)


@dataclass(frozen=True, slots=True)
class Chooser:
    """What a run knows about who set labels: GitHub's record, the event, and pr-impact's own logins."""

    events: Sequence[LabelEvent] | None  # the PR's label timeline, oldest first; None: GitHub did not say
    ours: Collection[str]  # the logins pr-impact writes as (the token's), casefolded
    event_label: str | None = None  # on a `labeled` event: the label added…
    sender: str | None = None  # …and who added it


def parse_state(body: str | None, managed: Mapping[str, str]) -> State | None:
    """The state marker at the end of our comment, validated; None for anything unexpected."""
    match = _STATE_RE.search(body or "")
    if match is None:
        return None
    try:
        data = json.loads(match.group(1))
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    label, by = data.get("label"), data.get("by")
    names = {name.casefold(): name for name in managed}
    if not isinstance(label, str) or label.casefold() not in names or not isinstance(by, str):
        return None
    if by not in (BY_BOT, MAINTAINER) and not LOGIN_RE.fullmatch(by):
        return None
    return State(names[label.casefold()], by)


def last_added_by(on_pr: Sequence[str], chooser: Chooser) -> dict[str, str | None]:
    """Who last added each of these labels, by casefolded name, oldest first; labels nobody recorded are absent.

    GitHub's timeline is the record. The `labeled` event's sender speaks for its label only where
    the timeline does not (it was not read, or lags behind the event).
    """
    present = {name.casefold() for name in on_pr}
    latest: dict[str, str | None] = {}
    for event in chooser.events or ():
        key = event.label.casefold()
        if event.added and key in present:
            latest.pop(key, None)  # re-inserted: the order stays oldest first
            latest[key] = event.actor
    event_key = chooser.event_label.casefold() if chooser.event_label else None
    if event_key in present and event_key not in latest and chooser.sender is not None:
        latest[event_key] = chooser.sender
    return latest


def human_choice(
    labels: Sequence[str],
    managed: Mapping[str, str],
    state: State | None,
    chooser: Chooser,
    *,
    state_kept: bool,
) -> Override | None:
    """The impact a person chose by label, if any.

    A managed label on the PR is a person's choice when someone other than pr-impact added it
    last, as GitHub's label timeline records: a person's label wins in every mode, and the bot's
    own label stays the bot's whatever happens to its comment. Only for labels the timeline does
    not cover (older than its window, or no timeline at all) is the comment's state consulted,
    as before: pr-impact's recorded label is its own, a recorded person's choice sticks, and any
    other label is a person's, unless there is no state to go by.
    """
    impact_of, names, latest, people = _label_choosers(labels, managed, chooser)
    on_pr = list(names.values())
    if not on_pr:
        return None
    if people:
        key, actor = people[-1]  # the most recent choice
        return Override(impact_of[key], actor or MAINTAINER, "label")
    unknown = [name for name in on_pr if name.casefold() not in latest]
    return _from_state(unknown, impact_of, state, state_kept=state_kept) if unknown else None


def replaced_choices(labels: Sequence[str], managed: Mapping[str, str], chooser: Chooser,
                     choice: Override | None) -> list[str]:
    """Notes naming each person whose impact label the latest person's choice replaces (pr-impact keeps one
    impact label: the others are removed, never silently)."""
    if choice is None or choice.how != "label":
        return []
    impact_of, names, _latest, people = _label_choosers(labels, managed, chooser)
    chosen = next((names[key] for key, _actor in reversed(people) if impact_of[key] == choice.impact), "")
    return [f"{actor or MAINTAINER}'s label '{names[key]}' was replaced by {choice.by}'s '{chosen}', set later: "
            "the latest person's choice is kept" for key, actor in people[:-1] if impact_of[key] != choice.impact]


def _label_choosers(labels: Sequence[str], managed: Mapping[str, str], chooser: Chooser) -> tuple[
        dict[str, str], dict[str, str], dict[str, str | None], list[tuple[str, str | None]]]:
    """The PR's impact labels and who chose them, by casefolded name (GitHub's label names are unique
    that way): the impact of each managed label, the labels on the PR, who last added each (oldest
    first), and those of them added by people rather than pr-impact."""
    impact_of = {name.casefold(): impact for name, impact in managed.items()}
    names = {name.casefold(): name for name in labels if name.casefold() in impact_of}
    latest = last_added_by(list(names.values()), chooser) if names else {}
    people = [(key, actor) for key, actor in latest.items() if (actor or "").casefold() not in chooser.ours]
    return impact_of, names, latest, people


def _from_state(
    on_pr: Sequence[str], impact_of: Mapping[str, str], state: State | None, *, state_kept: bool
) -> Override | None:
    """The choice the comment's state implies for labels no record covers."""
    present = {name.casefold() for name in on_pr}
    if state is not None and state.by != BY_BOT and state.label.casefold() in present:
        return Override(impact_of[state.label.casefold()], state.by, "label")
    if state is None and not state_kept:
        return None  # no memory of what pr-impact set: a label may well be its own
    ours = state.label.casefold() if state is not None and state.by == BY_BOT else None
    others = [name for name in on_pr if name.casefold() != ours]
    return Override(impact_of[others[0].casefold()], MAINTAINER, "label") if others else None
