"""Assignment 3's torch side: transformer_layers.py, classifiers/transformer.py and
captioning_solver_transformer.py of the reference.

The published MultiHeadAttention and PositionalEncoding outputs come from a train-mode run, so
they depend on the dropout draws of the torch that printed them. That torch drew each dropout
mask from a stream seeded with ONE number taken from the global generator; torch 2.13 draws
differently. Emulating that one draw puts torch 2.13's generator where the published run's
was, so the later `torch.randn` calls give the published inputs, and the dropout masks below
(recovered by trying every keep pattern of each row against the published numbers; exactly
one fits) reproduce every published array within its printed digits. The CaptioningTransformer
has too many dropout sites to recover: it is tested in eval mode, against torch's own
nn.TransformerDecoder and nn.MultiheadAttention as independent oracles.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from grader.config import load_assignment
from tests.conftest import load_reference_module

torch.set_num_threads(1)

# The course's fake vocabulary of the unit tests (spec §3.4).
FAKE_VOCAB = {"<NULL>": 0, "cat": 2, "dog": 3}


def rel_error(x, y):
    """The notebooks' relative error."""
    return np.max(np.abs(x - y) / (np.maximum(1e-8, np.abs(x) + np.abs(y))))


@pytest.fixture(scope="module")
def assignment3(project):
    return load_assignment(project, "assignment3")


@pytest.fixture(scope="module")
def layers(assignment3):
    return load_reference_module(assignment3, "cs231n/transformer_layers.py")


@pytest.fixture(scope="module")
def transformer(assignment3):
    return load_reference_module(assignment3, "cs231n/classifiers/transformer.py")


@pytest.fixture(scope="module")
def solver_module(assignment3):
    return load_reference_module(assignment3, "cs231n/captioning_solver_transformer.py")


class RecordedDropout(torch.nn.Module):
    """Dropout with a fixed keep mask that takes one draw from the global generator, as the
    published run's dropout did."""

    def __init__(self, keep: torch.Tensor, p: float = 0.1):
        super().__init__()
        self.keep, self.p = keep, p

    def forward(self, x):
        torch.rand(1)
        return x * self.keep / (1 - self.p)


def keep_mask(shape, dropped):
    keep = torch.ones(shape)
    for index in dropped:
        keep[index] = 0.0
    return keep


# Spec §6.1: the published arrays and errors.
EXPECTED_SELF = np.asarray([[
    [-0.2494, 0.1396, 0.4323, -0.2411, -0.1547, 0.2329, -0.1936, -0.1444],
    [-0.1997, 0.1746, 0.7377, -0.3549, -0.2657, 0.2693, -0.2541, -0.2476],
    [-0.0625, 0.1503, 0.7572, -0.3974, -0.1681, 0.2168, -0.2478, -0.3038]]])  # fmt: skip
EXPECTED_MASKED = np.asarray([[
    [-0.1347, 0.1934, 0.8628, -0.4903, -0.2614, 0.2798, -0.2586, -0.3019],
    [-0.1013, 0.3111, 0.5783, -0.3248, -0.3842, 0.1482, -0.3628, -0.1496],
    [-0.2071, 0.1669, 0.7097, -0.3152, -0.3136, 0.2520, -0.2774, -0.2208]]])  # fmt: skip
EXPECTED_CROSS = np.asarray([[
    [-0.1980, 0.4083, 0.1968, -0.3477, 0.0321, 0.4258, -0.8972, -0.2744],
    [-0.1603, 0.4155, 0.2295, -0.3485, -0.0341, 0.3929, -0.8248, -0.2767],
    [-0.0908, 0.4113, 0.3017, -0.3539, -0.1020, 0.3784, -0.7189, -0.2912]]])  # fmt: skip
PUBLISHED_ERRORS = {
    "self": 3.772742211599121e-04,
    "masked": 1.526367643724865e-04,
    "cross": 3.5224630317522767e-04,
}
# Attention-weight entries (n, head, query, key) the published run dropped, per call.
DROPPED = {"self": [(0, 1, 0, 0), (0, 0, 2, 0)], "masked": [(0, 1, 1, 1)], "cross": []}


