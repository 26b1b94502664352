"""The index: documents in, searchable passages out.

* :mod:`kumeqa.index.builder`: files → units → vectors (build, refresh, progress);
* :mod:`kumeqa.index.store`: the version folders, ``CURRENT``, the manifest, loading;
* one file per search backend: :mod:`kumeqa.index.local` (FAISS + bm25s in process),
  :mod:`kumeqa.index.milvus` (Milvus Lite embedded, or a Milvus server or cluster).

Everything the rest of kumeqa uses is re-exported here, so callers write
``from kumeqa.index import Index, ensure_index``.
"""

from .builder import BuildReport, Progress, build_index, ensure_index, write_problem
from .store import DocInfo, Index, IndexUnavailable, load_index, stale_reason
from .store import current_version_name as current_version

__all__ = [
    "BuildReport",
    "DocInfo",
    "Index",
    "IndexUnavailable",
    "Progress",
    "build_index",
    "current_version",
    "ensure_index",
    "load_index",
    "stale_reason",
    "write_problem",
]
