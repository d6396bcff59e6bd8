"""Run every benchmark and save the figures to benchmarks/results/latest.json."""

from __future__ import annotations

import json
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bench_board
import bench_compare
import bench_import
import bench_report
import bench_store
import bench_survey


def main() -> None:
    results = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "import": bench_import.main(),
        "store": bench_store.main(),
        "survey": bench_survey.main(),
        "board": bench_board.main(),
        "compare": bench_compare.main(),
        "report": bench_report.main(),
    }
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=1))
    print(f"saved {out / 'latest.json'}")


if __name__ == "__main__":
    main()
