"""Pull-request mode: the files changed since the merge base of a ref and HEAD.

Changed means committed on this branch since the merge base, staged, unstaged
or untracked: what a pull request (or a local branch about to become one) adds.
Paths are relative to the brand root, with ``/`` separators; deleted files are
included, since a deleted post can open a hole in the calendar.
"""

from __future__ import annotations

from pathlib import Path

import git

from pipeline.errors import GitError
from pipeline.text.messages import msg


def changed_since(root: Path, ref: str) -> frozenset[str]:
    """Files under ``root`` changed since the merge base of ``ref`` and HEAD."""
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise GitError(msg("--since needs a git repository, and {root} is not in one", root=root)) from None
    with repo:
        try:
            base = _merge_base(repo, ref)
            raw = repo.git.diff("--name-only", "--no-renames", "-z", base, "--")
            untracked = repo.untracked_files
        except git.GitCommandError as exc:
            detail = (exc.stderr or str(exc)).strip().splitlines()
            raise GitError(
                msg(
                    "git could not list the changes since {ref}: {error}",
                    ref=ref,
                    error=detail[-1] if detail else exc,
                )
            ) from None
        top = Path(repo.working_tree_dir or root).resolve()
    prefix = root.resolve().relative_to(top).as_posix()
    paths = [p for p in raw.split("\0") if p] + list(untracked)
    if prefix == ".":
        return frozenset(paths)
    return frozenset(p[len(prefix) + 1 :] for p in paths if p.startswith(prefix + "/"))


def _merge_base(repo: git.Repo, ref: str) -> str:
    try:
        theirs = repo.commit(ref)
        ours = repo.head.commit
    except (git.BadName, ValueError, git.GitCommandError):
        if "/" in ref:
            raise GitError(
                msg(
                    "--since {ref}: no such commit or branch here "
                    "(fetch it first: git fetch origin {branch})",
                    ref=ref,
                    branch=ref.removeprefix("origin/"),
                )
            ) from None
        raise GitError(msg("--since {ref}: no such commit or branch here", ref=ref)) from None
    bases = repo.merge_base(theirs, ours)
    if bases:
        return str(bases[0].hexsha)
    if Path(repo.git_dir, "shallow").exists():
        raise GitError(
            msg(
                "--since {ref}: this is a shallow clone and {ref} shares no commit with HEAD in it; "
                "run `git fetch --unshallow` (in GitHub Actions: actions/checkout with `fetch-depth: 0`)",
                ref=ref,
            )
        )
    raise GitError(msg("--since {ref}: {ref} and HEAD have no common history", ref=ref))
