"""The scenario editor: YAML text with line numbers and highlighting, findings as you type."""

from app.ui.editor.editor import ScenarioEditor

__all__ = ["ScenarioEditor"]
