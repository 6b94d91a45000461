"""Draft commands: init, new, add-clause, add-text, remove, move, set, sign, unsign, show, check."""

from __future__ import annotations
