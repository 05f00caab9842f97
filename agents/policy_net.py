"""A stable-baselines3 MLP policy's deterministic action, evaluated with numpy from the file's weights.

Only the weights are read (`policy.pth`, through torch's `weights_only`
loader): the zip's pickled `data` entry is not unpickled, and neither
stable-baselines3 nor an SB3 model is needed. A trial asks for a few actions
per tick over tens of thousands of ticks: through torch each tiny matrix
product cost ~4 ms on the shared 2-core machine (thread-pool hand-offs under
load), in numpy a few microseconds.
`tests/agents/test_policy.py` checks the result against SB3's own
`predict(deterministic=True)`.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Callable

import numpy as np

ACTIVATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {"tanh": np.tanh, "relu": lambda x: np.maximum(x, 0.0)}
_HIDDEN = re.compile(r"^mlp_extractor\.policy_net\.(\d+)\.weight$")


class NumpyPolicy:
    """Mean action of an SB3 `MlpPolicy` (flat observation, unsquashed Gaussian), clipped to [low, high]."""

    def __init__(self, weights: list[tuple[np.ndarray, np.ndarray]], activation: str, low: np.ndarray,
                 high: np.ndarray) -> None:
        if activation not in ACTIVATIONS:
            raise ValueError(f"unsupported activation '{activation}'; known: {', '.join(ACTIVATIONS)}")
        self.weights, self.activation = weights, ACTIVATIONS[activation]
        self.low, self.high = np.asarray(low, dtype=np.float64), np.asarray(high, dtype=np.float64)
        self.obs_dim, self.action_dim = weights[0][0].shape[0], weights[-1][0].shape[1]

    @classmethod
    def from_state_dict(cls, state: dict[str, np.ndarray], activation: str, low: np.ndarray,
                        high: np.ndarray) -> NumpyPolicy:
        """From the `policy` state dict of an SB3 file: hidden layers in order, then `action_net`."""
        hidden = sorted(int(m.group(1)) for key in state if (m := _HIDDEN.match(key)))
        names = [f"mlp_extractor.policy_net.{i}" for i in hidden] + ["action_net"]
        try:
            weights = [(np.asarray(state[f"{n}.weight"], np.float64).T, np.asarray(state[f"{n}.bias"], np.float64))
                       for n in names]
        except KeyError as exc:
            raise ValueError(f"not an SB3 MlpPolicy: no {exc.args[0]} in its weights") from None
        if any(a[0].shape[1] != b[0].shape[0] for a, b in zip(weights, weights[1:])):
            raise ValueError("the layers of the policy network do not chain")
        return cls(weights, activation, low, high)

    @classmethod
    def load(cls, path: Path, activation: str, low: np.ndarray, high: np.ndarray) -> NumpyPolicy:
        """From an SB3 zip: its `policy.pth` only (call agents.policy_files.check_trusted first all the same)."""
        import torch

        with zipfile.ZipFile(path) as archive:
            if "policy.pth" not in archive.namelist():
                raise ValueError("no policy weights (policy.pth) in the file")
            raw = archive.read("policy.pth")
        params = torch.load(io.BytesIO(raw), map_location="cpu", weights_only=True)
        state = {key: value.detach().cpu().numpy() for key, value in params.items()}
        return cls.from_state_dict(state, activation, low, high)

    def __call__(self, obs: np.ndarray) -> np.ndarray:
        x = np.asarray(obs, dtype=np.float64)
        for k, (w, b) in enumerate(self.weights):
            x = x @ w + b
            if k < len(self.weights) - 1:
                x = self.activation(x)
        return np.clip(x, self.low, self.high)
