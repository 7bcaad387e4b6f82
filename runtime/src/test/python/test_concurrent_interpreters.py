"""CPython 3.14's concurrent.interpreters (PEP 734) on interpreters4j: the cases of CPython's
Lib/test/test_interpreters/test_api.py, test_lifecycle.py and test_stress.py that apply here,
written for this runtime (see docs/semantics.md for the ones that cannot hold, and why)."""
import os
import pickle
import sys
import threading
import unittest
from textwrap import dedent

from concurrent import interpreters
from concurrent.interpreters import ExecutionFailed, InterpreterError, InterpreterNotFoundError
import interpreters as pep554


COUNT = 0


def inc(x=1):
    global COUNT
    COUNT += x


def get_count():
    return COUNT


def stateless_noop():
    pass


def stateless_ident(arg):
    return arg


def returns_shareable():
    return (1, None)


def returns_pickleable():
    return [1, 2, 3]


def returns_closure():
    x = 42
    return lambda: x


def raises():
    raise ValueError('spam')


def module_name():
    return __name__


def full_args(a, b=2, *args, c, d=4, **kwargs):
    return (a, b, args, c, d, kwargs)


class Spam:
    def __init__(self, value):
        self.value = value

    def __call__(self, *args, **kwargs):
        return (self.value, args, kwargs)

    def __eq__(self, other):
        return isinstance(other, Spam) and self.value == other.value

    def run(self, *args):
        return (self.value, args)

    @classmethod
    def from_values(cls, *values):
        return cls(values)

    @staticmethod
    def noop():
        return None


def run_output(interp, script):
    """What `script` printed in `interp` (through a pipe: interpreters share fds)."""
    r, w = os.pipe()
    try:
        interp.prepare_main(_w=w)
        interp.exec('import contextlib as _cl, io as _io\n'
                    '_buf = _io.StringIO()\n'
                    'with _cl.redirect_stdout(_buf):\n'
                    + ''.join('    ' + line + '\n' for line in dedent(script).strip().splitlines())
                    + 'import os as _os\n_os.write(_w, _buf.getvalue().encode() + b"\\0")\n')
        out = b''
        while not out.endswith(b'\0'):
            out += os.read(r, 4096)
        return out[:-1].decode()
    finally:
        os.close(r)
        os.close(w)


class TestBase(unittest.TestCase):
    def tearDown(self):
        for interp in interpreters.list_all():
            if interp.id != 0:
                try:
                    interp.close()
                except InterpreterError:
                    pass


class ModuleTests(TestBase):
    def test_names(self):
        for name in ('get_current', 'get_main', 'create', 'list_all', 'is_shareable', 'Interpreter',
                     'InterpreterError', 'InterpreterNotFoundError', 'ExecutionFailed', 'NotShareableError',
                     'create_queue', 'Queue', 'QueueEmpty', 'QueueFull'):
            self.assertIn(name, interpreters.__all__)
            self.assertTrue(hasattr(interpreters, name), name)

    def test_exception_hierarchy(self):
        self.assertTrue(issubclass(InterpreterNotFoundError, InterpreterError))
        self.assertTrue(issubclass(ExecutionFailed, InterpreterError))
        self.assertTrue(issubclass(interpreters.NotShareableError, ValueError))


class CreateAndListTests(TestBase):
    def test_create(self):
        interp = interpreters.create()
        self.assertIsInstance(interp, interpreters.Interpreter)
        self.assertIn(interp, interpreters.list_all())

    def test_create_in_thread(self):
        made = []
        t = threading.Thread(target=lambda: made.append(interpreters.create()))
        t.start()
        t.join()
        self.assertIn(made[0], interpreters.list_all())

    def test_create_in_subinterpreter(self):
        main = interpreters.get_main()
        interp = interpreters.create()
        out = run_output(interp, '''
            from concurrent import interpreters
            print(interpreters.create().id)
            ''')
        interp2 = interpreters.Interpreter(int(out))
        self.assertEqual(interpreters.list_all(), [main, interp, interp2])

    def test_list_after_close(self):
        before = set(interpreters.list_all())
        made = [interpreters.create() for _ in range(3)]
        made[0].close()
        made[1].close()
        last = interpreters.create()
        self.assertEqual(set(interpreters.list_all()), before | {made[2], last})

    def test_list_all_returns_the_same_objects(self):
        main = interpreters.get_main()
        first, second = interpreters.create(), interpreters.create()
        for a, b in zip(interpreters.list_all(), [main, first, second]):
            self.assertIs(a, b)

    def test_same_interpreters_as_pep554(self):
        interp = interpreters.create()
        self.assertIn(interp.id, [i.id for i in pep554.list_all()])
        other = pep554.create()
        self.assertIn(other.id, [i.id for i in interpreters.list_all()])
        interpreters.Interpreter(other.id).close()
        self.assertNotIn(other.id, [i.id for i in pep554.list_all()])
        pep554.Interpreter(interp.id).destroy()
        self.assertNotIn(interp, interpreters.list_all())


