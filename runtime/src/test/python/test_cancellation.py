"""Cancellation (docs/semantics.md, "Cancellation, time limits and isolation") from Python: Interpreter.interrupt() and run(..., timeout=)."""
import threading
import time
import unittest

import interpreters


def wait_running(interp):
    deadline = time.monotonic() + 60
    while not interp.is_running():
        if time.monotonic() > deadline:
            raise AssertionError('interpreter never started running')
        time.sleep(0.002)


class InterruptTest(unittest.TestCase):

    def setUp(self):
        self.interp = interpreters.create()

    def tearDown(self):
        self.interp.destroy()

    def interrupted_run(self, src, **kwargs):
        box = {}

        def target():
            try:
                self.interp.run(src, **kwargs)
                box['result'] = 'finished'
            except BaseException as e:
                box['result'] = e
        t = threading.Thread(target=target, daemon=True)
        t.start()
        wait_running(self.interp)
        self.assertTrue(self.interp.interrupt())
        t.join(60)
        self.assertFalse(t.is_alive(), 'interrupt did not stop the run')
        return box['result']

    def assert_interrupted(self, result):
        self.assertIsInstance(result, interpreters.RunFailedError)
        self.assertIsInstance(result.__cause__, KeyboardInterrupt)

    def test_tight_loop(self):
        self.assert_interrupted(self.interrupted_run('while True:\n    pass'))
        self.interp.run('usable = True')

    def test_after_an_interrupt_locks_and_imports_work(self):
        # Regression: the interrupt used to stay pending on the interpreter's thread, so the next
        # run spun forever on its first lock (an import takes one). The timeout turns a hang into
        # a failure.
        self.assert_interrupted(self.interrupted_run('while True:\n    pass'))
        self.interp.run('import threading, decimal\nwith threading.Lock():\n    ok = decimal.Decimal(1)',
                        timeout=60)
        self.assert_interrupted(self.interrupted_run('import time\ntime.sleep(600)'))
        self.interp.run('import fractions\nwith threading.RLock():\n    ok = fractions.Fraction(1, 3)',
                        timeout=60)

    def test_sleep(self):
        self.assert_interrupted(self.interrupted_run('import time\ntime.sleep(600)'))

    def test_channel_wait_is_withdrawn(self):
        r, s = interpreters.create_channel()
        self.assert_interrupted(self.interrupted_run('s.send(b"never delivered")', shared={'s': s}))
        self.assertEqual(r.recv_nowait('nothing'), 'nothing')
        self.assert_interrupted(self.interrupted_run('got = r.recv()', shared={'r': r}))
        self.assertFalse(s.send_nowait(b'nobody is waiting any more'))

    def test_interrupt_when_idle_is_false(self):
        self.assertFalse(self.interp.interrupt())

    def test_interrupt_destroyed_is_runtime_error(self):
        other = interpreters.create()
        other.destroy()
        with self.assertRaises(RuntimeError):
            other.interrupt()


class RunTimeoutTest(unittest.TestCase):

    def setUp(self):
        self.interp = interpreters.create()

    def tearDown(self):
        self.interp.destroy()

    def test_timeout_interrupts_and_raises(self):
        with self.assertRaises(interpreters.RunTimeoutError) as cm:
            self.interp.run('while True:\n    pass', timeout=0.2)
        self.assertIsInstance(cm.exception, interpreters.RunFailedError)
        self.assertIn('did not finish within 0.2 s', str(cm.exception))  # the error names the limit
        self.interp.run('x = 1', timeout=60)

    def test_timeout_on_a_channel_wait(self):
        r, s = interpreters.create_channel()
        with self.assertRaises(interpreters.RunTimeoutError):
            self.interp.run('r.recv()', shared={'r': r}, timeout=0.2)
        self.assertFalse(s.send_nowait(1))

    def test_code_that_finishes_in_time_is_unaffected(self):
        self.interp.run('y = sum(range(1000))', timeout=60)
        with self.assertRaises(interpreters.RunFailedError) as cm:
            self.interp.run('raise KeyError(y)', timeout=60)
        self.assertNotIsInstance(cm.exception, interpreters.RunTimeoutError)
        self.assertIsInstance(cm.exception.__cause__, KeyError)

    def test_bad_timeouts(self):
        with self.assertRaises(ValueError):
            self.interp.run('pass', timeout=-1)
        with self.assertRaises(TypeError):
            self.interp.run('pass', timeout='1')


if __name__ == '__main__':
    unittest.main(verbosity=2)
