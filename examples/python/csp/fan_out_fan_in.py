"""Fan-out / fan-in over a pool of worker interpreters.

    bin/interpreters examples/python/csp/fan_out_fan_in.py [WORKERS]

Fan-out: every worker receives from the same `jobs` channel; a channel hands each object to
exactly one receiver (the one waiting longest), so the jobs spread over the workers that are free.
Fan-in: every worker sends its results on the same `results` channel, which main reads.

A feeder thread sends the jobs: main must be free to receive results meanwhile, since with
unbuffered channels a send waits for its receiver. Once the jobs are all sent, the feeder closes
`jobs`, which ends every worker's `for job in jobs` loop.
"""
import sys
import threading

import interpreters

WORKER = '''
def count_primes(limit):
    """Primes below limit, by trial division: a deliberately plain CPU-bound job."""
    count = 0
    for n in range(2, limit):
        d = 2
        while d * d <= n:
            if n % d == 0:
                break
            d += 1
        else:
            count += 1
    return count

for job in jobs:                            # until the feeder closes the channel
    results.send('%d %d %d' % (job, count_primes(job), interpreter_id))
'''


def main():
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    jobs_list = [1000 * k for k in range(1, 13)]
    jobs_r, jobs_s = interpreters.create_channel()
    results_r, results_s = interpreters.create_channel()

    pool = [interpreters.create() for _ in range(workers)]
    threads = [threading.Thread(target=interp.run, args=(WORKER,),
                                kwargs=dict(shared=dict(jobs=jobs_r, results=results_s, interpreter_id=interp.id)))
               for interp in pool]
    for t in threads:
        t.start()

    def feed():
        with jobs_s:                        # leaving the block closes the channel
            for job in jobs_list:
                jobs_s.send(job)
    feeder = threading.Thread(target=feed)
    feeder.start()

    answers, by_worker = {}, {}
    for _ in jobs_list:                     # fan-in: one result per job
        job, primes, worker = map(int, results_r.recv().split())
        answers[job] = primes
        by_worker[worker] = by_worker.get(worker, 0) + 1
    feeder.join()
    for t in threads:
        t.join()
    for interp in pool:
        interp.destroy()

    for job in sorted(answers):
        print('primes below %5d: %4d' % (job, answers[job]))
    # Which worker took which job depends on timing; that each job was done exactly once does not.
    print('%d jobs done by %d workers, each job exactly once: %s'
          % (len(answers), workers, sorted(answers) == jobs_list and sum(by_worker.values()) == len(jobs_list)))


if __name__ == '__main__':
    main()