class MainAndCurrentTests(TestBase):
    def test_main(self):
        main = interpreters.get_main()
        self.assertEqual(main.id, 0)
        self.assertIs(main, interpreters.get_current())
        self.assertIs(main, interpreters.get_main())
        self.assertEqual(main.whence, 'runtime init')
        self.assertTrue(main.is_running())

    def test_current_in_subinterpreter(self):
        interp = interpreters.create()
        out = run_output(interp, '''
            from concurrent import interpreters
            cur = interpreters.get_current()
            print(cur.id, cur is interpreters.get_current())
            ''')
        self.assertEqual(out.split(), [str(interp.id), 'True'])


class InterpreterObjectTests(TestBase):
    def test_by_id(self):
        interp = interpreters.create()
        self.assertIs(interpreters.Interpreter(interp.id), interp)
        self.assertIs(interpreters.Interpreter(0), interpreters.get_main())

    def test_bad_ids(self):
        for bad in ('0', 0.0, object(), None, ''):
            with self.subTest(bad=bad), self.assertRaises(TypeError):
                interpreters.Interpreter(bad)
        with self.assertRaises(ValueError):
            interpreters.Interpreter(-1)
        with self.assertRaises(InterpreterNotFoundError):
            interpreters.Interpreter(1_000_000)

    def test_attributes(self):
        interp = interpreters.create()
        self.assertIsInstance(interp.id, int)
        self.assertEqual(interp.whence, '_interpreters module')
        with self.assertRaises(AttributeError):
            interp.id = 5
        with self.assertRaises(AttributeError):
            interp.whence = 'x'
        self.assertEqual(hash(interp), hash(interp.id))
        self.assertNotEqual(interp, interpreters.create())
        self.assertEqual(repr(interp), 'Interpreter(%d)' % interp.id)

    def test_pickle(self):
        interp = interpreters.create()
        self.assertEqual(pickle.loads(pickle.dumps(interp)), interp)


class IsRunningTests(TestBase):
    def test_idle_and_running(self):
        interp = interpreters.create()
        self.assertFalse(interp.is_running())
        r, w = os.pipe()
        t = threading.Thread(target=interp.exec, args=('import os\nos.read(%d, 1)' % r,))
        t.start()
        try:
            for _ in range(2000):
                if interp.is_running():
                    break
                threading.Event().wait(0.005)
            self.assertTrue(interp.is_running())
            with self.assertRaisesRegex(InterpreterError, 'running'):
                interp.exec('pass')
            with self.assertRaisesRegex(InterpreterError, 'running'):
                interp.prepare_main(spam=False)
            with self.assertRaises(InterpreterError):
                interp.close()
        finally:
            os.write(w, b'x')
            t.join()
            os.close(r)
            os.close(w)
        self.assertFalse(interp.is_running())

    def test_from_itself(self):
        interp = interpreters.create()
        out = run_output(interp, '''
            from concurrent import interpreters
            print(interpreters.get_current().is_running())
            ''')
        self.assertEqual(out.strip(), 'True')

    def test_background_threads_do_not_count(self):
        interp = interpreters.create()
        interp.exec('import threading, time\nt = threading.Thread(target=time.sleep, args=(0.2,))\nt.start()')
        self.assertFalse(interp.is_running())
        interp.exec('t.join()')

    def test_closed(self):
        interp = interpreters.create()
        interp.close()
        with self.assertRaises(InterpreterNotFoundError):
            interp.is_running()


