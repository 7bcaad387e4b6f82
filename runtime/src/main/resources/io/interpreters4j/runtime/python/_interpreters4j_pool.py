"""interpreters.InterpreterPoolExecutor: a concurrent.futures executor whose workers are interpreters.

Implementation overview. It is a ThreadPoolExecutor whose every worker thread owns one interpreter,
created when the thread starts (by the pool's thread initializer) and destroyed at shutdown. A
task is Interpreter.call() on the worker's interpreter: the worker thread waits in the bridge
(holding no GIL) while the task runs on the interpreter's own thread, so N workers run N tasks
truly in parallel. Everything concurrent.futures promises (futures, map, cancel, shutdown with
cancel_futures, BrokenThreadPool when an initializer fails) is ThreadPoolExecutor's own, with one
change: a worker counts itself idle as soon as its task has returned, before the task's future is
done (see _IdleWorkers), so that a task submitted once the previous one's result is in goes to that
worker instead of to a new interpreter.

What crosses: a function of the caller's program goes to each worker as its source, once; the
arguments and the result are shareable data (None, bytes, str, int, channel ends). Both are checked
in submit(), so a task that could never run fails there, not in its future.

The same class is CPython 3.14's concurrent.futures.InterpreterPoolExecutor when made with _xi=True
(see concurrent/futures/interpreter.py): then a task is a concurrent.interpreters call (functions
sent by 3.14's rules, arguments and results shared or pickled), what cannot be sent fails the
task's future, a task's exception is re-raised with ExecutionFailed as its cause, and a failed
initializer breaks the pool with BROKEN.
"""

import os as _os
import threading as _threading
import time as _time
from concurrent.futures import ThreadPoolExecutor as _ThreadPoolExecutor
from concurrent.futures.thread import BrokenThreadPool

import _interpreters4j as _i4j


class InterpreterPoolExecutor(_ThreadPoolExecutor):
    """An Executor that runs each call in one of a pool of interpreters, in parallel.

    max_workers: the number of interpreters (default: the number of CPUs).
    initializer: run once in each new interpreter before its first task, with initargs: a
        function (sent as calls are) or a str of source code (then initargs must be empty).
        If it fails, the pool is broken (BrokenThreadPool), as for ThreadPoolExecutor.
    shared: a mapping of names to shareable objects bound in each interpreter's __main__ first.
    isolated: make the workers isolated interpreters (see interpreters.create()).

    submit(fn, *args, **kwargs) takes what Interpreter.call() takes; a failed task's future raises
    RunFailedError, whose __cause__ is a surrogate of the remote exception. Workers keep their
    __main__ between tasks, so what an initializer defines stays for every task.
    """

    BROKEN = BrokenThreadPool

    def __init__(self, max_workers=None, thread_name_prefix='', initializer=None, initargs=(), *,
                 shared=None, isolated=False, _xi=False):
        self._xi = _xi
        if max_workers is None and not _xi:
            max_workers = _os.cpu_count() or 1
        if _xi:
            init = None if initializer is None else ('xi', initializer, tuple(initargs))
        elif initializer is None:
            if initargs:
                raise ValueError('initargs given without an initializer')
            init = None
        elif type(initializer) is str:
            if initargs:
                raise ValueError('initargs cannot be given for an initializer that is source code')
            init = ('run', initializer)
        else:
            init = ('call', _i4j._function_spec(initializer), _i4j._encode_call(tuple(initargs), {}))
        if shared is not None:
            shared = dict(_i4j._names(shared, 'shared'))
            _i4j._encode_all(shared.values())
        self._init = init
        self._shared = shared
        self._isolated = bool(isolated)
        self._local = _threading.local()
        self._workers_lock = _threading.Lock()
        self._interpreters = []  # every worker interpreter not yet destroyed; guarded by _workers_lock
        super().__init__(max_workers, thread_name_prefix or 'InterpreterPoolExecutor',
                         initializer=self._start_worker)
        self._idle_semaphore = _IdleWorkers(self._local)

    def _start_worker(self):
        """The thread initializer: this worker's interpreter, set up before any task."""
        interp = _i4j.create(isolated=self._isolated)
        with self._workers_lock:
            self._interpreters.append(interp)
        self._local.interp = interp
        if self._shared:
            interp.run('', shared=self._shared)
        if self._init is not None:
            if self._init[0] == 'run':
                interp.run(self._init[1])
            elif self._init[0] == 'xi':
                self._xi_interp().call(self._init[1], *self._init[2])
            else:
                interp._call(self._init[1], self._init[2])

    def _adjust_thread_count(self):
        # submit() from a done callback of this worker's task: the worker is not idle yet.
        self._idle_semaphore.busy()
        super()._adjust_thread_count()

    def _xi_interp(self):
        from concurrent.interpreters import Interpreter
        return Interpreter._of(self._local.interp.id)

    def _initializer_failed(self):
        # As ThreadPoolExecutor's, with this pool's kind of broken.
        import queue
        with self._shutdown_lock:
            self._broken = ('A thread initializer failed, the thread pool '
                            'is not usable anymore')
            while True:
                try:
                    work_item = self._work_queue.get_nowait()
                except queue.Empty:
                    break
                if work_item is not None:
                    work_item.future.set_exception(self.BROKEN(self._broken))

    def _run_task_xi(self, fn, args, kwargs):
        """A 3.14 task: a concurrent.interpreters call; its exception is raised again here, as
        itself when it can be rebuilt (a built-in type, or an importable one with plain args),
        with the ExecutionFailed as its __cause__."""
        from concurrent.interpreters import ExecutionFailed
        self._idle_semaphore.busy()
        try:
            return self._xi_interp().call(fn, *args, **kwargs)
        except ExecutionFailed as wrapper:
            original = _rebuild(wrapper)
            if original is None:
                raise
            raise original from wrapper
        finally:
            self._idle_semaphore.idle()

    def submit(self, fn, /, *args, **kwargs):
        """Schedule fn(*args, **kwargs) in a worker interpreter; return a Future.

        TypeError if fn cannot be sent, ValueError if an argument is not shareable: at once, not in
        the future.
        """
        if self._broken:
            raise self.BROKEN(self._broken)
        if self._xi:
            # As CPython 3.14: what cannot be sent fails the future, not submit().
            return super().submit(self._run_task_xi, fn, args, kwargs)
        spec = _i4j._function_spec(fn)
        call = _i4j._encode_call(args, kwargs)  # checked here, and encoded once
        return super().submit(self._run_task, spec, call)

    submit.__text_signature__ = '($self, fn, /, *args, **kwargs)'

    def _run_task(self, spec, call):
        self._idle_semaphore.busy()
        try:
            return self._local.interp._call(spec, call)
        finally:
            self._idle_semaphore.idle()

    def map(self, fn, *iterables, timeout=None, chunksize=1):
        """As Executor.map. With chunksize > 1, the calls go to the workers in chunks of that many,
        each chunk in one run of a worker (far less overhead per call for small tasks, as for
        ProcessPoolExecutor); a call that raised raises when the iteration reaches its result.
        """
        if chunksize < 1:
            raise ValueError('chunksize must be >= 1')
        if chunksize == 1 or self._xi:
            return super().map(fn, *iterables, timeout=timeout)
        spec = _i4j._function_spec(fn)
        calls = [_i4j._encode_all(args) for args in zip(*iterables)]  # checked here, and encoded once
        chunks = [calls[i:i + chunksize] for i in range(0, len(calls), chunksize)]
        futures = [super(InterpreterPoolExecutor, self).submit(self._run_chunk, spec, chunk) for chunk in chunks]
        end = None if timeout is None else timeout + _time.monotonic()

        def results():
            try:
                futures.reverse()
                while futures:
                    f = futures.pop()
                    outcomes = f.result() if end is None else f.result(end - _time.monotonic())
                    for ok, value in outcomes:
                        if not ok:
                            raise value
                        yield value
            finally:
                for f in futures:
                    f.cancel()
        return results()

    def _run_chunk(self, spec, chunk):
        self._idle_semaphore.busy()
        try:
            return _i4j._call_many(self._local.interp.id, spec, chunk)
        finally:
            self._idle_semaphore.idle()

    def shutdown(self, wait=True, *, cancel_futures=False):
        """As Executor.shutdown; then destroys the worker interpreters once their tasks are done.

        With wait=False the interpreters are destroyed in the background when the workers end.
        """
        super().shutdown(wait=wait, cancel_futures=cancel_futures)
        if wait:
            self._destroy_interpreters()
        else:
            threads = list(self._threads)
            def destroy_when_idle():
                for t in threads:
                    t.join()
                self._destroy_interpreters()
            _threading.Thread(target=destroy_when_idle, name='InterpreterPoolExecutor-shutdown',
                              daemon=True).start()

    def _destroy_interpreters(self):
        with self._workers_lock:
            interps, self._interpreters = self._interpreters, []
        for interp in interps:
            try:
                interp.destroy()
            except _i4j.InterpreterNotFoundError:
                pass  # destroyed by someone else meanwhile


