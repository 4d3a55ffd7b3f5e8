"""Does Redis lose a message popped by BRPOP when it is stopped (SIGTERM)? (docs/adr/0031)

    .venv/bin/python bench/redis_brpop_loss.py [trials]      default 60; ~1 s per trial

Each trial starts a private Redis as the tests run it (append-only file, ``appendfsync always``),
one thread pushing numbered messages as fast as it can (LPUSH; a message counts once Redis
acknowledged it) and one taking them with BRPOP, as a Kombu worker does; Redis is stopped after
0.2-0.5 s, then started again from its append-only file. A message acknowledged to the pusher,
never received by the taker and not on the list after the restart is lost: Redis popped it (the
pop is in the file) and the taker never got the reply. Prints each trial and the total lost.
"""

from __future__ import annotations

import random
import sys
import tempfile
import threading
import time
from pathlib import Path

import redis

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.services.redis import PrivateRedis  # noqa: E402


def trial(root: Path) -> tuple[int, int, int, set[bytes]]:
    srv = PrivateRedis(root)
    srv.start()
    pushed: list[bytes] = []
    popped: list[bytes] = []
    stop = threading.Event()

    def take() -> None:
        c = redis.Redis(host="127.0.0.1", port=srv.port, socket_timeout=5)
        while not stop.is_set():
            try:
                got = c.brpop(["q"], timeout=1)
            except redis.RedisError:
                return
            if got:
                popped.append(got[1])

    def push() -> None:
        c = redis.Redis(host="127.0.0.1", port=srv.port, socket_timeout=5)
        i = 0
        while not stop.is_set():
            try:
                c.lpush("q", str(i))
            except redis.RedisError:
                return
            pushed.append(str(i).encode())
            i += 1

    threads = [threading.Thread(target=take), threading.Thread(target=push)]
    for t in threads:
        t.start()
    time.sleep(random.uniform(0.2, 0.5))
    srv.stop()
    stop.set()
    for t in threads:
        t.join()
    srv.start()
    left = redis.Redis(host="127.0.0.1", port=srv.port).lrange("q", 0, -1)
    srv.stop()
    return len(pushed), len(popped), len(left), set(pushed) - set(popped) - set(left)


def main() -> None:
    trials = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    root = Path(tempfile.mkdtemp(prefix="brpop-loss-"))
    lost = 0
    for n in range(trials):
        pushed, popped, left, missing = trial(root / str(n))
        lost += len(missing)
        print(f"trial {n}: pushed {pushed} taken {popped} left {left} lost {sorted(missing)}", flush=True)
    print(f"lost {lost} message(s) in {trials} stops")


if __name__ == "__main__":
    main()
