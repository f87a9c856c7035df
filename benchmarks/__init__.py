"""Performance benchmarks for the dixa SDK (``make bench``; not part of ``make test``).

Each ``bench_*`` module measures one target from the performance issue against a
baseline measured in the same run, and ends by printing its results as ``BENCH {json}``
lines. :mod:`benchmarks.run` runs every module in its own interpreter (so that imports,
memory and the garbage collector of one benchmark cannot colour another), collects
those lines and prints one ratio per target.
"""
