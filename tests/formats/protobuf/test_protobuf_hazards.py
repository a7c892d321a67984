"""What protoc cannot survive is found before it runs, and compiled where its abort ends a
child process alone.

protoc aborts the process (SIGABRT) on an option value nesting 100 messages deep, written as
an aggregate ``{ a { ... } }``, with ``< >``, as a list, on a field option, or as a dotted
option name, in the file it compiles (not in one it imports); 99 levels compile. ``deepest``
measures the file's text; comments and strings do not count.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from schemalint.formats.protobuf.compile import CompileError, ProtoContext, compile_proto
from schemalint.formats.protobuf.hazards import LIMIT, Nesting, deepest

HEAD = ('syntax = "proto3";\npackage acme;\nimport "google/protobuf/descriptor.proto";\n'
        "message M { M a = 1; int32 b = 2; }\n"
        "message L { repeated L a = 1; int32 b = 2; }\n"
        "extend google.protobuf.MessageOptions { M opt = 50001; L list_opt = 50003; }\n"
        "extend google.protobuf.FieldOptions { M field_opt = 50002; }\n")


def aggregate(levels: int, opening: str = "a {", closing: str = "}") -> str:
    return f"{opening} " * levels + "b: 1 " + f"{closing} " * levels


SHAPES = {
    "an aggregate value": lambda n: f"message E {{\n  option (opt) = {{ {aggregate(n)} }};\n}}",
    "angle brackets": lambda n: (f"message E {{\n  option (opt) = "
                                 f"{{ {aggregate(n, 'a <', '>')} }};\n}}"),
    "a list of messages": lambda n: (f"message E {{\n  option (list_opt) = "
                                     f"{{ {aggregate(n, 'a: [{', '}]')} }};\n}}"),
    "a field option": lambda n: (f"message E {{\n  string id = 1 "
                                 f"[(field_opt) = {{ {aggregate(n)} }}];\n}}"),
    "a dotted option name": lambda n: f"message E {{\n  option (opt).{'a.' * n}b = 1;\n}}",
    "a dotted name with a nested value": lambda n: (
        f"message E {{\n  option (opt).{'a.' * (n // 2)}a = {{ {aggregate(n - n // 2 - 1)} }};"
        "\n}"),
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_an_option_nested_100_deep_is_invalid_schema_at_its_line(shape: str) -> None:
    text = HEAD + SHAPES[shape](100)
    assert deepest(text).hazardous
    with pytest.raises(CompileError) as raised:
        compile_proto(text, context=ProtoContext(include=()))
    [message] = raised.value.messages
    assert (message.file, message.line) == ("schema.proto", 9)
    assert message.message == ("protoc crashed (SIGABRT) on the nesting here: an option value "
                               "whose messages nest 100 levels deep aborts protoc; flatten it")


@pytest.mark.parametrize("shape", list(SHAPES))
def test_99_levels_compile_in_the_child_as_in_process(shape: str) -> None:
    text = HEAD + SHAPES[shape](99)
    assert deepest(text).hazardous
    compiled = compile_proto(text, context=ProtoContext(include=()))
    assert compiled.main_file.message_type[-1].name == "E"


@pytest.mark.parametrize("shape", ["an aggregate value", "a dotted option name"])
def test_an_imported_file_nested_100_deep_compiles(shape: str) -> None:
    """protoc is at risk only on the file it compiles: an import's option values are not
    stripped of source-retention options, the step that aborts."""
    deep = HEAD + SHAPES[shape](100)
    text = 'syntax = "proto3";\nimport "deep.proto";\nmessage F { acme.E e = 1; }\n'
    compiled = compile_proto(text, context=ProtoContext(include=(), files={"deep.proto": deep}))
    assert [file.name for file in compiled.files][-2:] == ["deep.proto", "schema.proto"]


# (text, depth): brackets and dots in comments and strings are not syntax.
DEPTHS = [
    ('syntax = "proto3";\nmessage A { message B { int32 x = 1; } }\n', 2),
    ("message A { map<string, int32> m = 1 [deprecated = true]; }", 2),
    ('message A {\n  // {{{{ a.b.c.d.e }}}}\n  string s = 1 [default = "{{{{{{"];\n}', 2),
    ("/* {\n{\n{ */ message A {}", 1),
    ("option (a).b.c.d = 1;\n", 3),
    ("option (a) . b .c. d = 1;\n", 3),
    ("message A {\n  option (a).b.c = { d { e: 1 } };\n}", 5),
    ("message A { } } } { }", 1),  # unbalanced closers do not go below zero
]


@pytest.mark.parametrize(("text", "depth"), DEPTHS)
def test_deepest_measures_syntax_only(text: str, depth: int) -> None:
    assert deepest(text) == Nesting(depth)


@pytest.mark.parametrize(("text", "line"), [
    ("message A {\n" + "{" * LIMIT + "\n}", 2),
    ("// " + "{" * LIMIT + "\nmessage A {\n option (a)" + ".b" * LIMIT + " = 1;\n}", 3),
    ('/* "\n\n */ message A {\n option (a)' + ".b" * (LIMIT // 2) + " = {"
     + "{" * (LIMIT // 2) + "}", 4),
])
def test_a_hazardous_text_names_the_line(text: str, line: int) -> None:
    found = deepest(text)
    assert found.hazardous
    assert found.line == line


def test_ordinary_files_stay_far_below_the_limit() -> None:
    fixtures = Path(__file__).parents[2] / "fixtures"
    files = sorted(fixtures.rglob("*.proto"))
    assert files
    assert max(deepest(path.read_text(errors="replace")).depth for path in files) < LIMIT // 4


# Texts on which a backtracking scan of strings and comments would take quadratic time.
ADVERSARIAL = {
    "unterminated block comments": "'/*' * 200_000",
    "escaped quotes never closed": "'\"\\\\' * 200_000",
    "escaped quotes then a lone backslash": "'\"\\\\' * 200_000 + '\\\\'",
    "escaped apostrophes never closed": "\"'\\\\\" * 200_000",
    "a dot between spaces": "'. ' * 200_000",
    "unclosed strings, one a line": "'\"abc\\n' * 100_000",
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_the_measure_is_linear_on_adversarial_text(name: str) -> None:
    """In a process of its own: the timeout proves it ends, it does not time it."""
    code = ("from schemalint.formats.protobuf.hazards import deepest\n"
            f"print(deepest({ADVERSARIAL[name]}).depth)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.strip() == "0"
