"""Learning environments of Soldiers Lab (the PettingZoo defence: `sim.envs.defence_v0`)."""
