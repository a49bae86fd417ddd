"""What a sandboxed process does to itself before any student code runs: set its rlimits and
drop to the identity the grader leased for it. Used by server.py and kernel.py, inside the
sandbox, so it needs nothing but the standard library.

    confine.enter({"rlimits": {"RLIMIT_AS": ...}, "identity": [uid, gid]})
"""

from __future__ import annotations

import os
import signal


def enter(config: dict) -> None:
    """Rlimits first (as root they can be set to anything), then the identity, for good."""
    apply_limits(config.get("rlimits", {}))
    drop_privileges(config.get("identity"))
    # Writing past the file-size limit should fail the write, not kill the process.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def apply_limits(limits: dict) -> None:
    """Set this process's rlimits (soft = hard) before any student code is imported."""
    import resource

    for name, value in limits.items():
        which = getattr(resource, name)
        resource.setrlimit(which, (value, value))


def drop_privileges(identity) -> None:
    """Become (uid, gid) for good, with no supplementary groups and no way back (the grader
    starts workers as root only to hand them an identity of their own)."""
    if not identity:
        return
    uid, gid = identity
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    if os.getresuid() != (uid, uid, uid) or os.getresgid() != (gid, gid, gid):
        raise SystemExit("the worker could not drop its privileges")
    try:  # no setuid binary can give them back (PR_SET_NO_NEW_PRIVS)
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(38, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    os.umask(0o007)  # files it creates stay writable by its submission's group
