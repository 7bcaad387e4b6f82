"""Queues between interpreters (CPython 3.14's concurrent.interpreters queues), on interpreters4j.

A Queue is a buffered FIFO shared by every interpreter of the process (and by Java, where it is
an io.interpreters4j.InterpreterQueue). put() returns once the object is queued (waiting while a
bounded queue is full); get() takes the oldest item (waiting while it is empty). Waiting parks
the thread until the event it waits for; nothing polls. Items are copies of data: shareable
objects natively (None, bool, int, float, str, bytes, tuples of those, memoryview, queues) and
most others pickled, as CPython 3.14 sends them.
"""

import queue as _queue
import weakref as _weakref

import _interpreters4j as _i4j
from . import _crossinterp
from ._crossinterp import UNBOUND_ERROR, UNBOUND_REMOVE

__all__ = [
    'UNBOUND', 'UNBOUND_ERROR', 'UNBOUND_REMOVE',
    'create', 'list_all',
    'Queue',
    'QueueError', 'QueueNotFoundError', 'QueueEmpty', 'QueueFull',
    'ItemInterpreterDestroyed',
]


class QueueError(RuntimeError):
    """A queue-related error."""


class QueueNotFoundError(QueueError):
    """No queue has that id."""


class QueueEmpty(QueueError, _queue.Empty):
    """get_nowait() found the queue empty, or get() timed out."""


class QueueFull(QueueError, _queue.Full):
    """put_nowait() found the queue full, or put() timed out."""


class ItemInterpreterDestroyed(QueueError, _crossinterp.ItemInterpreterDestroyed):
    """get() took an item, put with UNBOUND_ERROR, whose interpreter was destroyed."""


UNBOUND = _crossinterp.UnboundItem.singleton('queue', __name__)


def _flag(unbounditems):
    if unbounditems is UNBOUND:
        unbounditems = _crossinterp.UNBOUND
    return _crossinterp.serialize_unbound(unbounditems)[0]


def _marker(flag):
    op = _crossinterp._UNBOUND_FLAG_TO_CONSTANT[flag]
    return UNBOUND if op is _crossinterp.UNBOUND else op


def _budget(block, timeout):
    if not block:
        return 0
    if timeout is None:
        return _i4j._FOREVER
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError('timeout must be a number of seconds or None, not %r' % type(timeout).__name__)
    if timeout != timeout or timeout < 0:
        raise ValueError('timeout value must be non-negative')
    return min(int(timeout * 1e9), _i4j._MAX_BUDGET)


def create(maxsize=0, *, unbounditems=UNBOUND):
    """Return a new queue, holding at most `maxsize` items (0 or less: unbounded).

    `unbounditems` is the default of put() for items whose interpreter is destroyed before they
    are taken: UNBOUND (get() returns UNBOUND), UNBOUND_ERROR or UNBOUND_REMOVE.
    """
    if isinstance(maxsize, bool) or not isinstance(maxsize, int):
        raise TypeError('maxsize must be an int, not %r' % type(maxsize).__name__)
    flag = _flag(unbounditems)
    size = max(min(maxsize, (1 << 31) - 1), -(1 << 31))
    w = _bridge.queueCreate(size, flag)
    self = Queue._of(w.num, w.ref)
    self._maxsize = maxsize
    return self


def list_all():
    """Return every queue still referenced somewhere, ordered by id."""
    return [Queue._of(w.num, w.ref) for w in _bridge.queueList()]


_known_queues = _weakref.WeakValueDictionary()


class Queue:
    """A queue between interpreters. Queue(id) finds an existing one; there is one object per
    queue in each interpreter."""

    _i4j_queue = True  # marks the type for the runtime's data rules

    def __new__(cls, id, /):
        if isinstance(id, bool) or not isinstance(id, int):
            raise TypeError('id must be an int, got %r' % (id,))
        id = int(id)
        self = _known_queues.get(id)
        if self is not None:
            return self
        if not _i4j._LONG_MIN <= id <= _i4j._LONG_MAX:
            raise QueueNotFoundError('queue %d not found' % id)
        w = _i4j._checked(_bridge.queueLookup(id))  # QueueNotFoundError (Wire.Kind.E_QUEUE_NOT_FOUND)
        return cls._of(w.num, w.ref)

    @classmethod
    def _of(cls, id, ref):
        id = int(id)
        self = _known_queues.get(id)
        if self is None:
            self = object.__new__(cls)
            self._id = id
            self._q = ref  # the engine's queue (Java): keeps the queue alive while we hold it
            _known_queues[id] = self
        return self

    def __repr__(self):
        return '%s(%d)' % (type(self).__name__, self._id)

    def __hash__(self):
        return hash(self._id)

    def __eq__(self, other):
        if not isinstance(other, Queue):
            return NotImplemented
        return self._id == other._id

    def __reduce__(self):
        return (type(self), (self._id,))

    @property
    def id(self):
        return self._id

    @property
    def maxsize(self):
        try:
            return self._maxsize
        except AttributeError:
            self._maxsize = int(_bridge.queueInfo(self._q)[0])
            return self._maxsize

    @property
    def unbounditems(self):
        return _marker(int(_bridge.queueInfo(self._q)[1]))

    def empty(self):
        return self.qsize() == 0

    def full(self):
        return bool(_bridge.queueState(self._q)[1])

    def qsize(self):
        return int(_bridge.queueState(self._q)[0])

    def put(self, obj, block=True, timeout=None, *, unbounditems=None):
        """Add the object to the queue; while a bounded queue is full, wait (unless not `block`),
        at most `timeout` seconds: then QueueFull.

        What get() returns is a copy of the object's data (natively shared types) or an unpickled
        copy (most others); queues and memoryviews refer to the same thing. `unbounditems`
        overrides the queue's default for this item (see create())."""
        budget = _budget(block, timeout)
        flag = 0 if unbounditems is None else _flag(unbounditems)
        kind, payload = _i4j._encode_xi(obj)
        if _i4j._checked(_bridge.queuePut(self._q, kind, payload, flag, budget)) is not True:
            raise QueueFull('queue is full')  # NOTHING: still full when the budget ran out

    def put_nowait(self, obj, *, unbounditems=None):
        """put() without waiting: QueueFull at once if the queue is full."""
        return self.put(obj, False, unbounditems=unbounditems)

    def get(self, block=True, timeout=None):
        """Remove and return the oldest item; while the queue is empty, wait (unless not `block`),
        at most `timeout` seconds: then QueueEmpty. An item whose interpreter was destroyed is
        UNBOUND, or raises ItemInterpreterDestroyed, as it was put."""
        v = _i4j._checked(_bridge.queueGet(self._q, _budget(block, timeout)))  # ItemInterpreterDestroyed
        t = type(v)
        if t is str or t is int or t is float or t is bool:
            return v
        kind = v.kind
        if kind == _i4j._NOTHING:
            raise QueueEmpty('queue is empty')
        if kind == _i4j._UNBOUND:
            return UNBOUND
        return _i4j._decode(v)

    def get_nowait(self):
        """get() without waiting: QueueEmpty at once if the queue is empty."""
        return self.get(False)


def _waiters(queue):
    """Diagnostics for tests: (getters, putters) waiting on the queue right now."""
    counts = _bridge.queueWaiters(queue._q)
    return int(counts[0]), int(counts[1])
