#!/usr/bin/env python3
"""Search latency: 1,000 queries to /search.json on a running server (loopback),
sequential, a mix of words, prefixes, parts of words and FTS syntax.

    BASE_URL=http://127.0.0.1:3000 python3 bench/search.py
"""
import os, random, statistics, time, urllib.parse, urllib.request

BASE = os.environ.get("BASE_URL", "http://127.0.0.1:3000")
QUERIES = ["ports adapters", "projection", "hexag", "xagon", "outbox", "use case", "repository", "event store",
           "\"NEAR( -*", "migration", "team size", "BEGIN IMMEDIATE", "sandbox", "clean architecture", "cqrs read model",
           "gateway", "idempotent", "argon2", "layered service", "dependency rule"]
random.seed(1)
times = []
for i in range(1000):
    q = random.choice(QUERIES)
    url = f"{BASE}/search.json?q={urllib.parse.quote(q)}"
    start = time.perf_counter()
    with urllib.request.urlopen(url) as r:
        r.read()
    times.append((time.perf_counter() - start) * 1000)
times.sort()
print(f"queries: {len(times)}  p50: {times[len(times)//2]:.2f} ms  p99: {times[int(len(times)*0.99)]:.2f} ms  max: {times[-1]:.2f} ms  mean: {statistics.mean(times):.2f} ms")
