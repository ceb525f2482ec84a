"""Where a French text addresses its reader in the other register (tu in a vous brand, or vous).

French marks the register in pronouns (``tu``, ``ton``, ``t'as``; ``vous``, ``vos``), in
pronouns hung on the verb (``veux-tu``, ``abonne-toi``, ``rejoins-nous``; ``avez-vous``) and in
the verb itself: a 2nd person singular imperative (``découvre``, ``viens``, ``n'hésite pas``) or
any 2nd person plural form (``découvrez``, ``pourriez``). The verb forms come from the Dicollecte
lexicon (``pipeline.text.lexicon``, which says why that one).

A 2nd person plural form with no other reading can only mean vous, so it counts wherever it is.
A 2nd person singular imperative of an -er verb is spelled like the 1st and 3rd person
(``notre boulangère découvre``) and often like a noun (``la réserve``), so it counts only where
an imperative can stand: at the start of a clause (text or line start, after ``. , ; : ! ? …``,
``«``, a bullet or emoji, or after ``et``, ``ou``, ``puis``, ``alors``, ``mais`` that themselves
start a clause: "Viens, et goûte" but not "elle bleuit et réveille") or right after a
clause-starting ``ne``/``n'`` (with object pronouns between: ``ne le rate pas``). A subject or a
determiner before the word is then never there. A form that is also a noun (``Commande groupée``,
``Visite guidée``) counts only when what follows is what follows a verb: a determiner, a pronoun,
``à``/``au``/``chez``/``vite``…, an enclitic pronoun, or ``!``.

Quoted speech (« », “ ”, lines starting with ``>``; straight quotes are too often
inch marks or a product name to be trusted), hashtags, @mentions, e-mail addresses
and URLs are never read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pipeline.text.hashtags import hashtags_in
from pipeline.text.lexicon import (
    AMBIGUOUS_2PL,
    AMBIGUOUS_2SG,
    COMPOUND,
    IMPERATIVE_2SG,
    PLURAL_2PL,
    register_forms,
)
from pipeline.text.metrics import url_spans

Register = Literal["tu", "vous"]
Kind = Literal["pronoun", "imperative", "verb"]


@dataclass(frozen=True)
class Mark:
    """A word that addresses the reader in a register: where it is and what marks it."""

    start: int
    end: int
    word: str
    kind: Kind


_WORD = re.compile(r"\w+(?:['’-]\w+)*['’]?")
_SKIP = re.compile(r"«[^»]*»|“[^”]*”|^>.*$|(?<!\w)@\w+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.MULTILINE)
_PUNCTUATION = re.compile(r"[^\s'’-]")
_ELISIONS = {"l", "d", "j", "m", "t", "s", "n", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"}
_CLAUSE_WORDS = {"et", "ou", "puis", "alors", "mais", "donc", "ensuite", "enfin"}
_NEGATION_PRONOUNS = {"le", "la", "les", "l'", "lui", "leur", "y", "en", "m'", "me", "nous"}
_ENCLITICS = {"moi", "nous", "toi", "le", "la", "les", "lui", "leur", "y", "en", "m'", "t'"}
# What follows a verb and rarely a noun at a clause start: "Commande ton pain" but "Commande groupée".
_VERB_CUES = {
    "le", "la", "les", "l'", "un", "une", "des", "du", "ce", "cet", "cette", "ces", "mon", "ma",
    "mes", "ton", "ta", "tes", "son", "sa", "ses", "notre", "nos", "votre", "vos", "leur", "leurs",
    "tout", "tous", "toutes", "moi", "nous", "lui", "y", "vite", "bien", "donc", "maintenant",
    "ici", "là", "chez", "à", "au", "aux", "dès", "sans", "jusqu'", "pas", "plus", "jamais", "quelques",
    "sur", "dans", "avec",
}  # fmt: skip
# Nouns in set phrases that look like a verb and its complement: "place à la douceur".
_SET_PHRASES = {("place", "à"), ("place", "au"), ("place", "aux")}
# After a comma a list of nouns goes on ("armature en laiton, couture à la main"): only a
# determiner or a pronoun then shows the verb.
_STRONG_CUES = _VERB_CUES - {"à", "au", "aux", "chez", "dès", "sans", "jusqu'", "bien", "tout", "sur", "dans"}
_TU_WORDS = {"tu", "te", "toi", "ta", "tes", "ton", "t'"}
_VOUS_WORDS = {"vous", "votre", "vos", "vôtre", "vôtres"}
# "le ton", "un ton", "ton sur ton": the noun, not the possessive.
_TON_NOUN_BEFORE = {"le", "un", "ce", "du", "au", "de", "son", "mon", "même", "bon", "quel", "sur", "d'"}
# "il s'est tu": the past participle of se taire.
_TU_PARTICIPLE_BEFORE = {"est", "ont", "sont", "s'est", "a", "avait", "était"}


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str
    lower: str
    clause_start: bool
    comma: bool = False
    """The clause starts after a comma (``Samedi, viens``), not a sentence end."""
    apposition: bool = False
    """Third clause of ``Name, apposition, verb``: the verb has a subject.

    As in "Mathieu, souffleur de verre, fabrique nos globes"."""


def _skipped(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _SKIP.finditer(text)]
    spans += [(s, e) for s, e, _tag in hashtags_in(text)]
    if "." in text:
        spans += url_spans(text)
    return spans


def _tokens(text: str) -> list[_Token]:
    """Words with elisions split off (``n'hésite`` → ``n'`` + ``hésite``), outside skipped spans."""
    skip = _skipped(text)
    out: list[_Token] = []
    cursor = 0
    boundary, conj_after_stop = True, True
    clauses: list[int] = []  # words in each comma clause of the current sentence
    for match in _WORD.finditer(text):
        start, end = match.span()
        between = text[cursor:start]
        cursor = end
        if skip and any(s < end and start < e for s, e in skip):
            boundary = True
            continue
        if between and _PUNCTUATION.search(between):
            boundary = True
        comma = boundary and bool(between.strip()) and set(between.strip()) <= {","}
        if boundary and not comma and not (out and out[-1].lower in _CLAUSE_WORDS and conj_after_stop):
            clauses = []
        if boundary:
            clauses.append(0)
        clauses[-1:] = [clauses[-1] + 1] if clauses else [1]
        apposition = comma and len(clauses) == 3 and clauses[0] == 1 and match.group()[:1].islower()
        word = match.group().replace("’", "'")
        head, apostrophe, rest = word.partition("'")
        if apostrophe and rest and head.lower() in _ELISIONS and "-" not in head:
            elided = _Token(
                start, start + len(head) + 1, word[: len(head) + 1], head.lower() + "'", boundary, comma
            )
            out.append(elided)
            start, word, boundary = start + len(head) + 1, rest, False
        lower = word.lower()
        out.append(_Token(start, end, word, lower, boundary, comma, apposition))
        # "et", "ou", "puis" open a new clause only after a stop or a comma ("…, puis viens");
        # "elle bleuit et réveille" goes on with the subject of its clause.
        conj_after_stop = boundary
        boundary = lower in _CLAUSE_WORDS and boundary
    return out


def _after_negation(tokens: list[_Token], i: int) -> bool:
    """True when ``tokens[i]`` follows a clause-starting ``ne``/``n'`` (object pronouns between)."""
    j = i - 1
    while j >= 0 and tokens[j].lower in _NEGATION_PRONOUNS and not tokens[j + 1].clause_start:
        j -= 1
    return (
        j >= 0
        and tokens[j].lower in ("ne", "n'")
        and tokens[j].clause_start
        and not tokens[j + 1].clause_start
    )


