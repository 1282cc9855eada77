"""The use cases: profiles, ticks, notes, plans, roll-ups and undo, returning plain records."""
