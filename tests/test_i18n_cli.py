"""The command line in the user's language: findings of every kind, errors, summaries, annotations.

Each command runs twice, under ``LANG=fr_FR.UTF-8`` (or ``--lang fr``) and under ``LANG=C.UTF-8``:
French for the first, the English msgids for the second, as gettext reads the locale (GNU gettext
manual, "Locale Environment Variables": LANGUAGE, LC_ALL, LC_MESSAGES, LANG; ``C`` means no
translation). GitHub's workflow-command syntax for the annotations is from GitHub's docs,
"Workflow commands for GitHub Actions" (``::error file=…,line=…,col=…,title=…::message``).
"""

from __future__ import annotations

import json
import pickle
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from click.testing import Result
from PIL import Image

from pipeline.build.context import BuildOptions
from pipeline.build.serve import Preview
from pipeline.commands.handover import HOW_TO
from pipeline.stages.check.localize import say
from pipeline.stages.check.rules.sources import SourceStore
from pipeline.text.i18n import translator
from pipeline.text.messages import from_json, msg, parts, to_json, wrap
from tests.bundlekit import render_visuals, unzip
from tests.bundlekit import write_brand as bundle_brand
from tests.site_build import make_brand
from tests.test_results_import import VITRINE_FB
from tests.test_results_import import _csv as results_csv

FR = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "fr_FR.UTF-8"}
C = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}
TODAY = ["--today", "2026-11-24"]


def _findings(run: Callable[..., Result], root: Path, lang: str) -> list[dict[str, str]]:
    done = run(["check", "--root", str(root), *TODAY, "--format", "json", "--lang", lang], env=C)
    findings: list[dict[str, str]] = json.loads(done.output)["findings"]
    return findings


def test_every_finding_of_the_invalid_brand_is_said_in_french(
    brand: Callable[[str], Path], run: Callable[..., Result]
) -> None:
    """yaml.*, schema.*, asset.*, post.* and time.* findings: none is left in English."""
    root = brand("invalid")
    english = _findings(run, root, "en")
    french = _findings(run, root, "fr")
    assert [(f["rule"], f["line"]) for f in french] == [(f["rule"], f["line"]) for f in english]
    rules = {f["rule"] for f in english}
    assert {"yaml.syntax", "schema.type", "asset.missing", "asset.outside-root"} <= rules
    assert {"post.unknown-channel", "post.unknown-topic", "post.duplicate-id"} <= rules
    same = [
        (e["rule"], e["message"])
        for e, f in zip(english, french, strict=True)
        if e["message"] == f["message"]
    ]
    assert not same, same
    said = {f["rule"] + " " + f["message"] for f in french}
    assert "asset.missing `assets/images/absente.jpg` n’existe pas" in said
    assert (
        "schema.type `channels`\u00a0: une liste est attendue (lu\u00a0: 'x')" in said
    )  # pydantic's list_type
    assert (
        "yaml.syntax tabulation dans le YAML\u00a0: indentez avec des espaces, jamais des tabulations" in said
    )
    assert "post.unknown-topic marronnier inconnu `noell` — vouliez-vous dire `noel`\u202f?" in said


def test_the_text_report_and_github_annotations_in_french_and_english(
    brand: Callable[[str], Path], run: Callable[..., Result]
) -> None:
    root = brand("invalid")
    text = run(["check", "--root", str(root), *TODAY], env=FR).output
    assert "(correction\u00a0: noel)" in text and "(fix: noel)" not in text
    github = run(["check", "--root", str(root), *TODAY, "--format", "github"], env=FR).output
    # GitHub shows 10 errors a step: the rest is named in a last notice, in French too.
    assert github.rstrip().endswith("::notice title=almanac::7 autres signalements dans le résumé du job")
    english = run(["check", "--root", str(root), *TODAY, "--format", "github"], env=C).output
    assert english.rstrip().endswith("::notice title=almanac::7 more findings are listed in the job summary")
    for early in sorted((root / "content/posts").glob("*.md"))[:12]:
        early.unlink()  # the posts before the misspelt topic, so that its annotation is among the ten
    github = run(["check", "--root", str(root), *TODAY, "--format", "github"], env=FR).output
    topic = next(line for line in github.splitlines() if "title=post.unknown-topic" in line)
    assert topic.startswith("::error file=content/posts/2026-12-15-unknown-topic.md,line=6,col=8,")
    assert topic.endswith(
        "::marronnier inconnu `noell` — vouliez-vous dire `noel`\u202f? (correction\u00a0: noel)"
    )
    english = run(["check", "--root", str(root), *TODAY, "--format", "github"], env=C).output
    assert "::unknown seasonal topic `noell` — did you mean `noel`? (fix: noel)" in english
    text = run(["check", "--root", str(root), *TODAY], env=FR).output
    # Warm, from the check cache: the same French, since findings are cached with their templates.
    assert run(["check", "--root", str(root), *TODAY], env=FR).output == text


