#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every GtkBuilder file of the app uses only classes, properties and
signals that GTK 4.8 and libadwaita 1.2 have, as their introspection data on
this machine (Debian 12) says. The C compiler cannot see a .ui file: a
libadwaita 1.3 property such as AdwActionRow:subtitle-selectable makes the
template fail at run time, leaving the window empty. TAP output."""

import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

os.environ.pop("G_DEBUG", None)  # GTK warns without a display: not ours

import gi  # noqa: E402

gi.require_version("Gtk", "4.0")
gi.require_version("Adw", "1")
from gi.repository import Adw, GObject, Gtk  # noqa: E402

SOURCE = os.environ.get("MC_SOURCE_DIR",
                        os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def gtype_of(name):
    m = re.match(r"(Gtk|Adw)(\w+)$", name or "")
    if not m:
        return None  # the project's own classes (Mc…)
    module = Gtk if m.group(1) == "Gtk" else Adw
    cls = getattr(module, m.group(2), None)
    return cls if isinstance(cls, type) else False


def main():
    files = sorted(glob.glob(os.path.join(SOURCE, "src", "app", "**", "*.ui"), recursive=True))
    print(f"# GTK {Gtk.get_major_version()}.{Gtk.get_minor_version()}.{Gtk.get_micro_version()}, "
          f"libadwaita {Adw.get_major_version()}.{Adw.get_minor_version()}."
          f"{Adw.get_micro_version()}")
    n = 0
    failed = 0
    for path in files:
        problems = []
        for element in ET.parse(path).getroot().iter():
            if element.tag not in ("object", "template"):
                continue
            name = element.get("class") if element.tag == "object" else element.get("parent")
            cls = gtype_of(name)
            if cls is None:
                continue
            if cls is False:
                problems.append(f"no class {name}")
                continue
            properties = {p.name for p in GObject.list_properties(cls)}
            for prop in element.findall("property"):
                if prop.get("name").replace("_", "-") not in properties:
                    problems.append(f"{name} has no property “{prop.get('name')}”")
            for signal in element.findall("signal"):
                signal_name = signal.get("name").split("::")[0]
                if not GObject.signal_lookup(signal_name.replace("_", "-"), cls.__gtype__):
                    problems.append(f"{name} has no signal “{signal_name}”")
        n += 1
        relative = os.path.relpath(path, SOURCE)
        if problems:
            failed += 1
            print(f"not ok {n} {relative}")
            for p in problems:
                print(f"# {p}")
        else:
            print(f"ok {n} {relative}")
    print(f"1..{n}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
