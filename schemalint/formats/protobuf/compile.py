""".proto text → descriptors, with protoc as shipped in the ``grpcio-tools`` wheel.

protoc runs in-process (``grpc_tools._protoc_compiler.run_main``): a subprocess costs about
70 ms of interpreter start-up per file, the in-process call under 1 ms. protoc reads files
only from disk, so the text being parsed (and any in-memory files, such as a registry's
referenced schemas) is written to a private temporary folder that comes first on the include
path. protoc writes its diagnostics to file descriptor 2; they are captured there (under a
lock, since the descriptor is shared by the whole process) and parsed into ``ProtocMessage``
values, so a syntax error or a missing import carries protoc's own file, line and column.

Imports resolve, in order, against: the in-memory files, the context's include folders under
its root, the folder of the file being compiled (a sibling ``import "other.proto"``, as
protoc resolves it when run from that folder and as Gradle's ``src/main/proto`` layout
builds it), the well-known types shipped inside grpcio-tools (``google/protobuf/*.proto``),
``google/type/*.proto`` and ``google/api/*.proto`` from ``googleapis-common-protos`` (part of
the ``protobuf`` extra), and Confluent's
``confluent/meta.proto`` and ``confluent/type/decimal.proto`` as compiled into the
``confluent-kafka`` package when that is installed.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import tempfile
import threading
from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from google.protobuf import descriptor_pb2

from schemalint.formats.protobuf.allocator import fast_bins_off
from schemalint.formats.protobuf.hazards import Nesting, deepest
from schemalint.formats.protobuf.wire import repeated_messages, without_fields

# FileDescriptorSet.file; FileDescriptorProto.name and .source_code_info.
_SET_FILE, _FILE_NAME, _FILE_SOURCE_INFO = 1, 1, 9

_LOCK = threading.Lock()
# Characters of text from which protoc runs with the allocator tuned (see ``allocator``).
_LARGE = 1_000_000
# Seconds protoc may run in a child process (see ``_run_isolated``).
_ISOLATED_TIMEOUT = 120
# The child: protoc with the arguments given, its diagnostics on its own stderr.
_CHILD = ("import os, sys\nfrom grpc_tools import _protoc_compiler\n"
          "sys.exit(_protoc_compiler.run_main([os.fsencode(a) for a in sys.argv[1:]]))")
_DIAGNOSTIC = re.compile(r"^(?P<file>.+?):(?:(?P<line>\d+):(?P<column>\d+):)? (?P<message>.*)$")


@dataclass(frozen=True)
class ProtoContext:
    """Where imports are found.

    ``root``: the repository root. ``include``: import roots, relative to ``root`` (protoc's
    ``-I``), searched in order. ``files``: import name → text of files held in memory (a
    registry's referenced schemas, a file as of an older commit); they shadow files on disk.
    """

    root: Path = field(default_factory=Path.cwd)
    include: tuple[str, ...] = (".",)
    files: Mapping[str, str] = field(default_factory=dict)

    # schemalint's SchemaResolver protocol asks this of every resolver; Protobuf has no
    # Avro named types.
    def avro_named_type(self, full_name: str) -> None:
        return None

    def include_dirs(self) -> list[Path]:
        return [(self.root / folder).resolve() for folder in self.include]

    def search_dirs(self, path: str | None) -> list[Path]:
        """The include folders, then the folder of the file at ``path`` (sibling imports)."""
        folders = self.include_dirs()
        if path is None or not self.include:
            return folders
        location = Path(path)
        if not location.is_absolute():
            location = self.root / location
        sibling = location.resolve().parent
        if sibling.is_dir() and sibling not in folders:
            folders.append(sibling)
        return folders

    def import_name(self, path: str | None) -> str:
        """The name the file at ``path`` has for ``import`` statements."""
        if path is None or not path.endswith(".proto"):
            return "schema.proto"
        location = Path(path)
        if not location.is_absolute():
            location = self.root / location
        location = location.resolve()
        for folder in self.include_dirs():
            if location.is_relative_to(folder):
                return location.relative_to(folder).as_posix()
        return location.name


@dataclass(frozen=True)
class ProtocMessage:
    """One diagnostic protoc printed. ``line`` and ``column`` are protoc's (1-based)."""

    file: str
    line: int | None
    column: int | None
    message: str
    warning: bool = False


class CompileError(Exception):
    """protoc rejected the input. ``messages`` are its diagnostics, files named for users."""

    def __init__(self, messages: list[ProtocMessage], main: str, searched: list[str]) -> None:
        super().__init__("; ".join(m.message for m in messages))
        self.messages = messages
        self.main = main
        self.searched = searched


@dataclass(frozen=True)
class Compiled:
    """The descriptors of a file and of everything it imports, dependencies first.

    The main file's descriptor comes without its source info: that is ``source_info``, the
    serialized ``SourceCodeInfo``. A model keeps ``serialized`` rather than the decoded
    descriptor, several times its size in memory. ``digest`` is the sha256 of the main
    file's descriptor as protoc wrote it, without its name and source info: equal exactly
    when the files' ``canonical_string`` are (protoc writes equal descriptors alike, byte
    for byte).
    """

    main: str
    files: tuple[descriptor_pb2.FileDescriptorProto, ...]
    # The main file's descriptor (without source info) as protoc wrote it.
    serialized: bytes
    source_info: bytes
    digest: str
    # Per imported file, in ``files``' order: its name and the digest ``digest`` would be
    # were it the main file.
    import_digests: tuple[tuple[str, str], ...] = ()
    # Per imported file, in ``files``' order: its descriptor as protoc wrote it, without
    # source info (what a descriptor pool is given; a fraction of the decoded size).
    import_serialized: tuple[bytes, ...] = ()

    @property
    def main_file(self) -> descriptor_pb2.FileDescriptorProto:
        return self.files[-1]


def compile_proto(text: str, *, path: str | None = None,
                  context: ProtoContext | None = None) -> Compiled:
    """Compile ``text`` (the file at ``path``) or raise ``CompileError``."""
    from grpc_tools import _protoc_compiler  # type: ignore[import-untyped]

    context = context or ProtoContext()
    main = context.import_name(path)
    with tempfile.TemporaryDirectory(prefix="schemalint-proto-") as scratch:
        folder = Path(scratch)
        overlay = folder / "src"
        for name, content in context.files.items():
            _write(overlay / name, content)
        _write(overlay / main, text)
        includes = [overlay, *context.search_dirs(path), *_bundled_dirs()]
        arguments = [b"protoc", *(b"-I" + os.fsencode(str(d)) for d in includes)]
        known = confluent_descriptor_set()
        if known is not None and any("confluent/" in item
                                     for item in (text, *context.files.values())):
            bundle = folder / "confluent.pb"
            bundle.write_bytes(known)
            arguments.append(b"--descriptor_set_in=" + os.fsencode(str(bundle)))
        output = folder / "out.pb"
        arguments += [b"--include_imports", b"--include_source_info",
                      b"--descriptor_set_out=" + os.fsencode(str(output)),
                      os.fsencode(str(overlay / main))]
        searched = [*(_display_dir(d, context) for d in context.search_dirs(path)),
                    "the well-known types"]
        nesting = deepest(text)
        if nesting.hazardous:
            code, diagnostics = _run_isolated(arguments, folder / "stderr", nesting,
                                              path or main, searched)
        else:
            code, diagnostics = _run(_protoc_compiler.run_main, arguments, folder / "stderr",
                                     large=len(text) > _LARGE)
        if code != 0 or not output.exists():
            names = _display_names(includes, context, overlay, main, path)
            messages = [message for message in (_diagnostic(line, names)
                                                 for line in diagnostics.splitlines() if line)
                        if message is not None and not message.warning]
            if not messages:
                messages = [ProtocMessage(path or main, None, None,
                                          diagnostics.strip() or "protoc failed")]
            raise CompileError(messages, path or main, searched)
        try:
            return _read_descriptor_set(main, output.read_bytes())
        except (ValueError, IndexError) as error:  # not a descriptor set protoc would write
            raise CompileError([ProtocMessage(path or main, None, None,
                                              f"unreadable protoc output: {error}")],
                               path or main, searched) from None


def _read_descriptor_set(main: str, serialized: bytes) -> Compiled:
    """protoc's output, with the main file's source info kept serialized (see ``Compiled``)."""
    *imports, own = repeated_messages(serialized, _SET_FILE)
    del serialized
    described, cut = without_fields(own, frozenset({_FILE_SOURCE_INFO}))
    del own
    unnamed, _ = without_fields(described, frozenset({_FILE_NAME}))
    digest = hashlib.sha256(unnamed).hexdigest()
    del unnamed
    main_file = descriptor_pb2.FileDescriptorProto.FromString(described)
    files = []
    import_digests = []
    import_serialized = []
    for item in imports:
        without_info = without_fields(item, frozenset({_FILE_SOURCE_INFO}))[0]
        imported = descriptor_pb2.FileDescriptorProto.FromString(without_info)
        files.append(imported)
        import_serialized.append(without_info)
        unnamed = without_fields(without_info, frozenset({_FILE_NAME}))[0]
        import_digests.append((imported.name, hashlib.sha256(unnamed).hexdigest()))
    return Compiled(main, (*files, main_file), described, cut.get(_FILE_SOURCE_INFO, b""),
                    digest, tuple(import_digests), tuple(import_serialized))


def _write(target: Path, content: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    # A lone surrogate cannot be written as UTF-8; protoc then reports the "?" in its place.
    target.write_bytes(content.encode("utf-8", "replace"))


def _run(run_main: object, arguments: list[bytes], capture: Path, *,
         large: bool) -> tuple[int, str]:
    with _LOCK, capture.open("w+b") as sink:
        sys.stderr.flush()
        saved = os.dup(2)
        try:
            os.dup2(sink.fileno(), 2)
            with fast_bins_off() if large else nullcontext():
                code = int(run_main(arguments))  # type: ignore[operator]
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        sink.seek(0)
        return code, sink.read().decode("utf-8", "replace")


def _run_isolated(arguments: list[bytes], capture: Path, nesting: Nesting, main: str,
                  searched: list[str]) -> tuple[int, str]:
    """protoc in a child process, for a file that may abort it: an abort ends the child
    alone and becomes a ``CompileError`` at the nesting that caused it. A child costs about
    70 ms of interpreter start-up; only such files pay it."""
    import signal
    import subprocess

    command = [sys.executable, "-c", _CHILD, *(os.fsdecode(item) for item in arguments)]
    with capture.open("w+b") as sink:
        try:
            completed = subprocess.run(command, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=sink,
                                       timeout=_ISOLATED_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise CompileError([ProtocMessage(
                main, nesting.line, None,
                f"protoc did not finish within {_ISOLATED_TIMEOUT} s on a file nested "
                f"{nesting.depth} levels deep")], main, searched) from None
        sink.seek(0)
        diagnostics = sink.read().decode("utf-8", "replace")
    if completed.returncode < 0:
        try:
            name = signal.Signals(-completed.returncode).name
        except ValueError:
            name = f"signal {-completed.returncode}"
        raise CompileError([ProtocMessage(
            main, nesting.line, None,
            f"protoc crashed ({name}) on the nesting here: an option value whose messages "
            "nest 100 levels deep aborts protoc; flatten it")],
            main, searched)
    return completed.returncode, diagnostics


def _display_names(includes: list[Path], context: ProtoContext, overlay: Path, main: str,
                   path: str | None) -> list[tuple[str, str]]:
    """(prefix protoc prints, what users should read instead) pairs."""
    root = context.root.resolve()
    pairs = [(str(overlay / main), path or main), (str(overlay) + os.sep, "")]
    for folder in includes[1:]:
        shown = folder.relative_to(root).as_posix() + "/" if folder.is_relative_to(root) else ""
        pairs.append((str(folder) + os.sep, "" if shown == "./" else shown))
    return pairs


def _display_dir(folder: Path, context: ProtoContext) -> str:
    root = context.root.resolve()
    if folder.is_relative_to(root):
        return folder.relative_to(root).as_posix() or "."
    return str(folder)


def _diagnostic(line: str, names: list[tuple[str, str]]) -> ProtocMessage | None:
    match = _DIAGNOSTIC.match(line)
    if match is None:
        return None
    shown = match["file"]
    for printed, replacement in names:
        if shown == printed:
            shown = replacement
            break
        if printed.endswith(os.sep) and shown.startswith(printed):
            shown = replacement + shown[len(printed):]
            break
    message = match["message"]
    warning = message.startswith("warning: ")
    return ProtocMessage(
        file=shown,
        line=int(match["line"]) if match["line"] else None,
        column=int(match["column"]) if match["column"] else None,
        message=message.removeprefix("warning: "),
        warning=warning,
    )


@cache
def _bundled_dirs() -> tuple[Path, ...]:
    import grpc_tools

    found = [Path(grpc_tools.__file__).parent / "_proto"]
    for entry in sys.path:
        candidate = Path(entry or ".") / "google" / "type"
        if candidate.is_dir() and any(candidate.glob("*.proto")):
            found.append(Path(entry or ".").resolve())
            break
    return tuple(found)


@cache
def confluent_descriptor_set() -> bytes | None:
    """Confluent's meta and decimal files, from the descriptors compiled into confluent-kafka.

    Read from the generated modules' text, not imported: importing them loads the Kafka
    client library.
    """
    import ast
    from importlib.util import find_spec

    try:
        spec = find_spec("confluent_kafka")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    base = Path(next(iter(spec.submodule_search_locations))) / "schema_registry" / "confluent"
    bundle = descriptor_pb2.FileDescriptorSet()
    for module in ("meta_pb2.py", "type/decimal_pb2.py"):
        try:
            source = (base / module).read_text(encoding="utf-8")
        except OSError:
            return None
        match = re.search(r"AddSerializedFile\(\s*(b'(?:[^'\\]|\\.)*')", source)
        if match is None:
            return None
        serialized = ast.literal_eval(match.group(1))
        if not isinstance(serialized, bytes):
            return None
        bundle.file.add().MergeFromString(serialized)
    return bundle.SerializeToString()
