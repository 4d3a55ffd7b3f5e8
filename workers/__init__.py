"""Executors of the pipeline's steps: an in-process pool (embedded) and Celery (server).
The steps themselves (workers.steps) are the same for both."""
