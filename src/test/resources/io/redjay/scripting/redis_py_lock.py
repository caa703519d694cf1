# redis-py's Lock against a server on the port given: acquire, extend, reacquire, release, a lock held by another
# owner, and four threads contending for one lock around a read-modify-write. redis-py runs these as Lua scripts
# (EVALSHA, falling back to EVAL on NOSCRIPT). Prints OK, or raises.
import sys
import threading
import time

import redis
from redis.exceptions import LockNotOwnedError

r = redis.Redis(port=int(sys.argv[1]))
r.script_flush()

lock = r.lock("resource", timeout=5, blocking_timeout=5)
assert lock.acquire(), "acquire"
assert lock.owned(), "owned"
assert lock.locked(), "locked"
assert lock.extend(10), "extend"
assert r.pttl("resource") > 10000, "extend adds time"
assert lock.extend(3, replace_ttl=True), "extend replace_ttl"
assert r.pttl("resource") <= 3000, "replace_ttl sets the time"
assert lock.reacquire(), "reacquire"
lock.release()
assert r.get("resource") is None, "released"

first = r.lock("held", timeout=5)
assert first.acquire()
second = r.lock("held", timeout=5, blocking_timeout=0.05)
assert not second.acquire(), "second owner must not get it"
second.local.token = b"not-the-owner"
try:
    second.release()
    raise AssertionError("releasing another owner's lock must fail")
except LockNotOwnedError:
    pass
first.release()

state = {"n": 0}


def worker():
    for _ in range(25):
        with r.lock("contended", timeout=10, blocking_timeout=20, sleep=0.001):
            value = state["n"]
            time.sleep(0.0002)
            state["n"] = value + 1


threads = [threading.Thread(target=worker) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join(60)
assert state["n"] == 100, state["n"]
print("OK")
