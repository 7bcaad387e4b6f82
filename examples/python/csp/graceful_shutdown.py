"""Graceful shutdown by closing channels: loops over a channel end when the channel closes.

    bin/interpreters examples/python/csp/graceful_shutdown.py

Two worker interpreters serve `for job in jobs:` and a collector thread in main serves
`for result in results:`. Nothing tells them to stop but the channels closing:

1. main sends the jobs inside `with jobs_send:`; leaving the block closes the channel, and each
   worker's loop ends once the channel is closed (a job already handed over is still done);
2. main waits for the workers' run() calls to return, then closes `results`, which ends the
   collector's loop;
3. a send on a closed channel fails with ChannelClosedError: nothing is ever lost silently.
"""
import threading

import interpreters

WORKER = '''
done = 0
for job in jobs:                            # until the channel is closed
    results.send('%s -> %s' % (job, job.upper()))
    done += 1
summary.send(done)                          # how many this worker handled
'''


def main():
    jobs_recv, jobs_send = interpreters.create_channel()
    results_recv, results_send = interpreters.create_channel()
    summary_recv, summary_send = interpreters.create_channel()

    collected = []

    def collect():
        for result in results_recv:         # until `results` is closed
            collected.append(result)
        print('collector: results channel closed after %d results' % len(collected))
    collector = threading.Thread(target=collect)
    collector.start()

    workers = [interpreters.create() for _ in range(2)]
    threads = [threading.Thread(target=w.run, args=(WORKER,),
                                kwargs=dict(shared=dict(jobs=jobs_recv, results=results_send, summary=summary_send)))
               for w in workers]
    for t in threads:
        t.start()

    words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot']
    with jobs_send:                         # leaving the block closes `jobs`
        for word in words:
            jobs_send.send(word)
    print('main: sent %d jobs and closed the jobs channel' % len(words))

    handled = summary_recv.recv() + summary_recv.recv()
    print('workers: both loops ended, %d jobs handled in all' % handled)
    for t in threads:
        t.join()

    results_send.close()                    # the collector's loop ends
    collector.join()
    for line in sorted(collected):
        print(' ', line)

    try:
        jobs_send.send('too late')
    except interpreters.ChannelClosedError:
        print('main: a send on the closed jobs channel raises ChannelClosedError')

    for w in workers:
        w.destroy()


if __name__ == '__main__':
    main()
