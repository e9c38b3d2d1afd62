"""A digest of what a trained component reads that Rasa's training cache does not see.

Rasa's cache key for a component covers its config, its inputs and the source of its class only
(rasa/engine/training/fingerprinting.py). A component that also reads data files (the lexicon,
the danger score's own examples) or code in other modules (the features) names them here through
`fingerprint_addon`, so that changing any of them trains it again instead of reusing the cached
output.
"""

from __future__ import annotations

import hashlib
import inspect
from pathlib import Path
from types import ModuleType
from typing import Iterable


def digest(files: Iterable[Path] = (), modules: Iterable[ModuleType] = ()) -> str:
    """Names and contents of the files (in name order), then the source of the modules."""
    sha = hashlib.sha256()
    for path in sorted(Path(f) for f in files):
        sha.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    for module in modules:
        sha.update(inspect.getsource(module).encode("utf-8") + b"\0")
    return sha.hexdigest()


def data_folder(folder: str | Path) -> Path:
    """A folder given in a component's config, relative to where training runs (as Rasa reads
    the rest of the data)."""
    path = Path(folder)
    return path if path.is_absolute() else Path.cwd() / path


def folder_files(folder: str | Path, pattern: str = "*.yml") -> list[Path]:
    """The data files of such a folder; none if the folder does not exist."""
    path = data_folder(folder)
    return sorted(path.glob(pattern)) if path.is_dir() else []
