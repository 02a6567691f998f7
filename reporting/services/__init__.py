"""Every change to a report row, by topic: ``requests`` (who may request, the next version, queue on commit),
``worker`` (claim, progress, build, succeed, fail) and ``schedule`` (sweeps and the cut-off schedule)."""
