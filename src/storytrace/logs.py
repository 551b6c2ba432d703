"""Structured, quiet-by-default logging.

Records are written as ``level=... logger=... msg=... key=value`` lines on stderr so that
they can be grepped or parsed; the level is WARNING unless ``-v`` or ``STORYTRACE_LOG``
asks for more.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

_RESERVED = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class KeyValueFormatter(logging.Formatter):
    """``level=info logger=storytrace.pipeline msg="stored page" page_id=3``."""

    def format(self, record: logging.LogRecord) -> str:
        fields: dict[str, Any] = {
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        fields.update({k: v for k, v in vars(record).items() if k not in _RESERVED})
        out = " ".join(f"{k}={_quote(v)}" for k, v in fields.items())
        if record.exc_info:
            out += "\n" + self.formatException(record.exc_info)
        return out


def _quote(value: Any) -> str:
    text = str(value)
    if not text or any(c in text for c in ' "='):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def configure(verbosity: int = 0) -> None:
    """Set up the ``storytrace`` logger once; ``verbosity`` 1 = info, 2 = debug."""
    env = os.environ.get("STORYTRACE_LOG", "").upper()
    if verbosity >= 2:
        level = logging.DEBUG
    elif verbosity == 1:
        level = logging.INFO
    else:
        level = getattr(logging, env, logging.WARNING) if env else logging.WARNING
    logger = logging.getLogger("storytrace")
    logger.setLevel(level)
    if not any(getattr(h, "_storytrace", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(KeyValueFormatter())
        handler._storytrace = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.propagate = False
    # Libraries we call are chatty at INFO (trafilatura, htmldate, httpx): keep them quiet.
    for name in ("trafilatura", "htmldate", "courlan", "httpx", "httpcore", "charset_normalizer"):
        logging.getLogger(name).setLevel(max(level, logging.WARNING))