def published_attention_run(layers, attention_class=None):
    """The notebook's MultiHeadAttention cell, with the recorded dropout of each call."""
    torch.manual_seed(231)
    attn = (attention_class or layers.MultiHeadAttention)(8, num_heads=2)
    data = torch.randn(1, 3, 8)
    outputs = {}
    attn.attn_drop = RecordedDropout(keep_mask((1, 2, 3, 3), DROPPED["self"]))
    outputs["self"] = attn(query=data, key=data, value=data)
    mask = torch.randn(3, 3) < 0.5
    attn.attn_drop = RecordedDropout(keep_mask((1, 2, 3, 3), DROPPED["masked"]))
    outputs["masked"] = attn(query=data, key=data, value=data, attn_mask=mask)
    other_data = torch.randn(1, 3, 8)
    attn.attn_drop = RecordedDropout(keep_mask((1, 2, 3, 3), DROPPED["cross"]))
    outputs["cross"] = attn(query=data, key=other_data, value=other_data)
    return {name: out.detach().numpy() for name, out in outputs.items()}, mask


def test_multi_head_attention_reproduces_the_published_outputs(layers):
    outputs, mask = published_attention_run(layers)
    # The emulated draw puts the generator where the published run's was.
    assert mask.tolist() == [[True, False, True], [True, True, False], [True, True, True]]
    expected = {"self": EXPECTED_SELF, "masked": EXPECTED_MASKED, "cross": EXPECTED_CROSS}
    for name, out in outputs.items():
        assert out.shape == (1, 3, 8)
        error = rel_error(expected[name], out)
        # The published arrays are rounded to 4 decimals: the error is that rounding, and it
        # is the error the course printed.
        assert error < 1e-3, (name, error)
        assert error == pytest.approx(PUBLISHED_ERRORS[name], rel=0.02), name


def test_an_attention_that_ignores_the_mask_fails_the_masked_test(layers):
    class IgnoresMask(layers.MultiHeadAttention):
        def forward(self, query, key, value, attn_mask=None):
            return super().forward(query, key, value)

    outputs, _ = published_attention_run(layers, IgnoresMask)
    assert rel_error(EXPECTED_SELF, outputs["self"]) < 1e-3  # unmasked calls are unaffected
    assert rel_error(EXPECTED_MASKED, outputs["masked"]) > 0.05


def test_an_attention_with_dropout_in_the_wrong_place_fails_the_published_test(layers):
    class DropsOutput(layers.MultiHeadAttention):
        """Dropout on the output instead of the attention weights."""

        def forward(self, query, key, value, attn_mask=None):
            drop, self.attn_drop = self.attn_drop, torch.nn.Identity()
            try:
                return super().forward(query, key, value, attn_mask) / (1 - 0.1)
            finally:
                self.attn_drop = drop

    outputs, _ = published_attention_run(layers, DropsOutput)
    assert rel_error(EXPECTED_SELF, outputs["self"]) > 1e-2


def test_multi_head_attention_in_eval_mode_is_torchs_multihead_attention(layers):
    torch.manual_seed(0)
    N, S, T, E, H = 2, 4, 5, 12, 3
    attn = layers.MultiHeadAttention(E, num_heads=H).double().eval()
    oracle = torch.nn.MultiheadAttention(E, H, batch_first=True, dtype=torch.float64).eval()
    with torch.no_grad():
        oracle.in_proj_weight.copy_(
            torch.cat([attn.query.weight, attn.key.weight, attn.value.weight])
        )
        oracle.in_proj_bias.copy_(torch.cat([attn.query.bias, attn.key.bias, attn.value.bias]))
        oracle.out_proj.weight.copy_(attn.proj.weight)
        oracle.out_proj.bias.copy_(attn.proj.bias)
    query = torch.randn(N, S, E, dtype=torch.float64)
    memory = torch.randn(N, T, E, dtype=torch.float64)
    mask = torch.rand(S, T) < 0.6
    mask[:, 0] = True  # every query attends to something
    with torch.no_grad():
        for attn_mask in (None, mask):
            out = attn(query=query, key=memory, value=memory, attn_mask=attn_mask)
            # torch's boolean mask marks what may NOT be attended to.
            torch_mask = None if attn_mask is None else ~attn_mask
            expected, _ = oracle(query, memory, memory, attn_mask=torch_mask)
            assert out.shape == (N, S, E)
            assert rel_error(expected.numpy(), out.numpy()) < 1e-10


