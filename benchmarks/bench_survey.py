"""Survey import + analysis vs plain pandas on the same Google Forms CSV, 10k to 1M responses.

A seeded generator writes a Google-Forms-style export: timestamp, e-mail (identity, dropped by
swot) and 20 questions: 8 single choice (4 demographic), 6 Likert (5 points + "don't know"),
2 multiple choice joined by ", " with commas inside labels, 2 numbers, 2 open answers (30%
of them distinct sentences built from fragments, one in ten with an e-mail or phone number to
mask). 1M rows make a ~290 MB file, written in ~15 s. Each measurement runs in a fresh process (this
module with the ``measure`` sub-command), so peak memory is that process's ``ru_maxrss`` and
nothing is cached between runs:

* swot: ``import_survey(path, codebook=cb)`` (reading, validation, PII masking), then
  ``frequencies`` of every categorical and multiple-choice variable and two ``crosstab``;
* pandas: ``pd.read_csv(path)`` with defaults, ``value_counts`` of every question column and
  two ``pd.crosstab``.

Time is the work inside the process (after imports; import cost is bench_import's business).

Goals (issue: survey scale): swot no slower and no heavier than plain pandas; cost linear
from 10k to 1M rows (time per 1k rows at the largest size <= 1.5x that at 100k).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

SIZES = (10_000, 100_000, 1_000_000)
SEED = 20240312
RUN_TIMEOUT_S = 1800.0  # a run past this is killed and reported as ">= timeout"

# --- the questionnaire -------------------------------------------------------------------------

TIMESTAMP = "Sygnatura czasowa"
EMAIL = "Adres e-mail"
DONT_KNOW = "Nie wiem / trudno powiedzieć"
RATING = ("Bardzo źle", "Źle", "Ani dobrze, ani źle", "Dobrze", "Bardzo dobrze")
IMPORTANCE = (
    "Zupełnie nieważne",
    "Raczej nieważne",
    "Ani ważne, ani nieważne",
    "Raczej ważne",
    "Bardzo ważne",
)
PARTICIPATION = ("Wcale", "1–2 razy", "Kilka razy", "Co miesiąc")
INSTITUTIONS = (("mok", "MOK"), ("tkacz", "Tkacz"), ("dok", "DOK"))

# name, heading, type, options, weights (None: uniform); blanks are added per type below
CATEGORICAL: list[tuple[str, str, str, tuple[str, ...], tuple[float, ...] | None]] = [
    (
        "age",
        "Wiek",
        "demographic",
        ("poniżej 18", "18–24", "25–34", "35–44", "45–54", "55–64", "65 i więcej"),
        (0.05, 0.12, 0.2, 0.2, 0.17, 0.14, 0.12),
    ),
    (
        "gender",
        "Płeć",
        "demographic",
        ("Kobieta", "Mężczyzna", "Inna", "Wolę nie odpowiadać"),
        (0.55, 0.4, 0.01, 0.04),
    ),
    (
        "district",
        "Dzielnica / osiedle",
        "demographic",
        (
            "Śródmieście",
            "Karolew",
            "Retkinia",
            "Bałuty",
            "Widzew",
            "Górna",
            "Polesie",
            "Inna / spoza miasta",
        ),
        None,
    ),
    (
        "education",
        "Wykształcenie",
        "demographic",
        ("podstawowe", "zawodowe", "średnie", "wyższe"),
        (0.08, 0.2, 0.37, 0.35),
    ),
    ("library_user", "Czy korzysta Pan/Pani z biblioteki?", "single", ("Tak", "Nie"), (0.45, 0.55)),
    *(
        (
            f"participation_{key}",
            f"Jak często w ostatnim roku korzystał(a) Pan/Pani z oferty? [{label}]",
            "single",
            PARTICIPATION,
            (0.35, 0.3, 0.25, 0.1),
        )
        for key, label in INSTITUTIONS
    ),
    *(
        (
            f"satisfaction_{key}",
            f"Jak ocenia Pan/Pani ofertę instytucji? [{label}]",
            "likert",
            RATING,
            (0.05, 0.1, 0.25, 0.35, 0.25),
        )
        for key, label in INSTITUTIONS
    ),
    *(
        (
            f"importance_{key}",
            f"Jak ważne są dla Pana/Pani te zajęcia? [{label}]",
            "likert",
            IMPORTANCE,
            (0.04, 0.08, 0.2, 0.38, 0.3),
        )
        for key, label in (("music", "Muzyka"), ("sport", "Sport"), ("education", "Edukacja"))
    ),
]
# Labels with commas inside, as in real forms: Google joins the ticked ones with ", ".
MULTIPLE: list[tuple[str, str, tuple[str, ...], tuple[float, ...]]] = [
    (
        "needs",
        "Czego brakuje w ofercie kulturalnej w Pana/Pani okolicy?",
        (
            "Koncerty, festiwale",
            "Zajęcia dla dzieci, młodzieży",
            "Kino",
            "Teatr",
            "Wystawy",
            "Warsztaty rękodzieła",
            "Spotkania autorskie, czytelnicze",
            "Zajęcia dla seniorów",
        ),
        (0.3, 0.2, 0.15, 0.12, 0.1, 0.08, 0.06, 0.1),
    ),
    (
        "sources",
        "Skąd czerpie Pan/Pani informacje o wydarzeniach?",
        (
            "Facebook, Instagram",
            "Strona internetowa",
            "Plakaty, ulotki",
            "Znajomi, rodzina",
            "Radio, prasa lokalna",
            "Newsletter",
        ),
        (0.45, 0.2, 0.15, 0.25, 0.08, 0.03),
    ),
]
OTHER_ANSWERS = (
    "brak czasu",
    "nic mi nie brakuje",
    "parafia",
    "tablica ogłoszeń na osiedlu",
    "zajęcia taneczne",
    "kabarety",
    "od sąsiadki",
    "szkoła dziecka",
    "gry planszowe",
    "nie wiem",
)
NUMERIC = [
    ("cinema_visits", "Ile razy w ostatnim roku był(a) Pan/Pani w kinie?"),
    ("spending", "Ile mógłby/mogłaby Pan/Pani wydawać miesięcznie na kulturę (zł)?"),
]
OPEN = [
    ("likes", "Co najbardziej podoba się Panu/Pani w ofercie ośrodków kultury?"),
    ("changes", "Co należałoby zmienić lub dodać? Prosimy o konkretne propozycje."),
]

# Open answers: short common ones (70%) and sentences built from fragments (30%, distinct).
_COMMON_HEADS = (
    "Więcej",
    "Brakuje",
    "Za mało",
    "Potrzeba więcej",
    "Chciałabym więcej",
    "Chciałbym więcej",
    "Przydałoby się więcej",
    "Zdecydowanie więcej",
)
_COMMON_TAILS = (
    "koncertów",
    "zajęć dla dzieci",
    "warsztatów",
    "spektakli",
    "wystaw",
    "zajęć dla seniorów",
    "tanich biletów",
    "informacji o wydarzeniach",
    "wydarzeń plenerowych",
    "seansów filmowych",
    "spotkań z autorami",
    "miejsc parkingowych",
)
_COMMON_SOLO = (
    "Nic",
    "Brak",
    "Nie mam zdania",
    "Wszystko jest w porządku",
    "Miła obsługa",
    "Parking",
    "Trudno powiedzieć",
    "Nie korzystam",
    "-",
    "Jest dobrze, oby tak dalej",
)
_OPENERS = (
    "Uważam, że",
    "Moim zdaniem",
    "Szczerze mówiąc",
    "Wydaje mi się, że",
    "Jako mama dwójki dzieci uważam, że",
    "Jako senior widzę, że",
    "Od kilku lat zauważam, że",
    "Z perspektywy mieszkańca osiedla",
    "Chciałabym zwrócić uwagę, że",
    "Myślę, że",
)
_SUBJECTS = (
    "brakuje zajęć dla młodzieży",
    "oferta jest zbyt mała",
    "godziny zajęć są niewygodne",
    "ceny biletów są za wysokie",
    "sala widowiskowa wymaga remontu",
    "brakuje kina studyjnego",
    "za mało jest koncertów jazzowych",
    "informacja o wydarzeniach jest słaba",
    "instruktorzy są bardzo zaangażowani",
    "zajęcia plastyczne są świetne",
    "biblioteka mogłaby być dłużej otwarta",
    "potrzebna jest kawiarnia przy ośrodku",
    "brakuje miejsc parkingowych",
    "zapisy przez internet nie działają",
    "warsztaty dla seniorów są za rzadko",
    "festyn osiedlowy był udany",
    "przydałaby się winda",
    "scena plenerowa stoi pusta",
    "nie ma nic dla osób pracujących",
    "dzieci chętnie chodzą na rytmikę",
    "klub filmowy to dobry pomysł",
    "brakuje ławek przed budynkiem",
    "program jest ciągle ten sam",
    "obsługa w kasie jest niemiła",
    "dobrze, że są zajęcia bezpłatne",
)
_DETAILS = (
    " w weekendy",
    " po południu",
    " w wakacje",
    " zimą",
    " na Retkini",
    " na Bałutach",
    " w centrum",
    " w MOK-u",
    " w DOK-u",
    " w Tkaczu",
    " od lat",
    " ostatnio",
    " w tym roku",
    " wieczorami",
    " w soboty",
    " w ferie",
    " przy szkole",
    " na osiedlu",
    " w filii",
    " w dużej sali",
)
_REASONS = (
    "",
    ", bo nie ma gdzie spędzić czasu",
    ", bo pracuję do 17",
    ", bo dzieci się nudzą",
    ", a to szkoda",
    ", co bardzo cieszy",
    ", więc jeździmy do Łodzi",
    ", i to widać",
    ", choć są wyjątki",
    ", przez co mniej osób przychodzi",
    ", dlatego rzadko bywam",
    ", ale jest lepiej niż kiedyś",
    ", bo autobus jeździ rzadko",
    ", co jest problemem dla rodzin",
    ", więc polecam znajomym",
    ", choć nie wszyscy o tym wiedzą",
    ", przez remont ulicy",
    ", a chętnych jest wielu",
    ", bo bilety szybko znikają",
    ", bo to ważne dla seniorów",
    ", co zniechęca",
    ", i chętnie bym pomógł",
    ", choć rozumiem ograniczenia budżetu",
    ", bo mam małe dzieci",
    ", przez co ludzie nie wiedzą",
    ", a szkoda",
    ", bo tak jest wygodniej",
    ", i o to chodzi",
    ", więc proszę to zmienić",
    ", bo sąsiedzi też narzekają",
)
_CLOSINGS = (
    ".",
    "!",
    ". Pozdrawiam.",
    ". Dziękuję za ankietę.",
    ". Tak trzymać!",
    "...",
    ". To wszystko.",
    ". Proszę o zmiany.",
    ". Dziękuję.",
    ". Liczę na poprawę.",
    "!!",
    ". Powodzenia.",
)
_NAMES = ("jan.kowalski", "anna.nowak", "kasia", "piotr.w", "m.zielinska", "tomek")
_DOMAINS = ("example.pl", "poczta.example.com", "mail.example.org")


def question_columns() -> dict[str, str]:
    """Question name -> CSV heading, in file order."""
    out = {name: heading for name, heading, *_ in CATEGORICAL}
    out.update({name: heading for name, heading, *_ in MULTIPLE})
    out.update(dict(NUMERIC))
    out.update(dict(OPEN))
    return out


def build_codebook() -> Any:
    """The matching :class:`swot.survey.codebook.Codebook` (swot is imported only here)."""
    from swot.survey.codebook import Codebook, Variable

    variables = []
    for name, heading, kind, options, _ in CATEGORICAL:
        group = name.split("_")[0] if "_" in name else None
        subject = name.split("_")[1] if group in ("participation", "satisfaction") else None
        variables.append(
            Variable(
                name=name,
                label=heading,
                type=kind,
                options=options,
                dont_know=(DONT_KNOW,) if kind == "likert" else (),
                group=group,
                subject=subject,
                headings=(heading,),
            )
        )
    for name, heading, options, _ in MULTIPLE:
        variables.append(
            Variable(
                name=name, label=heading, type="multiple", options=options, headings=(heading,)
            )
        )
    for name, heading in NUMERIC:
        variables.append(Variable(name=name, label=heading, type="numeric", headings=(heading,)))
    for name, heading in OPEN:
        variables.append(Variable(name=name, label=heading, type="open", headings=(heading,)))
    return Codebook(tuple(variables), title="Ankieta benchmarkowa")


# --- the generator ------------------------------------------------------------------------------


def _pick(rng: np.random.Generator, labels: Sequence[str], p: Any, n: int) -> pd.Categorical:
    """``n`` draws of ``labels`` (probabilities ``p``) as a categorical (vectorised)."""
    codes = rng.choice(len(labels), size=n, p=p)
    return pd.Categorical.from_codes(codes, categories=list(labels))


def _with_blanks(rng: np.random.Generator, values: Any, share: float) -> pd.Series:
    series = pd.Series(values).astype(object)
    return series.mask(rng.random(len(series)) < share, "")


def _multiple(
    rng: np.random.Generator, options: Sequence[str], p: Sequence[float], n: int
) -> pd.Series:
    ticks = rng.random((n, len(options))) < np.asarray(p)
    masks = ticks @ (1 << np.arange(len(options)))
    table = np.array(
        [
            ", ".join(o for i, o in enumerate(options) if m >> i & 1)
            for m in range(1 << len(options))
        ],
        dtype=object,
    )
    cells = pd.Series(table[masks], dtype=object)
    other = rng.random(n) < 0.01  # "Inne:" free text, appended last as Google does
    extra = pd.Series(np.array(OTHER_ANSWERS, dtype=object)[rng.integers(0, 10, n)])
    joined = (cells + ", " + extra).str.lstrip(", ")
    cells = cells.where(~other, joined)
    return cells.mask(rng.random(n) < 0.04, "")  # skipped the question


def _open(rng: np.random.Generator, n: int) -> pd.Series:
    answered = rng.random(n) < 0.3
    k = int(answered.sum())
    composed = rng.random(k) < 0.3
    m = int(composed.sum())
    # common answers: a Zipf-like pick from ~100 short ones
    common = np.array(
        [f"{h} {t}" for h in _COMMON_HEADS for t in _COMMON_TAILS] + list(_COMMON_SOLO),
        dtype=object,
    )
    ranks = np.minimum(rng.zipf(1.3, size=k - m) - 1, len(common) - 1)
    # composed sentences: distinct by construction (indices into 1.8M combinations)
    pools = [_OPENERS, _SUBJECTS, _DETAILS, _REASONS, _CLOSINGS]
    space = int(np.prod([len(x) for x in pools]))
    index = rng.choice(space, size=m, replace=False)
    parts = []
    for pool in reversed(pools):
        parts.append(np.array(pool, dtype=object)[index % len(pool)])
        index //= len(pool)
    o, s, d, r, c = reversed(parts)
    sentences = pd.Series(o + " " + s + d + r + c, dtype=object)
    # one composed answer in ten leaves an e-mail address or a phone number to mask
    pii = rng.random(m) < 0.1
    email = rng.random(m) < 0.5
    names = np.array(_NAMES, dtype=object)[rng.integers(0, len(_NAMES), m)]
    domains = np.array(_DOMAINS, dtype=object)[rng.integers(0, len(_DOMAINS), m)]
    numbers = rng.integers(0, 1000, m).astype(str).astype(object)
    mails = " Kontakt: " + names + numbers + "@" + domains
    mobile = rng.integers(600_000_000, 700_000_000, m).astype(str).astype(object)
    phones = " Tel. " + pd.Series(mobile).str.replace(
        r"(\d{3})(\d{3})(\d{3})", r"\1 \2 \3", regex=True
    )
    contact = np.where(email, mails, phones.to_numpy(dtype=object))
    sentences = sentences.where(~pii, sentences + pd.Series(contact, dtype=object))
    texts = np.empty(k, dtype=object)
    texts[~composed] = common[ranks]
    texts[composed] = sentences.to_numpy(dtype=object)
    out = np.full(n, "", dtype=object)
    out[answered] = texts
    return pd.Series(out, dtype=object)


def _timestamps(rng: np.random.Generator, n: int) -> pd.Series:
    """Google's "2024/03/12 10:15:32 PM GMT+1", built from parts (strftime is slow)."""
    seconds = np.sort(rng.integers(0, 21 * 86400, n)) + 9 * 3600
    day, rest = np.divmod(seconds, 86400)
    hour, rest = np.divmod(rest, 3600)
    minute, second = np.divmod(rest, 60)
    half = np.where(hour < 12, " AM", " PM")
    hour12 = (hour + 11) % 12 + 1
    dates = pd.Series(pd.date_range("2024-03-01", periods=22, freq="D").strftime("%Y/%m/%d"))
    parts = [
        dates.to_numpy(dtype=object)[day],
        " ",
        np.char.zfill(hour12.astype(str), 2).astype(object),
        ":",
        np.char.zfill(minute.astype(str), 2).astype(object),
        ":",
        np.char.zfill(second.astype(str), 2).astype(object),
        half.astype(object),
        " GMT+1",
    ]
    out = parts[0]
    for part in parts[1:]:
        out = out + part
    return pd.Series(out, dtype=object)


