"""Cold ``import swot`` next to ``import pandas`` (goal: swot <= 1.2x pandas), fresh processes."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

REPEATS = 15


def _time_import(module: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", f"import {module}"], check=True)
    return time.perf_counter() - t0


def main() -> dict[str, float]:
    _time_import("swot"), _time_import("pandas")  # warm the file cache
    samples: dict[str, list[float]] = {"python": [], "swot": [], "pandas": []}
    for _ in range(REPEATS):  # interleaved, so machine noise hits both alike
        for module, key in (("sys", "python"), ("swot", "swot"), ("pandas", "pandas")):
            samples[key].append(_time_import(module))
    med = {k: statistics.median(v) for k, v in samples.items()}
    ratio = med["swot"] / med["pandas"]
    print(f"import, median of {REPEATS} fresh processes (interpreter start included):")
    for key in ("python", "swot", "pandas"):
        print(f"  {key:7} {1000 * med[key]:7.1f} ms")
    print(f"  swot/pandas {ratio:.2f}x (goal <= 1.2x: {'OK' if ratio <= 1.2 else 'MISSED'})")
    return {**{f"{k}_ms": 1000 * v for k, v in med.items()}, "ratio": ratio}


if __name__ == "__main__":
    main()
