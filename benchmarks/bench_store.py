"""Workspace writes vs raw sqlite3 doing the same inserts, with 1 and 3 writer processes.

Each writer inserts factors one transaction at a time (what a workshop does: one click, one
save). Raw sqlite3 gets the same settings the workspace uses (WAL, synchronous=FULL,
BEGIN IMMEDIATE per insert) and the same JSON payload, so the ratio shows the cost of
validation, reference checks, duplicate checks and history.

Goals (issue 2): workspace throughput >= 0.5x raw; workspace p99 latency <= 5 ms.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from swot import Factor, Institution, Workspace

OPS_PER_WRITER = 4000
REPEATS = 5


def _swot_writer(path: str, label: str, ops: int, start, out) -> None:
    latencies = []
    with Workspace.open(path, actor=label) as ws:
        start.wait()
        for i in range(ops):
            factor = Factor(
                institution_id="mok",
                quadrant="SWOT"[i % 4],
                text=f"{label}: czynnik numer {i}",
                category="kadra",
            )
            t0 = time.perf_counter()
            ws.add(factor)
            latencies.append(time.perf_counter() - t0)
    out.put(latencies)


def _raw_writer(path: str, label: str, ops: int, start, out) -> None:
    conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    latencies = []
    start.wait()
    for i in range(ops):
        data = json.dumps(
            {
                "institution_id": "mok",
                "quadrant": "SWOT"[i % 4],
                "text": f"{label}: czynnik numer {i}",
                "category": "kadra",
            }
        )
        t0 = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO objects (kind, id, data) VALUES (?, ?, ?)",
            ("factor", f"{label}-{i}", data),
        )
        conn.execute("COMMIT")
        latencies.append(time.perf_counter() - t0)
    conn.close()
    out.put(latencies)


def _run(kind: str, writers: int, folder: Path) -> dict[str, float]:
    path = folder / f"{kind}-{writers}.db"
    if kind == "swot":
        with Workspace.create(path) as ws:
            ws.add(Institution(id="mok", name="Miejski Ośrodek Kultury"))
        target = _swot_writer
    else:
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute(
            "CREATE TABLE objects (seq INTEGER PRIMARY KEY, kind TEXT, id TEXT, "
            "data TEXT, UNIQUE (kind, id))"
        )
        conn.close()
        target = _raw_writer
    ctx = mp.get_context("spawn")
    start = ctx.Barrier(writers + 1)
    out = ctx.Queue()
    procs = [
        ctx.Process(target=target, args=(str(path), f"w{i}", OPS_PER_WRITER, start, out))
        for i in range(writers)
    ]
    for p in procs:
        p.start()
    start.wait()
    t0 = time.perf_counter()
    latencies = [x for _ in procs for x in out.get()]
    wall = time.perf_counter() - t0
    for p in procs:
        p.join()
    latencies.sort()
    return {
        "ops_per_s": len(latencies) / wall,
        "p50_ms": 1000 * latencies[len(latencies) // 2],
        "p99_ms": 1000 * latencies[int(len(latencies) * 0.99)],
    }


def main() -> dict[str, object]:
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for writers in (1, 3):
            runs: dict[str, list[dict[str, float]]] = {"raw": [], "swot": []}
            for repeat in range(REPEATS):
                for kind in ("raw", "swot") if repeat % 2 == 0 else ("swot", "raw"):
                    for old in folder.glob("*"):
                        old.unlink()
                    runs[kind].append(_run(kind, writers, folder))
            med = {
                k: {m: statistics.median(r[m] for r in v) for m in v[0]} for k, v in runs.items()
            }
            ratio = statistics.median(
                s["ops_per_s"] / r["ops_per_s"]
                for s, r in zip(runs["swot"], runs["raw"], strict=True)
            )
            results[f"{writers}_writers"] = {**med, "throughput_ratio": ratio}
            print(f"{writers} writer(s), {OPS_PER_WRITER} inserts each, median of {REPEATS}:")
            for kind in ("raw", "swot"):
                m = med[kind]
                print(
                    f"  {kind:5} {m['ops_per_s']:8.0f} ops/s  p50 {m['p50_ms']:.2f} ms"
                    f"  p99 {m['p99_ms']:.2f} ms"
                )
            ok_ratio = "OK" if ratio >= 0.5 else "MISSED"
            ok_p99 = "OK" if med["swot"]["p99_ms"] <= 5 else "MISSED"
            print(
                f"  swot/raw throughput {ratio:.2f}x (goal >= 0.5x: {ok_ratio}); "
                f"p99 {med['swot']['p99_ms']:.2f} ms (goal <= 5 ms: {ok_p99})"
            )
    return results


if __name__ == "__main__":
    main()
