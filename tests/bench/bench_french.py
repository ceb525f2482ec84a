"""What the French checks cost a cold check: the rules with and without them, in one run.

Run: ``python -m tests.bench.bench_french [N ...]`` (default 10000). A synthetic brand of N posts is
loaded without cache, then every rule runs over it with the check cache off, alternately with and
without the French rules (``voice.register``, ``voice.spelling``, ``post.placeholder``,
``time.past``, ``voice.hashtag-format``, ``yaml.comment``), 3 times each. CPU time of this
process (everything in it: ``jobs=1``), so that other work on the machine does not skew the
comparison; the loading of the word lists is timed apart, since a process pays it once.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from pipeline.stages.check.engine import run_checks
from pipeline.stages.check.rules import ALL_RULES
from pipeline.stages.load.loader import load_project
from pipeline.text.lexicon import AMBIGUOUS_2SG, IMPERATIVE_2SG, PLURAL_2PL, register_forms, word_list
from tests.bench.synth import make_repo

FRENCH_RULES = frozenset(
    {
        "voice.register",
        "voice.spelling",
        "post.placeholder",
        "time.past",
        "voice.hashtag-format",
        "yaml.comment",
    }
)
TODAY = date(2026, 1, 1)


def _cpu(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def bench(n: int, runs: int = 3) -> dict[str, float]:
    """Seconds of CPU: loading, rules without and with the French ones, and the word lists."""
    with tempfile.TemporaryDirectory() as tmp:
        root = make_repo(Path(tmp) / "brand", n, images=0)
        load = _cpu(lambda: load_project(root, use_cache=False, jobs=1))
        project = load_project(root, use_cache=False, jobs=1)
        lexicon = _cpu(
            lambda: [
                word_list("fr").words(),
                *(register_forms(t) for t in (IMPERATIVE_2SG, AMBIGUOUS_2SG, PLURAL_2PL)),
            ]
        )
        without = [r for r in ALL_RULES if r.id not in FRENCH_RULES]
        off, on = [], []
        for _ in range(runs):
            off.append(_cpu(lambda: run_checks(project, today=TODAY, rules=without, cache=False, jobs=1)))
            on.append(_cpu(lambda: run_checks(project, today=TODAY, cache=False, jobs=1)))
        return {
            "load": load,
            "lexicon": lexicon,
            "rules_off": statistics.median(off),
            "rules_on": statistics.median(on),
        }


def main(argv: list[str]) -> None:
    """Print the figures and the French rules' share of a cold check for each size."""
    for size in [int(a) for a in argv] or [10000]:
        f = bench(size)
        french = f["rules_on"] - f["rules_off"] + f["lexicon"]
        cold = f["load"] + f["rules_off"]
        print(
            f"{size:>6} posts: load {f['load']:.2f} s, rules without French {f['rules_off']:.2f} s, "
            f"with {f['rules_on']:.2f} s, word lists {f['lexicon']:.2f} s → French checks "
            f"{french:.2f} s = {100 * french / cold:.1f} % of a cold check without them"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
