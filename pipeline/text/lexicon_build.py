"""Expand the Hunspell dictionaries into the compact word data Almanac ships (run at release time).

    python -m pipeline.text.lexicon_build [--hunspell /usr/share/hunspell]

Reads ``fr.dic``/``fr.aff`` (Dicollecte « Dictionnaires orthographiques français » 7.0, MPL-2.0,
Debian package ``hunspell-fr``) and ``en_US.dic``/``en_US.aff`` (SCOWL, Debian package
``hunspell-en-us``) and writes into ``pipeline/data/``:

- ``fr-register.txt``: the French verb forms that mark a form of address, one line a tag
  (``tag<TAB>form form …``): ``I`` a 2nd person singular imperative that is only a verb form,
  ``A`` one that is also a noun, adjective or other word (``commande``, ``réserve``),
  ``P`` a 2nd person plural verb form (any tense) that has no other
  reading (``découvrez``, ``pourriez``; not ``nez``, ``chez``),
  ``Q`` a 2nd person plural imperative that has another reading too (``faites``, ``dites``),
  ``C`` a hyphenated dictionary word that starts with such a form or holds a pronoun
  (``pense-bête``, ``rendez-vous``, ``passe-partout``): a compound, not a verb and its pronoun;
- ``fr-words.txt`` and ``en-words.txt``: every spelled form, one a line, sorted.

The expansion is pure Python: each stem with its suffix flags (twofold: the suffix's own
continuation flags apply once more). Prefix flags are skipped: in the French dictionary they are
elisions (``l'``, ``n'``, ``qu'``), which Almanac's tokenizer splits off before looking words up.
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Affix:
    """One suffix rule: strip, add, continuation flags, condition, morphology."""

    strip: str
    add: str
    flags: tuple[str, ...]
    condition: re.Pattern[str]
    morph: str


def split_flags(text: str, kind: str) -> tuple[str, ...]:
    """Flags of a dic entry or affix, by the FLAG type of the .aff file."""
    if kind == "long":
        return tuple(text[i : i + 2] for i in range(0, len(text) - 1, 2))
    return tuple(text)


def read_aff(path: Path) -> tuple[dict[str, list[Affix]], str, str | None, str | None]:
    """Suffix rules by flag, the flag type, the NEEDAFFIX and FORBIDDENWORD flags."""
    kind, need, forbidden = "char", None, None
    suffixes: dict[str, list[Affix]] = defaultdict(list)
    for raw in path.read_text(encoding="utf-8").splitlines():
        parts = raw.split()
        if not parts or parts[0].startswith("#"):
            continue
        if parts[0] == "FLAG":
            kind = parts[1]
        elif parts[0] == "NEEDAFFIX":
            need = parts[1]
        elif parts[0] == "FORBIDDENWORD":
            forbidden = parts[1]
        elif parts[0] == "SFX" and len(parts) >= 5:
            flag, strip, add_part, cond = parts[1], parts[2], parts[3], parts[4]
            add, _, cont = add_part.partition("/")
            strip = "" if strip == "0" else strip
            add = "" if add == "0" else add
            condition = re.compile("(?:" + (".*" if cond == "." else cond) + ")$")
            morph = " ".join(p for p in parts[5:] if not p.startswith("#"))
            suffixes[flag].append(Affix(strip, add, split_flags(cont, kind), condition, morph))
    return suffixes, kind, need, forbidden


def expand(dic: Path, aff: Path) -> dict[str, set[str]]:
    """Every surface form with its morphological descriptions (entry morph + affix morph)."""
    suffixes, kind, need, forbidden = read_aff(aff)
    forms: dict[str, set[str]] = defaultdict(set)
    lines = dic.read_text(encoding="utf-8").splitlines()[1:]
    for raw in lines:
        if not raw.strip():
            continue
        entry, _, morph = raw.partition("\t") if "\t" in raw else raw.partition(" ")
        word, _, flag_text = entry.partition("/")
        word = word.replace("’", "'")
        flags = split_flags(flag_text, kind)
        if forbidden in flags:
            continue
        morph = morph.strip()
        if need not in flags:
            forms[word].add(morph)
        for flag in flags:
            for affix in suffixes.get(flag, ()):
                if not affix.condition.search(word) or not word.endswith(affix.strip):
                    continue
                stem = word[: len(word) - len(affix.strip)] if affix.strip else word
                form = stem + affix.add
                if need not in affix.flags:
                    forms[form].add(f"{morph} {affix.morph}")
                for second in affix.flags:
                    for other in suffixes.get(second, ()):
                        if other.condition.search(form) and form.endswith(other.strip):
                            base = form[: len(form) - len(other.strip)] if other.strip else form
                            forms[base + other.add].add(f"{morph} {affix.morph} {other.morph}")
    return forms


def register_tags(forms: dict[str, set[str]]) -> dict[str, str]:
    """The forms that mark tu (I, A) or vous (P), lower-cased."""
    tags: dict[str, str] = {}
    by_lower: dict[str, set[str]] = defaultdict(set)
    for form, morphs in forms.items():
        by_lower[form.lower()] |= morphs
    for form, morphs in by_lower.items():
        verb = [m for m in morphs if "po:v" in m]
        other = [m for m in morphs if "po:v" not in m]
        if any("po:impe" in m and "po:2sg" in m for m in verb):
            tags[form] = "A" if other else "I"
        elif verb and not other and all("po:2pl" in m for m in verb):
            tags[form] = "P"
        elif any("po:impe" in m and "po:2pl" in m for m in verb):
            tags[form] = "Q"
    pronouns = {"tu", "toi", "te", "vous", "nous", "moi"}
    for form in by_lower:
        parts = form.split("-")
        if len(parts) > 1 and (parts[0] in tags or pronouns & set(parts[1:])):
            tags[form] = "C"
    return tags


def main() -> None:
    """Write the data files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hunspell", type=Path, default=Path("/usr/share/hunspell"))
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "data")
    args = parser.parse_args()
    french = expand(args.hunspell / "fr.dic", args.hunspell / "fr.aff")
    tags = register_tags(french)
    rows = "".join(
        tag + "\t" + " ".join(sorted(f for f, t in tags.items() if t == tag)) + "\n" for tag in "ACIPQ"
    )
    (args.out / "fr-register.txt").write_bytes(rows.encode())
    english = expand(args.hunspell / "en_US.dic", args.hunspell / "en_US.aff")
    for name, forms in (("fr", french), ("en", english)):
        words = "\n".join(sorted(f for f in forms if f and " " not in f)) + "\n"
        (args.out / f"{name}-words.txt").write_bytes(words.encode())
        print(f"{name}: {len(forms)} forms")
    print(f"fr register: {len(tags)} forms")


if __name__ == "__main__":
    main()