def test_multi_head_attention_keeps_the_linear_creation_order(layers):
    torch.manual_seed(231)
    attn = layers.MultiHeadAttention(8, num_heads=2)
    torch.manual_seed(231)
    first = [torch.nn.Linear(8, 8) for _ in range(4)]
    for name, linear in zip(("key", "query", "value", "proj"), first, strict=True):
        assert torch.equal(getattr(attn, name).weight, linear.weight), name
    assert (attn.n_head, attn.emd_dim, attn.head_dim) == (2, 8, 4)


# Spec §6.2.
EXPECTED_PE = np.asarray([[[-1.2340, 1.1127, 1.6978, -0.0865, -0.0000, 1.2728],
                           [0.9028, -0.4781, 0.5535, 0.8133, 1.2644, 1.7034]]])  # fmt: skip


def test_positional_encoding_reproduces_the_published_output(layers):
    torch.manual_seed(231)
    data = torch.randn(1, 2, 6)
    pos_encoder = layers.PositionalEncoding(6)
    # The published run's dropout zeroed one element, [0, 0, 4].
    pos_encoder.dropout = RecordedDropout(keep_mask((1, 2, 6), [(0, 0, 4)]))
    output = pos_encoder(data).detach().numpy()
    error = rel_error(EXPECTED_PE, output)
    assert error < 1e-3 and error == pytest.approx(1.0421011374914356e-04, rel=0.02)


def test_positional_encoding_is_the_sinusoid_table(layers):
    E, max_len = 16, 50
    pos_encoder = layers.PositionalEncoding(E, max_len=max_len).eval()
    i = np.arange(max_len)[:, None]
    j = np.arange(E)[None, :]
    angle = i * 10000.0 ** (-(j - j % 2) / E)
    table = np.where(j % 2 == 0, np.sin(angle), np.cos(angle))
    assert pos_encoder.pe.shape == (1, max_len, E)
    np.testing.assert_allclose(pos_encoder.pe[0].numpy(), table, atol=2e-5)
    assert "pe" in dict(pos_encoder.named_buffers()) and not list(pos_encoder.parameters())
    x = torch.randn(3, 7, E)
    np.testing.assert_allclose(pos_encoder(x).numpy(), (x + pos_encoder.pe[:, :7]).numpy())


def test_positional_encoding_dropout_keeps_the_mean(layers):
    torch.manual_seed(231)
    pos_encoder = layers.PositionalEncoding(8, dropout=0.1, max_len=10)
    x = torch.ones(2000, 10, 8)
    out = pos_encoder(x)  # train mode: dropout on
    zeros = (out == 0).float().mean().item()
    assert 0.08 < zeros < 0.12
    assert (out.mean() / (x + pos_encoder.pe).mean()).item() == pytest.approx(1.0, abs=0.02)


# Spec §7: the CaptioningTransformer.


def linspace_transformer(transformer):
    """The notebook's CaptioningTransformer test setup (spec §7.3)."""
    torch.manual_seed(231)
    np.random.seed(231)
    N, D, W, T = 4, 20, 30, 3
    V = len(FAKE_VOCAB)
    model = transformer.CaptioningTransformer(
        FAKE_VOCAB, input_dim=D, wordvec_dim=W, num_heads=2, num_layers=2, max_length=30
    )
    for p in model.parameters():
        p.data = torch.tensor(np.linspace(-1.4, 1.3, num=p.numel()).reshape(*p.shape))
    features = torch.tensor(np.linspace(-1.5, 0.3, num=(N * D)).reshape(N, D))
    captions = torch.tensor((np.arange(N * T) % V).reshape(N, T))
    return model, features, captions


def test_the_published_transformer_test_saturates_in_eval_mode(transformer):
    model, features, captions = linspace_transformer(transformer)
    scores = model.eval()(features, captions).detach().numpy()
    assert scores.shape == (4, 3, 3)
    # Spec §7.3: without dropout every position gives the same scores, to 4 decimals.
    saturated = np.array([-17.2172, 4.7701, 26.7574])
    assert rel_error(np.broadcast_to(saturated, (3, 3, 3)), scores[:3]) < 1e-4
    assert rel_error(np.array([-17.2166, 4.7707, 26.758]), scores[3]) < 1e-4


