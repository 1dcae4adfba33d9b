"""kill -9 of a worker in the middle of a job: the job is tried again by another worker, and after its
last attempt it is failed — never left "running".  Embedded mode on both databases; distributed mode
on PostgreSQL through the real Redis and RabbitMQ."""
from __future__ import annotations

from .jobs_harness import embedded, remote, wait_for
from jixiao import jobs
from jixiao.jobs.store import GAVE_UP


def kill_mid_job(job_id: str, db_url: str, proc, attempt: int) -> None:
    """Wait until the worker is part-way through the job (attempt ``attempt``), then kill -9 it."""
    wait_for(lambda: (i := jobs.get(job_id, db_url=db_url)).state == "running" and i.attempts == attempt
             and i.done >= 2, 90, f"attempt {attempt} of job {job_id} under way", proc)
    proc.kill9()
    info = jobs.get(job_id, db_url=db_url)
    assert info.state == "running" and info.done < info.total     # killed part-way, nothing cleaned up


def check_retried_then_failed(job_id: str, db_url: str, start, proof) -> None:
    first = start(1)
    kill_mid_job(job_id, db_url, first, attempt=1)
    second = start(2)                                              # takes the job over once the lease runs out
    kill_mid_job(job_id, db_url, second, attempt=2)
    third = start(3)
    info = wait_for(lambda: (i := jobs.get(job_id, db_url=db_url)).finished and i, 60, "job failed", third)
    assert info.state == "failed" and info.attempts == 2
    assert info.error == GAVE_UP.format(n=2)
    assert not proof.exists()                                     # no run ever completed
    assert third.stop() in (0, -15)


def check_retried_then_done(job_id: str, db_url: str, start, proof) -> None:
    first = start(1)
    kill_mid_job(job_id, db_url, first, attempt=1)
    second = start(2)
    info = wait_for(lambda: (i := jobs.get(job_id, db_url=db_url)).finished and i, 90, "job done", second)
    assert info.state == "done" and info.attempts == 2 and (info.done, info.total) == (12, 12), info.error
    assert proof.read_text() == "done\n"                          # the killed run never finished
    assert second.stop() in (0, -15)                              # SIGTERM: the worker ends (so the next part
                                                                  # of the test knows which worker has the job)


def test_embedded_worker_killed(db_url, tmp_path, procs):
    proof, proof2 = tmp_path / "runs.txt", tmp_path / "runs2.txt"
    again = jobs.submit("slow", {"items": 12, "pause": 0.25, "out": str(proof)}, db_url=db_url)

    def start(n):
        return procs(embedded(db_url), tmp_path / f"worker{n}.log")

    check_retried_then_done(again, db_url, start, proof)
    doomed = jobs.submit("slow", {"items": 12, "pause": 0.25, "out": str(proof2)}, db_url=db_url, max_attempts=2)
    check_retried_then_failed(doomed, db_url, lambda n: start(n + 2), proof2)


def test_remote_worker_killed(pg_url, broker_url, queue, tmp_path, procs):
    jobs.create_table(pg_url)
    proof, proof2 = tmp_path / "runs.txt", tmp_path / "runs2.txt"

    def start(n):
        return procs(remote(pg_url, broker_url, queue), tmp_path / f"worker{n}.log")

    again = jobs.submit("slow", {"items": 12, "pause": 0.25, "out": str(proof)}, db_url=pg_url,
                        broker_url=broker_url, queue=queue)
    check_retried_then_done(again, pg_url, start, proof)
    doomed = jobs.submit("slow", {"items": 12, "pause": 0.25, "out": str(proof2)}, db_url=pg_url,
                         broker_url=broker_url, queue=queue, max_attempts=2)
    check_retried_then_failed(doomed, pg_url, lambda n: start(n + 2), proof2)
