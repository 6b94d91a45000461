"""Edit a DOCX in LibreOffice as a member would, through Python-UNO (run with the system
python3 that has the ``uno`` module, not the project's interpreter).

    python3 lo_edit.py IN.docx OUT.docx ACCEPTED.txt OPS.json

OPS.json: {"author": NAME, "ops": [...]} with ops of the kinds "replace" (find -> with,
tracked unless "track" is false), "delete" (the paragraph holding "contains"), "move"
(the paragraph holding "contains" before the one holding "before", by cut and paste) and
"add_paragraph" (a new paragraph "text" after the one holding "after",
tracked), "insert" ("text" after "after", tracked; comments are not scripted: LibreOffice 7.4
aborts when one is inserted headless). OUT.docx is the
document saved as DOCX with the changes tracked; ACCEPTED.txt is its text once LibreOffice
has accepted every change.
"""

import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def connect(port):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(200):
        try:
            return resolver.resolve(
                f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext")
        except Exception:
            time.sleep(0.1)
    raise SystemExit("LibreOffice did not start")


def set_author(ctx, name):
    provider = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", ctx)
    access = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess",
        (prop("nodepath", "/org.openoffice.UserProfile/Data"),))
    access.setPropertyValue("givenname", name)
    access.setPropertyValue("sn", "")
    access.commitChanges()


def paragraph_with(doc, needle):
    enum = doc.Text.createEnumeration()
    while enum.hasMoreElements():
        para = enum.nextElement()
        if para.supportsService("com.sun.star.text.Paragraph") and needle in para.getString():
            return para
    raise SystemExit(f"no paragraph holds {needle!r}")


def whole_paragraph(doc, para):
    cursor = doc.Text.createTextCursorByRange(para.getStart())
    cursor.gotoEndOfParagraph(True)
    cursor.goRight(1, True)  # and its paragraph mark
    return cursor


def main():
    source, out, accepted, ops_file = sys.argv[1:5]
    with open(ops_file, encoding="utf-8") as f:
        spec = json.load(f)
    port = free_port()
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    office = subprocess.Popen([
        "soffice", "--headless", "--invisible", "--norestore", "--nologo",
        f"-env:UserInstallation=file://{profile}",
        f"--accept=socket,host=127.0.0.1,port={port};urp;"])
    desktop = None
    try:
        ctx = connect(port)
        set_author(ctx, spec["author"])
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(source)),
                                           "_blank", 0, (prop("Hidden", True),))
        doc.RecordChanges = True
        controller = doc.getCurrentController()
        for op in spec["ops"]:
            kind = op["op"]
            if kind == "replace":
                doc.RecordChanges = op.get("track", True)
                search = doc.createSearchDescriptor()
                search.SearchString = op["find"]
                search.SearchCaseSensitive = True
                found = doc.findFirst(search)
                if found is None:
                    raise SystemExit(f"not found: {op['find']!r}")
                found.setString(op["with"])
                doc.RecordChanges = True
            elif kind == "delete":
                whole_paragraph(doc, paragraph_with(doc, op["contains"])).setString("")
            elif kind == "move":
                cursor = whole_paragraph(doc, paragraph_with(doc, op["contains"]))
                controller.select(cursor)
                clip = controller.getTransferable()
                cursor.setString("")
                target = paragraph_with(doc, op["before"])
                controller.select(doc.Text.createTextCursorByRange(target.getStart()))
                controller.insertTransferable(clip)
            elif kind == "add_paragraph":
                para = paragraph_with(doc, op["after"])
                cursor = doc.Text.createTextCursorByRange(para.getEnd())
                doc.Text.insertControlCharacter(cursor, 0, False)  # PARAGRAPH_BREAK
                doc.Text.insertString(cursor, op["text"], False)
            elif kind == "insert":
                search = doc.createSearchDescriptor()
                search.SearchString = op["after"]
                found = doc.findFirst(search)
                doc.Text.insertString(found.getEnd(), op["text"], False)
            else:
                raise SystemExit(f"unknown op {kind!r}")
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(out)),
                       (prop("FilterName", "MS Word 2007 XML"),))
        dispatcher = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", ctx)
        dispatcher.executeDispatch(controller.getFrame(), ".uno:AcceptAllTrackedChanges", "",
                                   0, ())
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(accepted)),
                       (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8")))
        doc.close(True)
    finally:
        if desktop is not None:
            with contextlib.suppress(Exception):  # LibreOffice may go before it answers
                desktop.terminate()
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
