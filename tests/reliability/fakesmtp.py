"""A local SMTP server that appends each message it receives to a file (aiosmtpd).

    python tests/reliability/fakesmtp.py PORT FILE

Used by the reliability tests and the CI image leg to see mail arrive through the worker.
"""

import sys
import time
from pathlib import Path

from aiosmtpd.controller import Controller


class AppendToFile:
    def __init__(self, path: Path):
        self.path = path

    async def handle_DATA(self, server, session, envelope):
        with self.path.open("ab") as out:
            out.write(envelope.content + b"\n.\n")
        return "250 Message accepted"


def serve(port: int, path: Path) -> Controller:
    controller = Controller(AppendToFile(path), hostname="127.0.0.1", port=port)
    controller.start()
    return controller


if __name__ == "__main__":
    controller = serve(int(sys.argv[1]), Path(sys.argv[2]))
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        controller.stop()