class CloseTests(TestBase):
    def test_close(self):
        main = interpreters.get_main()
        a, b, c = interpreters.create(), interpreters.create(), interpreters.create()
        b.close()
        self.assertEqual(set(interpreters.list_all()), {main, a, c})

    def test_main_cannot_close(self):
        main = interpreters.get_main()
        with self.assertRaises(InterpreterError):
            main.close()
        errors = []

        def f():
            try:
                main.close()
            except InterpreterError as e:
                errors.append(e)
        t = threading.Thread(target=f)
        t.start()
        t.join()
        self.assertEqual(len(errors), 1)

    def test_twice(self):
        interp = interpreters.create()
        interp.close()
        with self.assertRaises(InterpreterNotFoundError):
            interp.close()

    def test_itself(self):
        interp = interpreters.create()
        out = run_output(interp, '''
            from concurrent import interpreters
            try:
                interpreters.get_current().close()
            except interpreters.InterpreterError:
                print('failed')
            ''')
        self.assertEqual(out.strip(), 'failed')
        self.assertIn(interp, interpreters.list_all())

    def test_from_sibling_and_other_thread(self):
        a, b = interpreters.create(), interpreters.create()
        a.exec(dedent(f'''
            from concurrent import interpreters
            interpreters.Interpreter({b.id}).close()
            interpreters.create().close()
            '''))
        self.assertNotIn(b, interpreters.list_all())
        t = threading.Thread(target=a.close)
        t.start()
        t.join()
        self.assertNotIn(a, interpreters.list_all())


class PrepareMainTests(TestBase):
    def test_forms(self):
        interp = interpreters.create()
        interp.prepare_main({'spam': 42, 'eggs': 'ham'})
        interp.prepare_main((('tup', 1),))
        interp.prepare_main(kw=True)
        interp.prepare_main({'both': 1.5}, other=(1, ('a', None), b'x'))
        self.assertEqual(run_output(interp, "print(spam, eggs, tup, kw, both, other)").strip(),
                         "42 ham 1 True 1.5 (1, ('a', None), b'x')")

    def test_empty(self):
        with self.assertRaises(ValueError):
            interpreters.create().prepare_main()

    def test_not_shareable_binds_nothing(self):
        interp = interpreters.create()
        with self.assertRaises(interpreters.NotShareableError):
            interp.prepare_main(foo=1, spam={'a': 1})
        for name in ('foo', 'spam'):
            with self.assertRaises(ExecutionFailed):
                interp.exec('print(%s)' % name)


def script_function():
    import os as _os
    raise RuntimeError('uh-oh!')


class ExecTests(TestBase):
    def test_source(self):
        interp = interpreters.create()
        self.assertEqual(run_output(interp, 'print("it worked!", end="")'), 'it worked!')

    def test_state_persists(self):
        interp = interpreters.create()
        interp.exec('x = 41')
        interp.exec('x += 1')
        self.assertEqual(interp.call(eval, 'x'), 42)

    def test_failure(self):
        interp = interpreters.create()
        with self.assertRaises(ExecutionFailed) as cm:
            interp.exec('raise KeyError("k")')
        info = cm.exception.excinfo
        self.assertEqual(info.type.__name__, 'KeyError')
        self.assertEqual(info.type.__module__, 'builtins')
        self.assertEqual(info.msg, "'k'")
        self.assertEqual(info.formatted, "KeyError: 'k'")
        self.assertIn('Traceback (most recent call last)', info.errdisplay)
        text = str(cm.exception)
        self.assertTrue(text.startswith("KeyError: 'k'\n\nUncaught in the interpreter:\n\nTraceback"), text)

    def test_function_body_runs_in___main__(self):
        interp = interpreters.create()
        with self.assertRaises(ExecutionFailed) as cm:
            interp.exec(script_function)
        self.assertEqual(cm.exception.excinfo.type.__name__, 'RuntimeError')
        self.assertIn('in script_function', cm.exception.excinfo.errdisplay)
        self.assertIn("raise RuntimeError('uh-oh!')", cm.exception.excinfo.errdisplay)

    def test_code_object(self):
        interp = interpreters.create()
        interp.exec(compile('y = 7 * 6', '<code>', 'exec'))
        self.assertEqual(interp.call(eval, 'y'), 42)

    def test_bad_code(self):
        interp = interpreters.create()
        for bad in (10, b'pass', None):
            with self.subTest(bad=bad), self.assertRaises(TypeError):
                interp.exec(bad)
        with self.assertRaises(ExecutionFailed) as cm:
            interp.exec('def (')
        self.assertEqual(cm.exception.excinfo.type.__name__, 'SyntaxError')

    def test_in_thread(self):
        interp = interpreters.create()
        out = []
        t = threading.Thread(target=lambda: out.append(run_output(interp, 'print("from a thread")')))
        t.start()
        t.join()
        self.assertEqual(out, ['from a thread\n'])

    def test_background_threads_keep_running(self):
        r, w = os.pipe()
        interp = interpreters.create()
        interp.exec(dedent(f'''
            import os, threading
            def task():
                os.write({w}, os.read({r}, 1) + b'!')
            t = threading.Thread(target=task)
            t.start()
            '''))
        interp.exec('x = 1')  # the thread still waits
        os.write(w, b'D')
        interp.exec('t.join()')
        self.assertEqual(os.read(r, 2), b'D!')
        os.close(r)
        os.close(w)


