"""LibreOffice, headless, as a reader of our Word documents: open each file, count its tracked
changes, accept them all or reject them all, and read back what a person would then see.

LibreOffice's Python bridge (``uno``) lives in the system Python (Debian's ``python3-uno``), not
in the project's virtual environment, so :func:`examine` runs this file as a script with
``/usr/bin/python3``: the script starts one ``soffice`` for the whole batch, reads every file
and prints one JSON object. Tests fail (never skip) when LibreOffice is missing; CI installs it
(``tools/install-system-packages.sh``).

LibreOffice without a GUI (``libreoffice-writer-nogui``) crashes when it opens a document
with comments in a view (it cannot build the comment windows), and accepting or rejecting all
changes needs a view. So a file is read as it is (tracked changes, comments, text, PDF) without
a view, and accepted or rejected in a copy without its comments (:func:`without_comments`:
only the comment anchors go, every revision stays).

What is read, per file and state (``as_is``, ``accepted``, ``rejected``): the body in order,
a paragraph as ``["p", style, text]`` and a table as ``["table", rows]`` with each row a list
of cells and each cell a list of ``[style, text]``; for ``as_is`` also the tracked changes
(``[type, author, date]``) and the comments (``[author, text, anchored text]``).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

SYSTEM_PYTHON = "/usr/bin/python3"
SOFFICE = "soffice"


def require() -> None:
    """Fail with a clear message when LibreOffice or its Python bridge is missing."""
    if shutil.which(SOFFICE) is None:
        raise AssertionError(
            "LibreOffice (soffice) is missing: run tools/install-system-packages.sh"
        )
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, text=True, check=False
    )
    if probe.returncode != 0:
        raise AssertionError(
            f"{SYSTEM_PYTHON} cannot import uno (python3-uno): run "
            "tools/install-system-packages.sh"
        )


def without_comments(source: Path, target: Path) -> None:
    """Copy the ``.docx`` *source* to *target* without its comment anchors and references."""
    from lxml import etree

    namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    with zipfile.ZipFile(source) as package, zipfile.ZipFile(target, "w") as copy:
        for item in package.infolist():
            data = package.read(item.filename)
            if item.filename == "word/document.xml":
                root = etree.fromstring(data)
                for tag in ("commentRangeStart", "commentRangeEnd"):
                    for node in root.iter(f"{{{namespace}}}{tag}"):
                        node.getparent().remove(node)
                for node in list(root.iter(f"{{{namespace}}}commentReference")):
                    run = node.getparent()
                    holder = run.getparent()
                    holder.remove(run)
                    if holder.tag != f"{{{namespace}}}p" and len(holder) == 0:
                        holder.getparent().remove(holder)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            copy.writestr(item, data)


def to_pdf(files: list[Path], folder: Path) -> list[Path]:
    """Convert *files* to PDF in *folder* with one ``soffice --convert-to pdf``, as printed
    (tracked changes shown); returns the PDFs."""
    require()
    with tempfile.TemporaryDirectory(prefix="pv-lo-") as profile:
        subprocess.run(
            [
                SOFFICE,
                "--headless",
                f"-env:UserInstallation=file://{profile}",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                *map(str, files),
            ],
            capture_output=True,
            timeout=600,
            check=True,
        )
    return [folder / f"{path.stem}.pdf" for path in files]


def examine(
    files: dict[str, Path], states: dict[str, tuple[str, ...]]
) -> dict[str, dict[str, Any]]:
    """Read every file of *files* (name → path) in the *states* listed for its name
    (``as_is``, ``accepted``, ``rejected``) with one LibreOffice. Returns, per name, per state,
    what was read."""
    require()
    spec: dict[str, Any] = {
        "files": {name: str(path) for name, path in files.items()},
        "states": {name: list(value) for name, value in states.items()},
    }
    with tempfile.TemporaryDirectory(prefix="pv-lo-") as folder:
        copies = {}
        for name, path in files.items():
            if set(states.get(name, ())) - {"as_is"}:
                copies[name] = str(Path(folder) / f"{name}.nocomments.docx")
                without_comments(path, Path(copies[name]))
        spec["copies"] = copies
        spec_path = Path(folder) / "spec.json"
        spec_path.write_text(json.dumps(spec))
        done = subprocess.run(
            [SYSTEM_PYTHON, __file__, str(spec_path), folder],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    if done.returncode != 0:
        raise AssertionError(f"LibreOffice run failed: {done.stderr[-3000:]}")
    result: dict[str, dict[str, Any]] = json.loads(done.stdout)
    return result


# --- the script, run by the system Python ----------------------------------------------------


def _connect(profile: str) -> tuple[Any, Any, subprocess.Popen[bytes]]:  # pragma: no cover
    import uno  # type: ignore[import-not-found]

    pipe = f"pv{os.getpid()}"
    # A fresh profile makes soffice restart itself once after its first start, which would
    # drop our connection: create the profile first.
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            "--terminate_after_init",
            f"-env:UserInstallation=file://{profile}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )
    process = subprocess.Popen(
        [
            SOFFICE,
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--nolockcheck",
            f"-env:UserInstallation=file://{profile}",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + 90
    while True:
        try:
            context = resolver.resolve(
                f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"
            )
            break
        except Exception:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise
            time.sleep(0.2)
    manager = context.ServiceManager
    desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    return manager, desktop, process


def _property(name: str, value: Any) -> Any:  # pragma: no cover
    import uno

    prop = uno.createUnoStruct("com.sun.star.beans.PropertyValue")
    prop.Name = name
    prop.Value = value
    return prop


def _body(document: Any) -> list[Any]:  # pragma: no cover
    found: list[Any] = []
    enumeration = document.getText().createEnumeration()
    while enumeration.hasMoreElements():
        element = enumeration.nextElement()
        if element.supportsService("com.sun.star.text.TextTable"):
            rows: list[list[list[list[str]]]] = []
            names = element.getCellNames()
            by_row: dict[int, list[str]] = {}
            for name in names:
                letters = "".join(ch for ch in name if ch.isalpha())
                number = int("".join(ch for ch in name if ch.isdigit()))
                by_row.setdefault(number, []).append(name)
                del letters
            for number in sorted(by_row):
                row = []
                for name in by_row[number]:
                    cell = element.getCellByName(name)
                    paras = []
                    inner = cell.getText().createEnumeration()
                    while inner.hasMoreElements():
                        para = inner.nextElement()
                        paras.append([para.ParaStyleName, para.getString()])
                    row.append(paras)
                rows.append(row)
            found.append(["table", rows])
        else:
            found.append(["p", element.ParaStyleName, element.getString()])
    return found


def _redlines(document: Any) -> list[list[str]]:  # pragma: no cover
    found = []
    enumeration = document.getRedlines().createEnumeration()
    while enumeration.hasMoreElements():
        redline = enumeration.nextElement()
        stamp = redline.RedlineDateTime
        date = f"{stamp.Year:04d}-{stamp.Month:02d}-{stamp.Day:02d}"
        found.append([redline.RedlineType, redline.RedlineAuthor, date])
    return found


def _comments(document: Any) -> list[list[str]]:  # pragma: no cover
    found = []
    enumeration = document.getTextFields().createEnumeration()
    while enumeration.hasMoreElements():
        field = enumeration.nextElement()
        if field.supportsService("com.sun.star.text.textfield.Annotation"):
            anchor = field.getAnchor().getString()
            found.append([field.Author, field.Content, anchor])
    return found


def _run(spec_path: str, folder: str) -> None:  # pragma: no cover
    import uno

    spec = json.loads(Path(spec_path).read_text())
    profile = str(Path(folder) / "profile")
    manager, desktop, process = _connect(profile)
    result: dict[str, dict[str, Any]] = {}
    try:
        dispatcher = manager.createInstance("com.sun.star.frame.DispatchHelper")
        for name, path in spec["files"].items():
            url = uno.systemPathToFileUrl(str(Path(path).resolve()))
            states = spec["states"].get(name, ["as_is"])
            entry: dict[str, Any] = {}
            for state in states:
                if state == "as_is":
                    document = manager.createInstance("com.sun.star.text.TextDocument")
                    document.load(
                        (_property("URL", url), _property("FilterName", "MS Word 2007 XML"))
                    )
                else:
                    copy = uno.systemPathToFileUrl(spec["copies"][name])
                    document = desktop.loadComponentFromURL(
                        copy, "_blank", 0, (_property("Hidden", True),)
                    )
                if document is None:
                    raise RuntimeError(f"LibreOffice cannot open {path}")
                try:
                    if state == "as_is":
                        entry["redlines"] = _redlines(document)
                        entry["comments"] = _comments(document)
                    else:
                        frame = document.getCurrentController().getFrame()
                        command = (
                            ".uno:AcceptAllTrackedChanges"
                            if state == "accepted"
                            else ".uno:RejectAllTrackedChanges"
                        )
                        dispatcher.executeDispatch(frame, command, "", 0, ())
                        entry[f"{state}_redlines"] = len(_redlines(document))
                    entry[state] = _body(document)
                finally:
                    document.close(True)
            result[name] = entry
    finally:
        with contextlib.suppress(Exception):
            desktop.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
    json.dump(result, sys.stdout)


if __name__ == "__main__":  # pragma: no cover
    _run(sys.argv[1], sys.argv[2])
