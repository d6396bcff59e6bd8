"""Comparison of 30 institutions × 60 factors each, shared themes included (issue 6: ≤ 2 s).

Synthetic, seeded data: Polish-like factor texts built from a vocabulary of subjects and
words, a quarter of each institution's factors being reworded near-duplicates of phrases
other institutions use too; every institution's team filled in IFE/EFE ratings; a survey of
3,000 respondents with participation and satisfaction questions for every institution.

Timed (the building of the workspace is not): side_by_side, category_balance (both sides),
positions, consultation_by_institution, shared_themes and cooperation_candidates.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from swot import compare
from swot.model import DEFAULT_CATEGORIES, Factor, Institution, Participant, Rating
from swot.scoring import suggest_weights
from swot.store import Workspace
from swot.survey.codebook import Codebook, Variable

INSTITUTIONS = 30
FACTORS_EACH = 60
RESPONDENTS = 3000
REPEATS = 5
GOAL_SECONDS = 2.0

SHARED = [
    "Słaba promocja w internecie",
    "Brak miejsc parkingowych przy budynku",
    "Zły stan techniczny dachu i instalacji grzewczej",
    "Fundusze unijne na termomodernizację obiektów",
    "Niepewna wysokość dotacji miejskiej",
    "Konkurencja oferty komercyjnej i internetu",
    "Rosnące zainteresowanie zajęciami dla seniorów",
    "Odpływ młodych mieszkańców do większych miast",
    "Doświadczona kadra instruktorów rękodzieła",
    "Współpraca ze szkołami podstawowymi",
    "Bariery architektoniczne i brak windy",
    "Programy grantowe Narodowego Centrum Kultury",
    "Przestarzałe nagłośnienie sali widowiskowej",
    "Niskie płace w kulturze utrudniają zatrudnienie",
    "Media społecznościowe jako kanał dotarcia do młodzieży",
    "Duża sala koncertowa z dobrą akustyką",
]
REWORDINGS = [
    ("promocja w internecie", "promocja internetowa"),
    ("miejsc parkingowych", "parkingu"),
    ("dotacji miejskiej", "dotacji z budżetu miasta"),
    ("zajęciami", "zajęć"),
    ("szkołami podstawowymi", "szkołą podstawową"),
    ("instruktorów", "instruktorek"),
]
SUBJECTS = [
    "pracownia",
    "ceramiki",
    "kino",
    "studyjne",
    "biblioteka",
    "galeria",
    "chór",
    "orkiestra",
    "teatr",
    "amatorski",
    "zespół",
    "taneczny",
    "klub",
    "seniora",
    "świetlica",
    "festiwal",
    "jarmark",
    "plener",
    "koncert",
    "warsztaty",
    "wystawa",
    "kawiarnia",
    "ogród",
    "scena",
    "letnia",
    "strona",
    "internetowa",
    "newsletter",
    "plakat",
    "kalendarz",
    "budżet",
    "grant",
    "sponsor",
    "dotacja",
    "wolontariat",
    "rada",
    "rodziców",
    "uniwersytet",
    "trzeciego",
    "wieku",
    "szkoła",
    "muzyczna",
    "przedszkole",
    "parafia",
    "spółdzielnia",
    "muzeum",
    "archiwum",
]
WORDS = [
    "nowy",
    "stały",
    "roczny",
    "lokalny",
    "miejski",
    "osiedlowy",
    "sąsiedzki",
    "rodzinny",
    "młodzieżowy",
    "dziecięcy",
    "popularny",
    "kameralny",
    "historyczny",
    "regionalny",
    "cyfrowy",
    "plenerowy",
    "wieczorny",
    "weekendowy",
    "bezpłatny",
    "otwarty",
    "wspólny",
    "zabytkowy",
    "remontowany",
    "nowoczesny",
    "tradycyjny",
    "autorski",
]


def _text(rng: random.Random) -> str:
    words = rng.sample(WORDS, 2) + rng.sample(SUBJECTS, rng.randint(2, 3))
    rng.shuffle(words)
    return " ".join(words).capitalize()


def _near_duplicate(rng: random.Random) -> str:
    text = rng.choice(SHARED)
    for old, new in REWORDINGS:
        if old in text and rng.random() < 0.5:
            text = text.replace(old, new)
    if rng.random() < 0.5:
        text = f"{text} {rng.choice(WORDS)}"
    return text


def build(path: Path) -> tuple[pd.DataFrame, Codebook]:
    rng = random.Random(6)
    with Workspace.create(path, actor="bench") as ws:
        institutions = [
            Institution(id=f"i{k:02d}", name=f"Ośrodek Kultury nr {k}", short_name=f"OK {k}")
            for k in range(INSTITUTIONS)
        ]
        ws.add_many(institutions)
        ratings = []
        for inst in institutions:
            factors: list[Factor] = []
            seen: set[str] = set()
            while len(factors) < FACTORS_EACH:
                text = _near_duplicate(rng) if rng.random() < 0.25 else _text(rng)
                if text.casefold() in seen:
                    continue
                seen.add(text.casefold())
                factors.append(
                    Factor(
                        institution_id=inst.id,
                        quadrant="SWOT"[len(factors) % 4],
                        text=text,
                        category=rng.choice(DEFAULT_CATEGORIES),
                        importance=rng.randint(1, 5),
                        position=len(factors),
                    )
                )
            ws.add_many(factors)
            person = ws.add(Participant(name=f"Zespół {inst.id}"))
            weights = suggest_weights(factors)
            for f in factors:
                rating = {"S": 4, "W": 1}.get(f.quadrant.value, rng.randint(1, 4))
                ratings.append(
                    Rating(
                        factor_id=f.id,
                        participant_id=person.id,
                        weight=weights[f.id],
                        rating=rating,
                    )
                )
        ws.add_many(ratings)

    participation = ("Tak, regularnie", "Tak, okazjonalnie", "Nie, ale znam tę instytucję")
    participation += ("Nie znam tej instytucji",)
    scale = ("Bardzo źle", "Źle", "Ani dobrze, ani źle", "Dobrze", "Bardzo dobrze")
    variables = []
    columns: dict[str, object] = {}
    nprng = np.random.default_rng(6)
    for inst in institutions:
        p_name, s_name = f"participation_{inst.id}", f"satisfaction_{inst.id}"
        variables.append(
            Variable(
                name=p_name,
                label=f"Udział: {inst.label}",
                type="single",
                options=participation,
                group="participation",
                subject=inst.id,
            )
        )
        variables.append(
            Variable(
                name=s_name,
                label=f"Ocena: {inst.label}",
                type="likert",
                options=scale,
                dont_know=("Nie wiem",),
                group="satisfaction",
                subject=inst.id,
            )
        )
        p = nprng.dirichlet(np.ones(4))
        columns[p_name] = pd.Categorical(
            nprng.choice(participation, size=RESPONDENTS, p=p), categories=participation
        )
        q = nprng.dirichlet(np.ones(6))
        columns[s_name] = pd.Categorical(
            nprng.choice((*scale, "Nie wiem"), size=RESPONDENTS, p=q),
            categories=(*scale, "Nie wiem"),
        )
    return pd.DataFrame(columns), Codebook(tuple(variables))


def compare_all(ws: Workspace, responses: pd.DataFrame, codebook: Codebook) -> dict[str, int]:
    board = compare.side_by_side(ws, min_importance=2)
    internal = compare.category_balance(ws)
    external = compare.category_balance(ws, side="external")
    places = compare.positions(ws)
    consultation = compare.consultation_by_institution(responses, codebook, ws.institutions())
    themes = compare.shared_themes(ws.factors())
    candidates = compare.cooperation_candidates(themes)
    return {
        "boards": len(board.boards),
        "balance_cells": internal.size + external.size,
        "placed": len(places.placed),
        "significant_differences": int(consultation.differences["significant"].sum()),
        "themes": len(themes),
        "factors_in_themes": sum(len(g.factors) for g in themes),
        "candidates": len(candidates),
    }


def main() -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "compare.swot"
        responses, codebook = build(path)
        timings = []
        with Workspace.open(path) as ws:
            for _ in range(REPEATS):
                t0 = time.perf_counter()
                found = compare_all(ws, responses, codebook)
                timings.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            compare.shared_themes(ws.factors())
            themes_only = time.perf_counter() - t0
    median = statistics.median(timings)
    ok = "OK" if median <= GOAL_SECONDS else "MISSED"
    print(
        f"comparison of {INSTITUTIONS} institutions × {FACTORS_EACH} factors, "
        f"{RESPONDENTS} respondents, median of {REPEATS}: {median:.2f} s "
        f"(goal <= {GOAL_SECONDS:.0f} s: {ok}); shared themes alone {themes_only:.2f} s"
    )
    print("  " + ", ".join(f"{k} {v}" for k, v in found.items()))
    return {
        "median_s": median,
        "runs_s": timings,
        "shared_themes_s": themes_only,
        "goal_s": GOAL_SECONDS,
        **found,
    }


if __name__ == "__main__":
    main()
