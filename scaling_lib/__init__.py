"""scaling_lib: the tested helper library of *Scaling Laws, an executable course*.

Modules are named after ideas (``compute``, ``models``, ``laws`` …), not after
chapters. Every public function validates its input and raises a
``ValueError`` that names the bad argument.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
