"""The configuration snippets of a document, for tests that use them as written.

A snippet is the fenced block that follows a marker line
`<!-- snippet: NAME -->` (blank lines between are allowed). Tests take the
text from the document itself, so the document and what is tested cannot
drift apart.

  doc_snippet.py DOC NAME     prints snippet NAME of DOC
  doc_snippet.py DOC --check  fails unless every fenced block in a
                              configuration language (toml, yaml, json, ini,
                              conf) has a marker, and names are unique;
                              prints the names
"""

import re
import sys

_MARKER = re.compile(r"^<!-- snippet: ([\w.-]+) -->$")
_FENCE = re.compile(r"^```(\w*)\s*$")
CONFIG_LANGUAGES = {"toml", "yaml", "json", "ini", "conf"}


def blocks(text):
    """(marker name or None, language, body) of every fenced block."""
    name = None
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        marker = _MARKER.match(line)
        fence = _FENCE.match(line)
        if marker:
            name = marker.group(1)
        elif fence:
            end = i + 1
            while end < len(lines) and lines[end].rstrip() != "```":
                end += 1
            yield name, fence.group(1), "\n".join(lines[i + 1:end]) + "\n"
            name = None
            i = end
        elif line.strip():
            # A marker belongs to the next block only: text in between
            # detaches it.
            name = None
        i += 1


def snippet(doc, name):
    with open(doc, encoding="utf-8") as f:
        found = [body for block, _, body in blocks(f.read()) if block == name]
    if len(found) != 1:
        raise SystemExit("%s: %d snippets named %r" % (doc, len(found), name))
    return found[0]


def check(doc):
    with open(doc, encoding="utf-8") as f:
        found = list(blocks(f.read()))
    names = [name for name, _, _ in found if name]
    problems = ["%s: a %s block has no snippet marker:\n%s" % (doc, lang, body)
                for name, lang, body in found
                if lang in CONFIG_LANGUAGES and not name]
    problems += ["%s: snippet %r appears twice" % (doc, name)
                 for name in set(names) if names.count(name) > 1]
    if problems:
        raise SystemExit("\n".join(problems))
    return names


def main(argv):
    if len(argv) != 3:
        raise SystemExit(__doc__)
    if argv[2] == "--check":
        print("\n".join(check(argv[1])))
    else:
        sys.stdout.write(snippet(argv[1], argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