def oracle_decoder(model, num_heads):
    """torch's nn.TransformerDecoder carrying the weights of model.transformer."""
    W = model.embedding.weight.shape[1]
    layers = []
    for ours in model.transformer.layers:
        theirs = torch.nn.TransformerDecoderLayer(
            W, num_heads, dim_feedforward=2048, dropout=0.1, batch_first=True
        ).double()
        for attention, torch_attention in (
            (ours.self_attn, theirs.self_attn),
            (ours.multihead_attn, theirs.multihead_attn),
        ):
            q, k, v = attention.query, attention.key, attention.value
            torch_attention.in_proj_weight.data = torch.cat([q.weight, k.weight, v.weight]).data
            torch_attention.in_proj_bias.data = torch.cat([q.bias, k.bias, v.bias]).data
            torch_attention.out_proj.weight.data = attention.proj.weight.data.clone()
            torch_attention.out_proj.bias.data = attention.proj.bias.data.clone()
        for name in ("linear1", "linear2", "norm1", "norm2", "norm3"):
            getattr(theirs, name).load_state_dict(getattr(ours, name).state_dict())
        layers.append(theirs)
    decoder = torch.nn.TransformerDecoder(layers[0], num_layers=len(layers))
    decoder.layers = torch.nn.ModuleList(layers)
    return decoder.double().eval()


def small_model(transformer, seed=231, V=11, D=10, W=16, num_heads=2):
    torch.manual_seed(seed)
    vocab = {"<NULL>": 0, "<START>": 1, "<END>": 2, **{f"w{i}": i for i in range(3, V)}}
    model = transformer.CaptioningTransformer(
        vocab, input_dim=D, wordvec_dim=W, num_heads=num_heads, num_layers=2, max_length=20
    )
    return model.double().eval(), vocab


def test_forward_is_torchs_transformer_decoder_on_the_embedded_captions(transformer):
    model, _ = small_model(transformer)
    # Larger weights than the default init, so that the positions differ visibly.
    with torch.no_grad():
        for p in model.parameters():
            p.add_(0.3 * torch.randn_like(p))
    N, T = 3, 6
    features = torch.randn(N, 10, dtype=torch.float64)
    captions = torch.randint(0, 11, (N, T))
    with torch.no_grad():
        scores = model(features, captions)
        words = model.positional_encoding(model.embedding(captions))
        memory = model.visual_projection(features)[:, None, :]
        causal = torch.nn.Transformer.generate_square_subsequent_mask(T, dtype=torch.float64)
        decoded = oracle_decoder(model, 2)(words, memory, tgt_mask=causal)
        expected = model.output(decoded)
    assert scores.shape == (N, T, 11)
    assert rel_error(expected.numpy(), scores.numpy()) < 1e-9
    assert np.abs(np.diff(scores.numpy(), axis=1)).max() > 1e-2  # positions differ


def test_forward_is_causal(transformer):
    model, _ = small_model(transformer)
    features = torch.randn(2, 10, dtype=torch.float64)
    captions = torch.randint(0, 11, (2, 7))
    changed = captions.clone()
    changed[:, 4:] = (changed[:, 4:] + 1) % 11
    with torch.no_grad():
        before, after = model(features, captions), model(features, changed)
    assert torch.allclose(before[:, :4], after[:, :4], rtol=0, atol=1e-12)
    assert (before[:, 4:] - after[:, 4:]).abs().max() > 1e-6


def test_prepending_the_image_as_a_token_is_far_off_under_the_default_init(transformer):
    """Spec §14: the published test cannot tell this forward from the right one; a random
    initialization can."""
    model, _ = small_model(transformer)
    features = torch.randn(4, 10, dtype=torch.float64)
    captions = torch.randint(0, 11, (4, 5))
    with torch.no_grad():
        right = model(features, captions).numpy()
        image = model.visual_projection(features)[:, None, :]  # (N, 1, W)
        tokens = torch.cat([image, model.embedding(captions[:, :-1])], dim=1)  # (N, T, W)
        mask = torch.tril(torch.ones(5, 5, dtype=torch.bool))
        decoded = model.transformer(model.positional_encoding(tokens), image, tgt_mask=mask)
        wrong = model.output(decoded).numpy()
    assert rel_error(right, wrong) > 0.1


