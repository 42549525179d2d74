"""One job system for every long piece of work (imports, identification runs, indicator recomputes, annual reports).

- `models.Job`: the abstract row every kind of job inherits (state, progress, stage, error, heartbeat, who asked);
- `tasks.JobTask`: the one Celery task base (retries, the final failure in Russian, redeliveries ignored),
  `tasks.enqueue` (after commit, by task name) and the stale-job beat `tasks.fail_stale_jobs`;
- `services.restart_job`: one way to start a failed or stalled job again;
- `views.status_view` / `views.restart_view`: the JSON every progress bar polls and the restart button.

The whole picture, and a checklist for a new kind of job: docs/jobs.md.
"""
