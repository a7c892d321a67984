from __future__ import annotations

import pytest
from gitrepo import GitRepo

from schemalint.errors import UsageError
from schemalint.sources.git import BATCH, Git


def test_history_lists_blobs_newest_first_along_first_parent(repo: GitRepo) -> None:
    repo.write("schemas/a/value.avsc", "1")
    first = repo.commit()
    repo.write("schemas/a/value.avsc", "2")
    second = repo.commit()
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("schemas/a/value.avsc", "3")
    repo.commit()
    repo.write("schemas/a/value.avsc", "4")
    repo.commit()
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "feature", "-m", "merge")
    git = Git(repo.path)
    history = git.history("HEAD", ["schemas"])
    versions = history.lineage("schemas/a/value.avsc", follow_renames=False)
    blobs = git.read_blobs(v.blob for v in versions)
    # The merge commit carries the feature branch's net change; its inner commits are skipped.
    assert [blobs[v.blob] for v in versions] == [b"4", b"2", b"1"]
    assert versions[-1].commit == first and versions[-2].commit == second


def test_renames_are_followed_only_when_asked(repo: GitRepo) -> None:
    repo.write("schemas/a/Order.avsc", '{"type": "record", "name": "Order", "fields": []}')
    repo.commit()
    (repo.path / "schemas/b").mkdir()
    repo.git("mv", "schemas/a/Order.avsc", "schemas/b/Order.avsc")
    repo.commit()
    git = Git(repo.path)
    history = git.history("HEAD", ["schemas"], follow_renames=True)
    assert len(history.lineage("schemas/b/Order.avsc", follow_renames=True)) == 2
    assert len(history.lineage("schemas/b/Order.avsc", follow_renames=False)) == 1


def test_changes_include_untracked_and_deleted_files(repo: GitRepo) -> None:
    repo.write("schemas/a/value.avsc", "1")
    repo.write("schemas/b/value.avsc", "1")
    repo.commit()
    repo.write("schemas/a/value.avsc", "2")
    repo.remove("schemas/b/value.avsc")
    repo.write("schemas/c/value.avsc", "new")
    changes = Git(repo.path).changes("HEAD", ["schemas"])
    assert {(c.status, c.path) for c in changes} == {
        ("M", "schemas/a/value.avsc"), ("D", "schemas/b/value.avsc"),
        ("A", "schemas/c/value.avsc"),
    }


def test_read_paths_reports_absent_files_as_none(repo: GitRepo) -> None:
    repo.write("schemas/a/value.avsc", "x")
    repo.commit()
    contents = Git(repo.path).read_paths("HEAD", ["schemas/a/value.avsc", "schemas/nope.avsc"])
    assert contents == {"schemas/a/value.avsc": b"x", "schemas/nope.avsc": None}


def test_unknown_ref_is_a_usage_error_naming_it(repo: GitRepo) -> None:
    repo.write("x", "1")
    repo.commit()
    with pytest.raises(UsageError, match="no-such-branch"):
        Git(repo.path).resolve_against("no-such-branch")


# (branches, the first checked out; --against as typed; the ref the error suggests, or
# None): a first-day typo said only "no such commit, branch or tag".
MISTYPED_AGAINST = [
    (["main"], "mian", "main"),
    (["main"], "origin/main", "main"),  # a clone without that remote
    (["master"], "main", "master"),
    (["main", "origin-main"], "upstream/main", "main"),
    (["main", "master"], "mastr", "master"),
    (["main"], "v2.0.0", None),
]


@pytest.mark.parametrize(("branches", "typed", "meant"), MISTYPED_AGAINST,
                         ids=[case[1] for case in MISTYPED_AGAINST])
def test_a_mistyped_against_names_the_ref_it_likely_meant(
        repo: GitRepo, branches: list[str], typed: str, meant: str | None) -> None:
    repo.write("schemas/a/value.avsc", "1")
    repo.commit()
    repo.git("branch", "-m", branches[0])
    for branch in branches[1:]:
        repo.git("branch", branch)
    with pytest.raises(UsageError) as raised:
        Git(repo.path).resolve_against(typed)
    suggestion = f"(did you mean {meant}?)" if meant else "did you mean"
    assert (suggestion in str(raised.value)) is (meant is not None), str(raised.value)


def test_the_work_tree_listing_leaves_out_deleted_files_and_adds_untracked_ones(
        repo: GitRepo) -> None:
    repo.write("schemas/a/value.avsc", "1")
    repo.write("schemas/b/value.avsc", "1")
    repo.commit()
    repo.remove("schemas/b/value.avsc")
    repo.write("schemas/c/value.avsc", "new")
    (repo.path / "schemas" / "d").mkdir()
    (repo.path / "schemas" / "d" / "value.avsc").symlink_to("nowhere")  # dangling: present
    assert Git(repo.path).work_tree_files(["schemas"]) == (
        ["schemas/a/value.avsc"], ["schemas/c/value.avsc", "schemas/d/value.avsc"], [])


def test_the_work_tree_listing_names_files_outside_a_sparse_checkout_apart(
        repo: GitRepo) -> None:
    repo.write("schemas/a/value.avsc", "1")
    repo.write("schemas/b/value.avsc", "1")
    repo.commit()
    repo.git("update-index", "--skip-worktree", "schemas/b/value.avsc")
    (repo.path / "schemas" / "b" / "value.avsc").unlink()
    listing = Git(repo.path).work_tree_files(["schemas"])
    assert listing == (["schemas/a/value.avsc"], [], ["schemas/b/value.avsc"])
    assert Git(repo.path).read_paths("", listing.sparse) == {"schemas/b/value.avsc": b"1"}


def test_a_prefetched_command_serves_the_run_that_asks_for_it(repo: GitRepo) -> None:
    repo.write("schemas/a/value.avsc", "1")
    repo.commit()
    git = Git(repo.path)
    git.prefetch(("ls-files", "-z"))
    git._started[("ls-files", "-z")].wait()
    repo.write("schemas/b/value.avsc", "2")
    repo.git("add", "schemas/b/value.avsc")
    # The answer is the prefetched one: the index as it was before b was added.
    assert git.run("ls-files", "-z") == b"schemas/a/value.avsc\0"
    assert git._started == {}
    # Asked again, the command runs anew.
    assert git.run("ls-files", "-z") == b"schemas/a/value.avsc\0schemas/b/value.avsc\0"


def test_a_prefetched_batch_reader_takes_its_input_later(repo: GitRepo) -> None:
    repo.write("schemas/a/value.avsc", "hello")
    repo.commit()
    git = Git(repo.path)
    git.prefetch(BATCH, takes_input=True)
    assert git.read_paths("HEAD", ["schemas/a/value.avsc"]) == {
        "schemas/a/value.avsc": b"hello"}
    assert git._started == {}


def test_a_prefetched_command_started_without_input_does_not_serve_one_with_input(
        repo: GitRepo) -> None:
    repo.write("schemas/a/value.avsc", "hello")
    repo.commit()
    git = Git(repo.path)
    git.prefetch(BATCH)
    assert git.read_paths("HEAD", ["schemas/a/value.avsc"]) == {
        "schemas/a/value.avsc": b"hello"}
    git.close()
    assert git._started == {}


def test_close_reaps_what_nobody_asked_for(repo: GitRepo) -> None:
    repo.write("x", "1")
    repo.commit()
    git = Git(repo.path)
    git.prefetch(BATCH, takes_input=True)
    git.prefetch(("log", "--oneline"))
    processes = list(git._started.values())
    git.close()
    assert all(process.returncode is not None for process in processes)