class CallTests(TestBase):
    def test_stateless_functions(self):
        interp = interpreters.create()
        self.assertIsNone(interp.call(stateless_noop))
        self.assertEqual(interp.call(returns_shareable), (1, None))
        self.assertEqual(interp.call(returns_pickleable), [1, 2, 3])
        with self.assertRaises(interpreters.NotShareableError):
            interp.call(returns_closure)

    def test_arguments_round_trip(self):
        interp = interpreters.create()
        for arg in (None, 10, -10, 2 ** 1000, 'spam!', b'spam!', True, 1.5, (1, 2, 'spam!'),
                    [1, 2, 3], {'a': 1}, Ellipsis, Exception, len, Spam(3)):
            with self.subTest(arg=arg):
                res = interp.call(stateless_ident, arg)
                if isinstance(arg, BaseException):
                    self.assertIs(type(res), type(arg))
                else:
                    self.assertEqual(res, arg)
        self.assertEqual(bytes(interp.call(stateless_ident, memoryview(b'spam!'))), b'spam!')
        with self.assertRaises(interpreters.NotShareableError):
            interp.call(stateless_ident, lambda: COUNT)  # a function local here and using globals

    def test_args_and_kwargs(self):
        interp = interpreters.create()
        self.assertEqual(interp.call(full_args, 1, 2, 3, c=5, e=6), (1, 2, (3,), 5, 4, {'e': 6}))

    def test_arguments_are_copies(self):
        interp = interpreters.create()
        ns = {}
        res = interp.call(exec, 'a = 7')
        self.assertIsNone(res)
        res = interp.call(dict.update, ns, {'a': 1})
        self.assertIsNone(res)
        self.assertEqual(ns, {}, 'the other interpreter changed its own copy')

    def test_callables(self):
        interp = interpreters.create()
        for fn, args, kwargs, expected in [
            (Spam.noop, (), {}, None),
            (Spam.from_values, (1, 2), {}, Spam((1, 2))),
            (Spam, ('???',), {}, Spam('???')),
            (Spam(101), (1,), {'k': 2}, (101, (1,), {'k': 2})),
            (Spam(7).run, (1,), {}, (7, (1,))),
            (len, ('abc',), {}, 3),
            (lambda x: x + 1, (1,), {}, 2),
        ]:
            with self.subTest(fn=fn):
                self.assertEqual(interp.call(fn, *args, **kwargs), expected)

    def test_functions_of_the_main_program_keep_their_own_globals(self):
        # This suite is the main program: inc() and get_count() use its global COUNT. As in 3.14,
        # they run in a hidden copy of this program ('<fake __main__>') in the other interpreter,
        # whose state persists between calls, and neither __main__ changes.
        interp = interpreters.create()
        counts = [interp.call(get_count)]
        interp.call(inc)
        counts.append(interp.call(get_count))
        interp.call(inc, 3)
        counts.append(interp.call(get_count))
        self.assertEqual(counts, [0, 1, 4])
        self.assertEqual(COUNT, 0)
        self.assertEqual({n: interp.call(eval, repr(n) + ' in vars()') for n in ('COUNT', 'inc', 'get_count')},
                         {'COUNT': False, 'inc': False, 'get_count': False})
        self.assertEqual(interp.call(module_name), '<fake __main__>')

    def test_functions_without_source_travel_as_code(self):
        # Beyond 3.14: a function of __main__ that is not in the program's file (defined by
        # exec, as -c code is) runs with the other interpreter's __main__ as its globals.
        ns = sys.modules['__main__'].__dict__
        exec('def _dynamic(x):\n    return (x * 2, __name__)\n', ns)
        try:
            interp = interpreters.create()
            self.assertEqual(interp.call(ns['_dynamic'], 21), (42, '__main__'))
        finally:
            del ns['_dynamic']

    def test_raises(self):
        interp = interpreters.create()
        with self.assertRaises(ExecutionFailed) as cm:
            interp.call(raises)
        self.assertEqual(cm.exception.excinfo.type.__name__, 'ValueError')
        self.assertEqual(cm.exception.excinfo.msg, 'spam')

    def test_not_shareable_callables(self):
        interp = interpreters.create()
        x = 42

        def closure():
            return x

        class Local:
            pass
        for fn in (closure, Local):
            with self.subTest(fn=fn), self.assertRaises(interpreters.NotShareableError):
                interp.call(fn)

    def test_builtins_act_on___main__(self):
        interp = interpreters.create()
        interp.prepare_main(spam=42)
        self.assertEqual(interp.call(eval, 'spam'), 42)
        self.assertEqual(interp.call(eval, 'sum([1, 2, 3])'), 6)
        self.assertIsNone(interp.call(exec, 'ham = spam + 1'))
        self.assertIn('ham', interp.call(dir))
        with self.assertRaises(ExecutionFailed):
            interp.call(eval, 'undefined_name')
        with self.assertRaises(interpreters.NotShareableError):
            interp.call(globals)

    def test_stateless_function_globals_are___main__(self):
        def set_global(name, value):
            globals()[name] = value

        def get_global(name):
            return globals().get(name)

        interp = interpreters.create()
        self.assertEqual(interp.call(get_global, '__name__'), '__main__')
        self.assertIsNone(interp.call(get_global, 'spam'))
        interp.exec('spam = True')
        self.assertIs(interp.call(get_global, 'spam'), True)
        interp.call(set_global, 'spam', 42)
        interp.exec('assert spam == 42')

    def test_unpickling_failure_is_not_shareable(self):
        interp = interpreters.create()
        with self.assertRaisesRegex(interpreters.NotShareableError, 'args not shareable') as cm:
            interp.call(stateless_ident, BadPickle(0))
        self.assertIn('gotcha', str(cm.exception.__cause__))

    def test_call_in_thread(self):
        interp = interpreters.create()
        caught = []
        old = threading.excepthook
        threading.excepthook = caught.append
        try:
            interp.call_in_thread(stateless_ident, 1).join()
            self.assertEqual(caught, [])
            interp.call_in_thread(raises).join()
            self.assertEqual(len(caught), 1)
            self.assertIs(caught[0].exc_type, ExecutionFailed)
        finally:
            threading.excepthook = old


