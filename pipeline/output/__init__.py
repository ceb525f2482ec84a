"""Where outputs go and how they are written: the output layout, the build-state store, the atomic publish.

This package depends on the models only, so every stage may use it.
"""