def test_command_errors_and_summaries_follow_the_locale_or_lang(
    brand: Callable[[str], Path], run: Callable[..., Result], tmp_path: Path
) -> None:
    root = brand("minimal")
    args = ["new", "post", "Soldes", "--root", str(root), "--date", "2027-01-25", "--campaign", "soldes"]
    french = run([*args, "--channels", "instagram"], env=FR)
    english = run([*args, "--channels", "instagram"], env=C)
    assert french.exit_code == english.exit_code == 2
    assert french.output == "almanac: campagne inconnue 'soldes' (connues\u00a0: hiver)\n"
    assert english.output == "almanac: unknown campaign 'soldes' (known: hiver)\n"
    # --lang wins over the locale, both ways.
    assert "unknown campaign" in run([*args, "--channels", "instagram", "--lang", "en"], env=FR).output
    assert "campagne inconnue" in run([*args, "--channels", "instagram", "--lang", "fr"], env=C).output

    missing = str(tmp_path / "nowhere")
    assert "le dossier de la marque" in run(["check", "--root", missing], env=FR).output
    assert "brand root" in run(["check", "--root", missing], env=C).output
    assert "aucune pause à lever" in run(["resume", "--root", str(root), *TODAY], env=FR).output
    assert (
        "n’est pas un mois comme 2027-01"
        in run(["report", "new", "2027-13", "--root", str(root)], env=FR).output
    )

    empty = tmp_path / "envoyes.csv"
    empty.write_text("", encoding="utf-8")
    ledger = run(["ledger", "import", "--root", str(root), str(empty)], env=FR)
    assert ledger.exit_code == 1 and "erreur\u00a0: envoyes.csv\u00a0: le fichier est vide\n" in ledger.output
    assert (
        "envoyes.csv: the file is empty"
        in run(["ledger", "import", "--root", str(root), str(empty)], env=C).output
    )

    target = tmp_path / "marque"
    made = run(["init", str(target), "--today", "2026-11-24"], env=FR)
    assert made.exit_code == 0, made.output
    assert f"{target}\u00a0: " in made.output and "fichiers écrits. Ensuite\u00a0: cd" in made.output
    again = run(["init", str(target), "--today", "2026-11-24"], env=FR)
    assert (
        again.exit_code == 2
        and "n’est pas vide" in again.output
        and "choisissez un dossier vide" in again.output
    )

    schemas = tmp_path / "schemas"
    run(["schema", "--out", str(schemas)], env=FR)
    second = run(["schema", "--out", str(schemas)], env=FR).output
    assert second.count("(inchangé)") == len(list(schemas.glob("*.schema.json"))) > 0
    assert "(unchanged)" in run(["schema", "--out", str(schemas)], env=C).output


def test_a_message_survives_pickling_and_json_and_is_translated_after() -> None:
    """Rendering workers pickle their problems; the sources and visuals caches keep them as JSON."""
    fr = translator("fr")
    made = wrap(
        "logo: {problem}", msg("`{name}` is truncated or corrupt ({error})", name="a{b}.png", error="x")
    )
    for kept in (pickle.loads(pickle.dumps(made)), from_json(json.loads(json.dumps(to_json(made))))):
        assert kept == made and parts(kept) == parts(made)
        assert say(kept, fr) == "logo\u00a0: `a{b}.png` est tronqué ou corrompu (x)"
    assert from_json(to_json("plain text")) == "plain text" and say("plain text", fr) == "plain text"


def test_a_source_found_unreadable_is_still_translatable_from_the_sources_table(tmp_path: Path) -> None:
    source = tmp_path / "photo.png"
    Image.new("RGB", (40, 40), (200, 10, 10)).save(source)
    source.write_bytes(source.read_bytes()[:60])  # cut inside the image data
    store = SourceStore.open(tmp_path / "sources.json")
    first = store.inspect(source).error
    assert first is not None and parts(first)[0] is not None
    store.save()
    again = SourceStore.open(tmp_path / "sources.json").inspect(source).error
    assert again == first and parts(again) == parts(first)
    assert say(again, translator("fr")).startswith("`photo.png` est tronqué ou corrompu")


