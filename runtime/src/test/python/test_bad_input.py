"""Bad input everywhere (issue 6): every function and method of the `interpreters` module given
wrong types, wrong values, destroyed interpreters, closed, released or unknown channels and
invalid source raises its documented error, changes nothing, and leaves the runtime usable."""
import unittest

import _interpreters4j
import interpreters
from interpreters import (ChannelClosedError, ChannelEmptyError, ChannelNotFoundError,
                          ChannelReleasedError, InterpreterNotFoundError, NotReceivedError,
                          RunFailedError)

WRONG_IDS = ['1', 1.0, None, b'1', [1], True, object()]
BAD_TIMEOUTS = [('1', TypeError), (b'', TypeError), ([], TypeError), (True, TypeError),
                (-1, ValueError), (-0.5, ValueError), (float('nan'), ValueError)]
UNSHAREABLE = [1.5, True, (1,), [1], {}, object(), bytearray(b'x'), type('S', (str,), {})('s')]


class Sweep(unittest.TestCase):

    def tearDown(self):
        # The runtime is still usable: create, run, exchange a value, destroy.
        interp = interpreters.create()
        r, s = interpreters.create_channel()
        import threading
        t = threading.Thread(target=interp.run, args=('out.send(6 * 7)',), kwargs={'channels': {'out': s}})
        t.start()
        self.assertEqual(r.recv(timeout=60), 42)
        t.join(60)
        self.assertFalse(t.is_alive())
        interp.destroy()
        r.close()


class ModuleFunctionsTest(Sweep):

    def test_create(self):
        before = interpreters.list_all()
        with self.assertRaises(TypeError):
            interpreters.create(True)  # keyword-only
        for bad, error in BAD_TIMEOUTS:
            with self.subTest(time_limit=bad), self.assertRaises(error):
                interpreters.create(time_limit=bad)
        with self.assertRaises(ValueError):
            interpreters.create(time_limit=0)
        with self.assertRaises(TypeError):
            interpreters.create(unknown=1)
        self.assertEqual(interpreters.list_all(), before, 'no interpreter was created')

    def test_module_functions_take_no_arguments(self):
        for fn in (interpreters.list_all, interpreters.get_current, interpreters.get_main,
                   interpreters.create_channel, interpreters.list_all_channels):
            with self.subTest(fn=fn.__name__), self.assertRaises(TypeError):
                fn(1)

    def test_is_shareable_never_raises(self):
        for obj in UNSHAREABLE:
            self.assertFalse(interpreters.is_shareable(obj), repr(obj))
        for obj in (None, 0, -1, 1 << 200, '', 'x', b'', b'x'):
            self.assertTrue(interpreters.is_shareable(obj), repr(obj))

    def test_interpreter_by_id(self):
        for bad in WRONG_IDS:
            with self.subTest(id=bad), self.assertRaises(TypeError):
                interpreters.Interpreter(bad)
        for unknown in (-1, 10 ** 9, (1 << 63) - 1, -(1 << 63), 1 << 63, 1 << 100, -(1 << 100)):
            with self.subTest(id=unknown), self.assertRaises(InterpreterNotFoundError):
                interpreters.Interpreter(unknown)
        self.assertTrue(issubclass(InterpreterNotFoundError, RuntimeError))

    def test_channel_ends_by_id(self):
        for cls in (interpreters.RecvChannel, interpreters.SendChannel):
            for bad in WRONG_IDS:
                with self.subTest(cls=cls.__name__, id=bad), self.assertRaises(TypeError):
                    cls(bad)
            for unknown in (-1, 10 ** 12, 1 << 63, 1 << 100, -(1 << 100)):
                with self.subTest(cls=cls.__name__, id=unknown), self.assertRaises(ChannelNotFoundError):
                    cls(unknown)
        r, s = interpreters.create_channel()
        r.close()
        # Ids are never reused: the id of a channel that closed says so.
        with self.assertRaisesRegex(ChannelClosedError, '^channel %d is closed$' % r.id):
            interpreters.RecvChannel(r.id)
        with self.assertRaisesRegex(ChannelClosedError, '^channel %d is closed$' % s.id):
            interpreters.SendChannel(s.id)

    def test_select(self):
        r, s = interpreters.create_channel()
        with self.assertRaises(ValueError):
            interpreters.select()
        for case in (1, None, s, (r, 1), (s,), (s, 1, 2), [s, 1], 'r'):
            with self.subTest(case=case), self.assertRaises(TypeError):
                interpreters.select(case, default=None)
        with self.assertRaises(ValueError):
            interpreters.select((s, 1.5), default=None)
        for bad, error in BAD_TIMEOUTS:
            with self.subTest(timeout=bad), self.assertRaises(error):
                interpreters.select(r, timeout=bad)
        self.assertEqual(r.interpreters, [], 'a rejected select associates nobody')
        with self.assertRaises(TimeoutError):
            interpreters.select(r, timeout=0)
        r.close()
        with self.assertRaises(ChannelClosedError):
            interpreters.select(r, timeout=0.01)
        with self.assertRaises(ChannelClosedError):
            interpreters.select((s, 1), default=None)

    def test_create_buffer(self):
        for bad in ('1', 1.0, None, True):
            with self.subTest(size=bad), self.assertRaises(TypeError):
                interpreters.create_buffer(bad)
        for bad in (-1, 1 << 31, 1 << 70):
            with self.subTest(size=bad), self.assertRaises(ValueError):
                interpreters.create_buffer(bad)
        self.assertEqual(len(interpreters.create_buffer(0)), 0)
        self.assertEqual(bytes(interpreters.create_buffer(3)), b'\0\0\0')

    def test_create_buffer_in_an_isolated_interpreter_is_permission_error(self):
        interp = interpreters.create(isolated=True)
        try:
            with self.assertRaises(RunFailedError) as caught:
                interp.run('import interpreters\ninterpreters.create_buffer(16)')
            self.assertIsInstance(caught.exception.__cause__, PermissionError)
            self.assertIn('isolated', str(caught.exception.__cause__))
            # Sending a plain buffer from there still works: it is copied (see semantics.md).
            r, s = interpreters.create_channel()
            import threading
            t = threading.Thread(target=interp.run, args=('out.send_buffer(bytearray(b"abc"))',),
                                 kwargs={'channels': {'out': s}})
            t.start()
            self.assertEqual(bytes(r.recv(timeout=60)), b'abc')
            t.join(60)
        finally:
            interp.destroy()


