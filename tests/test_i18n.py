"""The catalogues: every marked message is in them, French is complete, and Babel formats dates and numbers.

Messages are found the way ``pybabel extract -F babel.cfg`` finds them: Babel's extraction over
the package, and for the templates the extractor Jinja registers for Babel, configured by a
``[jinja2: …/templates/**.html]`` section of the mapping file (Jinja's docs/extensions.rst,
"Babel Integration"; github.com/pallets/jinja). A string wrapped in ``_()`` in a template or
``gettext``/``msg`` in Python and left out of the catalogue fails here. Grouping and percent
signs are CLDR's as Babel applies them (babel.numbers.format_decimal/format_percent, Babel's API
docs "Numbers and Currencies"); French day and month names are CLDR's (lun. … dim., janv. … déc.).
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable
from datetime import date, datetime
from html import unescape
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from click.testing import Result

from pipeline.stages.check.rules import rule_info
from pipeline.stages.history import read_history
from pipeline.stages.load.loader import load_project
from pipeline.stages.site import render_site
from pipeline.text.i18n import LANGUAGES, catalogue_language, po_path, translator, user_language
from tests.conftest import REPO
from tests.site_build import make_brand

FIX = (
    "PYTHONPATH=. pybabel extract -F babel.cfg -k msg -k msgn:1,2 -k wrap --no-location --sort-output "
    "-o /tmp/almanac.pot . && "
    "pybabel update -i /tmp/almanac.pot -d pipeline/locale -D almanac --no-fuzzy-matching "
    "--ignore-obsolete, then translate the empty msgstr of pipeline/locale/fr/LC_MESSAGES/almanac.po"
)
STANDS_FOR: dict[str, dict[str, str]] = {}
"""Values a message is given beyond those its English names, and the one each may replace."""
_PLACEHOLDER = re.compile(r"%\((\w+)\)s|\{(\w+)\}")


def _extracted() -> dict[str | tuple[str, ...], str]:
    """Every message the code and the templates mark, keyed by msgid (plurals as tuples), with a location."""
    with (REPO / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)  # type: ignore[no-untyped-call]
    found: dict[str | tuple[str, ...], str] = {}
    keywords = {
        "_": None,
        "gettext": None,
        "ngettext": (1, 2),
        "msg": None,
        "msgn": (1, 2),
        "wrap": None,
        "N_": None,
    }  # as `-k msg -k msgn:1,2 -k wrap`
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(REPO), method_map, options_map, keywords=keywords
    ):
        found.setdefault(message, f"{filename}:{lineno}")
    return found


def _catalogue(language: str) -> Catalog:
    with (REPO / "pipeline" / po_path(language)).open("rb") as handle:
        return read_po(handle, locale=language)


def _key(message_id: str | tuple[str, ...] | list[str]) -> str | tuple[str, ...]:
    return message_id if isinstance(message_id, str) else tuple(message_id)


@pytest.fixture(scope="module")
def extracted() -> dict[str | tuple[str, ...], str]:
    return _extracted()


def test_extraction_finds_the_site_the_feeds_and_the_bundle(
    extracted: dict[str | tuple[str, ...], str],
) -> None:
    where = " ".join(extracted.values())
    for part in ("templates/month.html", "templates/post.html", "feeds/events.py", "bundle/readme.py"):
        assert part in where, part
    assert len(extracted) > 150


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_marked_message_is_in_the_catalogue(
    language: str, extracted: dict[str | tuple[str, ...], str]
) -> None:
    known = {_key(m.id) for m in _catalogue(language) if m.id}
    missing = {k: v for k, v in extracted.items() if k not in known}
    assert not missing, f"not in the {language} catalogue (run {FIX}):\n" + "\n".join(
        f"  {v}: {k!r}" for k, v in sorted(missing.items(), key=lambda kv: kv[1])
    )
    stale = sorted(str(k) for k in known - set(extracted))
    assert not stale, f"in the {language} catalogue but marked nowhere (run {FIX}): {stale}"


def test_french_is_complete_and_keeps_every_placeholder() -> None:
    problems = []
    for message in _catalogue("fr"):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string or ())
        if not all(strings):
            problems.append(f"no French for {message.id!r}")
            continue
        swaps = STANDS_FOR.get(ids[0], {})
        wanted = {n for i in ids for n in _names(i)}
        for text in strings:
            said = {swaps.get(n, n) for n in _names(text)}
            if said - wanted:
                problems.append(f"unknown placeholder in {text!r}")
            # A plural's singular may say its number in words ("l'année à venir"); others keep them all.
            if len(strings) == 1 and said != wanted:
                problems.append(f"placeholders of {message.id!r} lost in {text!r}")
    assert not problems, "\n".join(problems)


_CODE_SPAN = re.compile(r"`[^`]*`")
_STRAIGHT_APOSTROPHE = re.compile(r"[A-Za-zÀ-ÿ]'[A-Za-zÀ-ÿ]")
_BREAKABLE_BEFORE_MARK = re.compile(r" [:;?!](?=\s|$)")


def test_french_is_written_with_french_typography() -> None:
    # What Almanac prints in French follows the rules its own typography checks hold posts to: the
    # typographic apostrophe, and a no-break space before : ; ? ! and inside « » (a plain space
    # lets a browser or a terminal break the line before the mark). Code spans are left as typed.
    problems = []
    for message in _catalogue("fr"):
        if not message.id:
            continue
        for text in [message.string] if isinstance(message.string, str) else list(message.string or ()):
            prose = _CODE_SPAN.sub("", text)
            if _STRAIGHT_APOSTROPHE.search(prose):
                problems.append(f"straight apostrophe in {text!r}")
            if _BREAKABLE_BEFORE_MARK.search(prose) or "« " in prose or " »" in prose:
                problems.append(f"breakable space at a mark in {text!r}")
    assert not problems, "\n".join(problems)


def _names(text: str) -> set[str]:
    return {a or b for a, b in _PLACEHOLDER.findall(text)}


def test_pending_fragments_are_valid_po() -> None:
    """Branches leave French fragments in ``_pending/``; they must parse, for ``msgcat`` to merge them."""
    for fragment in sorted((REPO / "pipeline/locale/_pending").glob("*.po")):
        text = fragment.read_text(encoding="utf-8")
        # msgcat refuses non-ASCII text from a file whose header names no charset.
        assert text.isascii() or "charset=UTF-8" in text, f"{fragment.name}: add the charset header"
        with fragment.open("rb") as handle:
            read_po(handle, locale="fr")


def test_babel_formats_as_french_writes() -> None:
    fr = translator("fr-FR")
    assert fr.day(date(2027, 1, 4), year=False) == "lundi 4 janvier"
    assert fr.day(date(2026, 12, 1)) == "mardi 1er décembre 2026"
    assert fr.number(1234) == "1\u202f234"  # CLDR's French group separator: a narrow no-break space
    assert fr.percent(0.2) == "20\u00a0%"
    assert fr.weekdays()[0] == "lun." and fr.weekdays("wide")[6] == "dimanche"
    assert fr.month(date(2027, 2, 1)) == "février 2027"
    assert fr.month_year_short(date(2027, 2, 1)) == "févr. 2027"
    assert fr.time(datetime(2027, 1, 6, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))) == "09:30"
    assert fr.ngettext(
        "{count} entry is a post still in review (draft: true): not to publish as is.",
        "{count} entries are posts still in review (draft: true): not to publish as is.",
        2,
    ).startswith("2 entrées")
    en = translator("en-GB")
    assert en.day(date(2027, 1, 4)) == "Monday, 4 January 2027"
    assert en.number(1234) == "1,234" and en.percent(0.2) == "20%"
    assert en.gettext("Month") == "Month" and fr.gettext("Month") == "Mois"
    # Items on one line (the agenda's notes of a day, the pause's listing): French typography.
    assert (
        fr.listed(["marronnier\u00a0: Noël", "gel\u00a0: Trêve"])
        == "marronnier\u00a0: Noël\u202f; gel\u00a0: Trêve"
    )
    assert en.listed(["seasonal: Christmas", "freeze: Truce"]) == "seasonal: Christmas; freeze: Truce"


def test_languages_from_tags_and_the_environment() -> None:
    assert catalogue_language("fr-CA") == "fr" and catalogue_language("fr_FR.UTF-8") == "fr"
    assert catalogue_language("de-DE") == "en"  # no German catalogue yet: the msgids
    assert user_language("en", {"LANG": "fr_FR.UTF-8"}) == "en"
    assert user_language(None, {"LANG": "en_GB.UTF-8"}) == "en_GB.UTF-8"
    assert user_language(None, {"LC_ALL": "C.UTF-8", "LANG": "fr_FR.UTF-8"}) == "en"  # C: untranslated
    assert user_language(None, {}) == "en"
    assert user_language(None, {"LANGUAGE": "en_US:fr", "LANG": "fr_FR.UTF-8"}) == "en_US"


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_a_french_brand_reads_no_english_and_an_english_brand_no_french(tmp_path: Path) -> None:
    root = make_brand(tmp_path)
    # A post in January too, so that the months' pager has a month on each side.
    december = root / "content/posts/2026/12/2026-12-01-bonjour.md"
    january = root / "content/posts/2027/01/2027-01-05-bonne-annee.md"
    january.parent.mkdir(parents=True)
    january.write_text(
        december.read_text(encoding="utf-8").replace("publish_at: 2026-12-01", "publish_at: 2027-01-05"),
        encoding="utf-8",
    )
    project = load_project(root, use_cache=False)
    pages = {
        k: (v.data or b"").decode()
        for k, v in render_site(project, read_history(root), []).items()
        if not k.startswith("site/fonts/")  # the brand's font files are not text
    }
    english = [
        m.id
        for m in _catalogue("fr")
        if isinstance(m.id, str)
        and " " in m.id
        and any(c.isalpha() for c in m.id)  # words, not a separator ("; ")
        and not _PLACEHOLDER.search(m.id)
        and m.id != m.string
    ]
    for path, html in pages.items():
        if path.endswith(".html"):
            text = _text(html)
            assert not [e for e in english if e in text], path
    assert (
        'lang="fr-FR"' in pages["site/index.html"]
        and "Toutes les publications" in pages["site/subscribe.html"]
    )
    # The months' pager names the months next door as a reader would (it showed « 2026-12 → »).
    pager = [
        label
        for path, html in pages.items()
        if path.startswith("site/month/")
        for label in re.findall(r'rel="(?:prev|next)">[^<]*<span class="sr">[^<]*</span>([^<]*)</a>', html)
    ]
    assert pager and all(re.fullmatch(r"(?:← )?[a-zéû]+\.? 20\d\d(?: →)?", label) for label in pager), pager
    # So does the weeks' (it showed « 2026-W49 »), with the year when the week is of another.
    weeks = {
        path: re.findall(r'rel="(?:prev|next)">[^<]*<span class="sr">[^<]*</span>([^<]*)</a>', html)
        for path, html in pages.items()
        if path.startswith("site/week/")
    }
    assert weeks["site/week/2026-W49.html"] == ["sem.\u00a050 →"]
    assert weeks["site/week/2026-W53.html"] == ["sem.\u00a052", "sem.\u00a01 (2027) →"]
    assert weeks["site/week/2027-W01.html"] == ["sem.\u00a053 (2026)", "sem.\u00a02 →"]

    charter = root / "charter.yaml"
    charter.write_text(charter.read_text(encoding="utf-8").replace("fr-FR", "en-GB"), encoding="utf-8")
    project = load_project(root, use_cache=False)
    english_pages = render_site(project, read_history(root), [])
    home = (english_pages["site/index.html"].data or b"").decode()
    assert 'lang="en-GB"' in home and "Next up" in home and "À venir" not in home
    assert "Every post" in (english_pages["site/subscribe.html"].data or b"").decode()


def _locale(lang: str) -> dict[str, str]:
    # Only LANG speaks: the variables gettext reads before it are emptied (empty means unset).
    return {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": lang}


def test_check_speaks_the_users_language_and_keeps_ids_and_keys(
    brand: Callable[[str], Path], run: Callable[..., Result]
) -> None:
    root = brand("invalid")
    english = run(["check", "--root", str(root), "--today", "2026-11-24"], env=_locale("C.UTF-8"))
    assert "unknown key `chanels` — did you mean `channels`?" in english.output
    assert english.output.rstrip().endswith("info")
    french = run(["check", "--root", str(root), "--today", "2026-11-24"], env=_locale("fr_FR.UTF-8"))
    assert french.exit_code == english.exit_code == 1
    # A validator's message inside pydantic's error, translated in its frame.
    assert "`publish_at`\u00a0: février 2026 n’a que 28 jours (lu\u00a0: '2026-02-30 10:00')" in french.output
    assert (
        "erreur [schema.unknown] clé inconnue `chanels` — vouliez-vous dire `channels`\u202f?"
        in french.output
    )
    assert re.search(r"\n\d+ erreurs, \d+ avertissements?, \d+ infos?\n$", french.output), french.output[
        -200:
    ]
    # --lang wins over the locale; JSON keeps its English keys and rule ids, the message is French.
    data = json.loads(
        run(
            ["check", "--root", str(root), "--today", "2026-11-24", "--format", "json", "--lang", "fr"],
            env=_locale("en_GB.UTF-8"),
        ).output
    )
    unknown = next(f for f in data["findings"] if f["rule"] == "schema.unknown")
    assert set(unknown) >= {"rule", "level", "file", "line", "column", "message"}
    assert unknown["level"] == "error" and unknown["message"].startswith("clé inconnue")
    # The check cache holds findings once, whatever the language: a warm English run is English again.
    again = run(["check", "--root", str(root), "--today", "2026-11-24"], env=_locale("en_GB.UTF-8"))
    assert again.output == english.output


def test_the_site_says_findings_in_the_brands_language(tmp_path: Path) -> None:
    root = make_brand(tmp_path)
    post = root / "content/posts/2026/12/2026-12-01-bonjour.md"
    post.write_text(
        post.read_text(encoding="utf-8").replace("title:", "titel: x\ntitle:", 1), encoding="utf-8"
    )
    project = load_project(root, use_cache=False)
    assert any(f.template for f in project.findings)
    report = (
        render_site(project, read_history(root), project.findings)["site/report.html"].data or b""
    ).decode()
    assert "clé inconnue `titel`" in unescape(report)
    # The navigation's count agrees with its noun for screen readers (French: 0 and 1 singular).
    shown = sum(f.level.value in ("error", "warning") for f in project.findings)
    noun = "problème" if shown < 2 else "problèmes"
    assert f'{shown}<span class="sr"> {noun}</span>' in report
    # The rule's rationale under it, in the brand's language too (SARIF keeps the English one).
    unknown = rule_info("schema.unknown")
    assert unknown is not None and unknown.rationale in _catalogue("fr")
    assert "faute de frappe qui perd un réglage" in unescape(report)
    assert unknown.rationale not in unescape(report)


def test_build_reports_in_the_users_language(
    brand: Callable[[str], Path], run: Callable[..., Result]
) -> None:
    root = brand("minimal")
    env = {**_locale("fr_FR.UTF-8"), "SOURCE_DATE_EPOCH": "1795510800"}
    built = run(["build", "--root", str(root), "--today", "2026-11-24"], env=env)
    assert built.exit_code == 0, built.output
    assert "\nconstruit " in built.output and "fichiers" in built.output
    # The stages are named in French too, and the counts follow each name.
    line = built.output.strip().splitlines()[-1]
    assert re.search(r"\(visuels \d+, flux \d+, rapport 1, site \d+, lot \d+\)", line), line
    # The site stays in the brand's language whatever the user's: here French, as the charter says.
    assert "Aller au contenu" in (root / "dist/site/index.html").read_text(encoding="utf-8")


_SHOWN = {"click.echo", "fail", "Hit"}
"""Calls whose first argument a person reads as it is: click's lines, ``fail``, a rule's finding."""
_RAISED = {"AlmanacError", "RootError", "CharterError", "UsageError", "GitError", "OutputError"}
_RAISED |= {"SourceError", "RenderError", "LedgerError", "ExportError", "RowError", "BadParameter"}
_MARKERS = {"_", "gettext", "ngettext", "msg", "msgn", "wrap", "N_"}
_WORD = re.compile(r"[A-Za-z]{3,}")
_WRITTEN_AS_IS = {
    # The program's name before a message already translated.
    ("pipeline/cli/common.py", "almanac: "),
    # voice.register speaks the brand's register, in French by design (README, "Languages").
    ("pipeline/stages/check/rules/voice.py", ", alors que la charte "),
}


def _called(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_called(node.value)}.{node.attr}"
    return ""


def _words(node: ast.expr) -> str | None:
    """The first English-looking literal text of a string or f-string argument, or None."""
    pieces: list[ast.expr] = [node]
    if isinstance(node, ast.JoinedStr):
        pieces = list(node.values)
    for piece in pieces:
        if isinstance(piece, ast.Constant) and isinstance(piece.value, str) and _WORD.search(piece.value):
            return piece.value
    return None


def _python_sources() -> list[tuple[str, ast.Module]]:
    return [
        (path.relative_to(REPO).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted((REPO / "pipeline").rglob("*.py"))
    ]


def test_no_english_text_is_printed_or_raised_without_the_catalogue() -> None:
    """A literal handed straight to ``click.echo``, ``fail``, ``Hit`` or an error is English for everyone.

    Such text must go through ``_()``/``msg()`` (then the catalogue, then the user's language).
    """
    found = []
    for where, tree in _python_sources():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = _called(node.func)
            if name in _SHOWN or name.rsplit(".", 1)[-1] in _RAISED:
                text = _words(node.args[0])
                if text is not None and (where, text) not in _WRITTEN_AS_IS:
                    found.append(f"{where}:{node.lineno}: {name}({text!r}…)")
    assert not found, "wrap these in _() or msg():\n" + "\n".join(found)


def test_every_marked_literal_is_in_the_catalogue_even_inside_an_f_string() -> None:
    """Babel's extractor may skip a marked call inside an f-string; Python's own parser does not."""
    known = {_key(m.id) for m in _catalogue("fr") if m.id}
    known |= {k[0] for k in known if isinstance(k, tuple)}
    missing = []
    for where, tree in _python_sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args and _called(node.func).rsplit(".", 1)[-1] in _MARKERS:
                first = node.args[0]
                text = first.value if isinstance(first, ast.Constant) else None
                if isinstance(text, str) and text not in known:
                    missing.append(f"{where}:{node.lineno}: {text!r}")
    assert not missing, f"not in the catalogue (run {FIX}):\n" + "\n".join(missing)
