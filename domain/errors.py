"""The one error tree of Sanchika.

    SanchikaError                      (code, message, exit_code, http_status)
    ├── InputError                     a bad input: permanent, never retried; fails that file/page only
    │   ├── EmptyFileError             input.empty
    │   ├── UnsupportedTypeError       input.unsupported
    │   ├── CorruptFileError           input.corrupt
    │   ├── EncryptedFileError         input.encrypted
    │   ├── TooLargeError              input.too_large
    │   └── UnsafeArchiveError         input.unsafe_archive
    ├── PageTimeoutError               page.timeout (one page took longer than the limit)
    ├── DependencyError                dependency.* (Tesseract/language data missing, service down at start)
    ├── TransientError                 transient.* (storage/db/broker hiccup: retry with backoff)
    ├── IntegrityError                 integrity.* (a write that would change a write-once object)
    ├── NotFoundError                  not_found
    ├── AuthenticationError            auth.required (no or bad credentials: HTTP 401)
    ├── PermissionDeniedError          auth.forbidden (a role may not do this: HTTP 403)
    ├── BatchInterruptedError          batch.interrupted (Ctrl-C / SIGTERM stopped a batch: exit 128 + signal)
    └── UsageError                     usage (bad arguments / settings)

Every error carries a stable ``code`` (documented in docs/errors.md) and a message that tells
the user what to do. Callers match on the class or the code, never on the message text.
"""

from __future__ import annotations

from pathlib import PurePath


class SanchikaError(Exception):
    code: str = "error"
    exit_code: int = 1
    http_status: int = 500

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def relabel(self, internal: str | PurePath, name: str) -> SanchikaError:
        """The same error with an internal file (a stored object's key) replaced by the name the
        operator knows: given a path, its full form first (decoders quote it), then its file name."""
        message = self.message
        for old in (str(internal), internal.name) if isinstance(internal, PurePath) else (internal,):
            if old:
                message = message.replace(old, name)
        if message == self.message:
            return self
        clone = type(self)(message, code=self.code)
        clone.__cause__ = self.__cause__
        return clone

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class InputError(SanchikaError):
    code = "input.invalid"
    exit_code = 2
    http_status = 422


class EmptyFileError(InputError):
    code = "input.empty"


class UnsupportedTypeError(InputError):
    code = "input.unsupported"
    http_status = 415


class CorruptFileError(InputError):
    code = "input.corrupt"


class EncryptedFileError(InputError):
    code = "input.encrypted"


class TooLargeError(InputError):
    code = "input.too_large"
    http_status = 413


class UnsafeArchiveError(InputError):
    code = "input.unsafe_archive"


class PageTimeoutError(SanchikaError):
    code = "page.timeout"
    exit_code = 3
    http_status = 422


class DependencyError(SanchikaError):
    code = "dependency.missing"
    exit_code = 4
    http_status = 503


class TransientError(SanchikaError):
    code = "transient"
    exit_code = 5
    http_status = 503


class IntegrityError(SanchikaError):
    """Refused to protect the archive: never retried (the same write would be refused again)."""

    code = "integrity"
    exit_code = 1
    http_status = 409


class NotFoundError(SanchikaError):
    code = "not_found"
    exit_code = 6
    http_status = 404


class AuthenticationError(SanchikaError):
    code = "auth.required"
    exit_code = 7
    http_status = 401


class PermissionDeniedError(SanchikaError):
    code = "auth.forbidden"
    exit_code = 7
    http_status = 403


class BatchInterruptedError(SanchikaError):
    """A batch stopped by its operator (Ctrl-C, SIGTERM) and stopped cleanly: what was stored is
    kept, the rest is left for `sanchika requeue`. The exit status is the shell's for that signal
    (128 + its number: 130 for SIGINT, 143 for SIGTERM)."""

    code = "batch.interrupted"
    exit_code = 130
    http_status = 503

    def __init__(self, message: str, *, code: str | None = None, signal: int | None = None,
                 batch_id: str | None = None) -> None:
        super().__init__(message, code=code)
        self.batch_id = batch_id
        if signal is not None:
            self.exit_code = 128 + signal


class UsageError(SanchikaError):
    code = "usage"
    exit_code = 2
    http_status = 400


class BusyError(UsageError):
    """The thing is being worked on (a document being read, a page being replaced): try again
    when it is done. HTTP 409."""

    code = "busy"
    http_status = 409
