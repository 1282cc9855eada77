"""Which device a data folder is, for cohort sync: its device id (``meta['device_id']``, given by
revision 0009), the fingerprint of where its database file lives, and a fresh id for a copied
folder.

Events recorded in this folder carry ``device`` NULL and are this id's; the server keeps, per
device id, the fingerprint of the folder that first synced under it, so a copy of the folder (on
another computer, or beside the original) is noticed and takes an id of its own (``new_device``)
before it pushes anything.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update

from tracker.storage.database import Database
from tracker.storage.models import DEVICE_ID_KEY, EventRow, MetaRow, SyncCursorRow


def device_id(database: Database) -> str:
    with database.reading() as session:
        value = session.get(MetaRow, DEVICE_ID_KEY)
        assert value is not None, "revision 0009 gives every data folder a device id"
        return value.value


def machine_id() -> str:
    """This computer's own id: systemd's machine id on Linux, the platform UUID on macOS, the
    machine GUID on Windows; the host name where none can be read."""
    import platform
    import socket

    for candidate in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
        try:
            text = Path(candidate).read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            continue
        if text:
            return text
    system = platform.system()
    try:
        if system == "Darwin":
            import subprocess

            out = subprocess.run(
                ["ioreg", "-rd1", "-c", "IOPlatformExpertDevice"],
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
            ).stdout
            for line in out.splitlines():
                if "IOPlatformUUID" in line:
                    return line.rsplit('"', 2)[-2]
        elif system == "Windows":
            import importlib

            winreg: Any = importlib.import_module("winreg")
            path = r"SOFTWARE\Microsoft\Cryptography"
            with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, path) as key:
                return str(winreg.QueryValueEx(key, "MachineGuid")[0])
    except (OSError, IndexError, ValueError):
        pass
    return f"host:{socket.gethostname()}"


def fingerprint(database: Database) -> str:
    """Where this data folder's database lives: a digest of the machine's id and the file's
    device and inode numbers.

    A copy of the folder (on another computer, or beside the original) is a new file: another
    inode, or another machine — while a folder moved within one disk keeps its inode and so its
    fingerprint. A file replaced in place (a restore) gets a new inode, which only costs it a new
    device id: harmless, unlike two folders pushing as one device.
    """
    import hashlib

    st = os.stat(database.path)
    raw = f"{machine_id()}\0{st.st_dev}\0{st.st_ino}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def check_device(database: Database) -> str:
    """This folder's device id (``sync`` then checks it against the server's record of where
    the device lives: ``learner.register_device``)."""
    return device_id(database)


def new_device(database: Database) -> str:
    """Give this data folder a device id of its own. The events already pushed were pushed
    under the old id (from the original folder), so they are marked as that device's; later
    ones go out under the new id (one the original also holds is the same event, by global id,
    and the server keeps it once)."""
    fresh = str(uuid.uuid4())
    with database.writing() as session:
        old = session.get_one(MetaRow, DEVICE_ID_KEY)
        pushed = session.execute(
            select(SyncCursorRow.profile_id, func.max(SyncCursorRow.pushed_event_id)).group_by(
                SyncCursorRow.profile_id
            )
        ).all()
        for profile_id, upto in pushed:
            session.execute(
                update(EventRow)
                .where(
                    EventRow.profile_id == profile_id,
                    EventRow.device.is_(None),
                    EventRow.id <= upto,
                )
                .values(device=old.value)
            )
        old.value = fresh
    return fresh
