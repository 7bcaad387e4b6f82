"""PEP 554, "Run isolated code": run source in another interpreter and wait for it.

    bin/interpreters examples/python/pep554/run_isolated_code.py

Unchanged from the PEP. run() executes on the other interpreter's own thread; this thread waits,
so the three lines always come out in this order.
"""
import interpreters

interp = interpreters.create()
print('before')
interp.run('print("during")')
print('after')
