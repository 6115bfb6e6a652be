"""A bounded cache that computes each key once, however many threads ask for it at once.

A board's result is frozen at the reveal, and 50 members open it in the same second: the
first request computes it, the others wait for that one instead of computing it again
(each computation is CPU-bound, so 50 at once would take 50 times as long for everyone).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class OnceCache(Generic[Value]):
    """Up to ``size`` values by key, least recently used first out; each computed once.

    >>> cache: OnceCache[int] = OnceCache(size=2)
    >>> cache.get("a", lambda: 1), cache.get("a", lambda: 2)
    (1, 1)
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[Hashable, Value] = OrderedDict()
        self._computing: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Value]) -> Value:
        """The value for ``key``: kept, or computed now (by one thread; the others wait)."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            gate = self._computing.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                if key in self._values:  # computed while this thread waited at the gate
                    return self._values[key]
            value = compute()  # an error is raised to this caller; the next one tries again
            with self._lock:
                self._values[key] = value
                self._values.move_to_end(key)
                while len(self._values) > self.size:
                    self._values.popitem(last=False)
                self._computing.pop(key, None)
            return value
