"""The one driver every command goes through, split by concern.

``context`` (the frozen BuildContext and the one clock reading), ``stages``
(every stage with one signature), ``driver`` (``almanac build``), ``runs``
(``check``, ``bundle``, ``agenda``), ``serve`` (the preview that rebuilds) and
``fingerprint`` (what answers a no-op build before anything is loaded).
"""