class _IdleWorkers(_threading.Semaphore):
    """ThreadPoolExecutor's count of idle workers (its _idle_semaphore: submit() starts a new worker
    only when it cannot take one from it), where a worker counts itself idle when its task returns.

    ThreadPoolExecutor's worker counts itself idle only after the task's future is done, when it
    finds the queue empty; the thread that waited for the result, running first, found no idle
    worker and started another: measured, 13 of 40 pools that ran three tasks one after the other
    had started more than one interpreter (load 8), none with this class. Here the worker counts itself from within the task
    (idle(), before the future is done) and not again when it finds the queue empty; if it finds a
    task queued instead, it takes back its count if nobody has used it (busy()). A task another
    thread submits while the worker finishes the future (runs its done callbacks) waits for that
    worker; one submitted by those callbacks does not count on it (busy() again).
    """

    def __init__(self, local):
        super().__init__(0)
        self._local = local  # the pool's thread-local: .counted, whether this worker is counted idle

    def idle(self):
        """In a worker, at the end of its task."""
        if not getattr(self._local, 'counted', False):
            self._local.counted = True
            super().release()

    def busy(self):
        """In a worker, at the start of its task and when it submits one (else a no-op)."""
        if getattr(self._local, 'counted', False):
            # It took a queued task without waiting: its count, if still there, is not idle any more.
            self._local.counted = False
            self.acquire(blocking=False)

    def release(self, n=1):
        # ThreadPoolExecutor's worker, going to wait for a task: counted already if idle() did.
        if getattr(self._local, 'counted', False):
            self._local.counted = False
            return
        super().release(n)


def _rebuild(failed):
    """The exception an ExecutionFailed stands for, made again here, or None if it cannot be."""
    t = failed.excinfo.type
    args_repr = getattr(failed, '_remote_args', None)
    if args_repr is None:
        return None
    try:
        import ast
        import importlib
        cls = importlib.import_module(t.__module__)
        for part in t.__qualname__.split('.'):
            cls = getattr(cls, part)
        if not (isinstance(cls, type) and issubclass(cls, BaseException)):
            return None
        return cls(*ast.literal_eval(args_repr))
    except Exception:
        return None
