"""PEP 554, "Run in a thread": run() blocks the calling thread, so call it from another one.

    bin/interpreters examples/python/pep554/run_in_a_thread.py

Unchanged from the PEP. 'before' always comes first; 'after' (main thread) and 'during' (the
other interpreter) come in either order. The program ends once the thread has finished, as with
python3: the launcher waits for non-daemon threads.
"""
import threading

import interpreters

interp = interpreters.create()
def run():
    interp.run('print("during")')
t = threading.Thread(target=run)
print('before')
t.start()
print('after')
