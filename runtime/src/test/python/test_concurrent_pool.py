"""CPython 3.14's concurrent.futures.InterpreterPoolExecutor on interpreters4j: the cases of
CPython's Lib/test/test_concurrent_futures/test_interpreter_pool.py that apply here, written for
this runtime."""
import contextlib
import io
import os
import threading
import unittest

import concurrent.futures
from concurrent import interpreters
from concurrent.interpreters import _queues as queues

STATUS = 'uninitialized'


def init(x):
    global STATUS
    STATUS = x


def get_status():
    return STATUS


def mul(x, y):
    return x * y


def fail(exctype, msg=None):
    raise exctype(msg)


def write_msg(fd, msg):
    import os
    os.write(fd, msg + b'\0')


def current_id(*extra):
    from concurrent import interpreters
    return (interpreters.get_current().id, *extra)


class BadPickle:
    def __init__(self, value):
        if value == 1:
            raise RuntimeError('gotcha')

    def __reduce__(self):
        return (type(self), (1,))


class PoolTests(unittest.TestCase):
    def test_importable_as_in_3_14(self):
        from concurrent.futures import InterpreterPoolExecutor
        from concurrent.futures.interpreter import BrokenInterpreterPool
        self.assertIs(concurrent.futures.InterpreterPoolExecutor, InterpreterPoolExecutor)
        self.assertIn('InterpreterPoolExecutor', concurrent.futures.__all__)
        self.assertTrue(issubclass(InterpreterPoolExecutor, concurrent.futures.ThreadPoolExecutor))
        self.assertTrue(issubclass(BrokenInterpreterPool, concurrent.futures.thread.BrokenThreadPool))

    def test_submit_and_map(self):
        with concurrent.futures.InterpreterPoolExecutor(2) as ex:
            self.assertEqual(ex.submit(mul, 6, 7).result(), 42)
            self.assertEqual(list(ex.map(mul, range(5), range(5))), [0, 1, 4, 9, 16])
            self.assertEqual(list(ex.map(lambda x: x + 1, range(3), chunksize=2)), [1, 2, 3])
            ids = {ex.submit(current_id).result()[0] for _ in range(4)}
            self.assertNotIn(0, ids)

    def test_initializer_uses_main_globals(self):
        with concurrent.futures.InterpreterPoolExecutor(initializer=init, initargs=('initialized',)) as ex:
            self.assertEqual(ex.submit(get_status).result(), 'initialized')
        self.assertEqual(STATUS, 'uninitialized')

    def test_init_func(self):
        r, w = os.pipe()
        try:
            with concurrent.futures.InterpreterPoolExecutor(initializer=write_msg, initargs=(w, b'step: init')) as ex:
                ex.submit(mul, 10, 10).result()
            self.assertEqual(os.read(r, 100), b'step: init\0')
        finally:
            os.close(r)
            os.close(w)

    def check_broken(self, **kwargs):
        from concurrent.futures.interpreter import BrokenInterpreterPool
        with contextlib.redirect_stderr(io.StringIO()) as stderr:
            with concurrent.futures.InterpreterPoolExecutor(**kwargs) as ex:
                fut = ex.submit(lambda: None)
                with self.assertRaises(BrokenInterpreterPool):
                    fut.result()
        return stderr.getvalue()

    def test_init_closure_breaks_the_pool(self):
        count = 0

        def init1():
            return count
        self.assertIn('NotShareableError', self.check_broken(initializer=init1))

    def test_init_exception_breaks_the_pool(self):
        err = self.check_broken(initializer=fail, initargs=(Exception, 'spam'))
        self.assertIn('ExecutionFailed: Exception: spam', err)
        self.assertIn('Uncaught in the interpreter:', err)

    def test_scripts_not_supported(self):
        with self.assertRaises(TypeError):
            concurrent.futures.InterpreterPoolExecutor(initializer='pass')

    def test_not_shareable_tasks_fail_their_future(self):
        spam = True

        def closure():
            return spam

        class Local:
            pass
        with concurrent.futures.InterpreterPoolExecutor(2) as ex:
            for fn in (closure, Local, Local().__init__):
                with self.subTest(fn=fn):
                    fut = ex.submit(fn)
                    with self.assertRaises(interpreters.NotShareableError):
                        fut.result()
            fut = ex.submit(BadPickle(0))
            with self.assertRaisesRegex(interpreters.NotShareableError, 'args not shareable') as cm:
                fut.result()
            self.assertIn('gotcha', str(cm.exception.__cause__))

    def test_exception_is_reraised_with_execution_failed_as_cause(self):
        with concurrent.futures.InterpreterPoolExecutor(2) as ex:
            fut = ex.submit(fail, KeyError, 'spam')
            with self.assertRaises(KeyError) as cm:
                fut.result()
        self.assertIs(type(cm.exception), KeyError)
        self.assertEqual(cm.exception.args, ('spam',))
        cause = cm.exception.__cause__
        self.assertIs(type(cause), interpreters.ExecutionFailed)
        self.assertEqual((cause.excinfo.type.__name__, cause.excinfo.type.__module__), ('KeyError', 'builtins'))
        self.assertEqual(cause.excinfo.msg, "'spam'")

    def test_module_functions_keep_their_module(self):
        with concurrent.futures.InterpreterPoolExecutor(1) as ex:
            self.assertEqual(ex.submit(os.path.join, 'a', 'b').result(), os.path.join('a', 'b'))

    def test_saturation_and_blocking_on_queues(self):
        blocker = queues.create()
        ex = concurrent.futures.InterpreterPoolExecutor(4)
        for _ in range(15 * 4):
            ex.submit(blocker.get)
        self.assertEqual(len(ex._threads), 4)
        for _ in range(15 * 4):
            blocker.put_nowait(None)
        ex.shutdown(wait=True)

    def test_blocking_tasks(self):
        ready, blocker = queues.create(), queues.create()

        def run(taskid, ready, blocker):
            ready.put_nowait(taskid)
            blocker.get()
        with concurrent.futures.InterpreterPoolExecutor(4) as ex:
            futures = [ex.submit(run, i, ready, blocker) for i in range(10)]
            pending = 10
            while pending:
                done = 0
                for _ in range(pending):
                    try:
                        ready.get(timeout=1)
                        done += 1
                    except interpreters.QueueEmpty:
                        pass
                pending -= done
                for _ in range(done):
                    blocker.put_nowait(None)
            for f in futures:
                self.assertIsNone(f.result())

    def test_idle_thread_reuse(self):
        ex = concurrent.futures.InterpreterPoolExecutor()
        for a, b in ((21, 2), (6, 7), (3, 14)):
            self.assertEqual(ex.submit(mul, a, b).result(), 42)
        self.assertEqual(len(ex._threads), 1)
        ex.shutdown(wait=True)

    def test_idle_thread_reuse_many_times(self):
        # A worker counts as idle once its task has returned, before its future is done: with
        # ThreadPoolExecutor's own count, a third of such pools started a second interpreter.
        for _ in range(10):
            with concurrent.futures.InterpreterPoolExecutor() as ex:
                for a, b in ((21, 2), (6, 7), (3, 14)):
                    self.assertEqual(ex.submit(mul, a, b).result(), 42)
                self.assertEqual(len(ex._threads), 1)

    def test_done_callback_may_submit_and_wait(self):
        # The worker running a done callback is not idle: a task the callback submits and waits
        # for gets another worker.
        with concurrent.futures.InterpreterPoolExecutor(2) as ex:
            results = []
            done = threading.Event()

            def chain(f):
                results.append(ex.submit(mul, f.result(), 2).result(timeout=60))
                done.set()

            ex.submit(mul, 3, 7).add_done_callback(chain)
            self.assertTrue(done.wait(60))
            self.assertEqual(results, [42])
            self.assertEqual(len(ex._threads), 2)

    def test_workers_are_closed_at_shutdown(self):
        before = set(interpreters.list_all())
        with concurrent.futures.InterpreterPoolExecutor(2) as ex:
            list(ex.map(mul, range(4), range(4)))
        self.assertEqual(set(interpreters.list_all()), before)


if __name__ == '__main__':
    unittest.main(verbosity=2)
