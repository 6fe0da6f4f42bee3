"""Drives a running trustwork through its accessibility tree, as a screen reader would, and
types with xdotool: a new check-in, Ctrl+S, delete and restore, opening a workbook file,
sharing an answers file, then closing the window as a window manager asks (WM_DELETE_WINDOW).
Called by ui_thread_io.sh, which runs the app under strace.

    python3 ui_thread_io.py APP_PID WORKBOOK_FILE SHARE_PATH
"""

import subprocess
import sys
import time

import pyatspi
from Xlib import X, display, protocol

APP_PID, WORKBOOK, SHARE_PATH = sys.argv[1], sys.argv[2], sys.argv[3]


def app():
    desk = pyatspi.Registry.getDesktop(0)
    for i in range(desk.childCount):
        a = desk.getChildAtIndex(i)
        if a is not None and a.name == "trustwork":
            return a
    return None


def nodes(node):
    yield node
    for i in range(node.childCount):
        child = node.getChildAtIndex(i)
        if child is not None:
            yield from nodes(child)


def find(name, prefix=False, editable=False, timeout=30.0):
    """The first node named `name` (or starting with it), an editable one if asked (a text
    field has the name of its label), waiting for it to appear."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        root = app()
        if root is not None:
            for n in nodes(root):
                label = n.name or ""
                if not (label == name or (prefix and label.startswith(name))):
                    continue
                if editable and not n.getState().contains(pyatspi.STATE_EDITABLE):
                    continue
                return n
        time.sleep(0.2)
    sys.exit(f"ui_thread_io: nothing named {name!r} appeared")


def settle(seconds=0.6):
    time.sleep(seconds)


def click(name, prefix=False):
    node = find(name, prefix)
    found = node.name
    action = node.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ("click", "press", "activate", "default"):
            action.doAction(i)
            break
    else:
        action.doAction(0)
    settle()
    return found


def xdotool(*args):
    subprocess.run(["xdotool", *args], check=True)


def window():
    return subprocess.run(
        ["xdotool", "search", "--pid", APP_PID, "--onlyvisible"],
        check=True, capture_output=True, text=True,
    ).stdout.split()[0]


def keys(*names):
    """Presses keys in the window (with no window manager, focus must be given first)."""
    xdotool("windowfocus", "--sync", window())
    xdotool("key", "--delay", "50", *names)


def type_into(name, text):
    node = find(name, editable=True)
    node.queryComponent().grabFocus()
    settle(0.3)
    keys("ctrl+a")
    xdotool("type", "--delay", "15", text)
    settle()


click("I understand, let's begin")
click("Start a new entry of Daily check-in")
click("4, Today I trusted my own judgement.")
type_into("One line about today", "typed while strace watched")
keys("ctrl+s")
settle(1.0)
click("Finish")

# Delete the entry just finished (the newest), then restore it.
click("Past entries of Daily check-in")
delete = click("Delete entry ", prefix=True)
label = delete[len("Delete entry "):]
click(f"Move entry {label} to the trash")
settle(1.0)
click(f"Restore entry {label}")
settle(1.0)
click("Back to library")

# Open a workbook file: it is read, then copied into the data folder.
type_into("File path", WORKBOOK)
click("Open")
settle(1.0)

# Share the newest check-in as an answers file.
click("Share or print Daily check-in")
type_into("Save to", SHARE_PATH)
click("Save")
settle(1.0)


def close_window():
    """Asks the window to close, as the close button of a window manager does."""
    d = display.Display()
    target = d.create_resource_object("window", int(window()))
    protocols = d.intern_atom("WM_PROTOCOLS")
    delete = d.intern_atom("WM_DELETE_WINDOW")
    event = protocol.event.ClientMessage(
        window=target, client_type=protocols, data=(32, [delete, X.CurrentTime, 0, 0, 0])
    )
    target.send_event(event, event_mask=X.NoEventMask)
    d.flush()


close_window()
print("ui_thread_io: session driven, window asked to close")
