"""concurrent.futures.InterpreterPoolExecutor (CPython 3.14), on interpreters4j.

A ThreadPoolExecutor whose every worker thread owns an interpreter: interpreters4j's own pool
(interpreters.InterpreterPoolExecutor) with CPython 3.14's constructor, data rules and errors.
Tasks are concurrent.interpreters calls: functions travel as Interpreter.call() sends them, and a
task's arguments and result are shared or pickled. What cannot be sent fails the task's future
with NotShareableError; a task's exception is re-raised from the future with ExecutionFailed as
its __cause__; an initializer that fails breaks the pool (BrokenInterpreterPool).
"""

from concurrent.futures.thread import BrokenThreadPool

from _interpreters4j_pool import InterpreterPoolExecutor as _Pool

__all__ = ['InterpreterPoolExecutor', 'BrokenInterpreterPool']


class BrokenInterpreterPool(BrokenThreadPool):
    """A worker of an InterpreterPoolExecutor failed initializing."""


class InterpreterPoolExecutor(_Pool):
    """An Executor that runs each call in one of a pool of interpreters, in parallel.

    max_workers: the number of interpreters (default: as ThreadPoolExecutor, min(32, CPUs + 4)).
    initializer: a callable run once in each new interpreter, with initargs.
    """

    BROKEN = BrokenInterpreterPool
    _counter = 0

    def __init__(self, max_workers=None, thread_name_prefix='', initializer=None, initargs=()):
        if isinstance(initializer, str):
            raise TypeError('scripts not supported')
        if not thread_name_prefix:
            InterpreterPoolExecutor._counter += 1
            thread_name_prefix = 'InterpreterPoolExecutor-%d' % InterpreterPoolExecutor._counter
        super().__init__(max_workers, thread_name_prefix, initializer, initargs, _xi=True)
