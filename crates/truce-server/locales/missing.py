#!/usr/bin/env python3
"""Lists, per language, the English message ids a translation lacks.

Usage: python3 missing.py [--summary | --entries] [LANG...]

Prints one line per language with its coverage (ids translated / English
ids), then the missing ids file by file. With --entries, prints the whole
English entries (comments excluded) of the missing ids, ready to translate.
Ids a translation defines that English lacks are listed as "stale": the
server's tests reject them. Missing translations are safe (the pages fall
back to English); this is a to-do list, not a check.
"""

import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LANGS = ["ur", "ps", "prs", "tr", "ar"]
# Messages that must stay English-only (a test checks the fallback with it).
IGNORE = {"test-fallback-probe"}
ID = re.compile(r"^([a-zA-Z][a-zA-Z0-9_-]*)\s*=")


def entries(path):
    """The messages of an FTL file: {id: entry text}, in order."""
    out = {}
    if not os.path.exists(path):
        return out
    current = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = ID.match(line)
            if m:
                current = m.group(1)
                out[current] = [line]
            elif current and (line.startswith((" ", "\t", "}")) or line.strip() == ""):
                out[current].append(line)
            else:
                current = None
    return {k: "".join(v).rstrip() + "\n" for k, v in out.items() if k not in IGNORE}


def main():
    args = sys.argv[1:]
    show = "--entries" in args
    summary = "--summary" in args
    langs = [a for a in args if not a.startswith("--")] or LANGS
    files = sorted(f for f in os.listdir(os.path.join(HERE, "en")) if f.endswith(".ftl"))
    english = {f: entries(os.path.join(HERE, "en", f)) for f in files}
    total = sum(len(v) for v in english.values())
    for lang in langs:
        missing, stale, have = {}, {}, 0
        for f in files:
            theirs = entries(os.path.join(HERE, lang, f))
            missing[f] = [i for i in english[f] if i not in theirs]
            stale[f] = [i for i in theirs if i not in english[f]]
            have += len(english[f]) - len(missing[f])
        print(f"{lang}: {have}/{total}")
        for f in files:
            if missing[f]:
                print(f"  {f}: missing {len(missing[f])}")
                if summary:
                    continue
                for i in missing[f]:
                    print(english[f][i] if show else f"    {i}", end="" if show else "\n")
            if stale[f]:
                print(f"  {f}: stale {' '.join(stale[f])}")


if __name__ == "__main__":
    main()