class InterpreterMethodsTest(Sweep):

    def setUp(self):
        self.interp = interpreters.create()
        self.interp.run('count = 0')

    def tearDown(self):
        try:
            self.interp.destroy()
        except InterpreterNotFoundError:
            pass
        super().tearDown()

    def assert_count(self, n):
        self.interp.run('assert count == %d, count' % n)

    def test_run_arguments_are_checked_before_anything_runs(self):
        bump = 'count += 1'
        for src in (None, b'count += 1', 1, ['x'], bytearray(b'x')):
            with self.subTest(src=src), self.assertRaises(TypeError):
                self.interp.run(src)
        with self.assertRaises(TypeError):
            self.interp.run(bump, {})  # channels/shared are keyword-only
        with self.assertRaises(TypeError):
            self.interp.run(src=bump)  # src is positional-only
        for bad in (1, 'abc', [('a', 1)], object()):
            with self.subTest(shared=bad), self.assertRaises(TypeError):
                self.interp.run(bump, shared=bad)
        with self.assertRaises(TypeError):
            self.interp.run(bump, shared={1: 2})
        with self.assertRaises(TypeError):
            self.interp.run(bump, channels={b'x': interpreters.create_channel()[0]})
        for bad in UNSHAREABLE:
            with self.subTest(shared_value=bad), self.assertRaises(ValueError):
                self.interp.run(bump, shared={'x': bad})
        for bad in (1, None, 'x', b'x'):
            with self.subTest(channel_value=bad), self.assertRaises(ValueError):
                self.interp.run(bump, channels={'x': bad})
        for bad, error in BAD_TIMEOUTS:
            with self.subTest(timeout=bad), self.assertRaises(error):
                self.interp.run(bump, timeout=bad)
        self.assertFalse(self.interp.is_running())
        self.assert_count(0)

    def test_invalid_source_is_a_run_failure(self):
        cases = [('def (', 'SyntaxError'), ('  x = 1\n y = 2', 'IndentationError'),
                 ('x = 1\0', ('SyntaxError', 'ValueError')), ('return 1', 'SyntaxError'),
                 ('raise SystemExit(3)', 'SystemExit'), ('1/0', 'ZeroDivisionError')]
        for src, expected in cases:
            with self.subTest(src=src), self.assertRaises(RunFailedError) as caught:
                self.interp.run(src)
            names = expected if isinstance(expected, tuple) else (expected,)
            self.assertIn(type(caught.exception.__cause__).__name__, names)
        self.interp.run('')
        self.interp.run('count += 1')
        self.assert_count(1)

    def test_huge_and_odd_but_valid_source(self):
        self.interp.run('\n' * 10000 + 'count += 1')
        self.interp.run('s = "' + 'x' * 1_000_000 + '"\ncount += len(s) == 1_000_000')
        self.interp.run('t = "\u00e9\u4e2d\U0001F600"\ncount += len(t) == 3')
        self.assert_count(3)

    def test_destroyed_interpreter(self):
        handle = interpreters.Interpreter(self.interp.id)
        self.interp.destroy()
        for call in (lambda: handle.run('x = 1'), handle.is_running, handle.destroy, handle.interrupt,
                     lambda: interpreters.Interpreter(handle.id)):
            with self.subTest(call=call), self.assertRaises(InterpreterNotFoundError):
                call()
        self.assertNotIn(handle, interpreters.list_all())
        self.assertEqual(handle.id, self.interp.id)
        self.assertEqual(handle, self.interp)

    def test_refusals(self):
        with self.assertRaises(RuntimeError):
            interpreters.get_main().destroy()
        with self.assertRaises(RuntimeError):
            interpreters.get_current().destroy()
        self.assertFalse(self.interp.interrupt(), 'idle: nothing to interrupt')
        with self.assertRaises(AttributeError):
            self.interp.id = 5
        with self.assertRaises(AttributeError):
            self.interp.other = 5
        self.assertNotEqual(self.interp, self.interp.id)
        self.assert_count(0)


