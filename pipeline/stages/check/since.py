"""Pull-request mode: the files changed since the merge base of a ref and HEAD.

Changed means committed on this branch since the merge base, staged, unstaged
or untracked: what a pull request (or a local branch about to become one) adds.
Paths are relative to the brand root, with ``/`` separators; deleted files are
included, since a deleted post can open a hole in the calendar.
"""

from __future__ import annotations

import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import GitError
from pipeline.model.inputs import POSTS_DIR
from pipeline.text.messages import msg


@dataclass(frozen=True)
class Changes:
    """What a branch changed since its merge base, and what git knows of the rest."""

    files: frozenset[str]
    """Files changed since the merge base (committed, staged, unstaged, untracked, deleted)."""
    blobs: dict[str, str] = field(default_factory=dict)
    """Each regular file under ``content/posts`` at the merge base → git's blob id of its bytes.

    For a file not in :attr:`files`, git has just compared it with the merge base and found it
    the same: the id names the bytes it holds now, without reading them. (As far as git knows: a
    file marked ``--assume-unchanged`` is one git was told not to compare, and a checkout filter is
    trusted to turn one blob into one text; line endings are the same text to the loader.)"""


def changed_since(root: Path, ref: str) -> Changes:
    """Files under ``root`` changed since the merge base of ``ref`` and HEAD, and the posts' blob ids."""
    # git itself, not GitPython: its import alone cost more than the rest of a warm --since.
    found = _git(root, "rev-parse", "--show-toplevel", "--absolute-git-dir")
    if found.returncode != 0 or len(found.stdout.splitlines()) != 2:
        raise GitError(msg("--since needs a git repository, and {root} is not in one", root=root))
    top_text, git_dir = found.stdout.splitlines()
    top = Path(top_text).resolve()
    base = _merge_base(top, git_dir, ref)
    prefix = root.resolve().relative_to(top).as_posix()
    posts = POSTS_DIR if prefix == "." else f"{prefix}/{POSTS_DIR}"
    # The first two walk the working tree (30 and 20 ms at 10,000 posts): side by side, on two cores.
    diff, untracked, tree = _git_all(
        top,
        ("diff", "--name-only", "--no-renames", "-z", base, "--"),
        ("ls-files", "--others", "--exclude-standard", "-z"),
        ("ls-tree", "-r", "-z", "--full-tree", base, "--", posts),
    )
    for done in (diff, untracked, tree):
        if done.returncode != 0:
            detail = done.stderr.strip().splitlines()
            raise GitError(
                msg(
                    "git could not list the changes since {ref}: {error}",
                    ref=ref,
                    error=detail[-1] if detail else f"exit status {done.returncode}",
                )
            )
    paths = [p for p in diff.stdout.split("\0") if p] + [p for p in untracked.stdout.split("\0") if p]
    blobs = _blobs(tree.stdout)
    if prefix == ".":
        return Changes(frozenset(paths), blobs)
    lead = prefix + "/"
    return Changes(
        frozenset(p[len(lead) :] for p in paths if p.startswith(lead)),
        {p[len(lead) :]: blob for p, blob in blobs.items()},
    )


class ChangesAhead:
    """:func:`changed_since` run in a thread from now on, for :meth:`result` to wait for.

    Started before the command imports its models and rules (about a third of a second):
    git lists the changes meanwhile, its processes on the other core.
    """

    def __init__(self, root: Path, ref: str) -> None:
        self._found: Changes | None = None
        self._error: Exception | None = None
        self._thread = threading.Thread(target=self._run, args=(root, ref), name="almanac-git", daemon=True)
        self._thread.start()

    def _run(self, root: Path, ref: str) -> None:
        try:
            self._found = changed_since(root, ref)
        except Exception as exc:  # raised again by result(), in the caller's thread
            self._error = exc

    def result(self) -> Changes:
        """What :func:`changed_since` returned, or the error it raised."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._found is not None
        return self._found


def _blobs(listing: str) -> dict[str, str]:
    """``git ls-tree -z`` read as path → blob id, regular files only (a link's blob is its target)."""
    found: dict[str, str] = {}
    for line in listing.split("\0"):
        meta, _tab, path = line.partition("\t")
        mode, _space, rest = meta.partition(" ")
        kind, _space, blob = rest.partition(" ")
        if kind == "blob" and mode in ("100644", "100755") and path:
            found[path] = blob
    return found


_Started = subprocess.Popen[str] | subprocess.CompletedProcess[str]
"""A git command under way, or one that could not start (already a failed run)."""


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run git in ``cwd``; a missing folder or git is a failed run, never an exception."""
    return _finish(_start(cwd, args))


def _git_all(cwd: Path, *commands: tuple[str, ...]) -> list[subprocess.CompletedProcess[str]]:
    """Git commands run at the same time; each as :func:`_git` would return it."""
    return [_finish(started) for started in [_start(cwd, args) for args in commands]]


def _start(cwd: Path, args: tuple[str, ...]) -> _Started:
    """git started in ``cwd``, or the failed run it is when git or the folder is missing."""
    try:
        return subprocess.Popen(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
        )
    except OSError as exc:
        return subprocess.CompletedProcess(list(args), 128, "", str(exc))


def _finish(
    started: subprocess.Popen[str] | subprocess.CompletedProcess[str],
) -> subprocess.CompletedProcess[str]:
    """What a started git printed, once it has ended."""
    if isinstance(started, subprocess.CompletedProcess):
        return started
    out, err = started.communicate()
    return subprocess.CompletedProcess(started.args, started.returncode, out, err)


def commit_of(top: Path, ref: str) -> str | None:
    """The commit ``ref`` names, run in ``top`` (any folder of the repository); None when there is none."""
    if ref.startswith("-"):  # no ref starts so, and git would read it as an option
        return None
    done = _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else None


def _merge_base(top: Path, git_dir: str, ref: str) -> str:
    if not ref.startswith("-"):  # no ref starts so, and git would read it as an option
        found = _git(top, "merge-base", ref, "HEAD")
        if found.returncode == 0 and found.stdout.split():
            return found.stdout.split()[0]
    # No merge base: say why, from each side's own lookup.
    theirs, ours = commit_of(top, ref), commit_of(top, "HEAD")
    if theirs is None or ours is None:
        remote, _slash, branch = ref.partition("/")
        # A remote's branch not fetched yet (CI checks out one branch): say how to fetch it. A local
        # branch with a slash in its name (feature/x) is not a remote's, and gets no such advice.
        if branch and not ref.startswith("-") and remote in _git(top, "remote").stdout.split():
            raise GitError(
                msg(
                    "--since {ref}: no such commit or branch here "
                    "(fetch it first: git fetch {remote} {branch})",
                    ref=ref,
                    remote=remote,
                    branch=branch,
                )
            )
        raise GitError(msg("--since {ref}: no such commit or branch here", ref=ref))
    bases = _git(top, "merge-base", theirs, ours).stdout.split()
    if bases:
        return bases[0]
    if Path(git_dir, "shallow").exists():
        raise GitError(
            msg(
                "--since {ref}: this is a shallow clone and {ref} shares no commit with HEAD in it; "
                "run `git fetch --unshallow` (in GitHub Actions: actions/checkout with `fetch-depth: 0`)",
                ref=ref,
            )
        )
    raise GitError(msg("--since {ref}: {ref} and HEAD have no common history", ref=ref))