def test_sample_is_greedy_with_the_first_word_in_column_0(transformer):
    model, vocab = small_model(transformer, W=16)
    with torch.no_grad():
        for p in model.parameters():
            p.add_(0.3 * torch.randn_like(p))
    model.train()  # sample() decodes without dropout and leaves the mode as it was
    features = np.random.RandomState(0).randn(3, 10)
    captions = model.sample(features, max_length=6)
    assert model.training
    assert captions.shape == (3, 6) and captions.dtype == np.int32
    model.eval()
    prefix = torch.full((3, 1), vocab["<START>"])
    with torch.no_grad():
        for t in range(6):
            scores = model(torch.as_tensor(features), prefix)[:, -1]
            word = scores.argmax(dim=1)
            assert captions[:, t].tolist() == word.tolist(), t
            prefix = torch.cat([prefix, word[:, None]], dim=1)
    with pytest.raises(AssertionError, match="max_length 21 exceeds"):
        model.sample(features, max_length=21)


# Spec §8: the solver.


def test_solver_loss_is_the_mask_weighted_mean_over_all_positions(transformer, solver_module):
    model, _ = small_model(transformer)
    solver = solver_module.CaptioningSolverTransformer(model, {}, idx_to_word=[], verbose=False)
    rng = np.random.RandomState(231)
    x, y = rng.randn(4, 5, 11), rng.randint(11, size=(4, 5))
    mask = rng.rand(4, 5) < 0.6
    loss = solver.transformer_temporal_softmax_loss(
        torch.tensor(x), torch.tensor(y), torch.tensor(mask)
    )
    log_p = x - np.log(np.exp(x).sum(axis=2, keepdims=True))
    picked = np.take_along_axis(log_p, y[..., None], axis=2)[..., 0]
    assert loss.item() == pytest.approx(-(picked * mask).sum() / (4 * 5), rel=1e-12)


def test_solver_refuses_unknown_options(transformer, solver_module):
    model, _ = small_model(transformer)
    with pytest.raises(ValueError, match='Unrecognized arguments "lr"'):
        solver_module.CaptioningSolverTransformer(model, {}, idx_to_word=[], lr=0.1)


def generated_captions(num_images=10, words_per_caption=6, V=20, D=32, seed=0):
    """A small data dict in load_coco_data's layout: each image has one caption of its own."""
    rng = np.random.RandomState(seed)
    body = rng.randint(4, V, size=(num_images, words_per_caption))
    captions = np.zeros((num_images, words_per_caption + 4), dtype=np.int32)  # <NULL> padded
    captions[:, 0], captions[:, 1 : words_per_caption + 1] = 1, body
    captions[:, words_per_caption + 1] = 2
    words = ["<NULL>", "<START>", "<END>", "<UNK>"] + [f"w{i}" for i in range(4, V)]
    return {
        "train_captions": captions,
        "train_image_idxs": np.arange(num_images, dtype=np.int32),
        "train_features": rng.randn(num_images, D).astype(np.float32),
        "train_urls": np.array([f"image{i}.jpg" for i in range(num_images)]),
        "idx_to_word": words,
        "word_to_idx": {w: i for i, w in enumerate(words)},
    }


def test_a_tiny_transformer_memorises_a_few_captions(transformer, solver_module):
    data = generated_captions()
    torch.manual_seed(231)
    np.random.seed(231)
    model = transformer.CaptioningTransformer(
        data["word_to_idx"], input_dim=32, wordvec_dim=64, num_heads=2, num_layers=2, max_length=16
    )
    solver = solver_module.CaptioningSolverTransformer(
        model,
        data,
        idx_to_word=data["idx_to_word"],
        num_epochs=250,
        batch_size=10,
        learning_rate=3e-3,
        verbose=False,
    )
    solver.train()
    assert len(solver.loss_history) == 250 and solver.loss_history[0] > 2.0
    # Training losses jump with the dropout draws; their recent mean does not.
    assert np.mean(solver.loss_history[-10:]) < 0.06, solver.loss_history[-10:]
    # Without dropout the model has the captions by heart: near-zero loss, and greedy decoding
    # writes them back word for word.
    captions = torch.as_tensor(data["train_captions"], dtype=torch.long)
    with torch.no_grad():
        scores = model.eval()(torch.as_tensor(data["train_features"]), captions[:, :-1])
        loss = solver.transformer_temporal_softmax_loss(
            scores, captions[:, 1:], captions[:, 1:] != 0
        )
    assert loss.item() < 0.01, loss.item()
    sampled = model.sample(data["train_features"], max_length=8)
    assert (sampled[:, :7] == data["train_captions"][:, 1:8]).all()
