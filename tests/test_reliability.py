"""Several writers, stale edits and killed processes: nothing lost, nothing overwritten."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from swot import Factor, Institution, Workspace

pytestmark = pytest.mark.slow
WORKERS = Path(__file__).with_name("workers.py")


@pytest.fixture
def shared(tmp_path):
    path = tmp_path / "shared.swot"
    with Workspace.create(path, actor="setup") as ws:
        ws.add(Institution(id="mok", name="Miejski Ośrodek Kultury"))
        ids = [
            ws.add(Factor(institution_id="mok", quadrant="S", text=f"Wspólny czynnik {i}")).id
            for i in range(5)
        ]
    return path, ids


def test_three_processes_thousand_edits_each_lose_nothing(shared):
    path, ids = shared
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                str(WORKERS),
                "edit",
                str(path),
                "1000",
                ",".join(ids),
                str(seed),
                f"writer-{seed}",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed in range(3)
    ]
    outcomes = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err  # no "database is locked" or anything else escaped
        outcomes.append(json.loads(out))
    assert [o["done"] for o in outcomes] == [1000, 1000, 1000]
    with Workspace.open(path) as ws:
        factors = [ws.get(Factor, i) for i in ids]
        assert sum(f.position for f in factors) == 3000
        for f in factors:
            assert f.version == f.position + 1  # every version is one counted edit
        assert len(ws.history(kind="factor")) == 5 + 3000
        assert ws.integrity_check() == "ok"


def test_two_stale_edits_exactly_one_wins_every_time(shared):
    path, ids = shared
    rounds = 100
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    results = ctx.Queue()
    sys.path.insert(0, str(WORKERS.parent))
    try:
        import workers
    finally:
        sys.path.remove(str(WORKERS.parent))
    procs = [
        ctx.Process(target=workers.race, args=(str(path), ids[0], rounds, barrier, results, name))
        for name in ("A", "B")
    ]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=120) for _ in range(2 * rounds)]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    by_round: dict[int, list[str]] = {}
    for round_no, _label, result, _version in outcomes:
        by_round.setdefault(round_no, []).append(result)
    assert len(by_round) == rounds
    assert all(sorted(r) == ["conflict", "won"] for r in by_round.values())
    with Workspace.open(path) as ws:
        assert ws.get(Factor, ids[0]).version == 1 + rounds


def test_killed_writer_never_loses_a_returned_write(tmp_path):
    rounds = int(os.environ.get("SWOT_KILL_ROUNDS", "100"))
    rng = random.Random(7)
    path = tmp_path / "kill.swot"
    with Workspace.create(path) as ws:
        ws.add(Institution(id="mok", name="Miejski Ośrodek Kultury"))
    promised: dict[str, int] = {}
    for _ in range(rounds):
        proc = subprocess.Popen(
            [sys.executable, str(WORKERS), "churn", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        # Kill at a random moment once the worker is writing.
        line = proc.stdout.readline()
        assert line, "worker did not start writing"
        time.sleep(rng.uniform(0, 0.03))
        os.kill(proc.pid, signal.SIGKILL)
        rest = proc.stdout.read()
        proc.wait()
        for entry in (line + rest).splitlines():
            parts = entry.split()
            if len(parts) == 3:  # a partial last line was never promised
                promised[parts[1]] = max(promised.get(parts[1], 0), int(parts[2]))
    with Workspace.open(path) as ws:
        assert ws.integrity_check() == "ok"
        stored = {f.id: f.version for f in ws.factors("mok")}
    missing = [fid for fid in promised if fid not in stored]
    assert not missing
    assert all(stored[fid] >= version for fid, version in promised.items())
    assert len(promised) >= rounds


def test_one_participant_voting_from_three_laptops_never_exceeds_the_budget(tmp_path):
    """The same person votes in three kernels at once: exactly the budget is accepted."""
    from swot.facilitation import set_phase, set_vote_budget, votes_used
    from swot.model import Participant, Team, Vote

    path = tmp_path / "votes.swot"
    with Workspace.create(path, actor="setup") as ws:
        ws.add(Institution(id="mok", name="Miejski Ośrodek Kultury"))
        ws.add(Team(id="t_mok", institution_id="mok", name="Zespół MOK"))
        ws.add(Participant(id="anna", name="Anna K.", team_id="t_mok"))
        ids = [
            ws.add(Factor(institution_id="mok", quadrant="S", text=f"Czynnik {i}")).id
            for i in range(30)
        ]
        set_vote_budget(ws, "mok", 12)
        set_phase(ws, "mok", "vote")
    procs = [
        subprocess.Popen(
            [sys.executable, str(WORKERS), "vote", str(path), "anna", ",".join(part), f"l{k}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k, part in enumerate((ids[0:10], ids[10:20], ids[20:30]))
    ]
    outcomes = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        outcomes.append(json.loads(out))
    assert sum(o["cast"] for o in outcomes) == 12
    assert sum(o["refused"] for o in outcomes) == 30 - 12
    with Workspace.open(path) as ws:
        assert sum(v.count for v in ws.objects(Vote)) == 12
        assert votes_used(ws, ws.get(Participant, "anna")) == 12
