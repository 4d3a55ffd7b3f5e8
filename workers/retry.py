"""One retry policy for every executor: which errors are transient, how often a job is run again,
how long to wait between runs, and when a job that kills its worker process is given up.

    RetryPolicy(retries=12, first_delay=1, max_delay=60, crashes=3)
    policy.transient(exc) -> bool          TransientError and the connection errors of the
                                           database, the broker and the object store
    policy.delay(n) -> seconds             before retry n+1: exponential, "equal jitter", capped
    process_stopping() -> bool             this Celery pool process is being stopped: what a job
                                           raises now is the stop, not the job's failure

The deployment's policy is ``WorkerConfig.retry`` (SANCHIKA_RETRIES, SANCHIKA_RETRY_MAX_DELAY).
The process pool (workers/local.py) and the Celery tasks (workers/tasks.py, through
``celery_conf.retry_policy``, which also keeps a countdown under the broker's visibility timeout)
both follow it; neither keeps limits of its own (docs/adr/0020-executor-jobs-and-retries.md).
"""

from __future__ import annotations

import logging
import random
import sys
from dataclasses import dataclass
from functools import lru_cache

from domain.errors import SanchikaError, TransientError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    retries: int = 12  # runs again after a transient error, before the job fails as transient.gave_up
    first_delay: float = 1.0  # seconds before the first retry; doubled for each next one
    max_delay: float = 60.0  # the longest pause between two runs
    crashes: int = 3  # runs of one job that ended with its worker process dying, before it fails

    def transient(self, exc: BaseException) -> bool:
        return isinstance(exc, transient_errors())

    def may_retry(self, exc: BaseException, retries_done: int) -> bool:
        return self.transient(exc) and retries_done < self.retries

    def delay(self, retries_done: int) -> float:
        """Exponential backoff with "equal jitter": half fixed, half random, capped; workers that
        failed together (the database restarted) do not come back together."""
        base = min(self.max_delay, self.first_delay * 2 ** min(retries_done, 30))
        return base / 2 + random.uniform(0, base / 2)

    def gave_up(self, what: str, exc: BaseException) -> TransientError:
        return TransientError(
            f"{what} could not be stored after {self.retries} retries ({exc}); check the database and "
            "object store, then process the file again.", code="transient.gave_up")

    def final_error(self, exc: BaseException, what: str) -> SanchikaError:
        """The error a job that will not run again fails with: transient.gave_up for a transient
        error, the error itself for one of ours, ``internal`` (logged: a bug) for anything else."""
        if self.transient(exc):
            return self.gave_up(what, exc)
        if isinstance(exc, SanchikaError):
            return exc
        log.error("%s failed", what, exc_info=exc)
        return SanchikaError(f"internal error: {type(exc).__name__}: {exc}", code="internal")

    def crashed(self, what: str) -> SanchikaError:
        return SanchikaError(f"the worker process died {self.crashes} times on {what} (out of memory?); "
                             "rescan or split it.", code="worker.crashed")


@lru_cache(maxsize=1)
def transient_errors() -> tuple[type[BaseException], ...]:
    """Transient by nature: our TransientError and the connection errors of each backend (the
    broker's and Redis's only when installed: the embedded default has no broker)."""
    from sqlalchemy.exc import InterfaceError, OperationalError

    found: list[type[BaseException]] = [TransientError, ConnectionError, TimeoutError, OperationalError, InterfaceError]
    try:
        from kombu.exceptions import OperationalError as BrokerError
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError
    except ImportError:
        pass
    else:
        found += [BrokerError, RedisConnectionError, RedisTimeoutError]
    return tuple(found)


def process_stopping() -> bool:
    """This Celery pool process handled its stop signal: Celery cancels the tasks running when the
    broker connection is lost (``worker_cancel_long_running_tasks_on_connection_loss``, ADR 0007)
    with SIGTERM, which billiard turns into SystemExit inside the task. Code that catches Exception
    may then see another error raised while that SystemExit unwinds (a database connection's
    clean-up, say) and must not record it as the job's failure: it re-raises, the process ends,
    and the unacknowledged message is delivered again. False outside a billiard pool process."""
    common = sys.modules.get("billiard.common")
    fired = getattr(common, "terminate_handler_fired", None)
    if fired is not None:
        return bool(fired())
    return bool(getattr(common, "_should_have_exited", [False])[0])  # billiard before terminate_handler_fired
