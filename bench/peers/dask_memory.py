"""Dask peer of the memory benchmark (bench/benchmarks/memory.js).

The same three computations as bench/benchmarks/memory/graphs.js, with ``dask.delayed`` over NumPy
float64 chunks whose elements are ``(i * 7 + j) & 1023`` (bench/benchmarks/memory/kernels.js):

* ``persist``: every chunk, then a barrier needing all of them, then each chunk consumed with it;
* ``transpose``: output j concatenates piece j of every input (all-to-all), each output summed
  with the position weight ``(p % 7) + 1``;
* ``tree``: chunks added pairwise up a binary tree, the root summed.

Engines:

* ``threads``: Dask's local threaded scheduler. Dask's local schedulers keep every result in a
  Python dict and never spill: there is no memory limit to give them.
* ``distributed``: a ``distributed.LocalCluster`` of worker processes (``processes=True``) whose
  ``memory_limit`` is the run's budget divided among the workers. Spilling is Dask's managed-memory
  threshold ``distributed.worker.memory.target`` (0.6, as Tusk's ``memoryTarget``); the thresholds
  on process RSS (``spill``, ``pause``, ``terminate``) are turned off, because a worker process at
  rest is already larger than a budget of tens of MiB and would pause (hang) or be killed.
  Spilled and transferred data is not compressed (``distributed.comm.compression: None``), as Tusk's
  spill files are not; by default lz4 would shrink this very regular data and hide most disk traffic.

Modes: ``--serve`` (the benchmark harness: hello line with versions, then ``versions`` requests) and
``--sample '<json>'``: one sample in this process — build the cluster, print ``{"ready": true}``,
run the computation once, print one JSON line with the answer, the wall time of ``compute`` and the
spill metrics of the workers, then shut everything down. The harness measures the process tree.
"""

import json
import os
import shutil
import sys
import tempfile
import time

import _protocol

try:
    import numpy as np
    import dask
    from dask import delayed

    IMPORT_ERROR = None
except Exception as e:  # reported in the hello line
    IMPORT_ERROR = "%s: %s" % (type(e).__name__, e)


def make_chunk(i, length):
    return ((np.arange(length, dtype=np.int64) + (i * 7)) & 1023).astype(np.float64)


def add_chunks(a, b):
    return a + b


def sum_chunk(a):
    return float(a.sum())


def weighted_sum(a):
    return float((a * ((np.arange(a.size) % 7) + 1)).sum())


def chunk_length(a):
    return a.size


def total(*xs):
    s = 0.0
    for x in xs:
        s += x
    return s


def sum_after(a, barrier):
    return float(a.sum()) + barrier


def cut_piece(a, part, parts):
    n = a.size // parts
    return a[part * n:(part + 1) * n].copy()


def concat_pieces(*pieces):
    return np.concatenate(pieces)


def build(shape, n, length):
    xs = [delayed(make_chunk)(i, length) for i in range(n)]
    if shape == "persist":
        barrier = delayed(total)(*[delayed(chunk_length)(x) for x in xs])
        return delayed(total)(*[delayed(sum_after)(x, barrier) for x in xs])
    if shape == "transpose":
        pieces = [[delayed(cut_piece)(x, j, n) for j in range(n)] for x in xs]
        outs = [delayed(concat_pieces)(*[row[j] for row in pieces]) for j in range(n)]
        return delayed(total)(*[delayed(weighted_sum)(o) for o in outs])
    if shape == "tree":
        level = xs
        while len(level) > 1:
            level = [delayed(add_chunks)(level[i], level[i + 1]) if i + 1 < len(level) else level[i]
                     for i in range(0, len(level), 2)]
        return delayed(sum_chunk)(level[0])
    raise ValueError("unknown shape %r" % shape)


def vm_hwm():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return None


def versions():
    import platform
    out = {"dask": dask.__version__, "numpy": np.__version__, "python": platform.python_version()}
    try:
        import distributed
        out["distributed"] = distributed.__version__
    except Exception:
        pass
    return out


def sample(engine, shape, chunks, length, memory_limit, workers=2, spill_dir=None):
    graph = build(shape, chunks, length)
    result = {}
    if engine == "threads":
        dask.compute(delayed(total)(1, 2), scheduler="threads", num_workers=workers)
        _protocol.send({"ready": True})
        t0 = time.perf_counter()
        (value,) = dask.compute(graph, scheduler="threads", num_workers=workers)
        result["wallMs"] = (time.perf_counter() - t0) * 1e3
        result["spill"] = None
    elif engine == "distributed":
        import logging
        from distributed import Client, LocalCluster

        logging.getLogger("distributed").setLevel(logging.ERROR)
        local = tempfile.mkdtemp(prefix="dask-memory-bench-", dir=spill_dir)
        try:
            with dask.config.set({
                "distributed.worker.memory.target": 0.6,
                "distributed.worker.memory.spill": False,
                "distributed.worker.memory.pause": False,
                "distributed.worker.memory.terminate": False,
                "distributed.admin.tick.limit": "1h",
                # Tusk writes spill files uncompressed; so does Dask here (its default compresses
                # spilled and transferred data with lz4 when installed).
                "distributed.comm.compression": None,
            }):
                with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                  memory_limit=memory_limit // workers, local_directory=local,
                                  dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
                        Client(cluster) as client:
                    client.submit(total, 1, 2).result()
                    _protocol.send({"ready": True})
                    t0 = time.perf_counter()
                    (value,) = dask.compute(graph, scheduler=client)
                    result["wallMs"] = (time.perf_counter() - t0) * 1e3
                    metrics = client.run(lambda dask_worker: dask_worker.data.get_metrics())
                    spill = {}
                    for m in metrics.values():
                        for k in ("disk_write_bytes_total", "disk_write_count_total",
                                  "disk_read_bytes_total", "disk_read_count_total"):
                            spill[k] = spill.get(k, 0) + m.get(k, 0)
                    result["spill"] = spill
        finally:
            shutil.rmtree(local, ignore_errors=True)
    else:
        raise ValueError("unknown engine %r (threads, distributed)" % engine)
    result["value"] = value
    result["vmHwmBytes"] = vm_hwm()
    return result


def main():
    if "--serve" in sys.argv:
        if IMPORT_ERROR is not None:
            _protocol.serve({}, error=IMPORT_ERROR)
        else:
            _protocol.serve({"versions": versions}, versions=versions())
        return
    if IMPORT_ERROR is not None:
        raise SystemExit(IMPORT_ERROR)
    if "--sample" in sys.argv:
        params = json.loads(sys.argv[sys.argv.index("--sample") + 1])
        _protocol.send(sample(**params))
        return
    # One-shot check: a small persist on both engines.
    for engine in ("threads", "distributed"):
        _protocol.send({engine: sample(engine, "persist", 8, 1 << 17, 8 << 20)})


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)
