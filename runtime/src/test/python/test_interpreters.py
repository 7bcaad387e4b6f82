"""Interpreters (docs/semantics.md, "Interpreters") from Python: every row of the interpreter table, through the real runtime."""
import os
import sys
import tempfile
import textwrap
import threading
import time
import unittest

import interpreters


def _channel_value(run_src, **shared):
    """Runs src in a new interpreter, which sends one value back on `out`; returns it."""
    interp = interpreters.create()
    try:
        r, s = interpreters.create_channel()
        box = []
        t = threading.Thread(target=lambda: box.append(r.recv(timeout=30)))
        t.start()
        interp.run(run_src, shared=dict(shared, out=s))
        t.join(30)
        return box[0]
    finally:
        interp.destroy()


class CreateListGetTest(unittest.TestCase):

    def test_main_is_id_0_and_current_here(self):
        self.assertEqual(interpreters.get_main().id, 0)
        self.assertEqual(interpreters.get_current(), interpreters.get_main())
        self.assertEqual(interpreters.list_all()[0].id, 0)

    def test_ids_are_sequential_never_reused_and_listed_in_order(self):
        a = interpreters.create()
        b = interpreters.create()
        self.assertEqual(b.id, a.id + 1)
        ids = [i.id for i in interpreters.list_all()]
        self.assertEqual(ids, sorted(ids))
        self.assertIn(a, interpreters.list_all())
        a.destroy()
        self.assertNotIn(a, interpreters.list_all())
        c = interpreters.create()
        self.assertEqual(c.id, b.id + 1)
        b.destroy()
        c.destroy()

    def test_interpreter_by_id(self):
        a = interpreters.create()
        self.assertEqual(interpreters.Interpreter(a.id), a)
        self.assertEqual(hash(interpreters.Interpreter(a.id)), hash(a))
        a.destroy()
        with self.assertRaises(RuntimeError):
            interpreters.Interpreter(a.id)
        with self.assertRaises(interpreters.InterpreterNotFoundError):
            interpreters.Interpreter(10 ** 6)
        for bad in ('1', 1.0, None, True):
            with self.assertRaises(TypeError):
                interpreters.Interpreter(bad)

    def test_id_is_read_only(self):
        a = interpreters.create()
        with self.assertRaises(AttributeError):
            a.id = 5
        a.destroy()

    def test_get_current_inside_another_interpreter(self):
        a = interpreters.create()
        got = _channel_value('import interpreters; out.send(interpreters.get_current().id)')
        self.assertGreater(got, a.id)
        a.destroy()


