"""The worker process: imports a student's code and answers the grader's requests.

    python -I grader/sandbox/server.py SUBMISSION_ROOT LIMITS_JSON   (started by SandboxWorker)

With protocol.py beside it, this is the only grader code that runs next to student code: it
needs nothing but the standard library and numpy, and it never sees expected values,
tolerances or reference code. It evaluates what the parent asks for and sends back what came
out.
"""

from __future__ import annotations

import ast
import importlib
import importlib.machinery
import importlib.util
import json
import os
import signal
import socket
import struct
import sys
import traceback
import types

import numpy as np


def _load_sibling(name: str):
    """A module beside this file: from the package when imported, from this folder when run
    as a script (python -I puts no folder of ours on sys.path, and it should not)."""
    if __package__:
        return importlib.import_module(f"grader.sandbox.{name}")
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"_grader_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


protocol = _load_sibling("protocol")
confine = _load_sibling("confine")
cells = _load_sibling("cells")
Handle, ProtocolError = protocol.Handle, protocol.ProtocolError
MAX_DEPTH, MAX_HEADER_BYTES = protocol.MAX_DEPTH, protocol.MAX_HEADER_BYTES
decode, encode = protocol.decode, protocol.encode
frame_pieces, parse_header = protocol.frame_pieces, protocol.parse_header


