"""interpreters.InterpreterPoolExecutor: the concurrent.futures shape, with interpreters as workers."""
import concurrent.futures
import threading
import time
import unittest
from concurrent.futures.thread import BrokenThreadPool

import interpreters


def collatz_steps(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


def send_then_done(s, value):
    s.send(value)
    return 'sent'


def recv_then_done(r):
    return r.recv()


def read_setting(name):
    return globals()[name]


def fail(message):
    raise ValueError(message)


def fail_on_three(n):
    if n == 3:
        raise ValueError('three')
    return n


def my_id():
    import interpreters
    return interpreters.get_current().id


def set_up(prefix):
    global PREFIX
    PREFIX = prefix


def label(x):
    return PREFIX + str(x)  # noqa: F821 -- set by the initializer


def _live_ids():
    return {i.id for i in interpreters.list_all()}


def _wait_until(predicate, seconds=30):
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


class PoolTest(unittest.TestCase):

    def setUp(self):
        self.before = _live_ids()

    def tearDown(self):
        # Every worker interpreter is destroyed by shutdown.
        self.assertTrue(_wait_until(lambda: _live_ids() == self.before), _live_ids() - self.before)

    def test_map_gives_the_results_in_order(self):
        with interpreters.InterpreterPoolExecutor(2) as pool:
            self.assertEqual(list(pool.map(collatz_steps, range(1, 200))),
                             [collatz_steps(n) for n in range(1, 200)])

    def test_workers_are_interpreters_other_than_the_caller(self):
        with interpreters.InterpreterPoolExecutor(2) as pool:
            ids = {pool.submit(my_id).result(30) for _ in range(8)}
        self.assertNotIn(interpreters.get_current().id, ids)
        self.assertLessEqual(len(ids), 2)

    def test_map_in_chunks(self):
        with interpreters.InterpreterPoolExecutor(2) as pool:
            self.assertEqual(list(pool.map(collatz_steps, range(1, 101), chunksize=7)),
                             [collatz_steps(n) for n in range(1, 101)])
            self.assertEqual(list(pool.map(lambda a, b: a + b, 'abc', 'xyz', chunksize=2)), ['ax', 'by', 'cz'])
            with self.assertRaises(ValueError):
                pool.map(collatz_steps, [1, 2.5], chunksize=2)  # checked before anything runs
            with self.assertRaises(ValueError):
                pool.map(collatz_steps, [1], chunksize=0)

    def test_map_in_chunks_raises_a_failed_call_where_its_result_would_be(self):
        with interpreters.InterpreterPoolExecutor(2) as pool:
            results = pool.map(fail_on_three, range(6), chunksize=4)
            self.assertEqual([next(results), next(results), next(results)], [0, 1, 2])
            with self.assertRaises(interpreters.RunFailedError) as cm:
                next(results)
            self.assertIsInstance(cm.exception.__cause__, ValueError)

    def test_result_and_map_timeouts(self):
        r, s = interpreters.create_channel()
        with interpreters.InterpreterPoolExecutor(1) as pool:
            blocked = pool.submit(recv_then_done, r)
            with self.assertRaises(concurrent.futures.TimeoutError):
                blocked.result(timeout=0.2)
            for chunksize in (1, 2):
                with self.subTest(chunksize=chunksize):
                    results = pool.map(collatz_steps, [6, 7], timeout=0.2, chunksize=chunksize)
                    with self.assertRaises(concurrent.futures.TimeoutError):
                        next(results)  # queued behind the blocked task
            s.send(b'release', timeout=30)
            self.assertEqual(blocked.result(30), b'release')

    def test_two_workers_run_at_the_same_time(self):
        # Each task can only finish once the other is running: an unbuffered channel's send
        # completes only when a receive meets it. On one worker this would never finish.
        r, s = interpreters.create_channel()
        with interpreters.InterpreterPoolExecutor(2) as pool:
            sent = pool.submit(send_then_done, s, b'meet')
            got = pool.submit(recv_then_done, r)
            self.assertEqual(got.result(30), b'meet')
            self.assertEqual(sent.result(30), 'sent')

    def test_initializer_source_and_shared_names_serve_every_task(self):
        with interpreters.InterpreterPoolExecutor(2, initializer='import math\nROOT = math.isqrt(144)',
                                                  shared={'GREETING': 'hello'}) as pool:
            self.assertEqual(pool.submit(read_setting, 'ROOT').result(30), 12)
            self.assertEqual(pool.submit(read_setting, 'GREETING').result(30), 'hello')

    def test_initializer_function_with_initargs(self):
        with interpreters.InterpreterPoolExecutor(2, initializer=set_up, initargs=('item-',)) as pool:
            self.assertEqual(list(pool.map(label, [1, 2, 3])), ['item-1', 'item-2', 'item-3'])

    def test_failing_initializer_breaks_the_pool(self):
        pool = interpreters.InterpreterPoolExecutor(1, initializer='raise RuntimeError("no setup")')
        try:
            f = pool.submit(collatz_steps, 3)
            with self.assertRaises(BrokenThreadPool):
                f.result(30)
        finally:
            pool.shutdown()

    def test_task_exception_is_run_failed_with_the_remote_cause(self):
        with interpreters.InterpreterPoolExecutor(1) as pool:
            f = pool.submit(fail, 'bad input')
            exc = f.exception(30)
            self.assertIsInstance(exc, interpreters.RunFailedError)
            self.assertIsInstance(exc.__cause__, ValueError)
            self.assertIn('bad input', str(exc))
            # The worker goes on.
            self.assertEqual(pool.submit(collatz_steps, 6).result(30), 8)

    def test_what_cannot_be_sent_fails_at_submit(self):
        with interpreters.InterpreterPoolExecutor(1) as pool:
            with self.assertRaises(ValueError):
                pool.submit(collatz_steps, [3])
            n = 1

            def closure():
                return n
            with self.assertRaises(TypeError):
                pool.submit(closure)
            with self.assertRaises(ValueError):
                interpreters.InterpreterPoolExecutor(1, shared={'x': 1.5})
            with self.assertRaises(ValueError):
                interpreters.InterpreterPoolExecutor(1, initializer='pass', initargs=(1,))

    def test_lambda_tasks(self):
        with interpreters.InterpreterPoolExecutor(2) as pool:
            self.assertEqual(list(pool.map(lambda x: x * 10, [1, 2, 3])), [10, 20, 30])

    def test_shutdown_while_busy_waits_for_running_and_queued_tasks(self):
        r, s = interpreters.create_channel()
        pool = interpreters.InterpreterPoolExecutor(1)
        running = pool.submit(recv_then_done, r)  # busy until this test sends
        self.assertTrue(_wait_until(running.running))
        queued = pool.submit(collatz_steps, 6)
        closer = threading.Thread(target=pool.shutdown, kwargs={'wait': True})
        closer.start()
        closer.join(0.2)
        self.assertTrue(closer.is_alive())  # it waits: the running task cannot end before the send
        with self.assertRaises(RuntimeError):
            pool.submit(collatz_steps, 3)  # no new tasks after shutdown
        s.send(b'go', timeout=30)
        closer.join(30)
        self.assertFalse(closer.is_alive())
        self.assertEqual(running.result(0), b'go')
        self.assertEqual(queued.result(0), 8)

    def test_shutdown_with_cancel_futures_cancels_what_waits(self):
        r, s = interpreters.create_channel()
        pool = interpreters.InterpreterPoolExecutor(1)
        running = pool.submit(recv_then_done, r)
        self.assertTrue(_wait_until(running.running))
        waiting = [pool.submit(collatz_steps, n) for n in range(1, 6)]
        pool.shutdown(wait=False, cancel_futures=True)
        self.assertTrue(all(f.cancelled() for f in waiting))
        s.send(b'finish', timeout=30)
        self.assertEqual(running.result(30), b'finish')

    def test_futures_work_with_as_completed(self):
        with interpreters.InterpreterPoolExecutor(2) as pool:
            futures = [pool.submit(collatz_steps, n) for n in (27, 97, 871)]
            done = {f.result() for f in concurrent.futures.as_completed(futures, timeout=60)}
        self.assertEqual(done, {111, 118, 178})


if __name__ == '__main__':
    unittest.main(verbosity=2)
