"""The Milvus search backend: dense vectors and BM25 in Milvus, embedded (Milvus Lite) or a cluster.

One client, two deployments, chosen by ``Settings.milvus.uri`` (``--milvus-uri`` /
``KUMEQA_MILVUS_URI``):

* empty (the default): an embedded Milvus Lite database, ``milvus.db/`` inside the
  index version folder. It lives and dies with the version, like ``dense.faiss``; one
  process at a time may open it (Milvus Lite locks its folder).
* ``http://host:19530`` (a Milvus standalone or distributed cluster), or a Milvus
  Lite path outside the index folder: one database shared by every version and by
  every app instance (see ``docs/scaling.md``).

Per index version, one collection ``<prefix>_<version>`` holds each passage's id,
its vector, and its BM25 terms. Rebuilds stay atomic as ``CURRENT`` makes them
locally: the collection is written while the version folder is still ``….tmp``; only
after ``CURRENT`` names the new version is the alias ``<prefix>`` switched to it
(:meth:`MilvusBackend.activate`), and a failed or pruned version's collection is
dropped (:meth:`MilvusBackend.discard`), never the one the alias names. kumeqa itself
reads the collection its version folder names (the passages' texts, sentences and
sentence vectors stay in the version folder, and the two must match); the alias tells
operators and other tools which collection is live.

Why these choices:

* The same ranking as the local backend, so that answers do not depend on where the
  index lives. Dense: exact inner product (``FLAT``) up to
  ``RetrievalConfig.hnsw_threshold`` passages, HNSW with the local M/efConstruction/
  efSearch past it. Lexical: Milvus's own BM25 function, fed *our* Turkish tokens
  (:func:`kumeqa.backend.passage_tokens`) rather than a Milvus analyzer's idea of
  Turkish words, with bm25s's k1 and b. Fusion stays in :mod:`kumeqa.retrieve`
  (Milvus's ``hybrid_search`` with ``RRFRanker`` is not used: it would fuse
  differently from the local path, and the answer stage needs both score lists).
* Tokens are written in a form every Milvus analyzer keeps whole (:func:`wire_term`):
  ``1,7`` would otherwise be split into ``1`` and ``7``. Milvus servers get the
  ``whitespace`` tokenizer; Milvus Lite has only ``standard`` (``\\w+``, lower-cased),
  which leaves these terms unchanged too.
* Document frequencies (IDF for the answer stage's coverage) are counted at build
  time from the same tokens and kept in the version folder: Milvus does not expose
  them, and the answer stage asks for dozens per question.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import numpy as np

from ..backend import document_frequencies, passage_tokens
from ..chunk import Passage
from ..config import Settings

log = logging.getLogger(__name__)

LITE_FOLDER = "milvus.db"
META_FILE = "milvus.json"
#: Milvus refuses a search for more than this many results (its ``topk`` limit).
MAX_TOPK = 16_384
#: Longest VARCHAR Milvus stores; a passage's terms are cut (at a term) to fit.
MAX_TERMS_CHARS = 65_535

_NOT_WIRE_SAFE = re.compile(r"[^0-9a-z]")


def wire_term(token: str) -> str:
    """A token in a form every Milvus analyzer keeps as one term, unchanged.

    Letters a–z and digits stay; any other character (``,`` and ``.`` in numbers,
    a letter folding left alone, ``_`` itself) becomes ``_<hex>_``. The mapping is
    one-to-one, so distinct tokens stay distinct terms.
    """
    return _NOT_WIRE_SAFE.sub(lambda m: f"_{ord(m.group()):x}_", token)


def _terms(tokens: list[str]) -> str:
    text = " ".join(wire_term(t) for t in tokens)
    if len(text) > MAX_TERMS_CHARS:
        text = text[: text.rfind(" ", 0, MAX_TERMS_CHARS)]
    return text


def _is_lite(uri: str) -> bool:
    """pymilvus runs Milvus Lite in process for a local path ending in ``.db``."""
    return not re.match(r"^[a-z]+://", uri) and uri.endswith(".db")


def _uri(version_dir: Path, settings: Settings) -> str:
    return settings.milvus.uri or str(version_dir / LITE_FOLDER)


def _collection(version_dir: Path, settings: Settings) -> str:
    """``kumeqa_v_20250101_120000_…``: the version folder's name (without ``.tmp``) as a Milvus name."""
    name = version_dir.name.removesuffix(".tmp")
    return f"{settings.milvus.collection_prefix}_{re.sub(r'[^0-9A-Za-z_]', '_', name)}"


