"""Dask side of the 'scheduling' benchmark: per-task overhead of dask.delayed graphs.

Mirrors bench/benchmarks/scheduling.js shape for shape (same functions, same task counts):

* independent: ``total([inc(i) for i in range(n)])``                  -> n + 1 tasks
* chain:       ``x = inc(0); x = inc(x)`` ... n times                 -> n tasks
* tree:        ``inc(i)`` leaves, then pairwise ``add`` to one value   -> 2n - 1 tasks

One sample = build the delayed objects (timed as ``build``), then ``.compute(scheduler=...)`` on the
built object (timed as ``run``; includes dask's delayed optimisation, which is cull only, plus
ordering and execution). Calls are impure (dask's default): every call gets a fresh key, as in Tusk.
With ``collect`` (the harness's ``--gc``) a full ``gc.collect()`` runs before the sample, outside the clock.

Usage:
    /usr/bin/python3 dask_scheduling.py --serve                     # driven by bench/run.js
    /usr/bin/python3 dask_scheduling.py --shape chain --n 10000 --scheduler sync --repeats 5
"""

import argparse
import gc
import platform
import sys
import time

from _protocol import send, serve

try:
    import dask
    from dask import delayed
except ImportError as e:  # reported to the harness, which prints how to install it
    dask = None
    IMPORT_ERROR = "cannot import dask (%s): install it with `sudo apt-get install -y python3-dask`" % e


# The tiny tasks: module-level functions (the processes scheduler pickles them by reference).
def inc(x):
    return x + 1


def add(a, b):
    return a + b


def total(xs):
    s = 0
    for x in xs:
        s += x
    return s


if dask is not None:
    # Wrapped once, outside the timed build, as a user's module-level `@delayed` would be.
    inc_d = delayed(inc)
    add_d = delayed(add)
    total_d = delayed(total)


def build_independent(n):
    return total_d([inc_d(i) for i in range(n)])


def build_chain(n):
    x = inc_d(0)
    for _ in range(n - 1):
        x = inc_d(x)
    return x


def build_tree(n):
    level = [inc_d(i) for i in range(n)]
    while len(level) > 1:
        nxt = [add_d(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return level[0]


SHAPES = {
    "independent": (build_independent, lambda n: n + 1, lambda n: n * (n + 1) // 2),
    "chain": (build_chain, lambda n: n, lambda n: n),
    "tree": (build_tree, lambda n: 2 * n - 1, lambda n: n * (n + 1) // 2),
}

SCHEDULERS = {"sync": "sync", "synchronous": "sync", "threads": "threads", "processes": "processes"}


def sample(shape, n, scheduler="sync", workers=None, collect=False):
    """One timed build + compute; returns seconds and what the harness checks."""
    build, tasks, expected = SHAPES[shape]
    kwargs = {"scheduler": SCHEDULERS[scheduler]}
    if workers and kwargs["scheduler"] != "sync":
        kwargs["num_workers"] = workers
    if collect:
        gc.collect()
    t0 = time.perf_counter()
    obj = build(n)
    t1 = time.perf_counter()
    value = obj.compute(**kwargs)
    t2 = time.perf_counter()
    graph_tasks = len(obj.__dask_graph__())
    if value != expected(n):
        raise AssertionError("%s(n=%d) computed %r, expected %r" % (shape, n, value, expected(n)))
    if graph_tasks != tasks(n):
        raise AssertionError("%s(n=%d) built %d tasks, expected %d" % (shape, n, graph_tasks, tasks(n)))
    return {"build": t1 - t0, "run": t2 - t1, "tasks": graph_tasks, "value": value}


def versions():
    return {"dask": dask.__version__, "python": platform.python_version(), "executable": sys.executable}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--serve", action="store_true", help="JSON-lines server mode (used by bench/run.js)")
    p.add_argument("--shape", choices=sorted(SHAPES), default="independent")
    p.add_argument("--n", type=int, default=10000)
    p.add_argument("--scheduler", choices=sorted(SCHEDULERS), default="sync")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--warmup", type=int, default=1)
    args = p.parse_args()
    if args.serve:
        if dask is None:
            serve({}, error=IMPORT_ERROR)
        else:
            serve({"sample": sample, "versions": versions}, versions=versions())
        return
    if dask is None:
        send({"error": IMPORT_ERROR})
        sys.exit(2)
    for _ in range(args.warmup):
        sample(args.shape, args.n, args.scheduler)
    samples = [sample(args.shape, args.n, args.scheduler) for _ in range(args.repeats)]
    tasks = samples[0]["tasks"]
    send({
        "shape": args.shape, "n": args.n, "scheduler": args.scheduler, "tasks": tasks, "versions": versions(),
        "build_us_per_task": sorted(s["build"] * 1e6 / tasks for s in samples),
        "run_us_per_task": sorted(s["run"] * 1e6 / tasks for s in samples),
    })


if __name__ == "__main__":
    main()
