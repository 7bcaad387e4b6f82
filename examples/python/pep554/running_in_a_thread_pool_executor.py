"""PEP 554, "Running in a thread pool executor": one thread per interpreter, all in parallel.

    bin/interpreters examples/python/pep554/running_in_a_thread_pool_executor.py

As in the PEP, plus its missing closing parenthesis. 'before' comes first; 'after' and the five
'starting'/'stopping' pairs interleave in any order (each interpreter's lines stay whole); leaving
the `with` block waits for all five runs, so 'all done' comes last.
"""
import concurrent.futures

import interpreters

interps = [interpreters.create() for i in range(5)]
with concurrent.futures.ThreadPoolExecutor(max_workers=len(interps)) as pool:
    print('before')
    for interp in interps:
        pool.submit(interp.run, 'print("starting"); print("stopping")')
    print('after')
print('all done')
