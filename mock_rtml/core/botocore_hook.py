"""Import a module right after botocore.session is imported (at once if it already is), without
importing botocore before then: how the interceptor registers with botocore from a cheap import.

A meta path finder (duck-typed: importlib.abc alone costs more than the rest of the import) sees
the import of botocore.session and wraps its loader for that one load; the module keeps botocore's
own spec and loader.
"""
from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import Any, Optional, Sequence

_TARGET = "botocore.session"


class _Then:
    """botocore.session's own loader, and then the import of `module`."""

    def __init__(self, loader: Any, module: str) -> None:
        self._loader = loader
        self._module = module

    def create_module(self, spec: Any) -> Optional[ModuleType]:
        return self._loader.create_module(spec)  # type: ignore[no-any-return]

    def exec_module(self, module: ModuleType) -> None:
        module.__loader__ = self._loader
        if module.__spec__ is not None:
            module.__spec__.loader = self._loader
        self._loader.exec_module(module)
        importlib.import_module(self._module)


class _Finder:
    def __init__(self, module: str) -> None:
        self.module = module

    def find_spec(self, name: str, path: Optional[Sequence[str]], target: Optional[ModuleType] = None) -> Any:
        if name != _TARGET:
            return None
        sys.meta_path.remove(self)
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            spec = find(name, path, target) if find is not None else None
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _Then(spec.loader, self.module)
                return spec
        return None


def install(module: str) -> None:
    """Import `module` once botocore.session is imported."""
    if _TARGET in sys.modules:
        importlib.import_module(module)
    elif not any(isinstance(finder, _Finder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _Finder(module))
