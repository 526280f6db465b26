"""diurna's event ontology: CAMEO codes (Goldstein, quad class), PLOVER 2.0 types and actor sectors.

Data lives in ``diurna/data/ontology/*.tsv`` (see docs/ontology.md); :func:`load_ontology` parses it
once and validates it.
"""

from diurna.ontology.loader import DATA_DIR, Ontology, load_ontology
from diurna.ontology.model import (
    PLOVER_TYPE_NAMES,
    QUAD_CLASS_NAMES,
    CameoCode,
    CameoRoot,
    PloverRename,
    PloverSector,
    PloverType,
    Sector,
    UnknownCodeError,
)

__all__ = [
    "DATA_DIR",
    "PLOVER_TYPE_NAMES",
    "QUAD_CLASS_NAMES",
    "CameoCode",
    "CameoRoot",
    "Ontology",
    "PloverRename",
    "PloverSector",
    "PloverType",
    "Sector",
    "UnknownCodeError",
    "load_ontology",
]
