"""Who chose the impact label: GitHub's label timeline is the record, the comment's state only a cache."""

from __future__ import annotations

from pr_impact.adapters.config_file import default_config
from pr_impact.commands.action import parse_state
from tests.commands.test_action import CI_FILE, INT, UF, Harness, payload
from tests.fake_github import BOT

MANAGED = default_config().managed_labels()


def push_ci_only(h: Harness, **inputs: str) -> None:
    """The PR becomes a CI-only change, and a push runs the Action again."""
    h.state.files[7] = [CI_FILE]
    event = payload("synchronize", labels=h.state.issue_labels.get(7, []), title="ci: cache the test dependencies")
    code, log = h.go(event, **inputs)
    assert code == 0, log


def test_a_note_appended_to_the_bots_comment_leaves_the_bots_label_the_bots(h: Harness) -> None:
    h.go(payload("opened"))
    h.state.comments[7][0]["body"] += "\nPM note: reviewed with design"
    push_ci_only(h)
    assert h.state.issue_labels[7] == [INT]
    assert "Manual override" not in h.comment() and "PM note" not in h.comment()  # the bot's comment, rewritten


def test_a_comment_that_could_not_be_written_leaves_the_bots_label_the_bots(h: Harness) -> None:
    h.state.fail(422, method="POST", path=r"/comments$", body={"message": "Validation Failed"})
    h.go(payload("opened"))
    assert h.state.issue_labels[7] == [UF] and h.state.comment_bodies(7) == []
    push_ci_only(h)
    assert h.state.issue_labels[7] == [INT] and "Manual override" not in h.comment()


def test_a_run_cancelled_between_label_and_comment_leaves_the_bots_label_the_bots(h: Harness) -> None:
    h.state.label_by(7, UF, BOT)  # the cancelled run's label write; its comment never came
    push_ci_only(h)
    assert h.state.issue_labels[7] == [INT]
    assert parse_state(h.comment(), MANAGED) is not None and parse_state(h.comment(), MANAGED).by == "pr-impact"


def test_with_comments_off_a_persons_label_wins_on_every_later_run(h: Harness) -> None:
    h.state.label_by(7, INT, "pm-anna")
    code, _ = h.go(payload("labeled", labels=[INT], sender="pm-anna", label={"name": INT}), comment="false")
    assert code == 0 and h.state.issue_labels[7] == [INT]
    h.state.files[7] = [CI_FILE, *h.state.files[7]]
    code, _ = h.go(payload("synchronize", labels=[INT]), comment="false")  # a push: the rules say user-facing
    assert code == 0 and h.state.issue_labels[7] == [INT]
    assert h.outputs()["impact"] == "internal" and h.state.comment_bodies(7) == []


def test_with_comments_off_the_bots_own_labelled_event_is_not_a_persons_choice(h: Harness) -> None:
    h.state.timeline_supported = False  # a server without the timeline: the event's sender is the record
    h.state.issue_labels[7] = [UF]
    code, _ = h.go(payload("labeled", labels=[UF], sender=BOT, label={"name": UF}), comment="false")
    assert code == 0 and h.outputs()["json"].count('"override":null') == 1
    push_ci_only(h, comment="false")
    assert h.state.issue_labels[7] == [INT]


def test_a_person_who_re_adds_the_bots_label_makes_it_theirs(h: Harness) -> None:
    h.go(payload("opened"))
    h.state.unlabel_by(7, UF, "pm-anna")
    h.state.label_by(7, UF, "pm-anna")  # the run of this `labeled` event was cancelled by the next push
    push_ci_only(h)
    assert h.state.issue_labels[7] == [UF]
    assert "pm-anna" in h.comment() and parse_state(h.comment(), MANAGED).by == "pm-anna"


