#!/usr/bin/env python3
"""Start-up: from process start to the first `200` from `/healthz`, N times.

Each run starts the release server on a free loopback port with a new, empty
DATA_DIR (so every run creates and migrates the demo databases), polls
`/healthz` every millisecond, then stops the server. Prints the median, min
and max. Run it through `bench/startup.sh`, which builds the server first.
"""
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = int(os.environ.get("RUNS", "20"))
SERVER = os.environ.get("SERVER", "target/release/server")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(port):
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=0.5)
        conn.request("GET", "/healthz")
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except OSError:
        return False


def one_run():
    port = free_port()
    with tempfile.TemporaryDirectory() as data_dir:
        env = dict(os.environ, LEPTOS_SITE_ADDR=f"127.0.0.1:{port}", LEPTOS_SITE_ROOT="target/site",
                   DATA_DIR=data_dir, RUST_LOG="warn")
        started = time.perf_counter()
        server = subprocess.Popen([SERVER], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while not healthy(port):
                if server.poll() is not None:
                    sys.exit(f"the server exited with {server.returncode}")
                if time.perf_counter() - started > 30:
                    sys.exit("the server was not healthy after 30 s")
                time.sleep(0.001)
            return (time.perf_counter() - started) * 1000
        finally:
            server.terminate()
            server.wait()


def main():
    times = [one_run() for _ in range(RUNS)]
    print(f"Start-up, process start to /healthz 200, {RUNS} runs, empty DATA_DIR each:")
    print()
    print("| runs | median ms | min ms | max ms |")
    print("|---|---|---|---|")
    print(f"| {RUNS} | {statistics.median(times):.0f} | {min(times):.0f} | {max(times):.0f} |")


if __name__ == "__main__":
    main()
