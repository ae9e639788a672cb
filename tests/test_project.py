"""Loading a project: which files are found, and what only shows across files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import EXAMPLES, MINIMAL_JOURNEY, Result

from journeymap.project import discover, load_project


def test_two_journeys_with_one_id_make_the_second_an_error(write: Callable[..., Path]) -> None:
    first = write("id: shop\n" + MINIMAL_JOURNEY, "a/first.journey.yaml")
    second = write("# the same journey, copied\nid: shop\n" + MINIMAL_JOURNEY, "b/second.journey.yaml")
    project = load_project([str(first.parent.parent)])
    assert [file.graph is not None for file in project.journeys] == [True, False]
    [error] = [finding for finding in project.findings if finding.is_error]
    assert (error.path, error.line, error.column, error.code) == (str(second), 2, 5, "duplicate-id")
    assert str(first) in error.message


def test_folders_are_searched_recursively_in_sorted_order(write: Callable[..., Path], tmp_path: Path) -> None:
    write(MINIMAL_JOURNEY, "b/z.journey.yaml")
    write(MINIMAL_JOURNEY, "a/y.journey.yaml")
    write(MINIMAL_JOURNEY, ".hidden/x.journey.yaml")
    write("not a journey", "a/notes.yaml")
    found = discover([str(tmp_path)])
    assert [Path(path).relative_to(tmp_path).as_posix() for path in found] == ["a/y.journey.yaml", "b/z.journey.yaml"]


def test_a_walkthrough_of_a_journey_that_is_not_given_is_located(
    write: Callable[..., Path], cli: Callable[..., Result]
) -> None:
    walkthrough = write(
        "journey: shop\nparticipant: Jan\ndate: 2026-11-20\nsteps:\n  - touchpoint: order\n", "jan.walkthrough.yaml"
    )
    result = cli("check", walkthrough)
    assert result.exit_code == 1
    assert f"{walkthrough}:1:10: error[unknown-reference] there is no journey 'shop'" in result.out


def test_a_walkthrough_of_a_journey_with_errors_is_not_told_the_journey_is_missing(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    write(MINIMAL_JOURNEY.replace("effort: 2", "effort: 9"), "shop.journey.yaml")
    write("journey: shop\nparticipant: Jan\ndate: 2026-11-20\nsteps:\n  - touchpoint: order\n", "jan.walkthrough.yaml")
    project = load_project([str(tmp_path)])
    errors = [finding for finding in project.findings if finding.is_error]
    assert [(Path(error.path).name, error.code) for error in errors] == [("shop.journey.yaml", "bad-value")]
    assert [file.walkthrough is not None for file in project.walkthroughs] == [True]


def test_a_walkthrough_checked_alone_finds_its_journey_beside_it(cli: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "minimal.journey.yaml").write_text(MINIMAL_JOURNEY, encoding="utf-8")
    walk = tmp_path / "ann.walkthrough.yaml"
    walk.write_text("journey: minimal\nparticipant: Ann\ndate: 2026-05-01\nsteps: [{touchpoint: order}]\n")
    result = cli("check", walk)
    assert result.exit_code == 0, result.out
    assert "1 file checked: 0 errors" in result.out
    walk.write_text("journey: minimal\nparticipant: Ann\ndate: 2026-05-01\nsteps: [{touchpoint: ordr}]\n")
    result = cli("check", walk)
    assert "there is no touchpoint 'ordr'; did you mean 'order'?" in result.out  # checked against it, too


def test_a_walkthrough_finds_its_journey_up_to_the_repository_root(cli: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "minimal.journey.yaml").write_text(MINIMAL_JOURNEY, encoding="utf-8")
    (tmp_path / "walks" / "2026").mkdir(parents=True)
    walk = tmp_path / "walks" / "2026" / "ann.walkthrough.yaml"
    walk.write_text("journey: minimal\nparticipant: Ann\ndate: 2026-05-01\nsteps: [{touchpoint: order}]\n")
    assert cli("check", walk).exit_code == 0


def test_without_a_repository_only_the_walkthroughs_own_folder_is_searched(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    (tmp_path / "minimal.journey.yaml").write_text(MINIMAL_JOURNEY, encoding="utf-8")
    (tmp_path / "walks").mkdir()
    walk = tmp_path / "walks" / "ann.walkthrough.yaml"
    walk.write_text("journey: minimal\nparticipant: Ann\ndate: 2026-05-01\nsteps: [{touchpoint: order}]\n")
    result = cli("check", walk)
    assert result.exit_code == 1 and "there is no journey 'minimal'" in result.out


def test_a_to_be_checked_alone_finds_its_baseline_beside_it(cli: Callable[..., Result]) -> None:
    result = cli("check", EXAMPLES / "phone-purchase-to-be.journey.yaml")
    assert "unknown-baseline" not in result.out
