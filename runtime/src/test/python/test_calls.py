"""Interpreter.call() from Python: every way to name a function, the data rules, errors, interrupts."""
import math
import threading
import time
import unittest

import interpreters


def square(x, times=1):
    return x * x * times


def factorial(n):
    # Recursive: finds itself by name in the interpreter it was sent to.
    return 1 if n <= 1 else n * factorial(n - 1)


def uses_helper(s):
    return helper(s)  # noqa: F821 -- defined in the target by run()


def raise_key_error(key):
    raise KeyError(key)


def returns_list():
    return [1, 2]


def spin_forever():
    while True:
        pass


def echo(value):
    return value


def wait_on(r):
    return r.recv()


def own_source_line():
    import linecache
    import sys
    frame = sys._getframe()
    return linecache.getline(frame.f_code.co_filename, frame.f_lineno)  # this very line


class CallTest(unittest.TestCase):

    def setUp(self):
        self.interp = interpreters.create()

    def tearDown(self):
        try:
            self.interp.destroy()
        except interpreters.InterpreterNotFoundError:
            pass

    # ------------------------------------------------------------ naming the function

    def test_function_of_this_program_is_sent_and_called_there(self):
        self.assertEqual(self.interp.call(square, 7), 49)
        self.assertEqual(self.interp.call(square, 7, times=3), 147)
        # It ran there, not here: it is now defined in that interpreter's __main__.
        self.assertEqual(self.interp.call('square', 5), 25)

    def test_recursive_function_finds_itself(self):
        self.assertEqual(self.interp.call(factorial, 30), math.factorial(30))

    def test_sent_function_uses_names_of_the_target_main(self):
        self.interp.run('def helper(s):\n    return s.upper() + "!"')
        self.assertEqual(self.interp.call(uses_helper, 'hi'), 'HI!')

    def test_source_is_sent_once_then_the_defined_function_is_reused(self):
        self.assertEqual(self.interp.call(square, 3), 9)
        # Rebinding the name there does not change what call(square) calls: the function defined
        # from the source the first time is kept, and the source is not sent again.
        self.interp.run('def square(x, times=1):\n    return -1')
        self.assertEqual(self.interp.call(square, 3), 9)
        self.assertEqual(self.interp.call('square', 3), -1)

    def test_lambda_is_sent_as_code(self):
        self.assertEqual(self.interp.call(lambda a, b='!': a + b, 'x'), 'x!')

    def test_function_defined_in_run_source_can_be_sent_on(self):
        # A function with no source file (defined by run() there) travels as compiled code.
        other = interpreters.create()
        try:
            self.interp.run('import interpreters\n'
                            'def triple(x):\n    return 3 * x\n'
                            'result = interpreters.Interpreter(other_id).call(triple, 14)',
                            shared={'other_id': other.id})
            self.assertEqual(self.interp.call('eval', 'result'), 42)
        finally:
            other.destroy()

    def test_by_name_builtin_and_dotted_module_path(self):
        self.assertEqual(self.interp.call('len', b'abcd'), 4)
        self.assertEqual(self.interp.call('os.path.join', 'a', 'b'), 'a/b')
        self.assertEqual(self.interp.call('json.dumps', 'q'), '"q"')
        self.interp.run('import math as m')
        self.assertEqual(self.interp.call('m.factorial', 5), 120)

    def test_module_function_is_called_by_reference(self):
        self.assertEqual(self.interp.call(math.factorial, 20), math.factorial(20))
        self.assertEqual(self.interp.call(len, 'abc'), 3)

    # ------------------------------------------------------------ data

    def test_every_shareable_type_goes_and_comes_back(self):
        big = 7 ** 100
        large = bytes(range(256)) * 400  # beyond the native-memory threshold
        for value in (None, b'', b'\x00\xff', 'text \u20ac', 0, -1, 2 ** 63, big, -big, large):
            with self.subTest(value=repr(value)[:30]):
                got = self.interp.call(echo, value)
                self.assertIs(type(got), type(value))
                self.assertEqual(got, value)

    def test_channel_end_as_argument(self):
        r, s = interpreters.create_channel()
        box = []
        t = threading.Thread(target=lambda: box.append(self.interp.call(wait_on, r)))
        t.start()
        s.send(b'through the call', timeout=30)
        t.join(30)
        self.assertEqual(box, [b'through the call'])

    def test_unshareable_argument_is_a_value_error_and_nothing_runs(self):
        self.interp.run('calls = 0\ndef count(x):\n    global calls\n    calls += 1')
        with self.assertRaises(ValueError):
            self.interp.call('count', [1])
        with self.assertRaises(ValueError):
            self.interp.call('count', x=1.5)
        self.assertEqual(self.interp.call('eval', 'calls'), 0)

    def test_unshareable_result_is_run_failed_caused_by_value_error(self):
        with self.assertRaises(interpreters.RunFailedError) as cm:
            self.interp.call(returns_list)
        self.assertIsInstance(cm.exception.__cause__, ValueError)
        self.assertIn("'list'", str(cm.exception.__cause__))

    # ------------------------------------------------------------ errors

    def test_exception_comes_back_with_remote_traceback(self):
        with self.assertRaises(interpreters.RunFailedError) as cm:
            self.interp.call(raise_key_error, 'k')
        self.assertIsInstance(cm.exception.__cause__, KeyError)
        self.assertIn('raise KeyError(key)', str(cm.exception))
        self.assertIn('in raise_key_error', str(cm.exception))

    def test_a_first_call_imports_no_line_cache_yet_its_lines_are_there_once_imported(self):
        # A sent function's lines are for tracebacks; importing linecache for them made every new
        # interpreter's first call 0.5-0.7 s slower, so they wait until linecache is imported.
        self.assertEqual(self.interp.call(square, 3), 9)
        self.interp.run('import sys\nassert "linecache" not in sys.modules, "the first call imported linecache"')
        self.assertIn('return linecache.getline(frame.f_code.co_filename, frame.f_lineno)  # this very line',
                      self.interp.call(own_source_line))
        self.assertEqual(self.interp.call(square, 4), 16)

    def test_a_function_sent_after_linecache_was_imported_has_its_lines_too(self):
        self.interp.run('import linecache')
        self.assertIn('# this very line', self.interp.call(own_source_line))
        with self.assertRaises(interpreters.RunFailedError) as cm:
            self.interp.call(raise_key_error, 'k')
        self.assertIn('raise KeyError(key)', str(cm.exception))

    def test_exception_of_own_type_is_a_remote_error(self):
        self.interp.run('class Oops(Exception):\n    pass\ndef oops():\n    raise Oops("no")')
        with self.assertRaises(interpreters.RunFailedError) as cm:
            self.interp.call('oops')
        self.assertIsInstance(cm.exception.__cause__, interpreters.RemoteError)
        self.assertEqual(cm.exception.__cause__.remote_type, '__main__.Oops')

    def test_unknown_name_is_run_failed_with_name_error(self):
        with self.assertRaises(interpreters.RunFailedError) as cm:
            self.interp.call('no_such_function')
        self.assertIsInstance(cm.exception.__cause__, NameError)
        with self.assertRaises(interpreters.RunFailedError) as cm:
            self.interp.call('os.no_such_function')
        self.assertIsInstance(cm.exception.__cause__, AttributeError)

    def test_not_callable_is_run_failed_with_type_error(self):
        self.interp.run('x = 3')
        with self.assertRaises(interpreters.RunFailedError) as cm:
            self.interp.call('x')
        self.assertIsInstance(cm.exception.__cause__, TypeError)

    def test_what_cannot_be_named_or_sent(self):
        for bad in ('', '1abc', 'a..b', 'a b', '#1'):
            with self.subTest(name=bad), self.assertRaises(ValueError):
                self.interp.call(bad)
        with self.assertRaises(TypeError):
            self.interp.call(42)
        n = 3

        def closure(x):
            return x + n
        with self.assertRaises(TypeError) as cm:
            self.interp.call(closure, 1)
        self.assertIn('closure', str(cm.exception))

    def test_destroyed_and_running_interpreters_refuse(self):
        with self.assertRaises(RuntimeError):
            interpreters.get_current().call('len', 'x')  # the caller is running
        gone = interpreters.create()
        gone.destroy()
        with self.assertRaises(interpreters.InterpreterNotFoundError):
            gone.call('len', 'x')

    def test_is_running_during_a_call_and_interrupt_stops_it(self):
        box = []

        def call():
            try:
                self.interp.call(spin_forever)
            except interpreters.RunFailedError as e:
                box.append(e)
        t = threading.Thread(target=call)
        t.start()
        deadline = time.monotonic() + 30
        while not self.interp.is_running() and time.monotonic() < deadline:
            time.sleep(0.01)
        self.assertTrue(self.interp.is_running())
        with self.assertRaises(RuntimeError):
            self.interp.call('len', 'x')  # one run or call at a time
        self.assertTrue(self.interp.interrupt())
        t.join(30)
        self.assertFalse(t.is_alive())
        self.assertIsInstance(box[0].__cause__, KeyboardInterrupt)
        self.assertEqual(self.interp.call(square, 4), 16)  # still usable

    def test_call_between_isolated_interpreters(self):
        iso = interpreters.create(isolated=True)
        try:
            self.assertEqual(iso.call(square, 9), 81)
            iso.run('import interpreters\ninner = interpreters.create(isolated=True)\n'
                    'def sq(x):\n    return x * x\n'
                    'r = inner.call(lambda v: v + 1, 41)\nassert r == 42, r\ninner.destroy()')
        finally:
            iso.destroy()


if __name__ == '__main__':
    unittest.main(verbosity=2)