def test_a_persons_choice_keeps_its_author_when_text_is_appended_to_the_comment(h: Harness) -> None:
    h.go(payload("opened"))
    h.state.label_by(7, INT, "bob")
    h.go(payload("labeled", labels=[UF, INT], sender="bob", label={"name": INT}))
    h.state.comments[7][0]["body"] += "\nthanks!"
    h.go()
    assert h.state.issue_labels[7] == [INT] and parse_state(h.comment(), MANAGED).by == "bob"


def test_a_label_by_a_deleted_account_is_a_persons_choice(h: Harness) -> None:
    h.state.label_by(7, INT, None)
    h.go()
    assert h.state.issue_labels[7] == [INT] and "a maintainer" in h.comment()


def test_the_timeline_rides_in_the_one_graphql_query_and_a_rerun_writes_nothing(h: Harness) -> None:
    h.go(payload("opened"))
    assert len(h.state.requests) == 6
    [query] = [r.body["query"] for r in h.state.requests if r.path.endswith("graphql")]
    assert "timelineItems(last: 100, itemTypes: [LABELED_EVENT, UNLABELED_EVENT])" in query
    assert "... on LabeledEvent { actor { __typename login } label { name } }" in query
    h.state.requests.clear()
    h.go()
    assert len(h.state.requests) == 3 and h.state.writes() == []


def test_a_server_without_the_timeline_is_asked_again_without_it(h: Harness) -> None:
    h.state.timeline_supported = False
    code, log = h.go(payload("opened"))
    queries = [r.body["query"] for r in h.state.requests if r.path.endswith("graphql")]
    assert code == 0 and len(queries) == 2 and "timelineItems" not in queries[1]
    assert h.state.issue_labels[7] == [UF] and "::warning" not in log


# -- the rules' own confidence beside a person's choice ---------------------------------------------


def test_an_override_shows_the_rules_own_confidence_in_comment_json_and_text(h: Harness) -> None:
    from pr_impact.adapters.config_file import default_config
    from pr_impact.core.engine import classify
    from pr_impact.core.model import FileChange, PullRequest
    from pr_impact.core.verdict import Override
    from pr_impact.render.text import render_explain, render_text

    h.state.label_by(7, INT, "pm-anna")  # the rules say user-facing, with high confidence
    h.go()
    body = h.comment()
    assert "high confidence" not in body.splitlines()[0] and "manual override" in body.splitlines()[0]
    assert "would say **User-facing outcome** with high confidence" in body
    assert '"confidence":"high"' in h.outputs()["json"] and '"rules_confidence":"high"' in h.outputs()["json"]
    pr = PullRequest(title="feat: add dark mode", files=(FileChange("src/ui/button.tsx", "modified", 3, 1),))
    verdict = classify(pr, default_config(), Override("internal", "pm-anna", "label"))
    assert verdict.impact == "internal" and verdict.rules_confidence == "high"
    first = render_text(verdict).splitlines()[0]
    assert first.startswith("internal (manual override; the rules alone: user-facing, high confidence)")
    assert "the rules alone: user-facing, high confidence" in render_explain(verdict, default_config())


def test_two_people_choose_differently_the_latest_is_kept_and_the_comment_says_whose_was_replaced(
        h: Harness) -> None:
    """pr-impact keeps one impact label: alice's earlier one is removed, and the comment names it and her."""
    h.go(payload("opened"))
    h.state.label_by(7, "impact: tech-debt", "alice")
    h.state.label_by(7, INT, "bob")
    code, _ = h.go(payload("labeled", labels=[UF, "impact: tech-debt", INT], sender="bob", label={"name": INT}))
    assert code == 0 and h.state.issue_labels[7] == [INT]
    body = h.comment()
    assert "set by bob" in body
    assert "alice's label 'impact: tech\\-debt' was replaced by bob's 'impact: internal', set later" in body
    assert "alice" in h.outputs()["json"] and "latest person's choice is kept" in h.outputs()["json"]
    h.go()  # a later run: the same note, nothing rewritten
    assert h.state.issue_labels[7] == [INT]