class Worker:
    """Holds the student's modules and objects, and serves one request at a time.

    Started with a fork socket, the worker is a zygote: it has imported numpy and this file
    once, never imports student code, and answers `fork` by forking a fresh worker on the
    pipes the parent passed over the socket (a child per student module, each a process of
    its own inside the same sandbox, started in milliseconds instead of a tenth of a second).
    """

    def __init__(self, root: str, fork_socket=None):
        self.root = os.path.realpath(root)
        self.objects: dict[int, object] = {}
        self.fork_socket = fork_socket
        self.exited: dict[int, int] = {}  # a zygote's children that ended -> returncode
        self.streams: tuple = ()  # this process's own protocol pipes (a child closes them)
        if fork_socket is not None:
            signal.signal(signal.SIGCHLD, self._reap)

    def keep(self, obj) -> int:
        self.objects[id(obj)] = obj
        return id(obj)

    def resolve(self, handle_id: int):
        if handle_id not in self.objects:
            raise LookupError(f"no object with handle {handle_id} in this worker")
        return self.objects[handle_id]

    # One method per op; each returns the reply value.

    def op_hello(self, request):
        return {"python": sys.version.split()[0], "numpy": np.__version__,
                "uid": os.getuid(), "gid": os.getgid()}  # fmt: skip

    def op_fork(self, request):
        """Fork a fresh worker on the (inbox, outbox, log) descriptors just sent over the fork
        socket; reply with its pid (as this sandbox sees it)."""
        if self.fork_socket is None:
            raise ValueError("this worker is not a zygote")
        _, fds, _, _ = socket.recv_fds(self.fork_socket, 16, 3)
        if len(fds) != 3:
            for fd in fds:
                os.close(fd)
            raise ValueError(f"fork needs 3 descriptors, got {len(fds)}")
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                code = _serve_forked(self, fds, request.get("identity"), request["home"])
            finally:
                os._exit(code)
        for fd in fds:
            os.close(fd)
        return pid

    def op_status(self, request):
        """The returncode of a forked child that ended (as Popen reports it), or None."""
        self._reap()
        return self.exited.get(int(request["pid"]))

    def _reap(self, *_signal) -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            self.exited[pid] = os.waitstatus_to_exitcode(status)

    def op_import(self, request):
        self.import_module(request["module"])
        return None

    def notebook_module(self, path: str):
        """A notebook's definitions as a module named by its path ('funcs.ipynb'): each code
        cell's imports, functions, classes and call-free assignments, in order, without its
        experiments (calls, prints, training runs) and without a kernel. Magic and shell lines
        are dropped. The notebook is read as JSON; nothing else of it runs."""
        if path in sys.modules:
            return sys.modules[path]
        sources = cells.code_cells(os.path.join(self.root, path))
        module = types.ModuleType(path)
        module.__file__ = os.path.join(self.root, path)
        sys.modules[path] = module
        try:
            for number, source in enumerate(sources, start=1):
                filename = os.path.join(self.root, f"{path} cell {number}")
                tree = ast.parse(source, filename=filename)
                tree.body = [node for node in tree.body if _is_definition(node)]
                exec(compile(tree, filename, "exec"), module.__dict__)
        except BaseException:
            del sys.modules[path]
            raise
        return module

    def op_seed(self, request):
        import random

        np.random.seed(request["seed"])
        random.seed(request["seed"])
        return None

    def op_call(self, request, args, kwargs):
        """Call the target. With "watch", the reply is [result, names of the arguments the call
        changed in place] (arrays compared by digest before and after, nested ones included)."""
        target = self.target(request)
        before = argument_digests(target, args, kwargs) if request.get("watch") else None
        result = target(*args, **kwargs)
        value = None if request.get("discard") else select(result, request.get("select", []))
        if before is None:
            return value
        after = argument_digests(target, args, kwargs)
        return [value, [name for name, digest in before.items() if after.get(name) != digest]]

    def op_keep(self, request, args, kwargs):
        """Hold the arguments here and return handles to them (so timed calls send nothing)."""
        return [Handle(self.keep(value), type(value).__name__) for value in args]

    def op_get(self, request, args, kwargs):
        return walk(self.resolve(request["handle"]), request["path"])

    def op_set(self, request, args, kwargs):
        *path, last = request["path"]
        container = walk(self.resolve(request["handle"]), path)
        if isinstance(container, dict):
            container[last] = args[0]
        else:
            setattr(container, last, args[0])
        return None

    def op_perturb(self, request, args, kwargs):
        """Evaluate the target with one array nudged by +h and -h at each flat index, in place."""
        vary = request["vary"]
        if "arg" in vary:
            array = args[vary["arg"]]
        else:
            array = walk(self.resolve(vary["handle"]), vary["path"])
        if not isinstance(array, np.ndarray) or array.dtype.kind != "f":
            raise TypeError(f"can only perturb a float array, not {type(array).__name__}")
        function, h, path = self.target(request), request["h"], request.get("select", [])
        plus, minus = [], []
        for index in request["indices"]:
            original = array.flat[index]
            array.flat[index] = original + h
            plus.append(np.asarray(select(function(*args, **kwargs), path), dtype=np.float64))
            array.flat[index] = original - h
            minus.append(np.asarray(select(function(*args, **kwargs), path), dtype=np.float64))
            array.flat[index] = original
        return {"plus": np.stack(plus), "minus": np.stack(minus)}

    def target(self, request):
        """The callable a request names: a function 'pkg.module:qualname', or a handle's method."""
        if "handle" in request:
            return getattr(self.resolve(request["handle"]), request["method"])
        module_name, _, qualname = request["function"].partition(":")
        obj = self.import_module(module_name)  # a notebook's path gives its definitions
        for part in qualname.split("."):
            obj = getattr(obj, part)
        return obj

    def import_module(self, name: str):
        """Import a student module without running its packages' __init__ files.

        Package __init__ files only re-export names, and running them would let an error in
        one module (say a syntax error in softmax.py) break the import of every sibling.
        A notebook's path gives its definitions (notebook_module).
        """
        if name.endswith(".ipynb"):
            return self.notebook_module(name)
        parts = name.split(".")
        for depth in range(1, len(parts)):
            package = ".".join(parts[:depth])
            if package not in sys.modules:
                folder = os.path.join(self.root, *parts[:depth])
                module = types.ModuleType(package)
                module.__path__ = [folder]
                module.__spec__ = importlib.machinery.ModuleSpec(package, None, is_package=True)
                module.__spec__.submodule_search_locations = [folder]
                sys.modules[package] = module
        return importlib.import_module(name)

    def serve(self, inbox, outbox) -> None:
        while True:
            header_size = inbox.read(4)
            if len(header_size) < 4:
                return  # the parent closed the pipe: we are done
            (size,) = struct.unpack(">I", header_size)
            if size > MAX_HEADER_BYTES:
                raise ProtocolError("request header too large")
            request = parse_header(inbox.read(size))
            blobs = [_read_into(inbox, n) for n in request.get("blobs", [])]
            reply_blobs: list[bytes] = []
            try:
                handler = getattr(self, "op_" + str(request.get("op")), None)
                if handler is None:
                    raise ValueError(f"unknown op {request.get('op')!r}")
                if request["op"] in ("hello", "import", "seed", "fork", "status"):
                    value = handler(request)
                else:
                    args = decode(request.get("args", []), blobs, self.resolve)
                    kwargs = decode(request.get("kwargs", {}), blobs, self.resolve)
                    value = handler(request, args, kwargs)
                reply = {"ok": True, "value": encode(value, reply_blobs, self.keep)}
            except BaseException as error:  # noqa: BLE001 - student code may raise anything
                reply_blobs = []
                reply = {"ok": False, "error": describe_error(error, self.root)}
            for piece in frame_pieces(reply, reply_blobs):
                outbox.write(piece)
            outbox.flush()


def _read_into(inbox, size: int) -> bytearray:
    buffer = bytearray(size)
    view, filled = memoryview(buffer), 0
    while filled < size:
        count = inbox.readinto(view[filled:])
        if not count:
            raise ProtocolError("the parent closed the pipe mid-frame")
        filled += count
    return buffer


def select(value, path):
    """Pick a part of a result: path [0] takes out of (out, cache), ["W1"] takes grads['W1']."""
    for step in path:
        if isinstance(value, dict):
            value = value[step]
        elif isinstance(value, list | tuple):
            if not isinstance(step, int) or not -len(value) <= step < len(value):
                raise TypeError(f"expected at least {step + 1} return values, got {len(value)}")
            value = value[step]
        else:
            raise TypeError(f"expected a tuple or dict result, got {type(value).__name__}")
    return value