def _tu_marks(tokens: list[_Token]) -> list[Mark]:
    singular, ambiguous = register_forms(IMPERATIVE_2SG), register_forms(AMBIGUOUS_2SG)
    compounds = register_forms(COMPOUND)
    marks: list[Mark] = []
    for i, tok in enumerate(tokens):
        before = tokens[i - 1].lower if i and not tok.clause_start else ""
        mark = Mark(tok.start, tok.end, tok.text, "pronoun")
        if "-" in tok.lower:
            parts = tok.lower.replace("'", "' ").replace("-", " ").split()
            if tok.lower in compounds and "t'" not in parts:
                continue
            verb, rest = parts[0], set(parts[1:])
            if rest & {"tu", "toi", "te", "t'"}:
                marks.append(mark)
            elif (
                (verb in singular or verb in ambiguous)
                and rest & _ENCLITICS
                and (tok.clause_start or _after_negation(tokens, i))
            ):
                marks.append(Mark(tok.start, tok.end, tok.text, "imperative"))
            continue
        if tok.lower in _TU_WORDS:
            if tok.lower == "ton" and (before in _TON_NOUN_BEFORE or _next(tokens, i) == "sur"):
                continue
            if tok.lower == "tu" and before in _TU_PARTICIPLE_BEFORE:
                continue
            marks.append(mark)
        elif tok.lower in singular or tok.lower in ambiguous:
            negated = _after_negation(tokens, i)
            if not (tok.clause_start or negated):
                continue
            if tok.apposition and not negated:
                continue
            cues = _STRONG_CUES if tok.comma else _VERB_CUES
            following = _next(tokens, i)
            if (
                tok.lower in ambiguous
                and not negated
                and (following not in cues or (tok.lower, following) in _SET_PHRASES)
            ):
                continue
            marks.append(Mark(tok.start, tok.end, tok.text, "imperative"))
    return marks


