"""Why the system refused a file or a port, in the user's language, inside the message that frames it."""

from __future__ import annotations

import errno
import os
import socket
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from pipeline.stages.check.localize import say
from pipeline.stages.load.files import read_regular
from pipeline.text.i18n import translator
from pipeline.text.messages import N_
from pipeline.text.oserrors import os_reason, with_reason

FRENCH = translator("fr")


def test_a_known_error_is_said_in_english_and_in_french() -> None:
    denied = OSError(errno.EACCES, "Permission denied", "dist/site")
    assert os_reason(denied) == "permission denied"
    assert say(os_reason(denied), FRENCH) == "accès refusé"


def test_the_reason_is_translated_inside_its_frame() -> None:
    full = OSError(errno.ENOSPC, "No space left on device")
    message = with_reason(N_("cannot write {path}: {error}"), full, path="dist/feeds/instagram.ics")
    assert message == "cannot write dist/feeds/instagram.ics: the disk is full"
    assert say(message, FRENCH) == "impossible d’écrire dist/feeds/instagram.ics\u00a0: le disque est plein"


def test_a_rarer_error_keeps_the_systems_words() -> None:
    busy = OSError(errno.EBUSY, "Device or resource busy")
    assert os_reason(busy) == "Device or resource busy"
    assert say(with_reason(N_("cannot read: {error}"), busy), FRENCH).endswith("Device or resource busy")


def test_almanacs_own_reason_stays_translatable(tmp_path: Path) -> None:
    pipe = tmp_path / "tube.md"
    os.mkfifo(pipe)
    try:
        read_regular(pipe, 100)
    except OSError as exc:
        reason = os_reason(exc)
    else:  # pragma: no cover - a pipe is never a regular file
        raise AssertionError("a pipe was read")
    assert reason == "not a regular file (a pipe, device or socket?)"
    assert say(reason, FRENCH) != reason


def test_serve_on_a_port_in_use_says_so_in_french(
    brand: Callable[[str], Path], run: Callable[..., Result]
) -> None:
    root = brand("minimal")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(["serve", "--root", str(root), "--port", str(port), "--lang", "fr"])
    assert result.exit_code != 0
    assert f"127.0.0.1:{port}" in result.output
    assert "le port est déjà utilisé" in result.output