class ChannelMethodsTest(Sweep):

    def test_bad_arguments_change_nothing(self):
        r, s = interpreters.create_channel()
        for bad in UNSHAREABLE:
            with self.subTest(obj=bad):
                with self.assertRaises(ValueError):
                    s.send(bad, timeout=0)
                with self.assertRaises(ValueError):
                    s.send_nowait(bad)
        for bad in (1, 'str', None, object()):
            with self.subTest(buffer=bad):
                with self.assertRaises(ValueError):
                    s.send_buffer(bad, timeout=0)
                with self.assertRaises(ValueError):
                    s.send_buffer_nowait(bad)
        for bad, error in BAD_TIMEOUTS:
            with self.subTest(timeout=bad):
                with self.assertRaises(error):
                    s.send(1, timeout=bad)
                with self.assertRaises(error):
                    s.send_buffer(b'x', timeout=bad)
                with self.assertRaises(error):
                    r.recv(timeout=bad)
        self.assertEqual((r.interpreters, s.interpreters), ([], []), 'rejected calls associate nobody')
        self.assertEqual(_interpreters4j._waiters(s), (0, 0), 'and leave nobody waiting')
        sentinel = object()
        self.assertIs(r.recv_nowait(sentinel), sentinel)
        self.assertFalse(s.send_nowait(1))
        with self.assertRaises(ChannelEmptyError):
            r.recv(timeout=0)
        with self.assertRaises(NotReceivedError):
            s.send(1, timeout=0)
        with self.assertRaises(AttributeError):
            r.id = 3
        r.close()

    def test_closed_channel(self):
        r, s = interpreters.create_channel()
        r.close()
        calls = {
            'recv': lambda: r.recv(), 'recv timeout': lambda: r.recv(timeout=1),
            'recv_nowait': lambda: r.recv_nowait(), 'send': lambda: s.send(1),
            'send_nowait': lambda: s.send_nowait(1), 'send_buffer': lambda: s.send_buffer(b'x'),
            'send_buffer_nowait': lambda: s.send_buffer_nowait(bytearray(2)),
            'recv close': lambda: r.close(), 'recv close force': lambda: r.close(force=True),
            'send close': lambda: s.close(), 'recv interpreters': lambda: r.interpreters,
            'send interpreters': lambda: s.interpreters, 'release': lambda: r.release(),
            'send release': lambda: s.release(),
        }
        for name, call in calls.items():
            with self.subTest(call=name), self.assertRaises(ChannelClosedError):
                call()
        # Still rejected for bad arguments first: nothing is checked against the channel then.
        with self.assertRaises(ValueError):
            s.send(1.5)
        self.assertEqual(list(r), [], 'iteration over a closed channel ends at once')
        with r:
            pass  # leaving a with block of a closed channel is fine
        self.assertNotIn((r, s), interpreters.list_all_channels())

    def test_released_end(self):
        r, s = interpreters.create_channel()
        self.assertFalse(s.send_nowait(None))  # associates this interpreter with the send end
        self.assertIsNone(r.recv_nowait())     # and with the recv end
        self.assertTrue(s.release())
        self.assertFalse(s.release())
        for name, call in {'send': lambda: s.send(1), 'send_nowait': lambda: s.send_nowait(1),
                           'send_buffer': lambda: s.send_buffer(b'x', timeout=0),
                           'send_buffer_nowait': lambda: s.send_buffer_nowait(b'x')}.items():
            with self.subTest(call=name), self.assertRaises(ChannelReleasedError):
                call()
        # The recv end is still associated: the channel is open and usable by others.
        self.assertIn((r, s), interpreters.list_all_channels())
        self.assertTrue(r.release())
        with self.assertRaises(ChannelReleasedError):
            r.recv(timeout=0)
        self.assertFalse(r.release())
        self.assertNotIn((r, s), interpreters.list_all_channels())


if __name__ == '__main__':
    unittest.main(verbosity=2)