def argument_digests(function, args, kwargs) -> dict[str, bytes]:
    """{argument path: digest} of every array in the arguments, named as the function names
    its parameters: 'x', 'cache[0]', "params['W1']"."""
    import hashlib
    import inspect

    try:
        bound = inspect.signature(function).bind(*args, **kwargs).arguments
    except (TypeError, ValueError):
        bound = {f"argument {i + 1}": value for i, value in enumerate(args)} | dict(kwargs)
    digests: dict[str, bytes] = {}

    def visit(value, path: str, depth: int) -> None:
        if depth > MAX_DEPTH:
            return
        if isinstance(value, np.ndarray) and not value.dtype.hasobject:
            data = np.ascontiguousarray(value).view(np.uint8) if value.size else b""
            digest = hashlib.blake2b(data, digest_size=16)
            digest.update(repr((value.shape, value.dtype.str)).encode())
            digests[path] = digest.digest()
        elif isinstance(value, tuple | list):
            for index, item in enumerate(value):
                visit(item, f"{path}[{index}]", depth + 1)
        elif isinstance(value, dict):
            for key, item in value.items():
                visit(item, f"{path}[{key!r}]", depth + 1)

    for name, value in bound.items():
        visit(value, name, 0)
    return digests


def walk(obj, path):
    """Follow attribute names (objects) and keys (dicts) from obj."""
    for step in path:
        obj = obj[step] if isinstance(obj, dict) else getattr(obj, step)
    return obj


def describe_error(error: BaseException, root: str) -> dict:
    """An exception as JSON fields (nbclient's ename/evalue/traceback) plus where it happened."""
    where = ""
    if isinstance(error, SyntaxError) and error.filename:
        where = f"{_relative(error.filename, root)}:{error.lineno}"
    frames = traceback.extract_tb(error.__traceback__)
    student = [f for f in frames if _inside(f.filename, root)]
    if student:
        last = student[-1]
        where = f"{_relative(last.filename, root)}:{last.lineno} in {last.name}"
    try:
        evalue = str(error)
    except Exception:  # noqa: BLE001 - a hostile __str__ must not take the worker down
        evalue = "<unprintable>"
    if isinstance(error, SyntaxError):
        evalue = error.msg
    lines = traceback.format_exception(type(error), error, error.__traceback__)
    return {
        "ename": type(error).__name__,
        "evalue": evalue[:2000],
        "where": where,
        "traceback": "".join(lines)[-8000:],
    }


def _inside(filename: str, root: str) -> bool:
    # Frames such as "<frozen importlib._bootstrap>" are not files, and not the student's.
    return os.path.isabs(filename) and os.path.realpath(filename).startswith(root + os.sep)


def _relative(filename: str, root: str) -> str:
    path = os.path.realpath(filename)
    return os.path.relpath(path, root) if path.startswith(root + os.sep) else filename


DEFINITIONS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _is_definition(node) -> bool:
    """Imports, functions, classes, and assignments that call nothing (constants, aliases)."""
    if isinstance(node, DEFINITIONS):
        return True
    if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
        return not any(isinstance(n, ast.Call | ast.Await | ast.Yield) for n in ast.walk(node))
    return False


def _serve_forked(zygote: Worker, fds, identity, home: str) -> int:
    """In a zygote's child: a process group of its own, the zygote's pipes and socket closed,
    the new ones in place, its own identity for good, and only then the submission on the
    import path; a fresh Worker serves the new pipes."""
    inbox_fd, outbox_fd, log_fd = fds
    os.setpgid(0, 0)  # a kill of the child takes what it starts, not the zygote
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    zygote.fork_socket.close()
    for stream in zygote.streams:
        stream.close()
    os.dup2(log_fd, 1)
    os.dup2(log_fd, 2)
    os.close(log_fd)
    confine.drop_privileges(identity)
    os.environ["HOME"] = os.environ["TMPDIR"] = home
    sys.path.insert(0, zygote.root)
    inbox, outbox = os.fdopen(inbox_fd, "rb"), os.fdopen(outbox_fd, "wb")
    Worker(zygote.root).serve(inbox, outbox)
    return 0


def main(argv: list[str]) -> int:
    root = argv[1]
    confine.enter(json.loads(argv[2]) if len(argv) > 2 else {})
    fork_socket = socket.socket(fileno=int(argv[3])) if len(argv) > 3 else None
    # Keep the protocol on a private copy of stdout; student prints go to stderr (the log).
    outbox = os.fdopen(os.dup(1), "wb")
    inbox = os.fdopen(os.dup(0), "rb")
    os.dup2(2, 1)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    sys.stdout = sys.stderr
    if fork_socket is None:  # a zygote imports nothing of the submission's (children do)
        sys.path.insert(0, os.path.realpath(root))
    os.chdir(root)
    sys.dont_write_bytecode = True
    worker = Worker(root, fork_socket)
    worker.streams = (inbox, outbox)
    worker.serve(inbox, outbox)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
