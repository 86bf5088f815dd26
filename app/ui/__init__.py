"""Qt windows for Parley: they call into the engine and listen to it."""