def test_help_in_the_users_language(run: Callable[..., Result]) -> None:
    """click's help texts (commands' docstrings, options' help) and click's own words ("Usage:",
    "Options:", the help option's and the version option's help) through the catalogue."""
    listing = run(["--help"], env=FR).output
    assert "Vérifier les publications et les marronniers" in listing
    assert "Utilisation\u00a0: " in listing and "Commandes\u00a0:" in listing
    assert "Afficher la version et quitter." in listing and "Afficher ce message et quitter." in listing
    assert not [word for word in ("Usage:", "Options:", "Commands:", "Show ") if word in listing]
    english = run(["--help"], env=C).output
    assert "Check posts and topics" in english and "Usage: " in english and "Commands:" in english
    check = run(["check", "--lang", "fr", "--help"], env=C).output
    assert "Le dépôt de la marque." in check and "Échouer aussi sur les avertissements." in check
    assert "The brand repository." in run(["check", "--lang", "en", "--help"], env=FR).output
    post = run(["new", "post", "--help"], env=FR).output
    assert "Jour, par ex. 2027-01-25." in post
    # One process, English then French: click's help option is worded again for each run.
    assert "Show this message and exit." in run(["check", "--help"], env=C).output
    assert "Afficher ce message et quitter." in run(["check", "--help"], env=FR).output
    # init's --lang is the brand's language, not the help's: the locale speaks.
    assert "Écrire le dépôt d’une nouvelle marque" in run(["init", "--lang", "en", "--help"], env=FR).output


def test_clicks_own_errors_in_the_users_language(run: Callable[..., Result], tmp_path: Path) -> None:
    """A mistyped option or command, a missing argument, a value out of its choices: click words
    them, and a French user reads them in French; the same process then speaks English again."""
    cases = [
        (["check", "--fromat", "json"], "Option inconnue\u00a0: '--fromat'", "No such option '--fromat'"),
        (["chek"], "Commande inconnue\u00a0: 'chek'", "No such command 'chek'"),
        (["new", "post"], "Argument manquant 'TITLE'", "Missing argument 'TITLE'"),
        (
            ["check", "--format", "xml"],
            "Valeur invalide pour '--format'\u00a0: 'xml' n’est pas parmi 'text'",
            "Invalid value for '--format': 'xml' is not one of 'text'",
        ),
    ]
    for args, french, english in cases:
        said = run(args, env=FR)
        assert said.exit_code == 2, args
        assert "Erreur\u00a0: " + french in said.output, said.output
        assert "Essayez «\u00a0" in said.output and "Usage:" not in said.output
        again = run(args, env=C)
        assert again.exit_code == 2 and "Error: " + english in again.output, again.output
        assert "Try '" in again.output


def test_serve_reports_a_failed_rebuild_in_the_users_language(tmp_path: Path) -> None:
    root = make_brand(tmp_path)
    post = root / "content/posts/2026/12/2026-12-01-bonjour.md"
    post.write_text(
        post.read_text(encoding="utf-8").replace("[instagram, linkedin]", "[myspace]"), encoding="utf-8"
    )
    reports: list[str] = []
    options = BuildOptions(today=date(2026, 11, 25))
    preview = Preview(root, port=0, report=reports.append, options=options, words=translator("fr"))
    try:
        assert preview.rebuild() is not None
    finally:
        preview.server.server_close()
    assert reports and reports[-1].endswith(
        "échec de la reconstruction\u00a0: le dernier site valide reste servi"
    )
    assert "erreur [post.unknown-channel] canal inconnu `myspace`" in reports[-1]


