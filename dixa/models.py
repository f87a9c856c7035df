"""The API's data models (generated from Dixa's spec): ``from dixa.models import Csat``.

A re-export of ``dixa_generated.models``, which loads each model on first use.
"""

from dixa_generated.models import *  # noqa: F403
from dixa_generated.models import __all__ as __all__  # noqa: PLC0414 - re-exported on purpose
