"""Dask side of the 'speedup' benchmark: Monte Carlo pi with 1 and 2 workers.

The same work as bench/benchmarks/speedup.js: `chunks` independent tasks, each throwing `samples`
darts at the unit square from its own NumPy generator seeded by (seed, chunk), counting those inside
the quarter circle, then a sum. Dask runs it with dask.delayed on its threaded scheduler (NumPy
releases the GIL in its vectorised kernels) and on its processes scheduler, with 1 or 2 workers.

Usage:
    /usr/bin/python3 dask_speedup.py --serve            # driven by bench/run.js
"""

import platform
import sys
import time

from _protocol import serve

try:
    import dask
    import numpy as np
except ImportError as e:  # reported to the harness, which prints how to install it
    dask = None
    IMPORT_ERROR = "cannot import dask (%s): install it with `sudo apt-get install -y python3-dask`" % e

BATCH = 1 << 20  # darts per NumPy batch, so a chunk's memory stays small


def count_hits(seed, chunk, samples):
    rng = np.random.default_rng([seed, chunk])
    hits = 0
    left = samples
    while left > 0:
        m = min(BATCH, left)
        x = rng.random(m)
        y = rng.random(m)
        hits += int(np.count_nonzero(x * x + y * y < 1.0))
        left -= m
    return hits


def total(*counts):
    return sum(counts)


def sample(chunks, samples, workers, scheduler="threads", seed=42):
    parts = [dask.delayed(count_hits, pure=True)(seed, i, samples) for i in range(chunks)]
    graph = dask.delayed(total, pure=True)(*parts)
    t0 = time.perf_counter()
    hits = graph.compute(scheduler=scheduler, num_workers=workers)
    t1 = time.perf_counter()
    return {"run": t1 - t0, "hits": hits}


def versions():
    return {"dask": dask.__version__, "numpy": np.__version__, "python": platform.python_version(),
            "executable": sys.executable}


if __name__ == "__main__":
    if "--serve" not in sys.argv:
        print(__doc__)
        sys.exit(2)
    if dask is None:
        serve({}, error=IMPORT_ERROR)
    else:
        serve({"sample": sample, "versions": versions}, versions=versions())
