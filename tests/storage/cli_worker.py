"""A long-lived ``learnpath`` for the concurrency tests: one JSON line in per command
(``{"argv": [...], "repeat": N}``), one JSON line out (``{"results": [[rc, out, err], ...]}``).

Every command runs ``tracker.cli.main`` in this process, as the ``learnpath`` command would (each
opens and closes the database), without paying for a new interpreter per command; the parent
releases all workers at once by writing their lines together.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys

from tracker.cli import main

print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    request = json.loads(line)
    results = []
    for _ in range(int(request.get("repeat", 1))):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(request["argv"])
            except BaseException as error:  # reported to the parent
                code = f"{type(error).__name__}: {error}"
        results.append([code, out.getvalue(), err.getvalue()])
    print(json.dumps({"results": results}), flush=True)
