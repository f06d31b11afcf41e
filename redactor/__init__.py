"""redactor: propose, log, review and burn redactions in PDF disclosures."""

import os

# Before anything imports numpy: its OpenBLAS does the NER's matrix products (see
# detect/engine.load_spacy_model), one thread per process. A run is parallel across processes
# (--jobs); OpenBLAS threads on top of them would compete for the same cores, spinning while
# they wait (the NER took twice the CPU with them).
os.environ["OPENBLAS_NUM_THREADS"] = "1"

__version__ = "0.1.0"
