"""The situation summary in the terminal and the self-contained HTML report.
"""
from __future__ import annotations

from sitroom.report._html import print_summary, render_html, situation, write_html

__all__ = [
    "print_summary", "render_html", "situation", "write_html",
]
