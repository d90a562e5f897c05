"""Background jobs: the Huey queue, the task decorator and periodic jobs (see `queue`).

Other apps import from here:

    from unicon.jobs import enqueue_on_commit, periodic, task
"""

from unicon.jobs.queue import enqueue_on_commit, huey, periodic, run_job, task

__all__ = ["enqueue_on_commit", "huey", "periodic", "run_job", "task"]