def generate(path: Path, n: int, seed: int = SEED) -> None:
    """Write an ``n``-row Google Forms export to ``path`` (same seed, same file)."""
    rng = np.random.default_rng(seed + n)
    columns: dict[str, Any] = {
        TIMESTAMP: _timestamps(rng, n),
        EMAIL: "osoba" + pd.Series(np.arange(n).astype(str), dtype=object) + "@example.pl",
    }
    for _name, heading, kind, options, p in CATEGORICAL:
        if kind == "likert":
            p5 = np.asarray(p) * 0.92
            values = _pick(rng, (*options, DONT_KNOW), [*p5, 0.08], n)
        else:
            values = _pick(rng, options, p, n)
        columns[heading] = _with_blanks(rng, values, 0.06 if kind == "likert" else 0.02)
    for _name, heading, options, p in MULTIPLE:
        columns[heading] = _multiple(rng, options, p, n)
    visits = rng.geometric(0.25, n) - 1
    columns[NUMERIC[0][1]] = _with_blanks(rng, visits.astype(str), 0.08)
    amount = (rng.gamma(2.0, 40.0, n) // 10 * 10).astype(int).astype(str).astype(object)
    style = rng.random(n)
    amount = np.where(style < 0.05, amount + ",50", amount)  # Polish decimal comma
    amount = np.where((style >= 0.05) & (style < 0.07), amount + " zł", amount)
    columns[NUMERIC[1][1]] = _with_blanks(rng, amount, 0.15)
    for _name, heading in OPEN:
        columns[heading] = _open(rng, n)
    pd.DataFrame(columns).to_csv(path, index=False, encoding="utf-8")


# --- one measurement (child process) ------------------------------------------------------------


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _measure_swot(path: str) -> dict[str, Any]:
    from swot.diagnosis import crosstab, frequencies
    from swot.survey import import_survey
    from swot.survey.codebook import VarType

    cb = build_codebook()
    rss_ready = _rss_mib()
    t0 = time.perf_counter()
    result = import_survey(path, codebook=cb)
    t_import = time.perf_counter() - t0
    data = result.responses
    freq = {
        v.name: frequencies(data, result.codebook, v.name)
        for v in result.codebook
        if v.type.categorical or v.type is VarType.MULTIPLE
    }
    tabs = [
        crosstab(data, result.codebook, "age", "participation_mok"),
        crosstab(data, result.codebook, "gender", "satisfaction_mok"),
    ]
    wall = time.perf_counter() - t0
    report = result.report
    return {
        "wall_s": wall,
        "import_s": t_import,
        "rss_ready_mib": rss_ready,
        "rows": report.accepted,
        "rejected": report.rejected,
        "errors": sum(p.severity == "error" for p in report.problems),
        "masked": dict(report.masked),
        "dropped": list(report.dropped_columns),
        "check_age": dict(
            zip(freq["age"]["option"], freq["age"]["count"].astype(int), strict=True)
        ),
        "check_tab": int(tabs[0].counts.to_numpy().sum()),
    }


def _measure_pandas(path: str) -> dict[str, Any]:
    rss_ready = _rss_mib()
    headings = question_columns()
    multiple = {heading for _, heading, *_ in MULTIPLE}
    t0 = time.perf_counter()
    df = pd.read_csv(path)
    t_import = time.perf_counter() - t0
    counts = {}
    for name, heading in headings.items():
        if heading in multiple:
            # The cheapest honest baseline, and WRONG: labels such as "Koncerty, festiwale"
            # contain the separator, so a naive split counts "Koncerty" and "festiwale" apart.
            counts[name] = df[heading].str.split(", ").explode().value_counts()
        else:
            counts[name] = df[heading].value_counts()
    tabs = [
        pd.crosstab(df[headings["age"]], df[headings["participation_mok"]]),
        pd.crosstab(df[headings["gender"]], df[headings["satisfaction_mok"]]),
    ]
    wall = time.perf_counter() - t0
    return {
        "wall_s": wall,
        "import_s": t_import,
        "rss_ready_mib": rss_ready,
        "rows": len(df),
        "check_age": {str(k): int(v) for k, v in counts["age"].items()},
        "check_tab": int(tabs[0].to_numpy().sum()),
    }


def _child(kind: str, path: str) -> None:
    out = _measure_swot(path) if kind == "swot" else _measure_pandas(path)
    out["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps(out, default=int))


def _run(kind: str, path: Path, timeout: float) -> dict[str, Any]:
    """One measurement in a fresh process; a run past ``timeout`` is killed and marked."""
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "measure", kind, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        peak = _vm_hwm(proc.pid)
        proc.kill()
        proc.communicate()
        nan = float("nan")
        return {
            "wall_s": timeout,
            "import_s": nan,
            "rss_ready_mib": nan,
            "peak_mib": peak,
            "timed_out": True,
        }
    if proc.returncode:
        raise RuntimeError(f"{kind} run failed on {path.name}:\n{err}")
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def _vm_hwm(pid: int) -> float:
    """Peak RSS so far of a running process (MiB), read before killing it."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


# --- the benchmark ------------------------------------------------------------------------------


def _default_repeats(n: int) -> int:
    return 2 if n >= 1_000_000 else 3  # the 1M case takes minutes on our 2-core machine


def main(
    sizes: Sequence[int] = SIZES,
    repeats: int | None = None,
    timeout: float = RUN_TIMEOUT_S,
    data: str | None = None,
) -> dict[str, Any]:
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="swot-bench-survey-") as tmp:
        for n in sizes:
            path = Path(data or tmp) / f"ankieta-{n}.csv"
            t0 = time.perf_counter()
            if data and path.exists():  # written by this generator before (same seed, same file)
                what = "reusing"
            else:
                generate(path, n)
                what = "generated"
            gen_s = time.perf_counter() - t0
            mib = path.stat().st_size / 2**20
            print(f"{n:>9,} rows: {what} {mib:.1f} MiB in {gen_s:.1f} s", flush=True)
            runs: dict[str, list[dict[str, Any]]] = {"pandas": [], "swot": []}
            k = repeats or _default_repeats(n)
            for repeat in range(k):  # interleaved, order alternating, so noise hits both
                for kind in ("pandas", "swot") if repeat % 2 == 0 else ("swot", "pandas"):
                    runs[kind].append(_run(kind, path, timeout))
            done = [r for r in runs["swot"] if not r.get("timed_out")]
            swot, plain = (done or [{}])[0], runs["pandas"][0]
            if swot and (swot["rows"] != n or swot["errors"] or plain["rows"] != n):
                print(f"  WARNING: swot kept {swot['rows']} rows, {swot['errors']} errors")
            if swot and (
                swot["check_age"] != plain["check_age"] or swot["check_tab"] != plain["check_tab"]
            ):
                print("  WARNING: swot and pandas counts differ", swot["check_age"])
            med = {
                kind: {
                    m: statistics.median(r[m] for r in rs)
                    for m in ("wall_s", "import_s", "peak_mib", "rss_ready_mib")
                }
                for kind, rs in runs.items()
            }
            results[str(n)] = {
                "file_mib": mib,
                "repeats": k,
                **med,
                "time_ratio": med["swot"]["wall_s"] / med["pandas"]["wall_s"],
                "mem_ratio": med["swot"]["peak_mib"] / med["pandas"]["peak_mib"],
                "timed_out": {
                    k: sum(bool(r.get("timed_out")) for r in rs) for k, rs in runs.items()
                },
                "masked": swot.get("masked"),
                "dropped": swot.get("dropped"),
            }
            _print_size(n, results[str(n)])
    _print_summary(results)
    return results


def _print_size(n: int, r: dict[str, Any]) -> None:
    print(f"  median of {r['repeats']} fresh processes each:")
    if any(r["timed_out"].values()):
        print(f"    timed out (killed; time is a lower bound): {r['timed_out']}")
    for kind in ("pandas", "swot"):
        m = r[kind]
        print(
            f"    {kind:6} {m['wall_s']:8.2f} s (reading {m['import_s']:.2f} s)"
            f"  peak {m['peak_mib']:7.0f} MiB (after imports {m['rss_ready_mib']:.0f} MiB)"
        )
    print(
        f"    swot/pandas time {r['time_ratio']:.2f}x, peak memory {r['mem_ratio']:.2f}x;"
        f" masked {r['masked']}, dropped {r['dropped']}",
        flush=True,
    )


def _print_summary(results: dict[str, Any]) -> None:
    print(
        "\nsize        pandas s  swot s   ratio  pandas MiB  swot MiB  ratio"
        "  ms/1k rows pandas  swot"
    )
    for key, r in results.items():
        n = int(key)
        per_p = 1000 * r["pandas"]["wall_s"] / (n / 1000)
        per_s = 1000 * r["swot"]["wall_s"] / (n / 1000)
        r["ms_per_1k_rows"] = {"pandas": per_p, "swot": per_s}
        late = ">" if r["timed_out"]["swot"] else " "  # killed at the timeout: a lower bound
        print(
            f"{n:>9,}  {r['pandas']['wall_s']:8.2f} {late}{r['swot']['wall_s']:6.2f} "
            f"{late}{r['time_ratio']:5.2f}x {r['pandas']['peak_mib']:10.0f} "
            f"{r['swot']['peak_mib']:9.0f} {r['mem_ratio']:5.2f}x {per_p:18.2f} {late}{per_s:6.2f}"
        )
    for key, r in results.items():
        ok_t = "OK" if r["time_ratio"] <= 1.0 else "MISSED"
        ok_m = "OK" if r["mem_ratio"] <= 1.0 else "MISSED"
        print(
            f"{int(key):>9,} rows: time {r['time_ratio']:.2f}x pandas (goal <= 1x: {ok_t});"
            f" peak memory {r['mem_ratio']:.2f}x pandas (goal <= 1x: {ok_m})"
        )
    sizes = sorted(int(k) for k in results)
    big = [s for s in sizes if s >= 100_000]
    if len(big) >= 2:
        lo, hi = str(big[0]), str(big[-1])
        for kind in ("pandas", "swot"):
            growth = results[hi]["ms_per_1k_rows"][kind] / results[lo]["ms_per_1k_rows"][kind]
            results[hi][f"linearity_{kind}"] = growth
            ok = "OK" if growth <= 1.5 else "MISSED"
            print(
                f"linearity {kind}: time per 1k rows at {int(hi):,} is {growth:.2f}x that at"
                f" {int(lo):,} (goal <= 1.5x: {ok})"
            )


def _cli(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["measure"]:
        _child(args[1], args[2])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default=",".join(str(s) for s in SIZES),
        help="comma-separated row counts (default %(default)s)",
    )
    parser.add_argument(
        "--repeats", type=int, default=None, help="runs per size (default 3; 2 for 1M rows)"
    )
    parser.add_argument(
        "--timeout", type=float, default=RUN_TIMEOUT_S, help="seconds per run (default %(default)s)"
    )
    parser.add_argument("--generate", metavar="DIR", help="only write the CSV files into DIR")
    parser.add_argument(
        "--data",
        metavar="DIR",
        help="keep the CSV files in DIR and reuse those already there (written by --generate)",
    )
    opts = parser.parse_args(args)
    sizes = [int(s.replace("_", "")) for s in opts.sizes.split(",") if s.strip()]
    if opts.generate:
        for n in sizes:
            generate(Path(opts.generate) / f"ankieta-{n}.csv", n)
        return
    main(sizes, opts.repeats, opts.timeout, opts.data)


if __name__ == "__main__":
    _cli()
