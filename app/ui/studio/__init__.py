"""The dry-run studio: bots play the scenario being edited many times, off the GUI thread,
and the results are told in plain words, with warnings and plots."""
