"""Worker processes for the reliability tests (imported by spawn, or run as a script)."""

from __future__ import annotations

import json
import random
import sys
import uuid

from swot import ConflictError, Factor, Workspace


def edit(path: str, edits: int, ids: list[str], seed: int, label: str) -> dict[str, int]:
    """Increment ``position`` of random shared factors ``edits`` times, retrying conflicts."""
    rng = random.Random(seed)
    done = conflicts = 0
    with Workspace.open(path, actor=label) as ws:
        while done < edits:
            factor = ws.get(Factor, rng.choice(ids))
            try:
                ws.update(factor.replace(position=factor.position + 1))
            except ConflictError:
                conflicts += 1
                continue
            done += 1
    return {"done": done, "conflicts": conflicts}


def race(path: str, factor_id: str, rounds: int, barrier, results, label: str) -> None:
    """Each round: read the factor, wait for the rival, then both write from the same version."""
    with Workspace.open(path, actor=label) as ws:
        for round_no in range(rounds):
            factor = ws.get(Factor, factor_id)
            barrier.wait()
            try:
                ws.update(factor.replace(text=f"{label} round {round_no}"))
                results.put((round_no, label, "won", factor.version))
            except ConflictError as exc:
                results.put((round_no, label, "conflict", exc.theirs.version))
            barrier.wait()


def churn(path: str) -> None:
    """Add and update factors forever, printing each write only after it returned."""
    with Workspace.open(path, actor="churn") as ws:
        n = 0
        while True:
            n += 1
            factor = ws.add(
                Factor(institution_id="mok", quadrant="S", text=f"Czynnik {n} {uuid.uuid4().hex}")
            )
            print(f"add {factor.id} 1", flush=True)
            factor = ws.update(factor.replace(importance=1 + n % 5))
            print(f"upd {factor.id} {factor.version}", flush=True)


def vote(path: str, participant_id: str, factor_ids: list[str], label: str) -> dict[str, int]:
    """Cast one dot on each factor as fast as possible; count what was accepted or refused."""
    from swot.errors import SwotError
    from swot.facilitation import cast_vote
    from swot.model import Participant

    cast = refused = 0
    with Workspace.open(path, actor=label) as ws:
        participant = ws.get(Participant, participant_id)
        for factor_id in factor_ids:
            try:
                cast_vote(ws, ws.get(Factor, factor_id), participant)
                cast += 1
            except ConflictError:
                raise  # retries exhausted: the test fails on a non-zero exit
            except SwotError:
                refused += 1
    return {"cast": cast, "refused": refused}


if __name__ == "__main__":
    if sys.argv[1] == "churn":
        churn(sys.argv[2])
    elif sys.argv[1] == "vote":
        print(json.dumps(vote(sys.argv[2], sys.argv[3], sys.argv[4].split(","), sys.argv[5])))
    elif sys.argv[1] == "edit":
        print(
            json.dumps(
                edit(
                    sys.argv[2],
                    int(sys.argv[3]),
                    sys.argv[4].split(","),
                    int(sys.argv[5]),
                    sys.argv[6],
                )
            )
        )
