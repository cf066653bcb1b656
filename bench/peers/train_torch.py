#!/usr/bin/env python3
"""PyTorch peer of the `train` bench: the same GPT-2-style model and training step as src/Train, timed on CPU.

Reads a uint16/uint32 token shard in the shard-set layout (1,024-byte header), draws random windows, and runs
AdamW (decay on 2-D weights only) + gradient clipping. Prints one JSON line with tokens/s.
Debian's python3-torch is 1.13, which has no scaled_dot_product_attention: attention is written out
(QK^T / sqrt(d), causal mask, softmax, V), the same computation.
"""
import argparse
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.ln_1 = nn.LayerNorm(width)
        self.c_attn = nn.Linear(width, 3 * width)
        self.attn_c_proj = nn.Linear(width, width)
        self.ln_2 = nn.LayerNorm(width)
        self.c_fc = nn.Linear(width, 4 * width)
        self.mlp_c_proj = nn.Linear(4 * width, width)

    def attention(self, q, k, v):
        if hasattr(F, "scaled_dot_product_attention"):
            return F.scaled_dot_product_attention(q, k, v, is_causal=True)
        t = q.size(-2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(q.size(-1)))
        mask = torch.ones(t, t, dtype=torch.bool).tril()
        att = att.masked_fill(~mask, float("-inf")).softmax(-1)
        return att @ v

    def forward(self, x):
        b, t, c = x.shape
        hd = c // self.heads
        q, k, v = self.c_attn(self.ln_1(x)).split(c, dim=2)
        q = q.view(b, t, self.heads, hd).transpose(1, 2)
        k = k.view(b, t, self.heads, hd).transpose(1, 2)
        v = v.view(b, t, self.heads, hd).transpose(1, 2)
        y = self.attention(q, k, v).transpose(1, 2).contiguous().view(b, t, c)
        x = x + self.attn_c_proj(y)
        return x + self.mlp_c_proj(F.gelu(self.c_fc(self.ln_2(x))))


class Gpt(nn.Module):
    def __init__(self, layers, heads, width, context, vocab):
        super().__init__()
        self.wte = nn.Embedding(vocab, width)
        self.wpe = nn.Embedding(context, width)
        self.h = nn.ModuleList([Block(width, heads) for _ in range(layers)])
        self.ln_f = nn.LayerNorm(width)
        for name, p in self.named_parameters():
            if name.endswith(".bias"):
                nn.init.zeros_(p)
            elif "ln_" in name:
                nn.init.ones_(p)
            elif name.endswith("c_proj.weight"):
                nn.init.normal_(p, 0, 0.02 / math.sqrt(2 * layers))
            else:
                nn.init.normal_(p, 0, 0.02)

    def forward(self, idx, targets):
        t = idx.size(1)
        x = self.wte(idx) + self.wpe(torch.arange(t))
        for block in self.h:
            x = block(x)
        logits = F.linear(self.ln_f(x), self.wte.weight)
        return F.cross_entropy(logits.view(-1, logits.size(-1)), targets.reshape(-1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shard", required=True)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--width", type=int, default=128)
    ap.add_argument("--context", type=int, default=128)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--vocab", type=int, default=4096)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=3, help="untimed steps")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(1337)
    header = np.fromfile(a.shard, dtype=np.int32, count=256)
    widths = {(20240520, 1): np.uint16, (20240801, 7): np.uint32}
    dtype = widths.get((int(header[0]), int(header[1])))
    if dtype is None:
        raise SystemExit(f"{a.shard}: unknown shard header magic {header[0]} version {header[1]}")
    tokens = np.memmap(a.shard, dtype=dtype, mode="r", offset=1024, shape=(int(header[2]),))
    model = Gpt(a.layers, a.heads, a.width, a.context, a.vocab)
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=6e-4, betas=(0.9, 0.95), eps=1e-8)
    rng = np.random.default_rng(1)
    window = a.context + 1
    timed_tokens, timed_s, losses = 0, 0.0, []
    for step in range(a.warmup + a.steps):
        t0 = time.perf_counter()
        offsets = rng.integers(0, len(tokens) - window + 1, size=a.batch)
        batch = torch.from_numpy(np.stack([tokens[o:o + window].astype(np.int64) for o in offsets]))
        opt.zero_grad(set_to_none=True)
        loss = model(batch[:, :-1], batch[:, 1:])
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        losses.append(loss.item())
        dt = time.perf_counter() - t0
        if step >= a.warmup:
            timed_tokens += a.batch * a.context
            timed_s += dt
    print(json.dumps({
        "tokens_per_sec": timed_tokens / timed_s,
        "steps": a.steps,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
        "first_loss": losses[0],
        "last_loss": losses[-1],
        "sdpa": hasattr(F, "scaled_dot_product_attention"),
    }))


if __name__ == "__main__":
    main()
