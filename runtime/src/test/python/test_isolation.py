"""Isolation (docs/semantics.md, "Cancellation, time limits and isolation"): each denial of an isolated interpreter, proven from Python code in it."""
import threading
import unittest

import interpreters

PROBE = '''
def attempt(action):
    try:
        action()
        return 'allowed'
    except BaseException as e:
        return 'denied: ' + type(e).__name__
'''


class IsolatedInterpreterTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.interp = interpreters.create(isolated=True)
        cls.interp.run(PROBE)

    @classmethod
    def tearDownClass(cls):
        cls.interp.destroy()

    def outcome(self, action_src, setup=''):
        """'allowed', or 'denied: <error>' when the attempt raised or its run failed outright."""
        try:
            self.interp.run(setup + '\nresult = attempt(lambda: ' + action_src + ')', timeout=60)
        except interpreters.RunFailedError as e:
            return 'denied: ' + type(e.__cause__).__name__
        r, s = interpreters.create_channel()
        t = threading.Thread(target=self.interp.run, args=('out.send(result)',), kwargs={'shared': {'out': s}})
        t.start()
        result = r.recv(timeout=60)
        t.join(60)
        return result

    def assert_denied(self, action_src, setup=''):
        result = self.outcome(action_src, setup)
        self.assertTrue(result.startswith('denied'), action_src + ' was ' + result)

    def test_control_pure_computation_is_allowed(self):
        self.assertEqual(self.outcome('sum(range(10))'), 'allowed')

    def test_no_file_io(self):
        self.assert_denied('open("/etc/hostname").read()')
        self.assert_denied('open("/tmp/interpreters4j-isolation-probe", "w")')
        self.assert_denied('os.listdir("/")', 'import os')

    def test_no_process_io(self):
        self.assert_denied('subprocess.run(["true"])', 'import subprocess')
        self.assert_denied('os.system("true")', 'import os')

    def test_no_threads(self):
        self.assert_denied('threading.Thread(target=print).start()', 'import threading')

    def test_no_native_access(self):
        self.assert_denied('ctypes.CDLL(None).getpid()', 'import ctypes')

    def test_no_host_classes(self):
        self.assert_denied('java.type("java.lang.System").exit(3)', 'import java')
        self.assert_denied('polyglot.eval(language="java", string="java.lang.System")', 'import polyglot')

    def test_no_environment(self):
        import os
        self.assertIn('PATH', os.environ)
        self.assertEqual(self.outcome('(_ for _ in ()).throw(KeyError()) if "PATH" not in os.environ else None',
                                      'import os'), 'denied: KeyError')

    def test_cannot_act_on_trusted_interpreters(self):
        self.assert_denied('interpreters.get_main().run("import os")', 'import interpreters')
        self.assert_denied('interpreters.get_main().interrupt()', 'import interpreters')

    def test_creates_only_isolated_interpreters(self):
        result = self.outcome('inner.run("open(\'/etc/hostname\')")',
                              'import interpreters\ninner = interpreters.create()')
        self.assertEqual(result, 'denied: RunFailedError')

    def test_channels_work(self):
        self.assertEqual(self.outcome('interpreters.create_channel()[1].send_nowait(b"data")', 'import interpreters'),
                         'allowed')


class TimeLimitTest(unittest.TestCase):

    def test_time_limit_interrupts_runs(self):
        interp = interpreters.create(isolated=True, time_limit=0.3)
        with self.assertRaises(interpreters.RunTimeoutError):
            interp.run('while True:\n    pass')
        interp.run('x = 1')  # usable afterwards; a quick run is unaffected
        interp.destroy()

    def test_trusted_with_time_limit(self):
        interp = interpreters.create(time_limit=0.3)
        with self.assertRaises(interpreters.RunTimeoutError):
            interp.run('import time\ntime.sleep(60)')
        interp.destroy()

    def test_bad_time_limit(self):
        with self.assertRaises(ValueError):
            interpreters.create(time_limit=0)


if __name__ == '__main__':
    unittest.main(verbosity=2)