class BadPickle:
    """Pickles, but fails to unpickle."""

    def __init__(self, value):
        if value == 1:
            raise RuntimeError('gotcha')

    def __reduce__(self):
        return (type(self), (1,))


class IsShareableTests(unittest.TestCase):
    def test_shareable(self):
        for obj in (None, b'spam', 'spam', 10, -10, 2 ** 100, True, False, 100.0, (), (1, ('spam', 'eggs'), True),
                    memoryview(b'x'), interpreters.create_queue()):
            with self.subTest(obj=obj):
                self.assertTrue(interpreters.is_shareable(obj))

    def test_not_shareable(self):
        class SubBytes(bytes):
            pass
        for obj in (NotImplemented, ..., type, object, object(), Exception(), Spam, Spam(1), SubBytes(b'x'),
                    [1], {}, (1, [2]), bytearray(b'x')):
            with self.subTest(obj=obj):
                self.assertFalse(interpreters.is_shareable(obj))


class StressTests(TestBase):
    def test_create_many_sequential(self):
        alive = [interpreters.create() for _ in range(30)]
        self.assertEqual(len(set(alive)), 30)

    def test_create_many_threaded(self):
        alive = []
        threads = [threading.Thread(target=lambda: alive.append(interpreters.create())) for _ in range(30)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(len(set(alive)), 30)

    def test_many_threads_running_one_interpreter(self):
        target = interpreters.create()
        script = 'from concurrent import interpreters\ninterpreters.Interpreter(%d).exec("1")' % target.id
        busy = []

        def run():
            interp = interpreters.create()
            while True:
                try:
                    interp.exec(script)
                    return
                except ExecutionFailed as e:
                    if e.excinfo.msg != 'interpreter already running':
                        raise
                    busy.append(1)
        threads = [threading.Thread(target=run) for _ in range(10)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()


if __name__ == '__main__':
    unittest.main(verbosity=2)