class RunTest(unittest.TestCase):

    def setUp(self):
        self.interp = interpreters.create()

    def tearDown(self):
        self.interp.destroy()

    def test_state_persists_between_runs(self):
        self.interp.run('x = 1')
        self.interp.run('import sys; x += 1; sys.modules["__main__"].y = x * 10')
        r, s = interpreters.create_channel()
        t = threading.Thread(target=lambda: self.interp.run('out.send(y)', shared={'out': s}))
        t.start()
        self.assertEqual(r.recv(timeout=30), 20)
        t.join()

    def test_main_namespace_is_isolated(self):
        self.interp.run('secret = 42')
        self.assertNotIn('secret', globals())
        other = interpreters.create()
        with self.assertRaises(interpreters.RunFailedError) as cm:
            other.run('secret')
        self.assertIsInstance(cm.exception.__cause__, NameError)
        other.destroy()

    def test_runs_on_the_interpreters_own_thread(self):
        me = threading.get_ident()
        r, s = interpreters.create_channel()
        t = threading.Thread(target=lambda: self.interp.run(
            'import threading; out.send(threading.get_ident())', shared={'out': s}))
        t.start()
        self.assertNotEqual(r.recv(timeout=30), me)
        t.join()

    def test_src_must_be_str(self):
        for bad in (b'x = 1', None, 42):
            with self.assertRaises(TypeError):
                self.interp.run(bad)

    def test_shared_values_bound_in_main(self):
        values = {'n': None, 'b': b'\x00bytes\xff', 's': 'str \u20ac', 'i': -7, 'big': 3 ** 100}
        got = _channel_value(
            'out.send(repr((n, b, s, i, big)) + "|" + repr(tuple(type(v).__name__ for v in (n, b, s, i, big))))',
            **values)
        self.assertEqual(got, repr(tuple(values.values())) + '|' + repr(('NoneType', 'bytes', 'str', 'int', 'int')))

    def test_non_shareable_shared_is_value_error_and_nothing_runs(self):
        class MyStr(str):
            pass
        for bad in (1.5, True, (1,), [1], MyStr('x'), object(), bytearray(b'x')):
            with self.assertRaises(ValueError):
                self.interp.run('ran = True', shared={'v': bad})
        with self.assertRaises(interpreters.RunFailedError):
            self.interp.run('ran')

    def test_channels_kwarg_only_takes_channel_ends(self):
        r, s = interpreters.create_channel()
        self.interp.run('ends = (a, b)', channels={'a': r, 'b': s})
        with self.assertRaises(ValueError):
            self.interp.run('pass', channels={'a': b'not a channel'})

    def test_run_from_other_threads(self):
        errors = []

        def worker(k):
            try:
                i = interpreters.create()
                i.run('x = %d * 2' % k)
                i.run('assert x == %d' % (k * 2))
                i.destroy()
            except BaseException as e:
                errors.append(e)
        threads = [threading.Thread(target=worker, args=(k,)) for k in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        self.assertEqual(errors, [])

    def test_running_twice_at_once_is_runtime_error(self):
        r, s = interpreters.create_channel()
        t = threading.Thread(target=lambda: self.interp.run('gate.recv()', shared={'gate': r}))
        t.start()
        deadline = time.monotonic() + 30
        while not self.interp.is_running():
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.005)
        with self.assertRaises(RuntimeError):
            self.interp.run('pass')
        with self.assertRaises(RuntimeError):
            self.interp.destroy()
        s.send(None)
        t.join(30)
        self.assertFalse(self.interp.is_running())

    def test_is_running_is_true_for_the_current_interpreter(self):
        self.assertTrue(interpreters.get_current().is_running())
        got = _channel_value('import interpreters; out.send(str(interpreters.get_current().is_running()))')
        self.assertEqual(got, 'True')

    def test_create_interpreters_from_inside_an_interpreter(self):
        got = _channel_value(textwrap.dedent('''
            import interpreters
            inner = interpreters.create()
            inner.run('x = 6 * 7')
            r, s = interpreters.create_channel()
            import threading
            t = threading.Thread(target=lambda: inner.run('out.send(x)', shared={'out': s}))
            t.start()
            v = r.recv()
            t.join()
            inner.destroy()
            out.send(v)
        '''))
        self.assertEqual(got, 42)

    def test_python_threads_inside_an_interpreter(self):
        got = _channel_value(textwrap.dedent('''
            import threading
            results = []
            def work(k):
                results.append(sum(range(k)))
            ts = [threading.Thread(target=work, args=(k,)) for k in (10, 100, 1000)]
            for t in ts: t.start()
            for t in ts: t.join()
            out.send(sum(results))
        '''))
        self.assertEqual(got, sum(range(10)) + sum(range(100)) + sum(range(1000)))

    def test_waiting_in_run_does_not_hold_the_callers_gil(self):
        # While this thread waits in run() of another interpreter, another thread of this
        # interpreter must make progress.
        r, s = interpreters.create_channel()
        progress = [0]
        stop = threading.Event()

        def spin():
            # Each step needs this interpreter's GIL; sleeping between steps keeps it a fair test
            # of the GIL, not of how a hot loop is preempted.
            while not stop.is_set():
                progress[0] += 1
                time.sleep(0.001)
        t = threading.Thread(target=spin)
        t.start()
        runner = threading.Thread(target=lambda: self.interp.run('gate.recv()', shared={'gate': r}))
        runner.start()
        deadline = time.monotonic() + 30
        while not self.interp.is_running():
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.005)
        before = progress[0]
        time.sleep(0.3)
        during = progress[0]
        s.send(None)
        runner.join(30)
        stop.set()
        t.join(30)
        self.assertGreater(during, before)