def _next(tokens: list[_Token], i: int) -> str:
    """The next word of the same clause, lower-case, or "" at a clause end."""
    if i + 1 < len(tokens) and not tokens[i + 1].clause_start:
        return tokens[i + 1].lower
    return ""


def _vous_marks(tokens: list[_Token]) -> list[Mark]:
    plural, compounds = register_forms(PLURAL_2PL), register_forms(COMPOUND)
    ambiguous = register_forms(AMBIGUOUS_2PL)
    marks: list[Mark] = []
    for i, tok in enumerate(tokens):
        words = tok.lower.split("-")
        if len(words) > 1 and tok.lower in compounds:
            continue
        if _VOUS_WORDS & set(words):
            marks.append(Mark(tok.start, tok.end, tok.text, "pronoun"))
        elif words[0] in ambiguous and (tok.clause_start or _after_negation(tokens, i)):
            # "Faites", "Dites" are also participles ("des promesses faites"): only at a clause start.
            if tok.apposition or not (
                len(words) > 1 or (tok.clause_start and not tok.comma) or _next(tokens, i) in _VERB_CUES
            ):
                continue
            marks.append(Mark(tok.start, tok.end, tok.text, "verb"))
        elif words[0] in plural:
            # "Vous avez": the pronoun already speaks for its verb.
            near = {t.lower for t in tokens[max(0, i - 3) : i]}
            if not near & _VOUS_WORDS:
                marks.append(Mark(tok.start, tok.end, tok.text, "verb"))
    return marks


_PARTS = re.compile(r"[^\W\d_]+")
# The pronouns of tu as whole letter runs ("t" of "t'as", "toi" of "abonne-toi"). The pattern
# starts with its letter and looks behind it afterwards, so the engine skips ahead to each "t"
# instead of trying the pattern at every position (three times faster on ordinary posts).
_TU_SEARCH = re.compile(r"t(?<![^\W\d_]t)(?:u|e|oi|a|es|on)?(?![^\W\d_])", re.IGNORECASE)
# Every word the reading below may take for a clause start (a superset: after any punctuation,
# hashtag or URL, a conjunction, ``ne``/``n'`` and object pronouns).
_STARTS = re.compile(
    r"(?:^|[^\w\s'’-]\w*)[\s'’-]*(?:(?:et|ou|puis|alors|mais|donc|ensuite|enfin)\b[\s,]+)?"
    r"((?:ne\b|n['’])\s*)?(?:(?:le|la|les|lui|leur|y|en|nous|me)\b\s*|[lm]['’]\s*)*([^\W\d_]+)"
    r"(?:[\s-]+([^\W\d_]+['’]?))?",
    re.IGNORECASE | re.MULTILINE,
)


def _may_be_imperative(negation: str, word: str, following: str) -> bool:
    """What the word-by-word reading could take for an imperative, judged on a clause start."""
    word = word.lower()
    if word in register_forms(IMPERATIVE_2SG):
        return True
    return word in register_forms(AMBIGUOUS_2SG) and (
        bool(negation) or not following or following.lower().replace("’", "'") in _VERB_CUES
    )


@lru_cache(maxsize=2)
def _triggers(charter_register: Register) -> frozenset[str]:
    """Every word part that may start a mark (elisions and hyphens split off)."""
    if charter_register == "vous":
        return register_forms(IMPERATIVE_2SG) | register_forms(AMBIGUOUS_2SG)
    return register_forms(PLURAL_2PL) | register_forms(AMBIGUOUS_2PL) | _VOUS_WORDS


@lru_cache(maxsize=4096)
def register_marks(text: str, charter_register: Register) -> tuple[Mark, ...]:
    """The words of ``text`` that use the register the charter does not (tu for a vous charter)."""
    # Most texts hold no word that could mark the other register where it would count: two
    # regex scans skip them before the word-by-word reading.
    if charter_register == "vous":
        imperatives = _triggers("vous")
        if not _TU_SEARCH.search(text) and not any(
            word.lower() in imperatives and _may_be_imperative(negation, word, following)
            for negation, word, following in _STARTS.findall(text)
        ):
            return ()
    elif _triggers("tu").isdisjoint(_PARTS.findall(text.lower())):
        return ()
    return read_marks(text, charter_register)


def read_marks(text: str, charter_register: Register) -> tuple[Mark, ...]:
    """``register_marks`` without its fast path: the word-by-word reading of every text."""
    tokens = _tokens(text)
    return tuple(_tu_marks(tokens) if charter_register == "vous" else _vous_marks(tokens))
