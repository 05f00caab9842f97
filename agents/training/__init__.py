"""Training autopilots on the learning environments (`slab train`).

`settings` (what a run is: env id, options, algorithm, hyperparameters),
`observation` (the Intercept-v0 entries a trial cannot supply, masked alike
in training and in flight), `manifest` (the JSON written beside every
policy), `trainer` (stable-baselines3 on the batched SB3 VecEnv).
Importing this package imports neither torch nor stable-baselines3.
"""