class DestroyTest(unittest.TestCase):

    def test_destroy_main_is_runtime_error(self):
        with self.assertRaises(RuntimeError):
            interpreters.get_main().destroy()

    def test_destroy_current_is_runtime_error(self):
        got = _channel_value(textwrap.dedent('''
            import interpreters
            try:
                interpreters.get_current().destroy()
                out.send('destroyed itself')
            except RuntimeError as e:
                out.send('RuntimeError')
        '''))
        self.assertEqual(got, 'RuntimeError')

    def test_destroy_twice_and_use_after_destroy(self):
        i = interpreters.create()
        i.destroy()
        with self.assertRaises(RuntimeError):
            i.destroy()
        with self.assertRaises(RuntimeError):
            i.is_running()
        with self.assertRaises(RuntimeError):
            i.run('pass')

    def test_destroy_ends_the_interpreters_thread(self):
        i = interpreters.create()
        i.run('import threading; t = threading.Thread(target=lambda: None); t.start(); t.join()')
        i.destroy()
        self.assertNotIn(i, interpreters.list_all())


class RunFailedErrorTest(unittest.TestCase):

    def setUp(self):
        self.interp = interpreters.create()

    def tearDown(self):
        self.interp.destroy()

    def failure(self, src):
        with self.assertRaises(interpreters.RunFailedError) as cm:
            self.interp.run(src)
        return cm.exception

    def test_is_a_runtime_error_with_the_remote_traceback(self):
        e = self.failure('def f():\n    raise KeyError("spam")\nf()')
        self.assertIsInstance(e, RuntimeError)
        text = str(e)
        self.assertIn('Traceback (most recent call last)', text)
        self.assertIn('line 2, in f', text)
        self.assertIn("KeyError: 'spam'", text)

    def test_builtin_cause_is_that_builtin_type(self):
        e = self.failure('raise KeyError("spam")')
        self.assertIs(type(e.__cause__), KeyError)
        self.assertEqual(e.__cause__.args, ('spam',))

    def test_reraise_cause_caught_by_except_keyerror(self):
        caught = None
        try:
            try:
                self.interp.run('raise KeyError')
            except interpreters.RunFailedError as exc:
                raise exc.__cause__
        except KeyError as k:
            caught = k
        self.assertIsInstance(caught, KeyError)

    def test_syntax_error(self):
        e = self.failure('def broken(:\n    pass')
        self.assertIsInstance(e.__cause__, SyntaxError)
        self.assertIn('SyntaxError', str(e))

    def test_system_exit(self):
        e = self.failure('import sys; sys.exit(3)')
        self.assertIsInstance(e.__cause__, SystemExit)
        self.assertEqual(e.__cause__.code, 3)
        self.interp.run('still_alive = True')

    def test_user_defined_exception(self):
        e = self.failure('class SpamError(Exception): pass\nraise SpamError("eggs")')
        self.assertIsInstance(e.__cause__, interpreters.RemoteError)
        self.assertEqual(e.__cause__.remote_type, '__main__.SpamError')
        self.assertEqual(e.__cause__.remote_message, 'eggs')
        self.assertEqual(str(e.__cause__), '__main__.SpamError: eggs')
        self.assertIn('SpamError: eggs', str(e))

    def test_interpreter_usable_after_failure(self):
        self.failure('1 / 0')
        self.interp.run('ok = 1')


class TrustedInterpreterTest(unittest.TestCase):

    def test_file_descriptors_are_shared_process_wide(self):
        rfd, wfd = os.pipe()
        i = interpreters.create()
        i.run('import os; os.write(%d, b"from the other interpreter")' % wfd)
        self.assertEqual(os.read(rfd, 100), b'from the other interpreter')
        os.close(rfd)
        os.close(wfd)
        i.destroy()

    def test_real_files(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, 'f.txt')
            i = interpreters.create()
            i.run('with open(%r, "w") as f: f.write("written")' % path)
            with open(path) as f:
                self.assertEqual(f.read(), 'written')
            i.destroy()


if __name__ == '__main__':
    unittest.main(verbosity=2)