def _connect(uri: str, settings: Settings):
    from pymilvus import MilvusClient

    logging.getLogger("milvus_lite").setLevel(logging.WARNING)
    # A Lite database that will not open is logged there with a traceback; the
    # ConnectionError below says the same with the likely cause.
    logging.getLogger("milvus_lite.server_manager").setLevel(logging.CRITICAL)
    try:
        return MilvusClient(uri=uri, token=settings.milvus.token)
    except Exception as exc:  # noqa: BLE001 - pymilvus raises several types for one cause
        hint = (
            " (Milvus Lite opens a database in one process at a time: is the app or another"
            " kumeqa using this index? Several processes need a Milvus server, see docs/scaling.md)"
            if _is_lite(uri)
            else ""
        )
        raise ConnectionError(f"cannot open Milvus at {uri}: {exc}{hint}") from exc


def _release(uri: str) -> None:
    """Stop this process's Milvus Lite server for ``uri`` (before its folder is renamed or removed)."""
    if _is_lite(uri):
        from milvus_lite import server_manager_instance

        server_manager_instance.release_server(uri)


class MilvusBackend:
    """Passage vectors and BM25 terms in a Milvus collection; document frequencies in memory."""

    #: Milvus Lite rewrites its own files while serving (locks, write-ahead log): they
    #: cannot be checksummed. A damaged database fails at load instead.
    unchecked_files: tuple[str, ...] = (LITE_FOLDER,)

    def __init__(self, client, collection: str, doc_freq: dict[str, int], size: int, settings: Settings) -> None:
        self._client = client
        self._collection = collection
        self._doc_freq = doc_freq
        self._n = size
        self._retrieval = settings.retrieval
        self._milvus = settings.milvus

    @classmethod
    def params(cls, settings: Settings) -> dict:
        """What the collection depends on beyond the vectors: a change rebuilds it (without re-embedding)."""
        return {
            **settings.retrieval.dense_index_params(),
            "milvus": settings.milvus.fingerprint(),
        }

    @property
    def dense_kind(self) -> str:
        """``"hnsw"`` or ``"exact"``, as in the local backend."""
        return "hnsw" if self._n > self._retrieval.hnsw_threshold else "exact"

    @classmethod
    def write(cls, matrix: np.ndarray, passages: list[Passage], out_dir: Path, settings: Settings) -> None:
        """Create this version's collection and insert every passage's vector and terms."""
        from pymilvus import DataType, Function, FunctionType

        uri, name = _uri(out_dir, settings), _collection(out_dir, settings)
        config, retrieval = settings.milvus, settings.retrieval
        corpus_tokens = [passage_tokens(p) for p in passages]
        client = _connect(uri, settings)
        try:
            schema = client.create_schema(auto_id=False)
            schema.add_field("pid", DataType.INT64, is_primary=True)
            schema.add_field("vector", DataType.FLOAT_VECTOR, dim=int(matrix.shape[1]))
            schema.add_field(
                "terms",
                DataType.VARCHAR,
                max_length=MAX_TERMS_CHARS,
                enable_analyzer=True,
                analyzer_params={"tokenizer": "standard" if _is_lite(uri) else "whitespace"},
            )
            schema.add_field("bm25", DataType.SPARSE_FLOAT_VECTOR)
            schema.add_function(
                Function(
                    name="terms_bm25",
                    function_type=FunctionType.BM25,
                    input_field_names=["terms"],
                    output_field_names=["bm25"],
                )
            )
            index_params = client.prepare_index_params()
            if len(passages) > retrieval.hnsw_threshold:
                index_params.add_index(
                    "vector",
                    index_type="HNSW",
                    metric_type="IP",
                    params={"M": retrieval.hnsw_m, "efConstruction": retrieval.hnsw_ef_construction},
                )
            else:
                index_params.add_index("vector", index_type="FLAT", metric_type="IP")
            index_params.add_index(
                "bm25",
                index_type="SPARSE_INVERTED_INDEX",
                metric_type="BM25",
                params={"bm25_k1": config.bm25_k1, "bm25_b": config.bm25_b},
            )
            if client.has_collection(name):  # left over by a build killed before it could drop it
                client.drop_collection(name)
            client.create_collection(name, schema=schema, index_params=index_params)
            vectors = np.ascontiguousarray(matrix, dtype=np.float32)
            for start in range(0, len(passages), config.insert_batch):
                rows = range(start, min(start + config.insert_batch, len(passages)))
                client.insert(
                    name,
                    [
                        {"pid": passages[i].id, "vector": vectors[i].tolist(), "terms": _terms(corpus_tokens[i])}
                        for i in rows
                    ],
                )
            client.flush(name)
        finally:
            client.close()
            _release(uri)
        doc_freq = document_frequencies(corpus_tokens)
        (out_dir / "doc_freq.json").write_text(json.dumps(doc_freq, ensure_ascii=False), encoding="utf-8")
        meta = {"collection": name, "alias": config.collection_prefix, "embedded": not settings.milvus.uri}
        (out_dir / META_FILE).write_text(json.dumps(meta), encoding="utf-8")

    @classmethod
    def activate(cls, version_dir: Path, settings: Settings) -> None:
        """Point the alias at this version's collection, now that ``CURRENT`` names the version."""
        uri, name = _uri(version_dir, settings), _collection(version_dir, settings)
        alias = settings.milvus.collection_prefix
        client = _connect(uri, settings)
        try:
            if alias in client.list_aliases().get("aliases", []):
                client.alter_alias(name, alias)
            else:  # the first version on this database
                client.create_alias(name, alias)
        finally:
            client.close()

    @classmethod
    def discard(cls, version_dir: Path, settings: Settings) -> None:
        """Drop a failed or pruned version's collection (never the live one) and stop its Lite server."""
        uri = _uri(version_dir, settings)
        if not settings.milvus.uri:  # the database is inside the folder, which the caller removes
            _release(uri)
            return
        name = _collection(version_dir, settings)
        client = _connect(uri, settings)
        try:
            alias = settings.milvus.collection_prefix
            live = (
                client.describe_alias(alias).get("collection_name")
                if alias in client.list_aliases().get("aliases", [])
                else None
            )
            if name != live and client.has_collection(name):
                client.drop_collection(name)
        finally:
            client.close()

    @classmethod
    def load(cls, version_dir: Path, passages: list[Passage], settings: Settings) -> MilvusBackend:
        meta = json.loads((version_dir / META_FILE).read_text(encoding="utf-8"))
        client = _connect(_uri(version_dir, settings), settings)
        name = meta["collection"]
        if not client.has_collection(name):
            raise ValueError(f"Milvus collection {name} is missing")
        client.load_collection(name)
        rows = int(client.get_collection_stats(name).get("row_count", -1))
        if rows != len(passages):
            raise ValueError(f"Milvus collection {name} holds {rows} passages, the index {len(passages)}")
        doc_freq = json.loads((version_dir / "doc_freq.json").read_text(encoding="utf-8"))
        return cls(client, name, doc_freq, len(passages), settings)

    @property
    def size(self) -> int:
        return self._n

    def _search(self, data, field: str, k: int, params: dict) -> list[tuple[int, float]]:
        """Top ``k`` by score, ties by passage id (a few more are fetched so that ties at the cut sort alike)."""
        limit = min(k + self._milvus.tie_margin, self._n, MAX_TOPK)
        found = self._client.search(
            self._collection, data=[data], anns_field=field, limit=limit, search_params=params, output_fields=["pid"]
        )[0]
        # Milvus Lite reports BM25 as a negative distance, a server as a positive score; both rank alike.
        scored = [
            (int(hit["pid"]), abs(float(hit["distance"])) if field == "bm25" else float(hit["distance"]))
            for hit in found
        ]
        scored.sort(key=lambda item: (-item[1], item[0]))
        return scored[:k]

    def dense_search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        if self._n == 0:
            return []
        params: dict = {"metric_type": "IP", "params": {}}
        if self.dense_kind == "hnsw":
            params["params"]["ef"] = max(self._retrieval.hnsw_ef_search, k)
        return self._search(np.asarray(vector, dtype=np.float32).ravel().tolist(), "vector", k, params)

    def lexical_search(self, tokens: list[str], k: int) -> list[tuple[int, float]]:
        known = [t for t in tokens if t in self._doc_freq]
        if self._n == 0 or not known:
            return []
        params = {"metric_type": "BM25", "params": {"drop_ratio_search": 0.0}}
        return [(pid, s) for pid, s in self._search(_terms(known), "bm25", k, params) if s > 0]

    def document_frequency(self, token: str) -> int:
        return self._doc_freq.get(token, 0)
