"""Site stage: the static preview site a team reads every morning.

``render_site(project, history, findings, visuals)`` returns every page, the
stylesheet and the script included, keyed by output path (``site/...``, named by
:mod:`pipeline.output.layout`) for ``build._gather``.
See :mod:`pipeline.stages.site.pages` for the page list.
"""

from __future__ import annotations

from pipeline.stages.site.pages import render_site

__all__ = ["render_site"]
