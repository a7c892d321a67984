"""Consumer contracts: what each declared consumer reads of a subject, and whether it reads
a new version.

``paths`` finds the fields a consumer names (``customer.email``, ``items[].sku``) in a schema
of any format, ``judge`` judges a new version by one contract (CON001, CON002), with the
compatibility engines. Pure functions: schemas and contracts in, findings out; reading the
``consumers/`` folder and the configuration is the caller's (``pipeline/consumers.py``).
"""

from __future__ import annotations

from schemalint.contracts.codes import CON001, CON002, CONTRACT_CODES

__all__ = ["CON001", "CON002", "CONTRACT_CODES"]
