#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Translations, checked without a display:

  * po/POTFILES.in names every source file with strings marked for
    translation (_(), N_(), C_(), NC_(), g_dngettext(), translatable="yes"
    in .ui) and the desktop entry, metainfo and schema, names no missing
    file, and is sorted;
  * po/LINGUAS lists hi, and every language it lists has its .po;
  * each .po passes msgfmt --check (c-format specifiers, headers) with
    mnemonics checked (--check-accelerators), and has no fuzzy or
    untranslated message;
  * each .po is complete for today's sources: a template made now with
    xgettext (meson's glib preset) has no message the .po lacks (msgcmp);
  * every translation keeps its message's printf conversions, and a
    mnemonic where the message has one.

TAP output."""

import os
import re
import subprocess
import sys
import tempfile

SOURCE = os.environ.get("MC_SOURCE_DIR",
                        os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
PO = os.path.join(SOURCE, "po")

MARKED = re.compile(r'(?<![\w.])(?:_|N_|C_|NC_|g_dngettext|g_dpgettext2|g_dcgettext|ngettext)\s*\(|'
                    r'translatable="yes"')
# Always translatable, whether or not they hold a marker today.
DATA = ("data/io.github.messagecredits.MessageCredits.desktop.in",
        "data/io.github.messagecredits.MessageCredits.metainfo.xml.in",
        "data/io.github.messagecredits.MessageCredits.gschema.xml.in")

# meson's i18n.gettext(preset: 'glib')
XGETTEXT_ARGS = [
    "--from-code=UTF-8", "--add-comments", "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2",
    "--keyword=NC_:1c,2", "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3",
    "--keyword=g_dpgettext2:2c,3", "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format",
    "--flag=NC_:2:pass-c-format", "--flag=g_dngettext:2:pass-c-format",
    "--flag=g_strdup_printf:1:c-format", "--flag=g_string_printf:2:c-format",
    "--flag=g_string_append_printf:2:c-format", "--flag=g_error_new:3:c-format",
    "--flag=g_set_error:4:c-format", "--flag=g_markup_printf_escaped:1:c-format",
    "--flag=g_log:3:c-format", "--flag=g_print:1:c-format", "--flag=g_printerr:1:c-format",
    "--flag=g_printf:1:c-format", "--flag=g_fprintf:2:c-format", "--flag=g_sprintf:2:c-format",
    "--flag=g_snprintf:3:c-format",
]

PRINTF = re.compile(r"%(?:\d+\$)?[-+ #0']*\d*(?:\.\d+)?(?:hh|h|ll|l|j|z|t|I|L)?[diouxXscfgeEp%]")
STRFTIME = re.compile(r"%[-_0^#]?[aAbBcCeFGhHIjklmMpPrRsSTuUVwWxXyYzZ]")

n = 0
failed = 0


def ok(cond, name, detail=""):
    global n, failed
    n += 1
    print(("ok" if cond else "not ok") + f" {n} {name}", flush=True)
    if not cond:
        failed += 1
        for line in str(detail).splitlines()[:60]:
            print(f"# {line}", flush=True)
    return cond


def read_list(path):
    with open(path, encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")]


def marked_files():
    found = set(DATA)
    for top in ("src",):
        for root, _, files in os.walk(os.path.join(SOURCE, top)):
            for name in files:
                if not name.endswith((".c", ".h", ".ui", ".in", ".xml")):
                    continue
                path = os.path.join(root, name)
                with open(path, encoding="utf-8", errors="replace") as f:
                    if MARKED.search(f.read()):
                        found.add(os.path.relpath(path, SOURCE))
    return found


def unquote(s):
    """The value of one quoted line of a .po (C escapes)."""
    s = s.strip()[1:-1]
    return re.sub(r'\\(["\\ntr])',
                  lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)), s)


def parse_po(path):
    """The messages of a .po as dicts (msgctxt, msgid, plural, msgstr
    {index: text}, flags), its header left out. Entries are blocks
    separated by blank lines, as the gettext tools write them."""
    entries = []
    with open(path, encoding="utf-8") as f:
        blocks = f.read().split("\n\n")
    for block in blocks:
        entry = {"flags": [], "msgctxt": None, "msgid": None, "plural": None, "msgstr": {}}
        field = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] += [x.strip() for x in line[2:].split(",")]
            elif line.startswith("#~"):
                field = None  # obsolete
                entry["msgid"] = None
                break
            elif line.startswith("#"):
                continue
            elif line.startswith('"') and field is not None:
                if field[0] == "msgstr":
                    entry["msgstr"][field[1]] += unquote(line)
                else:
                    entry[field[0]] += unquote(line)
            else:
                m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$', line)
                if not m:
                    continue
                key, value = m.group(1), unquote(m.group(3))
                if key.startswith("msgstr"):
                    field = ("msgstr", int(m.group(2) or 0))
                    entry["msgstr"][field[1]] = value
                else:
                    field = ({"msgid_plural": "plural"}.get(key, key),)
                    entry[field[0]] = value
        if entry["msgid"]:
            entries.append(entry)
    return entries


def conversions(text):
    return sorted(c for c in PRINTF.findall(text) if c != "%%")


def check_po(lang, pot):
    path = os.path.join(PO, lang + ".po")
    if not ok(os.path.isfile(path), f"{lang}.po exists"):
        return
    r = subprocess.run(["msgfmt", "--check", "--check-accelerators=_", "--statistics",
                        "-o", os.devnull, path], capture_output=True, text=True)
    stats = r.stderr.strip().splitlines()[-1] if r.stderr.strip() else ""
    ok(r.returncode == 0, f"{lang}.po passes msgfmt --check --check-accelerators", r.stderr)
    ok(re.fullmatch(r"\d+ translated messages?\.", stats) is not None,
       f"{lang}.po has no fuzzy or untranslated message", stats)

    r = subprocess.run(["msgcmp", path, pot], capture_output=True, text=True)
    ok(r.returncode == 0, f"{lang}.po translates every message of today's sources (msgcmp)",
       r.stderr + "\nRun: meson compile -C _build message-credits-update-po, then translate.")

    problems = []
    for e in parse_po(path):
        sources = [e["msgid"]] + ([e["plural"]] if e["plural"] else [])
        for index, text in e["msgstr"].items():
            if not text:
                continue
            if any(STRFTIME.search(s) for s in sources) and "c-format" not in e["flags"]:
                continue  # a date format: the language may order it otherwise
            source = sources[min(index, len(sources) - 1)] if e["plural"] else e["msgid"]
            wanted = conversions(source)
            if e["plural"] and index > 0 and conversions(e["plural"]) != wanted:
                wanted = conversions(e["plural"])
            if conversions(text) != wanted and not (e["plural"] and not conversions(text)
                                                   and index == 0):
                problems.append(f"{e['msgid']!r}: {wanted} → {conversions(text)} in {text!r}")
            if "_" in e["msgid"] and re.search(r"(^|[^_])_[^\W_]", e["msgid"]) and \
                    not re.search(r"(^|[^_])_[^\W_]", text):
                problems.append(f"{e['msgid']!r}: the mnemonic is lost in {text!r}")
    ok(not problems, f"{lang}.po keeps every printf conversion and mnemonic", "\n".join(problems))


def main():
    potfiles = read_list(os.path.join(PO, "POTFILES.in"))
    marked = marked_files()
    missing = sorted(marked - set(potfiles))
    ok(not missing, "POTFILES.in lists every file with translatable strings",
       "missing from po/POTFILES.in:\n" + "\n".join(missing))
    gone = [p for p in potfiles if not os.path.isfile(os.path.join(SOURCE, p))]
    ok(not gone, "POTFILES.in names only files that exist", "\n".join(gone))
    ok(potfiles == sorted(potfiles), "POTFILES.in is sorted")

    linguas = []
    for line in read_list(os.path.join(PO, "LINGUAS")):
        linguas += line.split()
    ok("hi" in linguas, "LINGUAS lists hi", linguas)

    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "message-credits.pot")
        r = subprocess.run(["xgettext", "--package-name=message-credits", "-o", pot,
                            "--directory", SOURCE] + XGETTEXT_ARGS + potfiles,
                           capture_output=True, text=True)
        if not ok(r.returncode == 0 and os.path.isfile(pot), "xgettext reads every listed file",
                  r.stderr):
            return 1
        messages = len(parse_po(pot))
        print(f"# {messages} messages in the sources", flush=True)
        for lang in linguas:
            check_po(lang, pot)

    print(f"1..{n}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