def test_bundle_warnings_are_printed_in_the_users_language_and_the_readme_says_them_too(
    tmp_path: Path, git_repo: Callable[[Path], Path], run: Callable[..., Result]
) -> None:
    """The manifest keeps the English (an interface); the command and a French brand's README say French."""
    root = git_repo(bundle_brand(tmp_path / "brand"))
    render_visuals(root / "dist/site")
    args = [
        "bundle",
        "--root",
        str(root),
        "--from",
        "2026-11-01",
        "--to",
        "2026-12-31",
        "--today",
        "2026-12-01",
    ]
    english = run(args, env=C)
    french = run(args, env=FR)
    assert english.exit_code == french.exit_code == 0, french.output
    warned = [
        line.removeprefix("warning: ") for line in english.output.splitlines() if line.startswith("warning: ")
    ]
    said = [
        line.removeprefix("avertissement\u00a0: ")
        for line in french.output.splitlines()
        if line.startswith("avertissement\u00a0: ")
    ]
    zipped = unzip((root / "dist/bundle/almanac-2026-11-01--2026-12-31.zip").read_bytes())
    manifest = json.loads(zipped["manifest.json"])
    # One line per warning of the manifest, in its order; English word for word, French for each.
    assert warned == manifest["warnings"] and len(said) == len(warned) > 1
    assert not [w for w, s in zip(warned, said, strict=True) if w == s]
    assert (
        "hootsuite x\u00a0: tricky déplacé de 2026-12-01 10:02:00 à 2026-12-01 10:05 (par pas de 5 minutes)"
        in said
    )
    assert (
        "metricool\u00a0: pas de colonne mastodon dans le modèle 2026-05\u202f; tricky laissé de côté" in said
    )
    # The brand speaks French: its README lists the same lines as the French command line.
    readme = zipped["README.txt"].decode("utf-8")
    assert [line.removeprefix("- ") for line in readme.split("\n\n")[-1].splitlines()[1:]] == said


def test_the_pause_notice_is_in_the_users_language(
    tmp_path: Path, git_repo: Callable[[Path], Path], run: Callable[..., Result]
) -> None:
    """The schedulers' list ``almanac pause`` prints and writes beside the bundles, under ``--lang fr``."""
    root = git_repo(bundle_brand(tmp_path / "brand"))
    render_visuals(root / "dist/site")
    span = ["--from", "2026-11-01", "--to", "2026-12-31", "--today", "2026-12-01"]
    assert run(["bundle", "--root", str(root), *span], env=C).exit_code == 0
    paused = run(["pause", "--root", str(root), "--reason", "Rappel produit", *TODAY, "--lang", "fr"], env=C)
    assert paused.exit_code == 0, paused.output
    notice = (root / "dist/bundle/pause-2026-11-24.txt").read_text(encoding="utf-8")
    assert notice in paused.output
    assert (
        notice.startswith("Pause de crise de ") and "\u00a0: Rappel produit\n" in notice.splitlines(True)[0]
    )
    french = translator("fr")
    for scheduler, how in HOW_TO.items():
        assert re.search(rf"^{scheduler}\u00a0: \d+ entrées? à suspendre$", notice, re.M), scheduler
        assert "  " + french.gettext(how.steps) + "\n" in notice and how.steps not in notice
    assert "to suspend" not in notice and "Source\u00a0: " in notice


def test_a_refused_results_import_lists_each_row_in_the_users_language(
    brand: Callable[[str], Path], run: Callable[..., Result], tmp_path: Path
) -> None:
    """Meta's export columns as ``pipeline/stages/results`` reads them; every row's reason said in French."""
    root = brand("demo")
    rows = [
        ["Post ID", "Permalink", "Publish time", "Description", "Impressions"],
        ["1", "https://www.facebook.com/p/1", "12/03/2026 18:00", VITRINE_FB, "100"],
        ["2", "https://www.facebook.com/p/2", "12/03/2026 18:30", VITRINE_FB, "beaucoup"],
        ["3", "https://www.facebook.com/p/3", "12/03/2026 18:40", VITRINE_FB, "120"],
    ]
    export = tmp_path / "meta.csv"
    export.write_text(results_csv(rows), encoding="utf-8")
    args = ["results", "import", str(export), "--root", str(root)]
    english = run(args, env=C)
    french = run([*args, "--lang", "fr"], env=C)
    assert english.exit_code == french.exit_code == 2
    assert f"  {export}:2: matches fete-des-lumieres-vitrine on facebook like row 4" in english.output
    assert f"  {export}:3: impressions: 'beaucoup' is not a whole number" in english.output
    listed = [line for line in french.output.splitlines() if line.startswith(f"  {export}:")]
    assert [line.split(": ", 1)[0] for line in listed] == [f"  {export}:{n}" for n in (2, 3, 4)]
    assert f"  {export}:2: correspond à fete-des-lumieres-vitrine sur facebook, comme la ligne 4" in listed[0]
    assert listed[1] == f"  {export}:3: impressions\u00a0: 'beaucoup' n’est pas un nombre entier"
    assert "non comprise" in french.output and "like row" not in french.output
