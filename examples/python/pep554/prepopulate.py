"""PEP 554, "Pre-populate an interpreter": pay for imports and set-up once, then serve requests.

    bin/interpreters examples/python/pep554/prepopulate.py

The PEP's `some_lib`, `an_expensive_module`, `wait_for_request()` and `handle_request()` are
placeholders; here they are made concrete and small: the set-up imports `json` and `decimal` and
builds a price table, `wait_for_request()` hands out the next request of a fixed list, and
`handle_request()` prices an order. The interpreter's __main__ keeps the set-up between runs.
"""
import textwrap as tw

import interpreters

interp = interpreters.create()
interp.run(tw.dedent("""
    import json       # stands for some_lib
    import decimal    # stands for an_expensive_module
    PRICES = {'apple': decimal.Decimal('0.40'), 'pear': decimal.Decimal('0.55'), 'fig': decimal.Decimal('1.20')}
    handled = 0

    def handle_request(request):
        global handled
        handled += 1
        order = json.loads(request)
        total = sum(PRICES[item] * count for item, count in order.items())
        print('request %d: %s -> %s' % (handled, request, total))
    """))

# Concrete stand-in for the PEP's wait_for_request(): the next request of a fixed list.
REQUESTS = ['{"apple": 3}', '{"pear": 2, "fig": 1}', '{"fig": 10}']
def wait_for_request():
    return REQUESTS.pop(0)

while REQUESTS:
    request = wait_for_request()
    # The PEP calls some_lib.handle_request() with no argument; the request travels as a shared str.
    interp.run(tw.dedent("""
        handle_request(request)
        """), shared=dict(request=request))
