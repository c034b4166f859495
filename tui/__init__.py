"""Synoptic: a terminal reader for comparing accounts of the same story."""
from pathlib import Path

__version__ = "0.1.0"

# The bundled articles live beside the package in the source tree (README installs editable).
SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
THEMES_DIR = Path(__file__).resolve().parent.parent / "themes"
